"""The form engine: a pure `step(form, draft, event, today)`; the draft is the whole state."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from dialogs import prompts
from dialogs.events import Action, Attach, Event, Press, Prompt, Say, control_of
from dialogs.schema import FieldType, Form, FormField
from dialogs.values import Value, match_option, parse_value
from knowledge.errors import InvalidInput


class Stage(StrEnum):
    """Where a draft is."""

    CONSENT = "consent"
    FIELD = "field"
    SUMMARY = "summary"
    CANCEL = "cancel"
    SUBMITTED = "submitted"
    CANCELLED = "cancelled"


OPEN_STAGES = (Stage.CONSENT, Stage.FIELD, Stage.SUMMARY, Stage.CANCEL)


@dataclass(frozen=True)
class Draft:
    """A form being filled in. Immutable: every step returns a new one, stored as JSON."""

    form_id: str
    stage: Stage
    field: str | None = None
    answers: dict[str, Value] = dataclasses.field(default_factory=dict)
    history: tuple[str, ...] = ()
    editing: bool = False
    resume: Stage | None = None
    selected: tuple[str, ...] = ()
    extra: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """JSON-safe form for storage."""
        return {
            "form_id": self.form_id,
            "stage": self.stage.value,
            "field": self.field,
            "answers": self.answers,
            "history": list(self.history),
            "editing": self.editing,
            "resume": self.resume.value if self.resume else None,
            "selected": list(self.selected),
            "extra": list(self.extra),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        """Inverse of to_json."""
        return cls(
            form_id=data["form_id"],
            stage=Stage(data["stage"]),
            field=data.get("field"),
            answers=dict(data.get("answers") or {}),
            history=tuple(data.get("history") or ()),
            editing=bool(data.get("editing")),
            resume=Stage(data["resume"]) if data.get("resume") else None,
            selected=tuple(data.get("selected") or ()),
            extra=tuple(data.get("extra") or ()),
        )

    @property
    def open(self) -> bool:
        """Whether the draft still waits for the citizen."""
        return self.stage in OPEN_STAGES


@dataclass(frozen=True)
class Step:
    """A step's result. `understood` is False when the text was not an answer to the field."""

    draft: Draft
    prompts: tuple[Prompt, ...]
    understood: bool = True


def visible(form: Form, answers: dict[str, Value]) -> list[FormField]:
    """Fields whose conditions hold for the answers so far, in order."""
    return [f for f in form.fields if f.when is None or f.when.holds(answers)]


def final_answers(form: Form, draft: Draft) -> dict[str, Value]:
    """What is submitted: answers of visible fields, plus evidence sent at other moments."""
    shown = {f.id for f in visible(form, draft.answers)}
    answers = {key: value for key, value in draft.answers.items() if key in shown}
    if draft.extra:
        answers["_extra_evidence"] = list(draft.extra)
    return answers


def start(form: Form) -> Step:
    """A new draft: the privacy notice and consent first when personal data will be asked."""
    if form.personal:
        draft = Draft(form.id, Stage.CONSENT)
        return Step(draft, (prompts.consent(form),))
    return _ask(form, Draft(form.id, Stage.FIELD), visible(form, {})[0], intro=True)


def _ask(form: Form, draft: Draft, target: FormField, *, intro: bool = False) -> Step:
    draft = replace(draft, stage=Stage.FIELD, field=target.id)
    if target.type is FieldType.MULTI_CHOICE:
        draft = replace(draft, selected=tuple(draft.answers.get(target.id) or ()))
    shown = [prompts.intro(form)] if intro else []
    shown.append(prompts.field(form, draft, target, visible(form, draft.answers)))
    return Step(draft, tuple(shown))


def _again(form: Form, draft: Draft, note: str, *, understood: bool = True) -> Step:
    """Say `note`, then repeat what the draft is waiting for."""
    return Step(draft, (Prompt(note), *current_prompts(form, draft)), understood)


