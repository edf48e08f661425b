"""The form engine as a pure function: whole dialogs as sequences of events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dialogs import engine
from dialogs.engine import Draft, Stage, Step
from dialogs.events import Action, Attach, Event, Press, Say
from dialogs.loader import load_forms
from dialogs.schema import Form

TODAY = date(2026, 11, 23)
FORMS = load_forms(Path(__file__).resolve().parents[2] / "dialogs" / "forms")


@pytest.fixture
def wages() -> Form:
    return FORMS["wages"]


def run(form: Form, *events: Event) -> Step:
    result = engine.start(form)
    for event in events:
        result = engine.step(form, result.draft, event, TODAY)
        # every draft survives a round trip through storage unchanged
        assert Draft.from_json(result.draft.to_json()) == result.draft
    return result


AGREE = Press(Action.AGREE)
CONTRACTOR = Press(Action.CHOOSE, "employer_kind", "contractor")
SHOP = Press(Action.CHOOSE, "employer_kind", "shop")
YES = Press(Action.CHOOSE, "contract", "yes")


def fill_wages(*, kind: Press = SHOP) -> list[Event]:
    events: list[Event] = [AGREE, Say("城关区某某小吃店"), kind]
    if kind == CONTRACTOR:
        events.append(Say("某某小区二期，总包某某建设"))
    events += [
        Say("城关区某某路18号"),
        Say("四万八千八"),
        Say("2025年3月到12月"),
        Say("1"),
        YES,
        Attach("photo", "file-1"),
        Press(Action.DONE, "evidence"),
        Say("张三"),
        Say("138 0013 8000"),
        Press(Action.TOGGLE, "outcome", "pay"),
        Press(Action.TOGGLE, "outcome", "mediate"),
        Press(Action.DONE, "outcome"),
    ]
    return events


def test_consent_comes_before_any_question(wages: Form) -> None:
    start = engine.start(wages)
    assert start.draft.stage is Stage.CONSENT
    assert "个人信息" in start.prompts[0].text
    declined = engine.step(wages, start.draft, Press(Action.DECLINE), TODAY)
    assert declined.draft.stage is Stage.CANCELLED


def test_a_whole_form_reaches_the_summary_with_typed_values(wages: Form) -> None:
    result = run(wages, *fill_wages())
    assert result.draft.stage is Stage.SUMMARY
    answers = result.draft.answers
    assert answers["amount"] == "48800"
    assert answers["period"] == {"start": "2025-03", "end": "2025-12"}
    assert answers["phone"] == "13800138000"
    assert answers["contract"] is True
    assert answers["outcome"] == ["pay", "mediate"]
    assert [f["file_id"] for f in answers["evidence"]] == ["file-1"]
    summary = result.prompts[0].text
    assert "欠薪金额：48,800 元" in summary and "2025年3月 至 2025年12月（10 个月）" in summary
    submitted = engine.step(wages, result.draft, Press(Action.SUBMIT), TODAY)
    assert submitted.draft.stage is Stage.SUBMITTED


def test_conditional_field_appears_only_when_it_applies(wages: Form) -> None:
    shop = run(wages, AGREE, Say("某某小吃店"), SHOP)
    assert shop.draft.field == "address"
    builder = run(wages, AGREE, Say("某某工程队"), CONTRACTOR)
    assert builder.draft.field == "project"


def test_bad_input_is_reasked_kindly_and_nothing_moves(wages: Form) -> None:
    at_amount = run(wages, AGREE, Say("某某小吃店"), SHOP, Say("某某路18号"))
    assert at_amount.draft.field == "amount"
    confused = engine.step(wages, at_amount.draft, Say("很多很多"), TODAY)
    assert not confused.understood
    assert confused.draft == at_amount.draft
    assert "例如" in confused.prompts[0].text


def test_back_returns_to_the_previous_question_with_its_answer(wages: Form) -> None:
    result = run(wages, AGREE, Say("某某小吃店"), SHOP, Press(Action.BACK))
    assert result.draft.field == "employer_kind"
    back_again = engine.step(wages, result.draft, Say("上一步"), TODAY)
    assert back_again.draft.field == "employer"
    assert "当前答案：某某小吃店" in back_again.prompts[-1].text


def test_skip_only_for_optional_fields(wages: Form) -> None:
    at_employer = run(wages, AGREE)
    refused = engine.step(wages, at_employer.draft, Press(Action.SKIP), TODAY)
    assert refused.draft.field == "employer" and "不能跳过" in refused.prompts[0].text
    builder = run(wages, AGREE, Say("某某工程队"), CONTRACTOR, Say("跳过"))
    assert builder.draft.field == "address" and "project" not in builder.draft.answers


def test_cancel_asks_for_confirmation_and_can_be_undone(wages: Form) -> None:
    asked = run(wages, AGREE, Say("某某小吃店"), Say("取消"))
    assert asked.draft.stage is Stage.CANCEL
    kept = engine.step(wages, asked.draft, Press(Action.KEEP), TODAY)
    assert kept.draft.stage is Stage.FIELD and kept.draft.field == "employer_kind"
    gone = engine.step(wages, asked.draft, Press(Action.CONFIRM_CANCEL), TODAY)
    assert gone.draft.stage is Stage.CANCELLED


def test_any_field_can_be_changed_from_the_summary(wages: Form) -> None:
    summary = run(wages, *fill_wages())
    editing = engine.step(wages, summary.draft, Press(Action.EDIT, "amount"), TODAY)
    assert editing.draft.field == "amount" and editing.draft.editing
    changed = engine.step(wages, editing.draft, Say("5万"), TODAY)
    assert changed.draft.stage is Stage.SUMMARY
    assert changed.draft.answers["amount"] == "50000"


def test_stale_buttons_do_not_answer_the_wrong_question(wages: Form) -> None:
    at_address = run(wages, AGREE, Say("某某小吃店"), SHOP)
    stale = engine.step(wages, at_address.draft, CONTRACTOR, TODAY)
    assert stale.draft == at_address.draft
    assert "过期" in stale.prompts[0].text


def test_files_sent_early_are_kept_not_lost(wages: Form) -> None:
    early = run(wages, AGREE, Attach("document", "early-file", "合同.pdf"))
    assert early.draft.field == "employer"
    assert early.draft.extra[0]["file_id"] == "early-file"
    done = run(wages, AGREE, Attach("document", "early-file"), *fill_wages()[1:])
    answers = engine.final_answers(wages, done.draft)
    assert answers["_extra_evidence"][0]["file_id"] == "early-file"


def test_answers_of_fields_no_longer_shown_are_not_submitted(wages: Form) -> None:
    built = run(wages, *fill_wages(kind=CONTRACTOR))
    assert "project" in built.draft.answers
    again = engine.step(wages, built.draft, Press(Action.EDIT, "employer_kind"), TODAY)
    shop = engine.step(wages, again.draft, SHOP, TODAY)
    assert "project" not in engine.final_answers(wages, shop.draft)


def test_every_shipped_form_can_be_walked_with_skips_and_buttons() -> None:
    for form in FORMS.values():
        result = engine.start(form)
        for _ in range(60):
            draft = result.draft
            if draft.stage is Stage.SUMMARY:
                break
            if draft.stage is Stage.CONSENT:
                event: Event = AGREE
            else:
                field = form.field(draft.field or "")
                if field.optional:
                    event = Press(Action.SKIP, field.id)
                elif field.options:
                    action = Action.CHOOSE if field.type == "choice" else Action.TOGGLE
                    event = Press(action, field.id, field.options[0].value)
                    if action is Action.TOGGLE:
                        result = engine.step(form, draft, event, TODAY)
                        event = Press(Action.DONE, field.id)
                        draft = result.draft
                elif field.type == "yes_no":
                    event = Press(Action.CHOOSE, field.id, "no")
                elif field.type == "evidence":
                    result = engine.step(form, draft, Attach("photo", "x"), TODAY)
                    draft, event = result.draft, Press(Action.DONE, field.id)
                else:
                    sample = {
                        "money": "1000",
                        "date": "2025年1月1日",
                        "month": "2025年1月",
                        "period": "2025年1月到3月",
                        "phone": "13800138000",
                        "count": "3",
                    }.get(field.type, "一些说明文字")
                    event = Say(sample)
            result = engine.step(form, draft, event, TODAY)
            assert result.understood, (form.id, draft.field, result.prompts)
        assert result.draft.stage is Stage.SUMMARY, form.id
