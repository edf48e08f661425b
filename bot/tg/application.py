"""The Telegram channel: python-telegram-bot's Application wired to the conversation core."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from telegram import Bot, BotCommand, CallbackQuery, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot import messages
from bot.app import Services
from bot.assistant import Incoming, Kind
from bot.conversation import Outgoing
from bot.logs import user_hash
from bot.settings import Settings
from bot.tg.polling import serve
from bot.tg.render import keyboard, to_html
from bot.tg.request import AiohttpRequest
from bot.tg.webhook import serve_webhook
from dialogs.events import Attach
from storage.transcript import Delivery

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", "主菜单"),
    ("help", "怎么用"),
    ("mycases", "我的案件"),
    ("forget", "删除我的个人数据"),
)
MEDIA_ATTRIBUTES = (
    "sticker",
    "photo",
    "voice",
    "audio",
    "video",
    "video_note",
    "document",
    "location",
    "contact",
    "animation",
    "venue",
    "poll",
    "dice",
)
T = TypeVar("T")
MAX_LOCKS = 10_000
SENDS_IN_FLIGHT = 8
CHANNEL = "tg"


def incoming_of(update: Update) -> Incoming | None:
    """What the citizen sent, in core terms; None for updates the bot ignores."""
    user = update.effective_user
    if user is None:
        return None
    key = f"{CHANNEL}:{user.id}"
    language = user.language_code
    if update.callback_query is not None:
        return Incoming(key, Kind.CALLBACK, update.callback_query.data or "", language)
    message = update.message
    if message is None:
        return None
    if message.text is not None:
        kind = Kind.COMMAND if message.text.startswith("/") else Kind.TEXT
        return Incoming(key, kind, message.text, language)
    media = next((name for name in MEDIA_ATTRIBUTES if getattr(message, name, None)), "other")
    return Incoming(key, Kind.MEDIA, message.caption or media, language, attachment_of(message))


def attachment_of(message: Message) -> Attach | None:
    """Photos and documents are evidence; kept by their Telegram file id."""
    if message.photo:
        largest = max(message.photo, key=lambda size: size.width * size.height)
        return Attach("photo", largest.file_id, None, "image/jpeg", largest.file_size)
    document = message.document
    if document is not None:
        return Attach(
            "document", document.file_id, document.file_name, document.mime_type, document.file_size
        )
    return None


def _addressed(message: Message, username: str) -> bool:
    mention = f"@{username}".lower()
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None and replied.from_user.is_bot
    return to_bot or mention in (message.text or message.caption or "").lower()


class TelegramChannel:
    """Handlers that turn updates into core calls and deliver the stored replies."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.conversation = services.conversation
        self._locks: OrderedDict[str, asyncio.Lock] = OrderedDict()
        # On SQLite the core runs on the event loop's thread: a call is about a millisecond of
        # CPU with no network wait, and handing each to a worker thread cost 40% more CPU per
        # update in GIL switches than it freed the loop. PostgreSQL statements wait on the
        # network, so a few threads keep the loop free; more throughput comes from processes.
        sqlite = services.engine.dialect.name == "sqlite"
        self._core = None if sqlite else ThreadPoolExecutor(4, thread_name_prefix="core")
        # A hundred sends queued at once cost more CPU in the HTTP pool than they save.
        self._sending = asyncio.Semaphore(SENDS_IN_FLIGHT)
        self._confirmed: list[Delivery] = []
        self._marking: asyncio.Task[None] | None = None

    async def _in_core(self, function: Callable[..., T], *args: object) -> T:
        if self._core is None:
            return function(*args)
        return await asyncio.get_running_loop().run_in_executor(self._core, function, *args)

    def _lock(self, user: str) -> asyncio.Lock:
        lock = self._locks.pop(user, None) or asyncio.Lock()
        self._locks[user] = lock
        while len(self._locks) > MAX_LOCKS:
            oldest, old = next(iter(self._locks.items()))
            if old.locked():
                break
            del self._locks[oldest]
        return lock

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every update: private chats go to the core; groups get a pointer when addressed."""
        chat = update.effective_chat
        if chat is not None and chat.type != ChatType.PRIVATE:
            message = update.message
            if message is not None and _addressed(message, context.bot.username):
                await message.reply_text(messages.GROUP_ONLY_PRIVATE)
            return
        incoming = incoming_of(update)
        if incoming is None or chat is None:
            return
        query = update.callback_query
        async with self._lock(incoming.user):
            key = f"{CHANNEL}:{context.bot.id}:{update.update_id}"
            outgoing = await self._in_core(self.conversation.receive, incoming, str(chat.id), key)
            answered = False
            for item in outgoing:
                answered |= await self.deliver(context.bot, item, query)
        if query is not None and not answered:
            await self._answer(query, None)

    async def _answer(self, query: CallbackQuery, text: str | None) -> bool:
        try:
            await query.answer(text)
        except BadRequest as error:
            # An old button pressed after a restart: the query may have expired; nothing is lost.
            log.info("callback_answer_failed reason=%s", error.message)
            return False
        return True

    def _confirm(self, delivery: Delivery) -> None:
        """Queue a confirmed delivery for the next batch write on the core thread."""
        self._confirmed.append(delivery)
        if self._marking is None:
            self._marking = asyncio.create_task(self._write_confirmed())

    async def _write_confirmed(self) -> None:
        # One transaction for every confirmation that arrived meanwhile. A crash before it
        # commits makes those replies go out again on restart: repeated, never lost.
        try:
            while self._confirmed:
                batch, self._confirmed = self._confirmed, []
                try:
                    await self._in_core(self.conversation.all_delivered, batch)
                except Exception:
                    # Kept for the next attempt (the next confirmation starts one): a mark
                    # never written means the reply goes out again after a restart.
                    log.exception("delivery_marks_failed count=%d", len(batch))
                    self._confirmed[:0] = batch
                    return
        finally:
            self._marking = None

    async def settle(self) -> None:
        """Wait until every confirmed delivery is written (before shutting down)."""
        if self._marking is not None:
            await self._marking

    async def deliver(self, bot: Bot, item: Outgoing, query: CallbackQuery | None = None) -> bool:
        """Send one stored reply and record its delivery; True if it answered the callback.

        Each part is queued for marking the moment Telegram confirms it; the marks of many
        replies are written together, so a crash can repeat the replies confirmed in the last
        few milliseconds, and loses none.
        """
        if item.reply.notice and query is not None:
            await self._answer(query, item.reply.text()[:200])
            self._confirm(Delivery(item.id, None))
            return True
        chunks = to_html(item.reply)
        for number in range(item.parts_sent, len(chunks)):
            last = number == len(chunks) - 1
            try:
                async with self._sending:
                    sent = await bot.send_message(
                        chat_id=int(item.chat),
                        text=chunks[number],
                        parse_mode=ParseMode.HTML,
                        reply_markup=keyboard(item.reply) if last else None,
                    )
            except (Forbidden, BadRequest) as error:
                # Blocked by the person, or a chat Telegram no longer knows: retrying cannot help.
                log.warning("send_refused outgoing=%d reason=%s", item.id, error.message)
                self._confirm(Delivery(item.id, None))
                return False
            self._confirm(Delivery(item.id, str(sent.message_id), last))
        return False

    async def flush(self, bot: Bot) -> int:
        """Deliver replies stored before a crash; returns how many went out."""
        count = 0
        while batch := await self._in_core(self.conversation.undelivered, CHANNEL):
            for item in batch:
                await self.deliver(bot, item)
                count += 1
            await self.settle()  # else the next query would return these again
        return count

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure with its traceback and tell the person nothing was lost."""
        log.error("update_failed", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            with contextlib.suppress(Exception):
                await context.bot.send_message(update.effective_chat.id, messages.ERROR)


SWEEP_SECONDS = 600.0


def reload_all(services: Services) -> None:
    """Explicit reload of knowledge and forms (SIGHUP); problems go to the log."""
    for store in (services.knowledge, services.forms):
        report = store.reload()
        for problem in report.problems:
            log.warning("reload_problem %s", problem)


async def _housekeeping(services: Services, channel: TelegramChannel, bot: Bot) -> None:
    """Reload changed knowledge and forms; now and then expire old drafts with a notice."""
    interval = services.settings.reload_interval or SWEEP_SECONDS
    since_sweep = SWEEP_SECONDS
    while True:
        for store in (services.knowledge, services.forms):
            report = await asyncio.to_thread(store.refresh)
            for problem in report.problems if report else ():
                log.warning("reload_problem %s", problem)
        if since_sweep >= SWEEP_SECONDS:
            if await asyncio.to_thread(services.conversation.expire_drafts):
                await channel.flush(bot)
            since_sweep = 0.0
        await asyncio.sleep(interval)
        since_sweep += interval


def build_telegram(services: Services) -> Application:
    """The PTB Application: token and base URLs from settings, rate limiter, one handler."""
    settings = services.settings
    assert settings.telegram_token is not None
    builder = ApplicationBuilder().token(settings.telegram_token.get_secret_value())
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    if settings.telegram_rate_limit > 0:
        limiter = AIORateLimiter(overall_max_rate=settings.telegram_rate_limit, max_retries=3)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    channel = TelegramChannel(services)
    tasks: list[asyncio.Task[None]] = []

    async def post_init(app: Application) -> None:
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
        flushed = await channel.flush(app.bot)
        log.info("telegram_ready bot=%s redelivered=%d", user_hash(app.bot.username), flushed)
        tasks.append(asyncio.create_task(_housekeeping(services, channel, app.bot)))
        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, reload_all, services)

    async def post_stop(app: Application) -> None:
        for task in tasks:
            task.cancel()
        await channel.settle()

    builder = builder.post_init(post_init).post_stop(post_stop)
    # Replies go out at most SENDS_IN_FLIGHT at a time; long polling has its own connection.
    builder = builder.request(AiohttpRequest(SENDS_IN_FLIGHT + 2))
    builder = builder.get_updates_request(AiohttpRequest(1))
    # PTB's Updater confirms updates before handling them (polling) or answers the webhook
    # before handling; bot.tg.polling and bot.tg.webhook confirm only once the work is stored.
    builder = builder.updater(None)
    builder = builder.concurrent_updates(settings.telegram_concurrency)
    application = builder.build()
    application.add_handler(TypeHandler(Update, channel.on_update))
    application.add_error_handler(channel.on_error)
    return application


def run_telegram(services: Services) -> None:
    """Run until SIGINT or SIGTERM: long polling, or a webhook when `webhook_url` is set."""
    if services.engine.dialect.name != "sqlite":
        # The event loop and the core threads hand the GIL back and forth on every database
        # call; the default 5 ms switch interval makes each hand-off a stall.
        sys.setswitchinterval(0.0005)
    asyncio.run(_serve(services.settings, build_telegram(services)))


async def _serve(settings: Settings, application: Application) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for name in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(name, stop.set)
    if not settings.webhook_url:
        await serve(application, stop, settings.telegram_poll_timeout)
        return
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    await serve_webhook(
        application,
        stop,
        url=settings.webhook_url,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        secret=secret,
    )