def current_prompts(form: Form, draft: Draft) -> tuple[Prompt, ...]:
    """What the citizen should see to carry on from this draft (also after a restart)."""
    if draft.stage is Stage.CONSENT:
        return (prompts.consent(form),)
    if draft.stage is Stage.SUMMARY:
        return (prompts.summary(form, draft.answers, visible(form, draft.answers)),)
    if draft.stage is Stage.CANCEL:
        return (prompts.cancel(),)
    if draft.stage is Stage.FIELD and draft.field is not None:
        target = form.field(draft.field)
        return (prompts.field(form, draft, target, visible(form, draft.answers)),)
    return ()


def _advance(form: Form, draft: Draft, answered: FormField) -> Step:
    if draft.editing:
        draft = replace(draft, editing=False, stage=Stage.SUMMARY, field=None, selected=())
        return Step(draft, current_prompts(form, draft))
    history = (*draft.history, answered.id)
    fields = visible(form, draft.answers)
    ids = [f.id for f in fields]
    position = ids.index(answered.id) if answered.id in ids else -1
    for candidate in fields[position + 1 :]:
        return _ask(form, replace(draft, history=history, selected=()), candidate)
    draft = replace(draft, history=history, stage=Stage.SUMMARY, field=None, selected=())
    return Step(draft, current_prompts(form, draft))


def _set(form: Form, draft: Draft, target: FormField, value: Value) -> Step:
    return _advance(form, replace(draft, answers={**draft.answers, target.id: value}), target)


def step(form: Form, draft: Draft, event: Event, today: date) -> Step:
    """Apply one event to a draft."""
    if isinstance(event, Say):
        control = control_of(event.text, draft.stage.value)
        if control is not None:
            event = Press(control, draft.field)
    if isinstance(event, Attach):
        return _attach(form, draft, event)
    if isinstance(event, Press) and event.action is Action.CANCEL and draft.open:
        if draft.stage is Stage.CANCEL:
            return Step(draft, current_prompts(form, draft))
        return Step(replace(draft, stage=Stage.CANCEL, resume=draft.stage), (prompts.cancel(),))
    if draft.stage is Stage.CONSENT:
        return _consent(form, draft, event)
    if draft.stage is Stage.CANCEL:
        return _cancel(form, draft, event)
    if draft.stage is Stage.SUMMARY:
        return _summary(form, draft, event)
    if draft.stage is Stage.FIELD and draft.field is not None:
        return _field(form, draft, form.field(draft.field), event, today)
    return Step(draft, ())


def _consent(form: Form, draft: Draft, event: Event) -> Step:
    if isinstance(event, Press) and event.action is Action.AGREE:
        return _ask(form, draft, visible(form, draft.answers)[0], intro=True)
    if isinstance(event, Press) and event.action is Action.DECLINE:
        return Step(replace(draft, stage=Stage.CANCELLED), (Prompt(prompts.DECLINED),))
    return _again(form, draft, prompts.PLEASE_CONSENT, understood=False)


def _cancel(form: Form, draft: Draft, event: Event) -> Step:
    if isinstance(event, Press) and event.action is Action.CONFIRM_CANCEL:
        return Step(replace(draft, stage=Stage.CANCELLED), (Prompt(prompts.CANCELLED),))
    if isinstance(event, Press) and event.action is Action.KEEP:
        resumed = replace(draft, stage=draft.resume or Stage.FIELD, resume=None)
        return Step(resumed, current_prompts(form, resumed))
    return _again(form, draft, prompts.CANCEL_CHOOSE, understood=False)


def _summary(form: Form, draft: Draft, event: Event) -> Step:
    if isinstance(event, Press) and event.action is Action.SUBMIT:
        return Step(replace(draft, stage=Stage.SUBMITTED), ())
    if isinstance(event, Press) and event.action is Action.EDIT and event.field:
        shown = {f.id for f in visible(form, draft.answers)}
        if event.field in shown:
            return _ask(form, replace(draft, editing=True), form.field(event.field))
    if isinstance(event, Press) and event.action is Action.BACK and draft.history:
        return _back(form, draft)
    return _again(form, draft, prompts.SUMMARY_CHOOSE, understood=not isinstance(event, Say))


