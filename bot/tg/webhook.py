"""Webhook mode that never loses an update: Telegram gets its 200 only after the update has been
processed and its replies stored.

PTB's own webhook server answers 200 as soon as the update is queued, before any handler has run;
a crash in between would drop the update, since Telegram only retries updates it got no 2xx for.
Here an aiohttp server hands each update to the real Application (`process_update`) and answers
when that is done. The bot listens on plain HTTP (`webhook_listen`:`webhook_port`) behind the
HTTPS reverse proxy that `webhook_url` names; the path is the path of `webhook_url`.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.tg.lifecycle import running

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(webhook_url: str) -> str:
    """The local path to serve: the path of the public URL, or /telegram."""
    return urlsplit(webhook_url).path or "/telegram"


def _handler(
    application: Application, secret: str | None
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if secret is not None and not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("webhook_refused reason=secret")
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("webhook_refused reason=body")
            return web.Response(status=400)
        await application.process_update(update)
        return web.Response()

    return receive


async def serve_webhook(
    application: Application,
    stop: asyncio.Event,
    *,
    url: str,
    listen: str,
    port: int,
    secret: str | None = None,
) -> None:
    """Run the Application and the webhook server until `stop` is set.

    The webhook stays registered on shutdown: Telegram keeps the updates that arrive while the
    bot is down and delivers them when it is back.
    """
    server = web.Application(client_max_size=1 << 20)
    server.router.add_post(webhook_path(url), _handler(application, secret))
    # No access log: its lines would carry nothing useful. Updates in progress get 10 s to finish.
    runner = web.AppRunner(server, access_log=None, shutdown_timeout=10.0)
    async with running(application):
        await runner.setup()
        try:
            await web.TCPSite(runner, listen, port).start()
            await application.bot.set_webhook(
                url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
            log.info("webhook_ready port=%d", port)
            await stop.wait()
        finally:
            await runner.cleanup()
