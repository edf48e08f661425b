"""The aiohttp transport under python-telegram-bot's Bot, against the fake Bot API server."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot.tg.request import AiohttpRequest
from tests.support.fake_bot_api import FakeBotApi, User

T = TypeVar("T")
ANN = User(4242, "Ann", "ann_citizen")


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """A running fake that already knows Ann's private chat."""
    with FakeBotApi() as fake:
        fake.add_user(ANN)
        yield fake


def run(base_url: str, scenario: Callable[[Bot], Awaitable[T]], **request: float) -> T:
    """Run a scenario with a real Bot whose every call goes through AiohttpRequest."""

    async def main() -> T:
        transport = AiohttpRequest(2, **request)
        files = base_url.replace("/bot", "/file/bot")
        bot = Bot("123456:TEST", base_url=base_url, base_file_url=files, request=transport)
        async with bot:
            return await scenario(bot)

    return asyncio.run(main())


def test_messages_go_as_json_with_markup_and_html(api: FakeBotApi) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("有帮助", callback_data="fb:1:1")]])

    async def scenario(bot: Bot) -> int:
        sent = await bot.send_message(
            ANN.id, "<b>工资</b> &amp; 押金 😀", parse_mode=ParseMode.HTML, reply_markup=markup
        )
        return sent.message_id

    message_id = run(api.base_url, scenario)
    (message,) = api.messages(ANN.id)
    assert message["message_id"] == message_id and message["text"] == "工资 & 押金 😀"
    assert message["entities"][0]["type"] == "bold"
    assert message["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "fb:1:1"


def test_uploads_go_as_multipart_with_their_names_and_bytes(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> bytes:
        sent = await bot.send_document(ANN.id, b"\x00\xff\r\n--x", filename="台账 11月.xlsx")
        assert sent.document is not None and sent.document.file_name == "台账 11月.xlsx"
        return bytes(await (await bot.get_file(sent.document.file_id)).download_as_bytearray())

    assert run(api.base_url, scenario) == b"\x00\xff\r\n--x"


def test_api_errors_keep_their_telegram_meaning(api: FakeBotApi) -> None:
    api.block(ANN.id)
    with pytest.raises(Forbidden, match="blocked"):
        run(api.base_url, lambda bot: bot.send_message(ANN.id, "你好"))
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        run(api.base_url, lambda bot: bot.send_message(999_999, "你好"))


def test_a_reply_slower_than_the_read_timeout_is_timed_out(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> None:
        api.hold_sends()
        await bot.send_message(ANN.id, "你好")

    try:
        with pytest.raises(TimedOut):
            run(api.base_url, scenario, read_timeout=0.3)
    finally:
        api.release_sends(deliver=False)


def test_an_unreachable_server_is_a_network_error() -> None:
    with socket.socket() as closed, pytest.raises(NetworkError) as caught:
        closed.bind(("127.0.0.1", 0))  # bound but never listening: connections are refused,
        port = closed.getsockname()[1]  # and no other test's server can take the port meanwhile
        run(f"http://127.0.0.1:{port}/bot", lambda bot: bot.get_me())
    assert not isinstance(caught.value, TimedOut)


def test_calls_before_initialize_are_refused() -> None:
    async def main() -> None:
        await AiohttpRequest().do_request("http://127.0.0.1:1/", "POST")

    with pytest.raises(RuntimeError, match="not initialized"):
        asyncio.run(main())