def _back(form: Form, draft: Draft) -> Step:
    if not draft.history:
        return _again(form, draft, prompts.FIRST_QUESTION)
    previous = form.field(draft.history[-1])
    return _ask(form, replace(draft, history=draft.history[:-1], editing=False), previous)


def _field(form: Form, draft: Draft, target: FormField, event: Event, today: date) -> Step:
    if isinstance(event, Press):
        return _press(form, draft, target, event)
    assert isinstance(event, Say)
    if target.type is FieldType.MULTI_CHOICE:
        return _toggle_typed(form, draft, target, event.text)
    if target.type is FieldType.EVIDENCE:
        return _again(form, draft, prompts.SEND_FILES, understood=False)
    try:
        value = parse_value(target, event.text, today)
    except InvalidInput as error:
        note = error.message + (f"\n例如：{error.example}" if error.example else "")
        return _again(form, draft, note, understood=False)
    return _set(form, draft, target, value)


def _press(form: Form, draft: Draft, target: FormField, event: Press) -> Step:
    if event.action is Action.BACK:
        return _back(form, draft)
    if event.action is Action.SKIP:
        if not target.optional:
            return _again(form, draft, prompts.REQUIRED)
        answers = {k: v for k, v in draft.answers.items() if k != target.id}
        return _advance(form, replace(draft, answers=answers), target)
    if event.field is not None and event.field != target.id:
        return _again(form, draft, prompts.STALE_BUTTON)
    if event.action is Action.CHOOSE and event.value is not None:
        if target.type is FieldType.YES_NO and event.value in ("yes", "no"):
            return _set(form, draft, target, event.value == "yes")
        if any(o.value == event.value for o in target.options):
            return _set(form, draft, target, event.value)
    if event.action is Action.TOGGLE and event.value is not None:
        return _toggle(form, draft, target, event.value)
    if event.action is Action.DONE:
        return _done(form, draft, target)
    return _again(form, draft, prompts.STALE_BUTTON)


def _toggle(form: Form, draft: Draft, target: FormField, value: str) -> Step:
    if not any(o.value == value for o in target.options):
        return _again(form, draft, prompts.STALE_BUTTON)
    picked = tuple(v for v in draft.selected if v != value)
    if value not in draft.selected:
        picked = (*draft.selected, value)
    draft = replace(draft, selected=picked)
    return Step(draft, current_prompts(form, draft))


def _toggle_typed(form: Form, draft: Draft, target: FormField, text: str) -> Step:
    option = match_option(target.options, text)
    if option is None:
        return _again(form, draft, prompts.PICK_OPTIONS, understood=False)
    return _toggle(form, draft, target, option.value)


def _done(form: Form, draft: Draft, target: FormField) -> Step:
    if target.type is FieldType.MULTI_CHOICE:
        if not draft.selected and not target.optional:
            return _again(form, draft, prompts.PICK_AT_LEAST_ONE)
        return _set(form, draft, target, list(draft.selected))
    if target.type is FieldType.EVIDENCE:
        if not draft.answers.get(target.id) and not target.optional:
            return _again(form, draft, prompts.SEND_FILES)
        return _advance(form, draft, target)
    return _again(form, draft, prompts.STALE_BUTTON)


def _attach(form: Form, draft: Draft, event: Attach) -> Step:
    item = event.to_json()
    target = form.field(draft.field) if draft.stage is Stage.FIELD and draft.field else None
    if target is not None and target.type is FieldType.EVIDENCE:
        files = [*(draft.answers.get(target.id) or []), item]
        draft = replace(draft, answers={**draft.answers, target.id: files})
        return Step(draft, (prompts.received(len(files), target),))
    draft = replace(draft, extra=(*draft.extra, item))
    return _again(form, draft, prompts.KEPT_FOR_LATER)
