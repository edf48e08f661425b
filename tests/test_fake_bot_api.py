"""The fake Bot API server, driven by python-telegram-bot's own Bot and Application."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.support.fake_bot_api import ApiError, FakeBotApi, User, parse_html

T = TypeVar("T")
ANN = User(42, "Ann", "ann_citizen")


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """A running fake that already knows Ann's private chat."""
    with FakeBotApi() as fake:
        fake.add_user(ANN)
        yield fake


def run(api: FakeBotApi, scenario: Callable[[Bot], Awaitable[T]], token: str = "") -> T:
    """Run a scenario against the fake with a real, initialized telegram.Bot."""

    async def main() -> T:
        bot = Bot(token or api.token, base_url=api.base_url, base_file_url=api.base_file_url)
        async with bot:
            return await scenario(bot)

    return asyncio.run(main())


def keyboard(*data: str) -> InlineKeyboardMarkup:
    """One row of callback buttons labelled by their data."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


def test_get_me_reports_the_configured_bot(api: FakeBotApi) -> None:
    me = run(api, lambda bot: bot.get_me())
    assert (me.id, me.username, me.is_bot) == (123456, "legalbot_test_bot", True)


def test_send_message_returns_a_full_message_and_is_recorded(api: FakeBotApi) -> None:
    sent = run(api, lambda bot: bot.send_message(ANN.id, "您好", reply_markup=keyboard("a", "b")))
    assert (sent.message_id, sent.chat.id, sent.text) == (1, ANN.id, "您好")
    assert sent.from_user is not None and sent.from_user.username == "legalbot_test_bot"
    assert sent.reply_markup == keyboard("a", "b")
    [stored] = api.messages(ANN.id)
    assert stored["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "b"
    call = api.calls("sendMessage")[-1]
    assert call.ok and call.params["chat_id"] == ANN.id and call.params["text"] == "您好"


def test_html_becomes_plain_text_with_utf16_entities(api: FakeBotApi) -> None:
    html = '<b>粗体</b> &lt;法&gt; 😀<i>x</i> <a href="https://e.org/?a=1&amp;b=2">链</a>'
    sent = run(api, lambda bot: bot.send_message(ANN.id, html, parse_mode=ParseMode.HTML))
    assert sent.text == "粗体 <法> 😀x 链"
    kinds = [(e.type, e.offset, e.length) for e in sent.entities]
    assert kinds == [("bold", 0, 2), ("italic", 9, 1), ("text_link", 11, 1)]
    assert sent.entities[2].url == "https://e.org/?a=1&b=2"


@pytest.mark.parametrize(
    ("chat_id", "text", "extra", "expected"),
    [
        (ANN.id, "", {}, "message text is empty"),
        (ANN.id, "  \n ", {}, "message text is empty"),
        (ANN.id, "x" * 4097, {}, "message is too long"),
        (ANN.id, "😀" * 2049, {}, "message is too long"),
        (999, "hi", {}, "chat not found"),
        (ANN.id, "<blink>x</blink>", {"parse_mode": "HTML"}, "can't parse entities"),
        (ANN.id, "<b>x", {"parse_mode": "HTML"}, "can't parse entities"),
        (ANN.id, "<b><i>x</b></i>", {"parse_mode": "HTML"}, "can't parse entities"),
        (ANN.id, "税 & 费", {"parse_mode": "HTML"}, "can't parse entities"),
        (ANN.id, "1 < 2", {"parse_mode": "HTML"}, "can't parse entities"),
        (ANN.id, "<span>x</span>", {"parse_mode": "HTML"}, "can't parse entities"),
        (ANN.id, "hi", {"reply_markup": keyboard("é" * 33)}, "button_data_invalid"),
    ],
)
def test_rejects_what_telegram_rejects(
    api: FakeBotApi, chat_id: int, text: str, extra: dict[str, Any], expected: str
) -> None:
    with pytest.raises(BadRequest) as error:
        run(api, lambda bot: bot.send_message(chat_id, text, **extra))
    assert error.value.message.lower().startswith(expected)
    assert api.messages(ANN.id) == []
    assert api.calls("sendMessage")[-1].status == 400


def test_accepts_what_telegram_accepts_at_the_limits(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> None:
        await bot.send_message(ANN.id, "😀" * 2048)
        await bot.send_message(ANN.id, "x", reply_markup=keyboard("é" * 32))
        await bot.send_message(ANN.id, "&#20320;&#x597D; &quot;<tg-spoiler>s</tg-spoiler>", "HTML")

    run(api, scenario)
    assert [m["text"] for m in api.messages(ANN.id)] == ["😀" * 2048, "x", '你好 "s']


def test_missing_parameters_and_bad_tokens(api: FakeBotApi) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat_id is empty"):
        run(api, lambda bot: bot.do_api_request("SENDMESSAGE", api_kwargs={"text": "x"}))
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        run(api, lambda bot: bot.do_api_request("SENDMESSAGE", api_kwargs={"chat_id": ANN.id}))
    with pytest.raises(EndPointNotFound):
        run(api, lambda bot: bot.do_api_request("noSuchMethod"))
    with pytest.raises(InvalidToken):
        run(api, lambda bot: bot.get_me(), token="123456:WRONG")
    reply = httpx.get(f"{api.base_url}123456:WRONG/getMe").json()
    assert reply == {"ok": False, "error_code": 401, "description": "Unauthorized"}


def test_json_bodies_and_case_insensitive_method_names(api: FakeBotApi) -> None:
    url = f"{api.base_url}{api.token}/SENDMESSAGE"
    reply = httpx.post(url, json={"chat_id": ANN.id, "text": "hi"}).json()
    assert reply["ok"] is True and reply["result"]["text"] == "hi"
    assert api.calls("sendMessage")[-1].method == "sendMessage"


def test_get_updates_confirms_earlier_updates_by_offset(api: FakeBotApi) -> None:
    first, second, third = (api.send_text(ANN, text) for text in ("一", "二", "三"))
    updates = run(api, lambda bot: bot.get_updates())
    assert [u.message.text for u in updates if u.message] == ["一", "二", "三"]
    assert len(api.pending_updates()) == 3
    updates = run(api, lambda bot: bot.get_updates(offset=second["update_id"], limit=1))
    assert [u.update_id for u in updates] == [second["update_id"]]
    assert [u["update_id"] for u in api.pending_updates()] == [
        second["update_id"],
        third["update_id"],
    ]
    assert api.confirmed_offset == second["update_id"] > first["update_id"]


def test_long_poll_returns_an_update_enqueued_during_the_wait(api: FakeBotApi) -> None:
    threading.Timer(0.2, api.send_command, (ANN, "/start")).start()
    started = time.monotonic()
    updates = run(api, lambda bot: bot.get_updates(timeout=5))
    assert time.monotonic() - started < 2
    [update] = updates
    assert update.message is not None and update.message.text == "/start"
    assert update.message.entities[0].type == "bot_command"


def test_long_poll_times_out_empty(api: FakeBotApi) -> None:
    started = time.monotonic()
    assert run(api, lambda bot: bot.get_updates(timeout=1)) == ()
    assert time.monotonic() - started >= 0.9


def test_a_newer_poll_ends_the_previous_one(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> None:
        old = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.2)
        async with Bot(api.token, base_url=api.base_url) as restarted:
            await restarted.get_updates(timeout=0)
        with pytest.raises(Conflict):
            await old

    run(api, scenario)


def test_edit_message_text(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> None:
        sent = await bot.send_message(ANN.id, "旧", reply_markup=keyboard("a"))
        await bot.edit_message_text("新", ANN.id, sent.message_id, reply_markup=keyboard("a"))
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await bot.edit_message_text("新", ANN.id, sent.message_id, reply_markup=keyboard("a"))
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await bot.edit_message_text("x", ANN.id, 99)
        await bot.edit_message_reply_markup(ANN.id, sent.message_id, reply_markup=None)

    run(api, scenario)
    [edited] = api.messages(ANN.id)
    assert edited["text"] == "新" and "reply_markup" not in edited and "edit_date" in edited


def test_answer_callback_query(api: FakeBotApi) -> None:
    sent = run(api, lambda bot: bot.send_message(ANN.id, "选", reply_markup=keyboard("yes")))
    update = api.press_button(ANN, api.messages(ANN.id)[0], "yes")
    query_id = update["callback_query"]["id"]
    assert update["callback_query"]["message"]["message_id"] == sent.message_id

    async def scenario(bot: Bot) -> None:
        assert await bot.answer_callback_query(query_id, "好的")
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await bot.answer_callback_query(query_id)
        with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
            await bot.answer_callback_query("12345")

    run(api, scenario)
    assert api.callback_answers == [{"callback_query_id": query_id, "text": "好的", "data": "yes"}]
    with pytest.raises(AssertionError, match="no button"):
        api.press_button(ANN, sent.message_id, "no")


def test_documents_and_photos_round_trip(api: FakeBotApi) -> None:
    upload = api.send_document(ANN, b"%PDF-1.4 lease", "租约.pdf", "application/pdf")
    user_file_id = upload["message"]["document"]["file_id"]

    async def scenario(bot: Bot) -> tuple[bytes, bytes, str]:
        sent = await bot.send_document(ANN.id, b"\x00\xffbinary", filename="答复.txt", caption="c")
        assert sent.document is not None and sent.document.file_name == "答复.txt"
        mine = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
        theirs = await (await bot.get_file(user_file_id)).download_as_bytearray()
        photo = await bot.send_photo(ANN.id, sent.document.file_id)
        return bytes(mine), bytes(theirs), photo.photo[0].file_id

    mine, theirs, photo_id = run(api, scenario)
    assert (mine, theirs) == (b"\x00\xffbinary", b"%PDF-1.4 lease")
    assert api.file_content(photo_id) == mine
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        run(api, lambda bot: bot.send_document(ANN.id, "no-such-file-id"))


def test_set_my_commands(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> tuple[BotCommand, ...]:
        await bot.set_my_commands([BotCommand("start", "主菜单"), BotCommand("help", "怎么用")])
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await bot.set_my_commands([BotCommand("Bad-Command", "x")])
        return await bot.get_my_commands()

    commands = run(api, scenario)
    assert [c.command for c in commands] == ["start", "help"]
    assert api.commands == [
        {"command": "start", "description": "主菜单"},
        {"command": "help", "description": "怎么用"},
    ]


# PTB 22's own RetryAfter constructor reads its deprecated int-valued retry_after.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_rate_limit_blocking_and_deletion(api: FakeBotApi) -> None:
    api.rate_limit(retry_after=3)

    async def scenario(bot: Bot) -> None:
        with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
            await bot.send_message(ANN.id, "first")
        sent = await bot.send_message(ANN.id, "second")
        assert await bot.send_chat_action(ANN.id, "typing")
        assert await bot.delete_message(ANN.id, sent.message_id)
        api.block(ANN.id)
        with pytest.raises(Forbidden):
            await bot.send_message(ANN.id, "third")

    run(api, scenario)
    assert api.messages(ANN.id) == []
    assert [m["text"] for m in api.deleted_messages(ANN.id)] == ["second"]


def test_wait_for_messages_fails_with_a_readable_dump(api: FakeBotApi) -> None:
    api.send_text(ANN, "有人吗")
    with pytest.raises(AssertionError) as error:
        api.wait_for_messages(ANN.id, 1, timeout=0.2)
    assert "1 bot message(s) in chat 42" in str(error.value)
    assert "#1 user: 有人吗" in str(error.value)


def test_user_media_and_group_updates_parse_as_ptb_updates(api: FakeBotApi) -> None:
    bodies = [
        api.send_sticker(ANN),
        api.send_photo(ANN, b"\xff\xd8jpeg", caption="合同"),
        api.send_voice(ANN),
        api.send_location(ANN, 31.2, 121.5),
        api.send_group_text(ANN, -100, "请问", mention=True),
    ]
    updates = [Update.de_json(body, None) for body in bodies]
    messages = [u.message for u in updates if u.message]
    assert messages[0].sticker and messages[1].photo and messages[2].voice
    assert messages[3].location and messages[3].location.latitude == 31.2
    assert messages[4].chat.type == "group" and messages[4].text == "@legalbot_test_bot 请问"
    assert messages[4].entities[0].type == "mention"


def test_html_parser_reports_byte_offsets() -> None:
    with pytest.raises(ApiError, match='byte offset 9, expected "</i>", found "</b>"'):
        parse_html("粗<b><i></b>")


def test_a_real_application_answers_a_text_update(api: FakeBotApi) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Say the text back."""
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    async def main() -> dict[str, Any]:
        builder = ApplicationBuilder().token(api.token).base_url(api.base_url)
        app = builder.base_file_url(api.base_file_url).build()
        app.add_handler(MessageHandler(filters.TEXT, echo))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            update = api.send_text(ANN, "你好")
            await asyncio.to_thread(api.wait_for_messages, ANN.id, 1, 5)
            await app.updater.stop()
            await app.stop()
        return update

    update = asyncio.run(main())
    assert [m["text"] for m in api.messages(ANN.id)] == ["echo: 你好"]
    assert api.confirmed_offset > update["update_id"]
    assert api.pending_updates() == []
    assert api.server_errors == []
