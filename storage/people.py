"""People: find or create a user by channel identity, roles, and erasure of personal data."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Feedback, Message, Role, User

SEEN_RESOLUTION = timedelta(minutes=5)
# Built once: on every message, constructing the query would cost more than running it.
_BY_IDENTITY = select(User).where(
    User.channel == bindparam("channel"), User.external_id == bindparam("external_id")
)


def get_or_create_user(
    session: Session, channel: str, external_id: str, language: str | None = None
) -> User:
    """The user with this channel identity, created on first contact; last_seen is refreshed."""
    user = session.scalar(_BY_IDENTITY, {"channel": channel, "external_id": external_id})
    if user is None:
        user = User(channel=channel, external_id=external_id, language=language, role=Role.CITIZEN)
        session.add(user)
        session.flush()
    else:
        now = utcnow()
        if now - user.last_seen > SEEN_RESOLUTION:  # one write per active spell, not per message
            user.last_seen = now
        if language and user.language != language:
            user.language = language
    return user


def erase_user(session: Session, user: User) -> int:
    """Delete the person's transcript and feedback, keep a pseudonymous shell; returns rows gone."""
    gone = 0
    for table, owner in ((Feedback, Feedback.user_id), (Message, Message.user_id)):
        # Counted first: on SQLite, rows removed by ON DELETE CASCADE are not in rowcount.
        gone += session.scalar(select(func.count()).select_from(table).where(owner == user.id)) or 0
        session.execute(delete(table).where(owner == user.id))
    session.execute(
        update(User).where(User.id == user.id).values(language=None, erased_at=utcnow())
    )
    return gone
