"""The transcript: every message in and out; outgoing rows are the outbox until sent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import String, Table, bindparam, case, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Direction, Feedback, Message, User

# The hot path writes with Core statements on the table: the ORM's unit of work costs several
# times more per row, and these rows are never needed as objects in the same transaction.
MESSAGES = cast(Table, Message.__table__)


@dataclass(frozen=True)
class Match:
    """What the matcher made of an incoming question, kept with the message."""

    faq_id: str | None
    score: float | None
    outcome: str | None


# Built once: constructing a statement costs more than running it on SQLite.
_INSERT_OUT = insert(MESSAGES).returning(MESSAGES.c.id)
_INSERT_IN = {
    name: dialect.insert(MESSAGES)
    .on_conflict_do_nothing(index_elements=[MESSAGES.c.update_key])
    .returning(MESSAGES.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_NOTE = (
    update(MESSAGES)
    .where(MESSAGES.c.id == bindparam("message"))
    .values(faq_id=bindparam("faq_id"), score=bindparam("score"), outcome=bindparam("outcome"))
)


def record_incoming(
    session: Session,
    user: User,
    kind: str,
    text: str,
    update_key: str | None = None,
) -> int | None:
    """Store an incoming message and return its id; None if this update was stored before (a
    redelivery). One statement: a concurrent duplicate waits for the first and then yields."""
    statement = _INSERT_IN[session.get_bind().dialect.name]
    row = {
        "user_id": user.id,
        "direction": Direction.IN,
        "kind": kind,
        "text": text,
        "update_key": update_key,
    }
    return session.execute(statement, row).scalar_one_or_none()


def note_match(session: Session, message_id: int, match: Match) -> None:
    """Attach the matcher's verdict to an incoming message."""
    verdict = {"faq_id": match.faq_id, "score": match.score, "outcome": match.outcome}
    session.execute(_NOTE, {"message": message_id, **verdict})


def record_outgoing(
    session: Session,
    user: User,
    text: str,
    payload: dict[str, Any],
    in_reply_to: int | None = None,
    faq_id: str | None = None,
) -> int:
    """Queue a message to a person and return its id; it stays pending until `mark_sent`."""
    row = {
        "user_id": user.id,
        "direction": Direction.OUT,
        "kind": "text",
        "text": text,
        "payload": payload,
        "in_reply_to": in_reply_to,
        "faq_id": faq_id,
    }
    return session.execute(_INSERT_OUT, row).scalar_one()


def replies_to(session: Session, message_key: str) -> Sequence[Message]:
    """Outgoing messages answering the incoming message with this update key."""
    incoming = select(Message.id).where(Message.update_key == message_key).scalar_subquery()
    query = select(Message).where(Message.in_reply_to == incoming).order_by(Message.id)
    return session.scalars(query).all()


def pending(session: Session, channel: str, limit: int = 100) -> Sequence[Message]:
    """Outgoing messages to people on `channel` not yet delivered, oldest first."""
    query = (
        select(Message)
        .join(User, User.id == Message.user_id)
        .where(
            User.channel == channel, Message.direction == Direction.OUT, Message.sent_at.is_(None)
        )
        .order_by(Message.id)
        .limit(limit)
    )
    return session.scalars(query).all()


@dataclass(frozen=True)
class Delivery:
    """Telegram (or another channel) confirmed one part of an outgoing message."""

    message_id: int
    external_id: str | None
    final: bool = True


def _marking(appends: bool, final: bool) -> Any:
    column = MESSAGES.c.external_id
    values: dict[str, Any] = {"sent_at": bindparam("now")} if final else {}
    if appends:
        part = bindparam("part", type_=String)
        values["external_id"] = case((column.is_(None), part), else_=column + "," + part)
    where = (MESSAGES.c.id == bindparam("message"), MESSAGES.c.sent_at.is_(None))
    return update(MESSAGES).where(*where).values(**values)


# By (appends a part id, final); a mark with neither is skipped.
_MARK = {kind: _marking(*kind) for kind in ((True, True), (True, False), (False, True))}


def mark_sent(
    session: Session, message_id: int, external_id: str | None, *, final: bool = True
) -> None:
    """Record delivery of an outgoing message, or of one more part of a long one."""
    mark_all_sent(session, [Delivery(message_id, external_id, final)])


def mark_all_sent(session: Session, deliveries: Iterable[Delivery]) -> None:
    """Record a batch of confirmed deliveries: one executemany per kind of mark.

    Parts of one long message arrive in order and only the last is final, so running the
    appends before the finals keeps each message's parts in order."""
    now = utcnow()
    batches: dict[tuple[bool, bool], list[dict[str, Any]]] = {}
    for delivery in deliveries:
        if delivery.external_id is None and not delivery.final:
            continue
        kind = (delivery.external_id is not None, delivery.final)
        row = {"message": delivery.message_id, "part": delivery.external_id, "now": now}
        batches.setdefault(kind, []).append(row)
    for kind in sorted(batches, key=lambda kind: kind[1]):  # not final first
        session.execute(_MARK[kind], batches[kind])


def sent_parts(message: Message) -> list[str]:
    """Channel ids of the parts of a long message already delivered."""
    return message.external_id.split(",") if message.external_id else []


def record_feedback(session: Session, user: User, question_id: int, helpful: bool) -> bool:
    """Store a vote on the answer to a question (a second press changes it); False if the
    person asked no such question or it got no FAQ answer."""
    answer = session.scalar(
        select(Message).where(
            Message.in_reply_to == question_id,
            Message.user_id == user.id,
            Message.faq_id.is_not(None),
        )
    )
    if answer is None:
        return False
    message_id = answer.id
    vote = session.scalar(
        select(Feedback).where(Feedback.user_id == user.id, Feedback.message_id == message_id)
    )
    if vote is None:
        session.add(
            Feedback(user_id=user.id, message_id=message_id, faq_id=answer.faq_id, helpful=helpful)
        )
    else:
        vote.helpful, vote.created_at = helpful, utcnow()
    return True
