from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Feedback, Message, User
from storage.people import erase_user, get_or_create_user
from storage.transcript import (
    Delivery,
    Match,
    mark_all_sent,
    mark_sent,
    note_match,
    pending,
    record_feedback,
    record_incoming,
    record_outgoing,
    replies_to,
)


def test_user_is_created_once_and_remembered(session: Session) -> None:
    first = get_or_create_user(session, "tg", "1001", "zh-hans")
    again = get_or_create_user(session, "tg", "1001")
    assert first.id == again.id
    assert first.first_seen.tzinfo is not None and first.first_seen.utcoffset() == UTC.utcoffset(
        None
    )
    assert (
        session.scalar(select(func.count()).select_from(User).where(User.external_id == "1001"))
        == 1
    )


def test_redelivered_update_is_not_recorded_twice(session: Session) -> None:
    user = get_or_create_user(session, "tg", "1002")
    assert record_incoming(session, user, "text", "老板欠薪", "tg:500") is not None
    assert record_incoming(session, user, "text", "老板欠薪", "tg:500") is None
    assert record_incoming(session, user, "text", "再问一次", "tg:501") is not None


def test_outbox_until_sent_and_replies_are_found(session: Session) -> None:
    user = get_or_create_user(session, "tg", "1003")
    incoming = record_incoming(session, user, "text", "问题", "tg:600")
    assert incoming is not None
    note_match(session, incoming, Match("wages-unpaid-basic", 0.9, "answer"))
    reply = record_outgoing(session, user, "答复", {"buttons": []}, incoming, "wages-unpaid-basic")
    assert reply in {m.id for m in pending(session, "tg")}
    assert [m.id for m in replies_to(session, "tg:600")] == [reply]
    mark_sent(session, reply, "77")
    assert reply not in {m.id for m in pending(session, "tg")}
    question, answer = session.get(Message, incoming), session.get(Message, reply)
    assert question is not None and answer is not None
    assert (question.faq_id, question.score, question.outcome) == (
        "wages-unpaid-basic",
        pytest.approx(0.9),
        "answer",
    )
    assert answer.external_id == "77" and answer.sent_at is not None
    assert answer.sent_at.utcoffset() == UTC.utcoffset(None)
    assert answer.payload == {"buttons": []} and answer.in_reply_to == incoming


def test_feedback_is_one_vote_per_answer_and_can_change(session: Session) -> None:
    user = get_or_create_user(session, "tg", "1004")
    question = record_incoming(session, user, "text", "欠薪", "tg:1004")
    assert question is not None
    answer = record_outgoing(session, user, "答复", {}, question, "wages-unpaid-basic")
    assert record_feedback(session, user, question, True)
    assert record_feedback(session, user, question, False)
    votes = session.scalars(select(Feedback).where(Feedback.message_id == answer)).all()
    assert [v.helpful for v in votes] == [False]


def test_feedback_on_someone_elses_or_unknown_message_is_refused(session: Session) -> None:
    owner = get_or_create_user(session, "tg", "1005")
    other = get_or_create_user(session, "tg", "1006")
    question = record_incoming(session, owner, "text", "欠薪", "tg:1005")
    assert question is not None
    record_outgoing(session, owner, "答复", {}, question, "wages-unpaid-basic")
    assert not record_feedback(session, other, question, True)
    assert not record_feedback(session, owner, 10**9, True)
    small_talk = record_incoming(session, owner, "text", "你好", "tg:1006")
    assert small_talk is not None
    record_outgoing(session, owner, "您好", {}, small_talk, None)
    assert not record_feedback(session, owner, small_talk, True)


def test_erasure_removes_personal_data(session: Session) -> None:
    user = get_or_create_user(session, "tg", "1007", "zh")
    incoming = record_incoming(session, user, "text", "我叫张三 电话13800138000", "tg:700")
    assert incoming is not None
    record_outgoing(session, user, "答复", {}, incoming, "wages-unpaid-basic")
    record_feedback(session, user, incoming, True)
    assert erase_user(session, user) == 3
    session.expire_all()
    assert (
        session.scalar(select(func.count()).select_from(Message).where(Message.user_id == user.id))
        == 0
    )
    assert session.get(User, user.id).erased_at is not None  # type: ignore[union-attr]


def test_naive_datetimes_are_refused(session: Session) -> None:
    from datetime import datetime

    user = get_or_create_user(session, "tg", "1008")
    user.last_seen = datetime(2026, 1, 1)
    with pytest.raises(Exception, match="naive"):
        session.flush()


def test_outbox_is_per_channel(session: Session) -> None:
    telegram = get_or_create_user(session, "tg", "1010")
    console = get_or_create_user(session, "console", "local-1010")
    ours = record_outgoing(session, telegram, "a", {})
    theirs = record_outgoing(session, console, "b", {})
    waiting = {m.id for m in pending(session, "tg", 10_000)}
    assert ours in waiting and theirs not in waiting


def test_long_messages_are_marked_part_by_part(session: Session) -> None:
    user = get_or_create_user(session, "tg", "1011")
    reply = record_outgoing(session, user, "长", {})
    mark_sent(session, reply, "10", final=False)
    mark_sent(session, reply, "11", final=False)
    row = session.get(Message, reply)
    assert row is not None and row.sent_at is None and row.external_id == "10,11"
    mark_sent(session, reply, "12")
    session.refresh(row)
    assert row.sent_at is not None and row.external_id == "10,11,12"
    mark_sent(session, reply, "13")  # a late duplicate confirmation changes nothing
    session.refresh(row)
    assert row.external_id == "10,11,12"


def test_a_batch_of_deliveries_keeps_each_messages_parts_in_order(session: Session) -> None:
    user = get_or_create_user(session, "tg", "1012")
    long, short, notice = (record_outgoing(session, user, text, {}) for text in "长短提")
    mark_all_sent(
        session,
        [
            Delivery(long, "20", final=False),
            Delivery(short, "30"),
            Delivery(long, "21", final=False),
            Delivery(notice, None),
            Delivery(long, "22"),
        ],
    )
    rows = {m.id: m for m in session.scalars(select(Message).where(Message.user_id == user.id))}
    assert rows[long].external_id == "20,21,22" and rows[long].sent_at is not None
    assert rows[short].external_id == "30" and rows[notice].external_id is None
    assert all(row.sent_at is not None for row in rows.values())
    assert not {long, short, notice} & {m.id for m in pending(session, "tg", 10_000)}
