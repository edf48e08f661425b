"""Long polling that never loses an update: a batch is confirmed (the next offset) only after
every update in it has been processed and its replies stored.

PTB's own Updater confirms a batch as soon as it fetches the next one, before the handlers have
run; a crash in between would drop those updates for good. Here the real Application still
handles every update (`process_update`), but the offset moves only when the work is saved.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.tg.lifecycle import running

log = logging.getLogger(__name__)


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def poll(application: Application, stop: asyncio.Event, timeout: int = 10) -> None:
    """Fetch, process, confirm, until `stop` is set."""
    offset: int | None = None
    backoff = 1.0
    while not stop.is_set():
        fetch = asyncio.ensure_future(
            application.bot.get_updates(
                offset=offset, timeout=timeout, allowed_updates=Update.ALL_TYPES
            )
        )
        halt = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({fetch, halt}, return_when=asyncio.FIRST_COMPLETED)
        if fetch not in done:
            fetch.cancel()
            break
        halt.cancel()
        try:
            updates = fetch.result()
        except RetryAfter as error:
            await asyncio.sleep(_seconds(error.retry_after))
            continue
        except (NetworkError, TimedOut) as error:
            log.warning("get_updates_failed reason=%s retry_in=%.0fs", error.message, backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 30.0)
            continue
        backoff = 1.0
        if not updates:
            continue
        await asyncio.gather(*(application.process_update(update) for update in updates))
        offset = updates[-1].update_id + 1


async def serve(application: Application, stop: asyncio.Event, timeout: int = 10) -> None:
    """Run the Application (post_init, polling, post_stop) until `stop` is set."""
    async with running(application):
        await application.bot.delete_webhook(drop_pending_updates=False)
        await poll(application, stop, timeout)
