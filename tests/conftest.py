"""Shared fixtures: the shipped knowledge, the statute texts, a scratch knowledge directory."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.settings import load_settings
from knowledge.index import Index, build_index
from knowledge.laws import LawLibrary, load_laws
from knowledge.loader import load_knowledge
from storage.db import make_engine, upgrade
from tests.support.databases import drop_schema, postgres_url, sqlite_url

if TYPE_CHECKING:
    from bot.app import Services

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_KNOWLEDGE = ROOT / "knowledge" / "data"


@pytest.fixture(scope="session")
def laws_dir() -> Path:
    """The official statute texts beside the project (shared/laws)."""
    directory = load_settings().laws_dir
    assert directory.is_dir(), f"statute texts missing at {directory}"
    return directory


@pytest.fixture(scope="session")
def laws(laws_dir: Path) -> LawLibrary:
    """Every statute, parsed once per session."""
    return load_laws(laws_dir)


@pytest.fixture(scope="session")
def shipped_index() -> Index:
    """The index over the knowledge we ship, built once per session."""
    return build_index(load_knowledge(SHIPPED_KNOWLEDGE, None))


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge."""
    target = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_KNOWLEDGE, target)
    return target


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Each database test runs on SQLite and on PostgreSQL (a schema of its own per session)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("sqlite"))
        return
    url = postgres_url(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    yield url
    drop_schema(url)


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated engine (alembic upgrade head)."""
    made = make_engine(db_url)
    upgrade(made)
    yield made
    made.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test (savepoint recipe)."""
    with engine.connect() as connection:
        transaction = connection.begin()
        db = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield db
        finally:
            db.close()
            transaction.rollback()


@pytest.fixture(scope="session")
def services(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The wired core on the shipped knowledge and a migrated database, no Telegram."""
    from bot.app import build

    data = tmp_path_factory.mktemp("data")
    built = build(load_settings(database_url=db_url, data_dir=data, telegram_token=None))
    yield built
    built.engine.dispose()
