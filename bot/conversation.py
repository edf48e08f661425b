"""Conversations with storage: users, the transcript, the outbox, feedback, erasure, flood calm.

Each incoming message is handled in one transaction that stores it and its replies; channels
then deliver the replies and mark them sent. A redelivered update is recognised by its key and
only its undelivered replies go out again.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot import messages
from bot.assistant import Assistant, Incoming, Kind
from bot.callbacks import EraseCallback, FeedbackCallback, parse_callback
from bot.logs import user_hash
from bot.replies import Button, Reply
from storage.models import Message, User
from storage.people import erase_user, get_or_create_user
from storage.transcript import (
    Match,
    mark_sent,
    note_match,
    pending,
    record_feedback,
    record_incoming,
    record_outgoing,
    replies_to,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    """A stored reply waiting for delivery to `chat`."""

    id: int
    chat: str
    reply: Reply


class FloodGuard:
    """At most `limit` messages per `window` seconds per person; the first excess gets one reply."""

    def __init__(
        self, limit: int = 15, window: float = 10.0, clock: Callable[[], float] = time.monotonic
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
    return Outgoing(row.id, str(payload["chat"]), Reply.from_dict(payload["reply"]))


def feedback_buttons(message_id: int) -> tuple[Button, ...]:
    """有帮助 / 没帮助 for the answer stored as `message_id`."""
    return (
        Button(messages.HELPFUL, FeedbackCallback(message_id=message_id, helpful=True).encode()),
        Button(messages.UNHELPFUL, FeedbackCallback(message_id=message_id, helpful=False).encode()),
    )


class Conversation:
    """The storage-backed front of the assistant that every channel calls."""

    def __init__(
        self, assistant: Assistant, sessions: sessionmaker[Session], flood: FloodGuard
    ) -> None:
        self.assistant, self.sessions, self.flood = assistant, sessions, flood

    def receive(
        self, incoming: Incoming, chat: str, update_key: str | None = None
    ) -> list[Outgoing]:
        """Store the message, decide the replies and queue them, all in one transaction."""
        with self.sessions.begin() as session:
            user = get_or_create_user(
                session, incoming.channel, incoming.external_id, incoming.language
            )
            message = record_incoming(session, user, incoming.kind, incoming.text, update_key)
            if message is None:
                assert update_key is not None
                rows = replies_to(session, update_key)
                return [_outgoing(row) for row in rows if row.sent_at is None]
            verdict = self.flood.check(user.id)
            if verdict != "ok":
                message.outcome = "flood"
                replies = [Reply.plain(messages.FLOOD)] if verdict == "warn" else []
                return [self._queue(session, user, chat, reply, message) for reply in replies]
            callback = parse_callback(incoming.text) if incoming.kind is Kind.CALLBACK else None
            if isinstance(callback, EraseCallback):
                # The transcript, this message included, is gone: the reply answers nothing stored.
                reply = self._erase(session, user, callback.confirm)
                return [
                    self._queue(session, user, chat, reply, None if callback.confirm else message)
                ]
            replies = self._replies(session, user, message, incoming)
            return [self._queue(session, user, chat, reply, message) for reply in replies]

    def _queue(
        self, session: Session, user: User, chat: str, reply: Reply, message: Message | None
    ) -> Outgoing:
        def payload(r: Reply) -> dict[str, object]:
            return {"chat": chat, "reply": r.to_dict()}

        row = record_outgoing(session, user, reply.text(), payload(reply), message, reply.faq_id)
        if reply.faq_id is not None:
            reply = reply.with_buttons(feedback_buttons(row.id))
            row.payload = payload(reply)
        return Outgoing(row.id, chat, reply)

    def _replies(
        self, session: Session, user: User, message: Message, incoming: Incoming
    ) -> list[Reply]:
        if incoming.kind is Kind.COMMAND and incoming.text.split()[0].split("@")[0] == "/forget":
            return [self._erase_question()]
        if incoming.kind is Kind.CALLBACK:
            callback = parse_callback(incoming.text)
            if isinstance(callback, FeedbackCallback):
                return [self._feedback(session, user, callback)]
        replies, result = self.assistant.handle(incoming)
        if result is not None:
            best = result.best
            top = result.matches[0] if result.matches else None
            verdict = Match(
                best.entry_id if best else None, top.score if top else None, result.outcome
            )
            note_match(message, verdict)
            log.info(
                "question user=%s outcome=%s faq=%s score=%.3f",
                user_hash(incoming.user),
                result.outcome,
                best and best.entry_id,
                top.score if top else 0.0,
            )
        return replies

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
        gone = erase_user(session, user)
        log.info("erased user=%s rows=%d", user_hash(f"{user.channel}:{user.external_id}"), gone)
        return Reply.plain(messages.ERASED)

    def delivered(self, outgoing_id: int, external_id: str | None) -> None:
        """Mark a reply as delivered."""
        with self.sessions.begin() as session:
            mark_sent(session, outgoing_id, external_id)

    def undelivered(self, limit: int = 100) -> list[Outgoing]:
        """Replies stored but not yet delivered (after a crash), oldest first."""
        with self.sessions.begin() as session:
            return [_outgoing(row) for row in pending(session, limit)]
