"""Webhook mode end to end: `legalbot run` registers its webhook with the fake Bot API, which
pushes updates to it through a stand-in for the HTTPS reverse proxy. A forged secret is refused,
and a SIGKILL mid-update loses nothing: Telegram retries until the bot answers 200."""

from __future__ import annotations

import json
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.fake_bot_api import Chat, FakeBotApi, User
from tests.support.running import new_bot_token, start_bot, stop
from tests.support.webhook_proxy import WebhookProxy

PUBLIC_URL = "https://legalbot.example/hooks/telegram"
SECRET = "s3cret-Token_1"


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def webhook_bot(api: FakeBotApi, db_url: str, data: Path, port: int) -> Iterator[None]:
    """The bot in webhook mode until the block ends."""
    process = start_bot(
        api,
        db_url,
        data,
        webhook_url=PUBLIC_URL,
        webhook_secret=SECRET,
        webhook_port=str(port),
    )
    try:
        api.wait_for(lambda: api.webhook.get("url"), timeout=60, what="webhook set")
        yield
    finally:
        stop(process)


def first_user_id() -> int:
    return 8_000_000 + int(time.time() * 10) % 10_000_000 * 10


@pytest.mark.slow
def test_updates_pushed_to_the_webhook_are_answered(db_url: str, tmp_path: Path) -> None:
    base = first_user_id()
    ann, bo = User(base), User(base + 1)
    port = free_port()
    with FakeBotApi(token=new_bot_token()) as api, webhook_bot(api, db_url, tmp_path, port):
        hook = api.webhook
        assert (hook["url"], hook["secret_token"]) == (PUBLIC_URL, SECRET)
        assert "callback_query" in hook["allowed_updates"]
        with WebhookProxy(api, f"http://127.0.0.1:{port}/hooks/telegram") as proxy:
            api.send_command(ann, "/start")
            api.send_text(ann, "老板欠我三个月工钱咋办")
            api.send_text(bo, "房東不退押金怎麼辦")
            api.wait_for(lambda: len(api.messages(ann.id)) >= 2 and api.messages(bo.id))
            assert "工资" in api.messages(ann.id)[1]["text"]
            assert "押金" in api.messages(bo.id)[0]["text"]
            api.wait_for(lambda: not api.pending_updates(), what="all confirmed")
        assert set(proxy.statuses) == {200}
        assert not api.calls("getUpdates"), "webhook mode must not poll"


@pytest.mark.slow
def test_forged_or_garbled_webhook_calls_are_refused(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hooks/telegram"
    user = User(first_user_id())
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": Chat.private(user).to_dict(),
            "from": user.to_dict(),
            "text": "老板欠我工资",
        },
    }
    body = json.dumps(update).encode()
    header = "X-Telegram-Bot-Api-Secret-Token"
    with FakeBotApi(token=new_bot_token()) as api, webhook_bot(api, db_url, tmp_path, port):
        api.add_user(user)
        assert httpx.post(url, content=body).status_code == 403
        assert httpx.post(url, content=body, headers={header: "guess"}).status_code == 403
        assert httpx.post(url, content=b"{not json", headers={header: SECRET}).status_code == 400
        assert httpx.get(url).status_code == 405
        time.sleep(0.5)
        assert not api.messages(user.id), "a refused call must not be processed"
        assert httpx.post(url, content=body, headers={header: SECRET}).status_code == 200
        assert api.messages(user.id), "the answer is sent before the 200"


@pytest.mark.slow
def test_sigkill_mid_update_loses_nothing_in_webhook_mode(db_url: str, tmp_path: Path) -> None:
    base = first_user_id()
    citizens = [User(base + n) for n in range(6)]
    port = free_port()
    target = f"http://127.0.0.1:{port}/hooks/telegram"
    with FakeBotApi(token=new_bot_token()) as api, WebhookProxy(api, target) as proxy:
        process = start_bot(
            api, db_url, tmp_path, webhook_url=PUBLIC_URL, webhook_secret=SECRET,
            webhook_port=str(port),
        )  # fmt: skip
        try:
            api.wait_for(lambda: api.webhook.get("url"), timeout=60, what="webhook set")
            api.send_text(citizens[0], "老板欠我三个月工钱咋办")
            api.wait_for(lambda: api.messages(citizens[0].id), what="first answer")
            api.hold_sends()
            for citizen in citizens[1:]:
                api.send_text(citizen, "房东不退押金怎么办")
            api.wait_for(lambda: api.held_sends >= 1, what="a reply in flight")
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            api.release_sends(deliver=False)
            assert api.pending_updates(), "the kill came after every update was answered"
            process = start_bot(
                api, db_url, tmp_path, webhook_url=PUBLIC_URL, webhook_secret=SECRET,
                webhook_port=str(port),
            )  # fmt: skip
            api.wait_for(
                lambda: all(api.messages(c.id) for c in citizens) and not api.pending_updates(),
                timeout=60,
                what="every update answered",
            )
            time.sleep(1.0)  # a reply sent twice would have arrived by now
        finally:
            stop(process)
    assert {c.id: len(api.messages(c.id)) for c in citizens} == {c.id: 1 for c in citizens}
    assert any(not isinstance(status, int) for status in proxy.statuses), "no retry happened"
