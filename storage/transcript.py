"""The transcript: every message in and out; outgoing rows are the outbox until sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Direction, Feedback, Message, User


@dataclass(frozen=True)
class Match:
    """What the matcher made of an incoming question, kept with the message."""

    faq_id: str | None
    score: float | None
    outcome: str | None


def record_incoming(
    session: Session,
    user: User,
    kind: str,
    text: str,
    update_key: str | None = None,
) -> Message | None:
    """Store an incoming message; None if this update was stored before (a redelivery)."""
    if update_key is not None:
        seen = session.scalar(select(Message.id).where(Message.update_key == update_key))
        if seen is not None:
            return None
    message = Message(
        user_id=user.id, direction=Direction.IN, kind=kind, text=text, update_key=update_key
    )
    session.add(message)
    session.flush()
    return message


def note_match(message: Message, match: Match) -> None:
    """Attach the matcher's verdict to an incoming message."""
    message.faq_id, message.score, message.outcome = match.faq_id, match.score, match.outcome


def record_outgoing(
    session: Session,
    user: User,
    text: str,
    payload: dict[str, Any],
    in_reply_to: Message | None = None,
    faq_id: str | None = None,
) -> Message:
    """Queue a message to a person; it stays pending until `mark_sent`."""
    message = Message(
        user_id=user.id,
        direction=Direction.OUT,
        kind="text",
        text=text,
        payload=payload,
        in_reply_to=None if in_reply_to is None else in_reply_to.id,
        faq_id=faq_id,
    )
    session.add(message)
    session.flush()
    return message


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


def mark_sent(
    session: Session, message_id: int, external_id: str | None, *, final: bool = True
) -> None:
    """Record delivery of an outgoing message, or of one more part of a long one."""
    message = session.get(Message, message_id)
    if message is None or message.sent_at is not None:
        return
    if external_id is not None:
        parts = [*sent_parts(message), external_id]
        message.external_id = ",".join(parts)
    if final:
        message.sent_at = utcnow()


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
