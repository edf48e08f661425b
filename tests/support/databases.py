"""Test databases: a SQLite file and a PostgreSQL schema per xdist worker, both migrated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

POSTGRES = os.environ.get(
    "LEGALBOT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_url(worker: str) -> str:
    """A fresh schema for this test session and worker (concurrent runs on one server never
    share one); fails under CI if the server is unreachable."""
    schema = f"lb_test_{os.getpid()}_{worker}"
    admin = create_engine(POSTGRES, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except OperationalError as error:
        message = f"PostgreSQL unreachable at {POSTGRES}: {error.orig}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    finally:
        admin.dispose()
    return f"{POSTGRES}?options=-csearch_path%3D{schema}"


def sqlite_url(directory: Path) -> str:
    """A SQLite file in a temporary directory."""
    return f"sqlite:///{directory / 'legalbot.sqlite3'}"


def drop_schema(url: str) -> None:
    """Remove the schema a test session made."""
    schema = url.rsplit("%3D", 1)[1]
    admin = create_engine(POSTGRES, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    finally:
        admin.dispose()
