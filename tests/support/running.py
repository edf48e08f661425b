"""The real bot (python-telegram-bot Application + our core) running in a thread against the
fake Bot API, so tests can play citizens synchronously."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType

from bot.app import Services, build
from bot.settings import load_settings
from bot.tg.application import build_telegram
from bot.tg.polling import serve
from tests.support.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]

_BOT_IDS = itertools.count(random.randint(10**6, 9 * 10**8) * 10)


def new_bot_token() -> str:
    """A token for a bot no other test has used: update ids restart at 1 for every fake server,
    and stored updates are keyed by bot and update id."""
    return f"{next(_BOT_IDS)}:TEST"


def telegram_services(api: FakeBotApi, db_url: str, data_dir: Path) -> Services:
    """Services configured for the fake server (no rate limiter, short polls)."""
    settings = load_settings(
        telegram_token=api.token,
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
        telegram_rate_limit=0,
        telegram_poll_timeout=1,
        database_url=db_url,
        data_dir=data_dir,
    )
    return build(settings)


class RunningBot:
    """`with RunningBot(services):` polls the fake server until the block ends."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="bot", daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:  # surfaced by __exit__
            self.error = error
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        application = build_telegram(self.services)
        original = application.post_init

        async def ready(app: object) -> None:
            if original is not None:
                await original(app)  # type: ignore[arg-type]
            self._ready.set()

        application.post_init = ready  # type: ignore[method-assign,assignment]
        await serve(application, self._stop, timeout=1)

    def __enter__(self) -> RunningBot:
        self._thread.start()
        assert self._ready.wait(30), "bot did not start"
        if self.error is not None:
            raise self.error
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        assert not self._thread.is_alive(), "bot did not stop"
        if self.error is not None and kind is None:
            raise self.error


def start_bot(api: FakeBotApi, db_url: str, data: Path, **settings: str) -> subprocess.Popen[bytes]:
    """`legalbot run` as a child process against `api` (no rate limiter, short polls); more
    settings by name, e.g. webhook_url="https://…"."""
    env = {
        **os.environ,
        "LEGALBOT_TELEGRAM_TOKEN": api.token,
        "LEGALBOT_TELEGRAM_BASE_URL": api.base_url,
        "LEGALBOT_TELEGRAM_BASE_FILE_URL": api.base_file_url,
        "LEGALBOT_TELEGRAM_RATE_LIMIT": "0",
        "LEGALBOT_TELEGRAM_POLL_TIMEOUT": "1",
        "LEGALBOT_DATABASE_URL": db_url,
        "LEGALBOT_DATA_DIR": str(data),
        **{f"LEGALBOT_{name.upper()}": value for name, value in settings.items()},
    }
    log = (data / "bot.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=log, stderr=log
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it will not stop."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
