"""Tables shared by every part of legalbot: people, the transcript (and outbox), feedback."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, utcnow


class Role(StrEnum):
    """What a person is to legalbot; experts, mediators and admins work cases through the bot."""

    CITIZEN = "citizen"
    EXPERT = "expert"
    MEDIATOR = "mediator"
    ADMIN = "admin"


class Direction(StrEnum):
    """Whether a message came from the person or goes to them."""

    IN = "in"
    OUT = "out"


class User(Base):
    """A person on one channel (tg:123456 or console:local)."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(String(16), default=Role.CITIZEN)
    language: Mapped[str | None] = mapped_column(String(16))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    erased_at: Mapped[datetime | None]


class Message(Base):
    """One message in the transcript. Outgoing rows double as the outbox until `sent_at` is set."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    direction: Mapped[Direction] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    update_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    in_reply_to: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    faq_id: Mapped[str | None] = mapped_column(String(80))
    score: Mapped[float | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    external_id: Mapped[str | None] = mapped_column(String(64))


class Feedback(Base):
    """A 有帮助 / 没帮助 press on an answer; pressing again changes the vote."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("user_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    faq_id: Mapped[str] = mapped_column(String(80), index=True)
    helpful: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
