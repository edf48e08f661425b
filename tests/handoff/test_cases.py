from __future__ import annotations

import multiprocessing
import random
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from handoff.cases import add_to_case, case_of, cases_of, events_of, file_case
from handoff.models import Case, CaseStatus
from storage.db import make_engine, make_sessions
from storage.people import get_or_create_user


def a_day() -> datetime:
    """A random day in the past so tests never share a day's counter."""
    return datetime(random.randint(1990, 2019), random.randint(1, 12), 15, 3, tzinfo=UTC)


def test_numbers_are_readable_and_sequential_per_china_day(session: Session) -> None:
    user = get_or_create_user(session, "tg", "case-1")
    moment = a_day()
    first = file_case(session, user.id, "wages", "wages", {"amount": "48800"}, moment)
    second = file_case(session, user.id, "heating", "heating", {}, moment)
    day = moment.strftime("%Y%m%d")
    assert first.number == f"LB-{day}-0001" and second.number == f"LB-{day}-0002"
    late = datetime(moment.year, moment.month, 15, 17, tzinfo=UTC)  # 01:00 next day in China
    assert file_case(session, user.id, "debt", "debt", {}, late).number.endswith("16-0001")


def test_citizen_sees_only_own_cases(session: Session) -> None:
    owner = get_or_create_user(session, "tg", "case-2")
    other = get_or_create_user(session, "tg", "case-3")
    case = file_case(session, owner.id, "wages", "wages", {}, a_day())
    assert [c.number for c in cases_of(session, owner.id)] == [case.number]
    assert cases_of(session, other.id) == []
    assert case_of(session, other.id, case.number) is None


def test_notes_and_evidence_only_on_open_cases(session: Session) -> None:
    user = get_or_create_user(session, "tg", "case-4")
    case = file_case(session, user.id, "wages", "wages", {}, a_day())
    assert add_to_case(session, case, user.id, "note", "老板又答应月底给") is not None
    case.status = CaseStatus.CLOSED
    assert add_to_case(session, case, user.id, "note", "太晚了") is None
    assert [e.kind for e in events_of(session, case)] == ["status", "note"]


def _file_many(url: str, external_id: str, day: str, count: int) -> None:
    engine = make_engine(url)
    sessions = make_sessions(engine)
    moment = datetime.strptime(day, "%Y%m%d").replace(hour=3, tzinfo=UTC)
    for _ in range(count):
        with sessions.begin() as session:
            user = get_or_create_user(session, "tg", external_id)
            file_case(session, user.id, "wages", "wages", {}, moment)
    engine.dispose()


def test_numbers_are_unique_across_processes(engine: Engine, db_url: str) -> None:
    day = a_day().strftime("%Y%m%d")
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_file_many, args=(db_url, f"proc-{day}-{n}", day, 15))
        for n in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with make_sessions(engine).begin() as session:
        numbers = session.scalars(select(Case.number).where(Case.number.like(f"LB-{day}-%"))).all()
    assert sorted(numbers) == [f"LB-{day}-{n:04d}" for n in range(1, 61)]
