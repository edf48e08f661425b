"""Conversations with storage: users, the transcript, the outbox, feedback, erasure, flood calm.

Each incoming message is handled in one transaction that stores it and its replies; channels
then deliver the replies and mark them sent. A redelivered update is recognised by its key and
only its undelivered replies go out again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot import messages
from bot.assistant import Assistant, Incoming, Kind
from bot.callbacks import (
    CaseCallback,
    EraseCallback,
    FeedbackCallback,
    FormStartCallback,
    MenuCallback,
    parse_callback,
)
from bot.intake import Intake
from bot.logs import user_hash
from bot.mycases import ADDING, CaseDesk
from bot.replies import Button, Reply
from dialogs.drafts import draft_of, drop_draft, expired_drafts, is_expired
from dialogs.models import DraftRow
from handoff.cases import CHINA, redact_cases
from storage.models import Message, User
from storage.people import erase_user, get_or_create_user
from storage.transcript import (
    Delivery,
    Match,
    mark_all_sent,
    note_match,
    pending,
    record_feedback,
    record_incoming,
    record_outgoing,
    replies_to,
    sent_parts,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    """A stored reply waiting for delivery to `chat`; `parts_sent` of it went out already."""

    id: int
    chat: str
    reply: Reply
    parts_sent: int = 0


class FloodGuard:
    """At most `limit` messages per `window` seconds per person; the first excess gets one reply."""

    def __init__(
        self, limit: int = 20, window: float = 10.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: defaultdict[int, deque[float]] = defaultdict(deque)

    def check(self, user_id: int) -> str:
        """'ok', 'warn' (first message over the limit) or 'drop'."""
        now = self.clock()
        seen = self._seen[user_id]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            return "ok"
        return "warn" if len(seen) == self.limit + 1 else "drop"


def _outgoing(row: Message) -> Outgoing:
    payload = row.payload or {}
    reply = Reply.from_dict(payload["reply"])
    return Outgoing(row.id, str(payload["chat"]), reply, len(sent_parts(row)))


def feedback_buttons(message_id: int) -> tuple[Button, ...]:
    """有帮助 / 没帮助 for the answer to the question stored as `message_id`."""
    return (
        Button(messages.HELPFUL, FeedbackCallback(message_id=message_id, helpful=True).encode()),
        Button(messages.UNHELPFUL, FeedbackCallback(message_id=message_id, helpful=False).encode()),
    )


class Conversation:
    """The storage-backed front of the assistant that every channel calls."""

    def __init__(
        self,
        assistant: Assistant,
        sessions: sessionmaker[Session],
        flood: FloodGuard,
        intake: Intake,
        desk: CaseDesk,
    ) -> None:
        self.assistant, self.sessions, self.flood = assistant, sessions, flood
        self.intake, self.desk = intake, desk
        bind = sessions.kw.get("bind")
        # SQLite has one writer: threads queue on this lock instead of sleeping in its busy handler.
        self._serial = bind is not None and bind.dialect.name == "sqlite"
        self._lock = threading.Lock()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._lock if self._serial else nullcontext(), self.sessions.begin() as session:
            yield session

    def receive(
        self, incoming: Incoming, chat: str, update_key: str | None = None
    ) -> list[Outgoing]:
        """Store the message, decide the replies and queue them, all in one transaction."""
        with self._transaction() as session:
            user = get_or_create_user(
                session, incoming.channel, incoming.external_id, incoming.language
            )
            message = record_incoming(session, user, incoming.kind, incoming.text, update_key)
            if message is None:
                assert update_key is not None
                rows = replies_to(session, update_key)
                return [_outgoing(row) for row in rows if row.sent_at is None]
            # Button presses do not count: a form is filled in quickly by pressing.
            verdict = "ok" if incoming.kind is Kind.CALLBACK else self.flood.check(user.id)
            if verdict != "ok":
                note_match(session, message, Match(None, None, "flood"))
                replies = [Reply.plain(messages.FLOOD)] if verdict == "warn" else []
                return [self._queue(session, user, chat, reply, message) for reply in replies]
            callback = parse_callback(incoming.text) if incoming.kind is Kind.CALLBACK else None
            if isinstance(callback, EraseCallback):
                # The transcript, this message included, is gone: the reply answers nothing stored.
                reply = self._erase(session, user, callback.confirm)
                return [
                    self._queue(session, user, chat, reply, None if callback.confirm else message)
                ]
            replies = self._replies(session, user, message, incoming, chat)
            return [self._queue(session, user, chat, reply, message) for reply in replies]

    def _queue(
        self, session: Session, user: User, chat: str, reply: Reply, message: int | None
    ) -> Outgoing:
        """Store `reply` to the incoming message with id `message` as pending."""
        if reply.faq_id is not None and message is not None:
            reply = reply.with_buttons(feedback_buttons(message))
        payload = {"chat": chat, "reply": reply.to_dict()}
        stored = record_outgoing(session, user, reply.text(), payload, message, reply.faq_id)
        return Outgoing(stored, chat, reply)

    def _replies(
        self, session: Session, user: User, message: int, incoming: Incoming, chat: str
    ) -> list[Reply]:
        command = incoming.command
        if command == "/forget":
            return [self._erase_question()]
        callback = parse_callback(incoming.text) if incoming.kind is Kind.CALLBACK else None
        if isinstance(callback, FeedbackCallback):
            return [self._feedback(session, user, callback)]
        prefix: list[Reply] = []
        row = draft_of(session, user.id)
        if row is not None and is_expired(row):
            prefix.append(self._expired_notice(row))
            drop_draft(session, user.id)
            row = None
        if isinstance(callback, FormStartCallback):
            return [*prefix, *self.intake.begin(session, user, chat, callback.form_id, row)]
        if isinstance(callback, MenuCallback) and callback.item == "file":
            return [*prefix, *(self.intake.still_open(row) if row else [self.intake.form_menu()])]
        if command == "/mycases" or (
            isinstance(callback, MenuCallback) and callback.item == "cases"
        ):
            return [*prefix, self.desk.overview(session, user)]
        if isinstance(callback, CaseCallback):
            if callback.add:
                return [*prefix, self.desk.start_adding(session, user, chat, callback.number)]
            return [*prefix, self.desk.show(session, user, callback.number)]
        if row is not None:
            if row.form_id == ADDING:
                handled = self.desk.handle_adding(session, user, row, incoming)
            else:
                handled = self.intake.handle(session, user, chat, row, incoming)
            if handled is not None:
                return [*prefix, *handled]
        replies = self._answer(session, message, incoming)
        if row is not None and row.form_id != ADDING and any(not r.notice for r in replies):
            replies += [Reply.plain(messages.CONTINUE_FORM), *self.intake.reminder(row)]
        return [*prefix, *replies]

    def _answer(self, session: Session, message: int, incoming: Incoming) -> list[Reply]:
        replies, result = self.assistant.handle(incoming)
        if result is not None:
            best = result.best
            top = result.matches[0] if result.matches else None
            verdict = Match(
                best.entry_id if best else None, top.score if top else None, result.outcome
            )
            note_match(session, message, verdict)
            log.info(
                "question user=%s outcome=%s faq=%s score=%.3f",
                user_hash(incoming.user),
                result.outcome,
                verdict.faq_id,
                verdict.score or 0.0,
            )
        return replies

    def _expired_notice(self, row: DraftRow) -> Reply:
        form = self.intake.forms.current.get(row.form_id)
        title = form.title if form else "登记"
        day = row.created_at.astimezone(CHINA).strftime("%Y年%m月%d日")
        return Reply.plain(messages.DRAFT_EXPIRED.format(day=day, title=title))

    def expire_drafts(self) -> int:
        """Drop drafts left for over 7 days, each with a notice to its owner; returns how many."""
        with self._transaction() as session:
            rows = expired_drafts(session)
            for row in rows:
                user = session.get(User, row.user_id)
                if user is not None and row.form_id != ADDING:
                    self._queue(session, user, row.chat, self._expired_notice(row), None)
                drop_draft(session, row.user_id)
            return len(rows)

    def _feedback(self, session: Session, user: User, callback: FeedbackCallback) -> Reply:
        if not record_feedback(session, user, callback.message_id, callback.helpful):
            return Reply.plain(messages.FEEDBACK_STALE, notice=True)
        text = messages.FEEDBACK_THANKS if callback.helpful else messages.FEEDBACK_SORRY
        return Reply.plain(text, notice=True)

    def _erase_question(self) -> Reply:
        return Reply.plain(
            messages.ERASE_ASK,
            buttons=(
                (
                    Button(messages.ERASE_YES, EraseCallback(confirm=True).encode()),
                    Button(messages.ERASE_NO, EraseCallback(confirm=False).encode()),
                ),
            ),
        )

    def _erase(self, session: Session, user: User, confirm: bool) -> Reply:
        if not confirm:
            return Reply.plain(messages.ERASE_KEPT)
        drop_draft(session, user.id)
        redact_cases(session, user.id)
        gone = erase_user(session, user)
        log.info("erased user=%s rows=%d", user_hash(f"{user.channel}:{user.external_id}"), gone)
        return Reply.plain(messages.ERASED)

    def delivered(self, outgoing_id: int, external_id: str | None, *, final: bool = True) -> None:
        """Mark a reply (or, not final, one part of a long reply) as delivered."""
        self.all_delivered([Delivery(outgoing_id, external_id, final)])

    def all_delivered(self, deliveries: Sequence[Delivery]) -> None:
        """Mark a batch of confirmed deliveries in one transaction."""
        with self._transaction() as session:
            mark_all_sent(session, deliveries)

    def undelivered(self, channel: str, limit: int = 100) -> list[Outgoing]:
        """Replies to people on `channel` stored but not yet delivered (after a crash)."""
        with self._transaction() as session:
            return [_outgoing(row) for row in pending(session, channel, limit)]
