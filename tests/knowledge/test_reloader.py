from __future__ import annotations

import os
from pathlib import Path

from knowledge.reloader import KnowledgeStore


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime + 5, stat.st_mtime + 5))


def test_unchanged_files_are_not_reloaded(knowledge_dir: Path) -> None:
    store = KnowledgeStore(knowledge_dir)
    assert store.refresh() is None


def test_valid_change_is_served_without_restart(knowledge_dir: Path) -> None:
    store = KnowledgeStore(knowledge_dir)
    before = store.index
    wages = knowledge_dir / "faq" / "wages.yaml"
    wages.write_text(
        wages.read_text("utf-8").replace("老板拖欠工资不给", "老板一直拖欠工资不给"), "utf-8"
    )
    touch_later(wages)
    report = store.refresh()
    assert report is not None and report.loaded
    assert store.index is not before
    assert store.index.knowledge.entry("wages-unpaid-basic").question.startswith("老板一直")  # type: ignore[union-attr]


def test_invalid_change_is_rejected_and_last_good_keeps_serving(knowledge_dir: Path) -> None:
    store = KnowledgeStore(knowledge_dir)
    before = store.index
    broken = knowledge_dir / "faq" / "wages.yaml"
    broken.write_text("entries:\n  - id: [unclosed\n", "utf-8")
    report = store.refresh()
    assert report is not None and not report.loaded
    assert any("wages.yaml" in str(p) for p in report.problems)
    assert store.index is before
    assert store.refresh() is None  # the same broken files are not re-read every tick


def test_yaml_bomb_and_huge_file_do_not_take_the_store_down(knowledge_dir: Path) -> None:
    store = KnowledgeStore(knowledge_dir)
    before = store.index
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [{', '.join(['*' + chr(96 + n)] * 9)}]")
    (knowledge_dir / "faq" / "bomb.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    with (knowledge_dir / "faq" / "huge.yaml").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    report = store.reload()
    assert not report.loaded
    messages = " ".join(str(p) for p in report.problems)
    assert "别名" in messages and "文件过大" in messages
    assert store.index is before


def test_explicit_reload_after_fix_serves_again(knowledge_dir: Path) -> None:
    store = KnowledgeStore(knowledge_dir)
    extra = knowledge_dir / "faq" / "extra.yaml"
    extra.write_text("entries: nonsense\n", "utf-8")
    assert not store.reload().loaded
    extra.unlink()
    assert store.reload().loaded
