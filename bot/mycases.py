"""我的案件: a citizen's own cases, their status, and adding information or evidence to one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot import messages
from bot.assistant import Incoming, Kind
from bot.callbacks import CaseCallback, FormPressCallback, parse_callback
from bot.replies import Button, Reply
from dialogs.drafts import drop_draft, save_draft
from dialogs.loader import FormStore
from dialogs.models import DraftRow
from dialogs.values import format_value
from handoff.cases import CHINA, add_to_case, case_of, cases_of, events_of
from handoff.models import OPEN_STATUSES, Case
from storage.models import User

ADDING = "_case_add"
STATUS = {
    "submitted": "已提交，等待受理",
    "accepted": "已受理",
    "in_progress": "处理中",
    "resolved": "已解决",
    "closed": "已办结",
    "withdrawn": "已撤回",
}
DONE_BUTTON = Button("✔ 补充完了", FormPressCallback(action="d").encode())
SHOWN = 10


class CaseDesk:
    """Lists and shows a person's cases; takes additions to an open one."""

    def __init__(self, forms: FormStore) -> None:
        self.forms = forms

    def _title(self, case: Case) -> str:
        form = self.forms.current.get(case.form_id)
        return form.title if form else case.form_id

    def overview(self, session: Session, user: User) -> Reply:
        """My cases, newest first, each a button."""
        cases = cases_of(session, user.id)
        if not cases:
            return Reply.plain(messages.NO_CASES)
        lines = [messages.MY_CASES]
        buttons = []
        for case in cases[:SHOWN]:
            day = case.created_at.astimezone(CHINA).strftime("%Y-%m-%d")
            lines.append(f"{case.number}　{self._title(case)}　{STATUS[case.status]}　{day}")
            buttons.append((Button(case.number, CaseCallback(number=case.number).encode()),))
        return Reply.plain(*lines, buttons=tuple(buttons))

    def show(self, session: Session, user: User, number: str) -> Reply:
        """One of my cases with its answers; open cases offer 补充."""
        case = case_of(session, user.id, number)
        if case is None:
            return Reply.plain(messages.CASE_NOT_FOUND)
        lines = [f"{case.number}　{self._title(case)}", f"状态：{STATUS[case.status]}"]
        form = self.forms.current.get(case.form_id)
        for field in form.fields if form else ():
            if field.id in case.answers and not field.personal:
                lines.append(f"{field.label}：{format_value(field, case.answers[field.id])}")
        added = [e for e in events_of(session, case) if e.kind in ("note", "evidence")]
        if added:
            lines.append(f"已补充：{len(added)} 条")
        buttons: tuple[tuple[Button, ...], ...] = ()
        if case.status in OPEN_STATUSES:
            add = CaseCallback(number=case.number, add=True).encode()
            buttons = ((Button(messages.ADD_TO_CASE, add),),)
        return Reply.plain(*lines, buttons=buttons)

    def start_adding(self, session: Session, user: User, chat: str, number: str) -> Reply:
        """Enter 补充 mode for an open case: text becomes notes, files become evidence."""
        case = case_of(session, user.id, number)
        if case is None or case.status not in OPEN_STATUSES:
            return Reply.plain(messages.CASE_NOT_OPEN)
        save_draft(session, user.id, ADDING, chat, {"number": number}, case_id=case.id)
        return Reply.plain(messages.ADD_PROMPT.format(number=number), buttons=((DONE_BUTTON,),))

    def handle_adding(
        self, session: Session, user: User, row: DraftRow, incoming: Incoming
    ) -> list[Reply] | None:
        """Take one addition; None when the message is not for the case."""
        number = str(row.state.get("number"))
        case = case_of(session, user.id, number)
        pressed = parse_callback(incoming.text) if incoming.kind is Kind.CALLBACK else None
        finished = isinstance(pressed, FormPressCallback) and pressed.action == "d"
        if case is None or finished or incoming.text.strip() in ("完成", "补充完了", "好了"):
            drop_draft(session, user.id)
            return [Reply.plain(messages.ADD_DONE.format(number=number))]
        if incoming.kind is Kind.MEDIA and incoming.attachment is not None:
            payload = incoming.attachment.to_json()
            event = add_to_case(session, case, user.id, "evidence", "", payload)
        elif incoming.kind is Kind.TEXT:
            event = add_to_case(session, case, user.id, "note", incoming.text.strip())
        else:
            return None
        if event is None:
            drop_draft(session, user.id)
            return [Reply.plain(messages.CASE_NOT_OPEN)]
        return [Reply.plain(messages.ADDED, buttons=((DONE_BUTTON,),))]
