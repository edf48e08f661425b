"""A fake Bot API server and the real bot polling it, per test module and database."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import pytest

from bot.app import Services
from tests.support.fake_bot_api import FakeBotApi, User
from tests.support.running import RunningBot, new_bot_token, telegram_services

_ids = itertools.count(random.randint(10**8, 9 * 10**8) * 10)


@pytest.fixture(scope="module")
def api(db_url: str) -> Iterator[FakeBotApi]:
    """A fresh local Bot API server per module and database (ids never collide across runs)."""
    with FakeBotApi(token=new_bot_token()) as server:
        yield server


@pytest.fixture(scope="module")
def bot(
    api: FakeBotApi, db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Services]:
    """The real Application + core, polling `api`, on SQLite or PostgreSQL."""
    services = telegram_services(api, db_url, tmp_path_factory.mktemp("tg"))
    with RunningBot(services):
        yield services
    services.engine.dispose()


@pytest.fixture
def citizen() -> User:
    """A citizen nobody else in the session uses."""
    return User(next(_ids), first_name="居民")
