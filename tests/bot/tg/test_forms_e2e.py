"""A complaint filed over Telegram: buttons, typed answers, photo and document evidence,
/mycases; and a bot process SIGKILLed in the middle of the dialog that resumes exactly there."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from bot.app import Services
from tests.support.fake_bot_api import FakeBotApi, User
from tests.support.running import new_bot_token, start_bot, stop

JSON = dict[str, Any]


class Phone:
    """A citizen's phone: sends, presses buttons by label, reads the newest bot messages."""

    def __init__(self, api: FakeBotApi, user: User) -> None:
        self.api, self.user, self.seen = api, user, 0

    def _wait(self) -> list[JSON]:
        def fresh() -> list[JSON] | None:
            shown = self.api.messages(self.user.id)
            idle = not self.api.pending_updates()
            return shown[self.seen :] if len(shown) > self.seen and idle else None

        new = self.api.wait_for(fresh, what=f"reply to {self.user.id}")
        time.sleep(0.05)
        new = self.api.messages(self.user.id)[self.seen :]
        self.seen += len(new)
        self.last = new
        return new

    def text(self) -> str:
        return "\n".join(m["text"] for m in self.last)

    def say(self, text: str) -> str:
        if text.startswith("/"):
            self.api.send_command(self.user, text)
        else:
            self.api.send_text(self.user, text)
        self._wait()
        return self.text()

    def press(self, label: str) -> str:
        for message in reversed(self.last):
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"].endswith(label):
                        self.api.press_button(self.user, message, button["callback_data"])
                        self._wait()
                        return self.text()
        raise AssertionError(f"no button {label!r} in {self.last}")

    def photo(self) -> str:
        self.api.send_photo(self.user, b"\xff\xd8\xff fake jpeg")
        self._wait()
        return self.text()


def begin(phone: Phone) -> None:
    phone.say("/start")
    phone.press("登记诉求")
    assert "个人信息说明" in phone.press("欠薪投诉登记")
    assert "欠您工资的是哪个单位" in phone.press("同意并开始")


def test_wages_complaint_over_telegram(api: FakeBotApi, bot: Services, citizen: User) -> None:
    phone = Phone(api, citizen)
    begin(phone)
    phone.say("城关区某某小吃店")
    phone.press("个体店铺")
    phone.say("城关区某某路18号")
    assert "例如" in phone.say("好多钱")
    phone.say("四万八千八")
    phone.say("去年三月到十二月")
    phone.say("1")
    phone.press("否")
    assert "已收到第 1 份材料" in phone.photo()
    api.send_document(citizen, b"%PDF-1.4 fake", "工资条.pdf", "application/pdf")
    phone._wait()
    assert "已收到第 2 份材料" in phone.text()
    phone.press("完成")
    phone.say("张三")
    assert "例如" in phone.say("12345")
    phone.say("138 0013 8000")
    phone.press("尽快拿到工资")
    summary = phone.press("完成")
    assert "欠薪金额：48,800 元" in summary and "证据：2 份材料" in summary
    filed = phone.press("提交")
    number = re.search(r"LB-\d{8}-\d{4}", filed)
    assert number is not None
    assert number.group() in phone.say("/mycases")
    for call in api.calls("sendMessage"):
        assert call.ok, call.description


@pytest.mark.slow
def test_sigkill_mid_dialog_resumes_where_the_citizen_was(db_url: str, tmp_path: Path) -> None:
    citizen = User(8_000_000 + int(time.time() * 10) % 10_000_000 * 10)
    with FakeBotApi(token=new_bot_token()) as api:
        process = start_bot(api, db_url, tmp_path)
        try:
            api.wait_for(lambda: api.commands, timeout=60, what="bot started")
            phone = Phone(api, citizen)
            begin(phone)
            phone.say("城关区某某小吃店")
            phone.press("个体店铺")
            assert "工作地点" in phone.text()
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            api.send_text(citizen, "城关区某某路18号")  # typed while the bot is down
            process = start_bot(api, db_url, tmp_path)
            phone._wait()
            assert "一共欠您多少钱" in phone.text()
            assert "48,800" in phone.say("48800") or "欠的是哪段时间" in phone.text()
        finally:
            stop(process)
