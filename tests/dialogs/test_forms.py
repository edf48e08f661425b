"""The shipped forms: valid, one per FAQ pointer, and errors reported with file and line."""

from __future__ import annotations

from pathlib import Path

from dialogs.loader import load_forms, validate_forms
from knowledge.index import Index

FORMS = Path(__file__).resolve().parents[2] / "dialogs" / "forms"
REQUIRED = {
    "wages",
    "heating",
    "property",
    "neighbor",
    "family",
    "work_injury",
    "traffic",
    "rental",
    "debt",
    "general",
    "legal_aid",
}


def test_every_required_form_ships_and_validates() -> None:
    forms = load_forms(FORMS)
    assert set(forms) >= REQUIRED
    for form in forms.values():
        if form.outcome == "case":
            assert form.personal, f"{form.id} must ask for contact details (after consent)"


def test_every_form_an_answer_offers_exists(shipped_index: Index) -> None:
    forms = load_forms(FORMS)
    knowledge = shipped_index.knowledge
    pointers = {e.form for e in knowledge.entries if e.form}
    pointers |= {c.form for c in knowledge.categories.values() if c.form}
    assert pointers <= set(forms)


def test_a_broken_form_is_reported_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "id: bad\ntitle: 坏表单\nintro: 介绍一下\ndone: 提交完成了\nfields:\n"
        "  - id: kind\n    type: choice\n    label: 类型\n    prompt: 选一个吧\n",
        "utf-8",
    )
    forms, problems = validate_forms(tmp_path)
    assert forms is None
    assert any(str(tmp_path / "bad.yaml") in str(p) and "两个选项" in p.message for p in problems)
