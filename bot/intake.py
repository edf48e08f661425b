"""Complaint intake on any channel: a form as a forgiving dialog, the draft saved at every step,
questions and small talk answered mid-form, and a numbered case filed at the end."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from bot import messages
from bot.assistant import Assistant, Incoming, Kind
from bot.callbacks import FormPressCallback, FormStartCallback, parse_callback
from bot.replies import Button, Reply
from dialogs import engine
from dialogs.drafts import drop_draft, save_draft
from dialogs.engine import Draft, Stage, Step
from dialogs.events import Action, Event, Press, Prompt, Say
from dialogs.legal_aid import assess
from dialogs.loader import FormStore
from dialogs.models import DraftRow
from dialogs.schema import FieldType, Form
from handoff.cases import file_case
from knowledge.matcher import Outcome, Result
from storage.models import User

log = logging.getLogger(__name__)

QUESTION_MARKERS = (
    "？",
    "?",
    "吗",
    "呢",
    "怎么",
    "如何",
    "能不能",
    "可不可以",
    "是不是",
    "多久",
    "哪里",
    "咋",
    "要不要",
    "会不会",
    "多少钱",
    "有没有",
)
HUMAN_WORDS = ("转人工", "人工服务", "人工客服", "找人工", "真人", "找工作人员")


def to_reply(prompt: Prompt) -> Reply:
    """An engine prompt as a channel reply; form buttons become callback data."""
    rows = tuple(
        tuple(
            Button(
                b.label,
                FormPressCallback(
                    action=b.press.action.value,
                    field=b.press.field,
                    value=b.press.value,
                ).encode(),
            )
            for b in row
        )
        for row in prompt.buttons
    )
    return Reply.plain(prompt.text, buttons=rows)


def looks_like_question(text: str) -> bool:
    """Whether typed text reads as a question rather than an answer."""
    return any(marker in text for marker in QUESTION_MARKERS)


class Intake:
    """Runs forms for people; the draft row is the only state."""

    def __init__(self, forms: FormStore, assistant: Assistant, today: Callable[[], date]) -> None:
        self.forms, self.assistant, self.today = forms, assistant, today

    def form_menu(self) -> Reply:
        """Which form to fill in."""
        buttons = [
            Button(form.title, FormStartCallback(form_id=form.id).encode())
            for form in self.forms.current.values()
        ]
        rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
        return Reply.plain(messages.FORM_MENU, buttons=rows)

    def begin(
        self, session: Session, user: User, chat: str, form_id: str, row: DraftRow | None
    ) -> list[Reply]:
        """Start a form (or show the one already under way)."""
        form = self.forms.current.get(form_id)
        if form is None:
            return [Reply.plain(messages.STALE_BUTTON)]
        if row is not None:
            return self.still_open(row)
        step = engine.start(form)
        save_draft(session, user.id, form.id, chat, step.draft.to_json())
        log.info("form_started form=%s", form.id)
        return [to_reply(p) for p in step.prompts]

    def still_open(self, row: DraftRow) -> list[Reply]:
        """The form under way must be finished or cancelled before another starts."""
        current = self.forms.current.get(row.form_id)
        title = current.title if current else row.form_id
        return [Reply.plain(messages.DRAFT_OPEN.format(title=title)), *self.reminder(row)]

    def reminder(self, row: DraftRow) -> list[Reply]:
        """What the draft is waiting for, to show again after a detour."""
        form = self.forms.current.get(row.form_id)
        if form is None:
            return []
        draft = Draft.from_json(row.state)
        return [to_reply(p) for p in engine.current_prompts(form, draft)]

    def handle(
        self, session: Session, user: User, chat: str, row: DraftRow, incoming: Incoming
    ) -> list[Reply] | None:
        """The replies when this message belongs to the form; None when it does not."""
        form = self.forms.current.get(row.form_id)
        if form is None:
            drop_draft(session, user.id)
            return [Reply.plain(messages.FORM_GONE)]
        draft = Draft.from_json(row.state)
        event = self._event(incoming)
        if event is None:
            return None
        asked = self.assistant.ask(event.text) if isinstance(event, Say) else None
        if isinstance(event, Say) and asked is not None:
            detour = self._detour(form, draft, event.text, asked)
            if detour is not None:
                return [*detour, *self.reminder(row)]
        result = engine.step(form, draft, event, self.today())
        if not result.understood and asked is not None and asked.outcome is Outcome.ANSWER:
            return [*self._answer(asked), *self.reminder(row)]
        return self._finish(session, user, chat, form, result)

    def _event(self, incoming: Incoming) -> Event | None:
        if incoming.kind is Kind.CALLBACK:
            callback = parse_callback(incoming.text)
            if isinstance(callback, FormPressCallback):
                return Press(Action(callback.action), callback.field, callback.value)
            return None
        if incoming.kind is Kind.MEDIA:
            return incoming.attachment
        if incoming.kind is Kind.COMMAND:
            if incoming.command == "/cancel":
                return Press(Action.CANCEL)
            return None
        return Say(incoming.text)

    def _detour(self, form: Form, draft: Draft, text: str, result: Result) -> list[Reply] | None:
        """Handle a wander from the form: a person asked for, small talk, a legal question."""
        if any(word in text for word in HUMAN_WORDS):
            return [Reply.plain(messages.HUMAN_DURING_FORM)]
        if result.outcome is Outcome.SMALLTALK:
            return self.assistant.replies_for(result)
        field = form.field(draft.field) if draft.stage is Stage.FIELD and draft.field else None
        free_text = field is None or field.type is FieldType.TEXT
        if free_text and result.outcome is Outcome.ANSWER and looks_like_question(text):
            return self._answer(result)
        return None

    def _answer(self, result: Result) -> list[Reply]:
        return [
            *self.assistant.replies_for(result, offer_form=False),
            Reply.plain(messages.BACK_TO_FORM),
        ]

    def _finish(
        self, session: Session, user: User, chat: str, form: Form, result: Step
    ) -> list[Reply]:
        replies = [to_reply(p) for p in result.prompts]
        draft = result.draft
        if draft.stage is Stage.SUBMITTED and form.outcome == "legal_aid_assessment":
            drop_draft(session, user.id)
            lines = (*assess(engine.final_answers(form, draft)), form.done.strip())
            return [*replies, Reply.plain(*lines)]
        if draft.stage is Stage.SUBMITTED:
            answers = engine.final_answers(form, draft)
            case = file_case(session, user.id, form.id, form.category, answers)
            drop_draft(session, user.id)
            log.info("case_filed form=%s case=%s", form.id, case.number)
            text = messages.FILED.format(number=case.number, done=form.done.strip())
            return [*replies, Reply.plain(text)]
        if draft.stage is Stage.CANCELLED:
            drop_draft(session, user.id)
            return replies
        save_draft(session, user.id, form.id, chat, draft.to_json())
        return replies
