"""The Application's lifecycle without PTB's Updater, shared by polling and webhook mode."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import Application


@asynccontextmanager
async def running(application: Application) -> AsyncIterator[Application]:
    """initialize, post_init and start; on leaving, stop and post_stop, then always shutdown
    and post_shutdown (what `Application.run_polling` does around its Updater)."""
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        yield application
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
