"""Filing and reading cases. Functions take a Session and never commit: callers own transactions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from handoff.models import OPEN_STATUSES, Case, CaseCounter, CaseEvent, CaseStatus
from storage.base import utcnow

CHINA = timezone(timedelta(hours=8), "CST")  # no daylight saving since 1991


def _next_serial(session: Session, day: str) -> int:
    """Atomically take the next number of the day: one upsert, safe across processes."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(CaseCounter)
        .values(day=day, last=1)
        .on_conflict_do_update(index_elements=["day"], set_={"last": CaseCounter.last + 1})
        .returning(CaseCounter.last)
    )
    return int(session.execute(statement).scalar_one())


def case_number(day: str, serial: int) -> str:
    """LB-YYYYMMDD-NNNN (more digits after 9999 a day)."""
    return f"LB-{day}-{serial:04d}"


def file_case(
    session: Session,
    user_id: int,
    form_id: str,
    category: str | None,
    answers: dict[str, Any],
    now: datetime | None = None,
) -> Case:
    """Create a case with the next number of the (China) day."""
    moment = now or utcnow()
    day = moment.astimezone(CHINA).strftime("%Y%m%d")
    number = case_number(day, _next_serial(session, day))
    case = Case(
        number=number,
        user_id=user_id,
        form_id=form_id,
        category=category,
        status=CaseStatus.SUBMITTED,
        answers=answers,
        created_at=moment,
        updated_at=moment,
    )
    session.add(case)
    session.flush()
    session.add(CaseEvent(case_id=case.id, actor_id=user_id, kind="status", text=case.status))
    return case


def cases_of(session: Session, user_id: int) -> Sequence[Case]:
    """A person's cases, newest first."""
    query = select(Case).where(Case.user_id == user_id).order_by(Case.id.desc())
    return session.scalars(query).all()


def case_of(session: Session, user_id: int, number: str) -> Case | None:
    """One of the person's own cases by number; None for someone else's."""
    return session.scalar(select(Case).where(Case.user_id == user_id, Case.number == number))


def add_to_case(
    session: Session,
    case: Case,
    actor_id: int,
    kind: str,
    text: str = "",
    payload: dict[str, Any] | None = None,
) -> CaseEvent | None:
    """Add a note or evidence to an open case; None if the case is no longer open."""
    if case.status not in OPEN_STATUSES:
        return None
    event = CaseEvent(case_id=case.id, actor_id=actor_id, kind=kind, text=text, payload=payload)
    session.add(event)
    case.updated_at = datetime.now(UTC)
    session.flush()
    return event


def events_of(session: Session, case: Case) -> Sequence[CaseEvent]:
    """A case's history, oldest first."""
    query = select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    return session.scalars(query).all()


def redact_cases(session: Session, user_id: int) -> int:
    """Erase a person's details from their cases, keeping number, status and dates for the
    ledger; returns how many cases were redacted."""
    cases = cases_of(session, user_id)
    for case in cases:
        case.answers = {"_redacted": True}
        for event in events_of(session, case):
            if event.kind in ("note", "evidence"):
                session.delete(event)
    return len(cases)
