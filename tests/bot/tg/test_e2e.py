"""End to end: citizens talk to the real python-telegram-bot Application through the local Bot
API server; every reply is what Telegram itself would have accepted and shown."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.app import Services
from storage.models import Direction, Feedback, Message
from tests.support.fake_bot_api import FakeBotApi, User

JSON = dict[str, Any]


def buttons(message: JSON) -> list[tuple[str, str]]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


def ask(api: FakeBotApi, citizen: User, text: str, count: int = 1) -> list[JSON]:
    before = len(api.messages(citizen.id))
    api.send_text(citizen, text)
    return api.wait_for_messages(citizen.id, before + count)[before:]


def test_start_greets_with_menu_and_commands_are_registered(
    api: FakeBotApi, bot: Services, citizen: User
) -> None:
    api.send_command(citizen, "/start")
    [greeting] = api.wait_for_messages(citizen.id, 1)
    assert "法律咨询小助手" in greeting["text"]
    labels = [label for label, _ in buttons(greeting)]
    assert labels == ["法律咨询", "登记诉求", "找专家", "点单调解", "我的案件", "帮助"]
    assert {c["command"] for c in api.commands} >= {"start", "help", "mycases", "forget"}


def test_question_gets_cited_answer_with_feedback(
    api: FakeBotApi, bot: Services, citizen: User
) -> None:
    [answer] = ask(api, citizen, "老板欠我三个月工钱咋办")
    text = answer["text"]
    assert "法律依据" in text and "《中华人民共和国劳动合同法》第三十条" in text
    assert "不是律师针对您具体案件的法律意见" in text
    assert any(e["type"] == "bold" for e in answer.get("entities", []))
    labels = [label for label, _ in buttons(answer)]
    assert "👍 有帮助" in labels and "👎 没帮助" in labels
    helpful = dict(buttons(answer))["👍 有帮助"]
    api.press_button(citizen, answer, helpful)
    api.wait_for(lambda: any(a["data"] == helpful for a in api.callback_answers), what="ack")
    acknowledged = next(a for a in api.callback_answers if a["data"] == helpful)
    assert "谢谢" in acknowledged.get("text", "")
    with bot.sessions.begin() as session:
        votes = session.scalars(select(Feedback.helpful).where(Feedback.faq_id.is_not(None))).all()
    assert True in votes


def test_traditional_question_gets_the_same_answer(
    api: FakeBotApi, bot: Services, citizen: User
) -> None:
    [simplified] = ask(api, citizen, "老板欠我三个月工钱怎么办")
    [traditional] = ask(api, citizen, "老闆欠我三個月工錢怎麼辦")
    assert simplified["text"] == traditional["text"]


def test_off_topic_emoji_and_sticker_get_kind_replies(
    api: FakeBotApi, bot: Services, citizen: User
) -> None:
    [recipe] = ask(api, citizen, "红烧肉怎么做")
    assert "帮不上忙" in recipe["text"] and "12348" in recipe["text"]
    [emoji] = ask(api, citizen, "😀😀😀")
    assert "只看懂文字" in emoji["text"]
    api.send_sticker(citizen)
    [sticker] = api.wait_for_messages(citizen.id, 3)[2:]
    assert "只看得懂文字" in sticker["text"]
    [unknown] = ask(api, citizen, "/frobnicate")
    assert "没有这个命令" in unknown["text"]


def test_ten_thousand_characters_are_answered_within_limits(
    api: FakeBotApi, bot: Services, citizen: User
) -> None:
    story = ("我在工地干了十个月，包工头一直拖欠工资不给，" * 500)[:10_000]
    [reply] = ask(api, citizen, story)
    assert reply["text"]
    for call in api.calls("sendMessage"):
        assert call.ok, call.description


def test_suggestion_buttons_show_the_chosen_answer(
    api: FakeBotApi, bot: Services, citizen: User
) -> None:
    [offer] = ask(api, citizen, "赔偿")
    choices = [(label, data) for label, data in buttons(offer) if data.startswith("faq:")]
    if not choices:  # the engine was sure enough to answer; ask something vaguer
        [offer] = ask(api, citizen, "钱")
        choices = [(label, data) for label, data in buttons(offer) if data.startswith("faq:")]
    assert choices, offer
    shown = len(api.messages(citizen.id))
    api.press_button(citizen, offer, choices[0][1])
    answer = api.wait_for_messages(citizen.id, shown + 1)[-1]
    assert "法律依据" in answer["text"]


def test_group_chats_are_private_only(api: FakeBotApi, bot: Services, citizen: User) -> None:
    group = -(10**12 + citizen.id)
    api.send_group_text(citizen, group, "老板欠我工资怎么办")
    api.send_group_text(citizen, group, "@legalbot_test_bot 老板欠我工资", mention=True)
    [pointer] = api.wait_for_messages(group, 1)
    assert "私聊" in pointer["text"]
    assert len(api.messages(group)) == 1


def test_flood_gets_one_calm_reply_and_everything_is_stored(
    api: FakeBotApi, bot: Services, citizen: User
) -> None:
    for number in range(25):
        api.send_text(citizen, f"老板欠我工资{number}")
    api.wait_for(
        lambda: len(api.messages(citizen.id)) >= 21 and not api.pending_updates(), what="flood"
    )
    texts = [m["text"] for m in api.messages(citizen.id)]
    assert sum("发得有点快" in t for t in texts) == 1
    with bot.sessions.begin() as session:
        stored = session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.direction == Direction.IN, Message.text.like("老板欠我工资%"))
        )
    assert stored is not None and stored >= 25
