"""The storage-backed conversation core, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select

from bot.app import Services
from bot.assistant import Incoming, Kind
from bot.conversation import FloodGuard
from storage.models import Direction, Feedback, Message, User

_ids = itertools.count(1)


def citizen() -> str:
    return f"test:{next(_ids)}-{id(object())}"


def text(user: str, body: str, kind: Kind = Kind.TEXT) -> Incoming:
    return Incoming(user, kind, body)


def test_answer_is_stored_with_match_and_gets_feedback_buttons(services: Services) -> None:
    user = citizen()
    [out] = services.conversation.receive(text(user, "老板欠我三个月工钱咋办"), "chat", None)
    assert out.reply.faq_id is not None
    labels = [b.label for row in out.reply.buttons for b in row]
    assert labels[-2:] == ["👍 有帮助", "👎 没帮助"]
    with services.sessions.begin() as session:
        stored = session.get(Message, out.id)
        assert stored is not None and stored.direction == Direction.OUT and stored.sent_at is None
        question = session.get(Message, stored.in_reply_to)
        assert question is not None and question.faq_id == out.reply.faq_id
        assert question.score is not None and question.outcome == "answer"


def test_feedback_press_is_recorded_and_acknowledged(services: Services) -> None:
    user = citizen()
    [answer] = services.conversation.receive(text(user, "老板欠我工资不给"), "chat", None)
    helpful = [b for row in answer.reply.buttons for b in row][-2]
    [ack] = services.conversation.receive(text(user, helpful.data, Kind.CALLBACK), "chat", None)
    assert ack.reply.notice and "谢谢" in ack.reply.text()
    with services.sessions.begin() as session:
        votes = session.scalars(select(Feedback).where(Feedback.message_id == answer.id)).all()
        assert [v.helpful for v in votes] == [True]


def test_forged_feedback_is_refused_kindly(services: Services) -> None:
    owner, other = citizen(), citizen()
    [answer] = services.conversation.receive(text(owner, "老板欠我工资不给"), "chat", None)
    data = [b.data for row in answer.reply.buttons for b in row][-1]
    [ack] = services.conversation.receive(text(other, data, Kind.CALLBACK), "chat", None)
    assert "失效" in ack.reply.text()


def test_redelivered_update_sends_only_what_was_not_delivered(services: Services) -> None:
    user = citizen()
    key = f"key-{user}"
    first = services.conversation.receive(text(user, "你好"), "chat", key)
    again = services.conversation.receive(text(user, "你好"), "chat", key)
    assert [o.id for o in again] == [o.id for o in first]
    services.conversation.delivered(first[0].id, "1")
    assert services.conversation.receive(text(user, "你好"), "chat", key) == []


def test_undelivered_replies_survive_for_redelivery(services: Services) -> None:
    user = citizen()
    [out] = services.conversation.receive(text(user, "/start", Kind.COMMAND), "chat", None)
    assert out.id in {o.id for o in services.conversation.undelivered("test", 10_000)}
    services.conversation.delivered(out.id, "5")
    assert out.id not in {o.id for o in services.conversation.undelivered("test", 10_000)}


def test_flood_gets_one_calm_reply_and_nothing_is_lost(services: Services) -> None:
    now = [0.0]
    base = services.conversation
    flood = FloodGuard(limit=3, window=10, clock=lambda: now[0])
    conversation = type(base)(base.assistant, base.sessions, flood, base.intake, base.desk)
    user = citizen()
    replies = [conversation.receive(text(user, f"问题{n}"), "chat", None) for n in range(6)]
    assert [len(r) for r in replies] == [1, 1, 1, 1, 0, 0]
    assert "发得有点快" in replies[3][0].reply.text()
    with services.sessions.begin() as session:
        stored = session.scalar(
            select(func.count())
            .select_from(Message)
            .join(User)
            .where(User.external_id == user.partition(":")[2], Message.direction == Direction.IN)
        )
    assert stored == 6
    now[0] = 11.0
    assert len(conversation.receive(text(user, "老板欠薪"), "chat", None)) == 1


def test_forget_erases_after_confirmation(services: Services) -> None:
    user = citizen()
    services.conversation.receive(text(user, "我叫张三，老板欠我工资"), "chat", None)
    [ask] = services.conversation.receive(text(user, "/forget", Kind.COMMAND), "chat", None)
    no, yes = ask.reply.buttons[0][1], ask.reply.buttons[0][0]
    [kept] = services.conversation.receive(text(user, no.data, Kind.CALLBACK), "chat", None)
    assert "没有删除" in kept.reply.text()
    [done] = services.conversation.receive(text(user, yes.data, Kind.CALLBACK), "chat", None)
    assert "已删除" in done.reply.text()
    with services.sessions.begin() as session:
        person = session.scalar(select(User).where(User.external_id == user.partition(":")[2]))
        assert person is not None and person.erased_at is not None
        texts = session.scalars(select(Message.text).where(Message.user_id == person.id)).all()
    assert all("张三" not in t for t in texts)
    assert list(texts) == [done.reply.text()]


def test_start_help_unknown_and_media(services: Services) -> None:
    user = citizen()
    [start] = services.conversation.receive(text(user, "/start", Kind.COMMAND), "c", None)
    menu = [b.label for row in start.reply.buttons for b in row]
    assert menu == ["法律咨询", "登记诉求", "找专家", "点单调解", "我的案件", "帮助"]
    [helped] = services.conversation.receive(text(user, "/help", Kind.COMMAND), "c", None)
    assert "/mycases" in helped.reply.text()
    [unknown] = services.conversation.receive(text(user, "/frobnicate", Kind.COMMAND), "c", None)
    assert "没有这个命令" in unknown.reply.text()
    [media] = services.conversation.receive(text(user, "sticker", Kind.MEDIA), "c", None)
    assert "只看得懂文字" in media.reply.text()
