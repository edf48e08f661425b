"""Stored drafts. Functions take a Session and never commit: callers own transactions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from dialogs.models import DraftRow
from storage.base import utcnow

DRAFT_LIFETIME = timedelta(days=7)
_OF_USER = select(DraftRow).where(DraftRow.user_id == bindparam("user_id"))  # built once


def draft_of(session: Session, user_id: int) -> DraftRow | None:
    """The person's open draft, if any."""
    return session.scalar(_OF_USER, {"user_id": user_id})


def save_draft(
    session: Session,
    user_id: int,
    form_id: str,
    chat: str,
    state: dict[str, Any],
    case_id: int | None = None,
) -> DraftRow:
    """Create or replace the person's draft with this state (after every answer)."""
    row = draft_of(session, user_id)
    if row is None:
        row = DraftRow(user_id=user_id, form_id=form_id, chat=chat, state=state, case_id=case_id)
        session.add(row)
    else:
        row.form_id, row.chat, row.state, row.case_id = form_id, chat, state, case_id
        row.updated_at = utcnow()
    session.flush()
    return row


def drop_draft(session: Session, user_id: int) -> None:
    """Forget the person's draft (submitted, cancelled or expired)."""
    session.execute(delete(DraftRow).where(DraftRow.user_id == user_id))


def is_expired(row: DraftRow, now: datetime | None = None) -> bool:
    """Whether the draft was left untouched for longer than its lifetime."""
    return (now or utcnow()) - row.updated_at > DRAFT_LIFETIME


def expired_drafts(session: Session, now: datetime | None = None) -> Sequence[DraftRow]:
    """Drafts left untouched for longer than their lifetime."""
    cutoff = (now or utcnow()) - DRAFT_LIFETIME
    return session.scalars(select(DraftRow).where(DraftRow.updated_at < cutoff)).all()
