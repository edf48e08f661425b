"""Complaint intake through the conversation core, on SQLite and PostgreSQL: whole dialogs,
wandering citizens, restart from the stored draft, expiry, cases and additions."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

from sqlalchemy import select, update

from bot.app import Services
from bot.assistant import Incoming, Kind
from bot.conversation import Outgoing
from dialogs.events import Attach
from dialogs.models import DraftRow
from handoff.models import Case, CaseEvent
from storage.base import utcnow
from storage.models import User

_ids = itertools.count(1)


class Citizen:
    """Plays one person against the conversation core, pressing buttons by their label."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.user = f"intake:{next(_ids)}-{id(self)}"
        self.last: list[Outgoing] = []

    def send(self, kind: Kind, text: str, attachment: Attach | None = None) -> str:
        incoming = Incoming(self.user, kind, text, attachment=attachment)
        self.last = self.services.conversation.receive(incoming, "chat", None)
        return "\n".join(out.reply.text() for out in self.last)

    def say(self, text: str) -> str:
        return self.send(Kind.COMMAND if text.startswith("/") else Kind.TEXT, text)

    def press(self, label: str) -> str:
        for out in reversed(self.last):
            for row in out.reply.buttons:
                for button in row:
                    if button.label == label or button.label.endswith(label):
                        return self.send(Kind.CALLBACK, button.data)
        offered = [b.label for o in self.last for r in o.reply.buttons for b in r]
        raise AssertionError(f"no button {label!r} among {offered}")

    def upload(self, file_id: str) -> str:
        return self.send(Kind.MEDIA, "photo", Attach("photo", file_id, None, "image/jpeg", 1000))

    def row(self) -> User:
        with self.services.sessions.begin() as session:
            person = session.scalar(select(User).where(User.external_id == self.user.split(":")[1]))
            assert person is not None
            return person


def start_wages(citizen: Citizen) -> str:
    citizen.say("/start")
    citizen.press("登记诉求")
    text = citizen.press("欠薪投诉登记")
    assert "个人信息说明" in text
    return citizen.press("同意并开始")


def to_amount(citizen: Citizen) -> str:
    start_wages(citizen)
    citizen.say("城关区某某小吃店")
    citizen.press("个体店铺")
    return citizen.say("城关区某某路18号")


def test_a_whole_wages_complaint_gets_a_case_number(services: Services) -> None:
    citizen = Citizen(services)
    assert "欠您工资的是哪个单位" in start_wages(citizen)
    citizen.say("城关区某某小吃店")
    citizen.press("个体店铺")
    citizen.say("城关区某某路18号")
    assert "很多很多" not in citizen.say("四万八千八")
    citizen.say("2025年3月到12月")
    citizen.say("1")
    citizen.press("是")
    assert "已收到第 1 份材料" in citizen.upload("photo-1")
    assert "已收到第 2 份材料" in citizen.upload("photo-2")
    citizen.press("完成")
    citizen.say("张三")
    citizen.say("138-0013-8000")
    citizen.press("尽快拿到工资")
    summary = citizen.press("完成")
    assert "欠薪金额：48,800 元" in summary and "联系电话：13800138000" in summary
    filed = citizen.press("提交")
    number = re.search(r"LB-\d{8}-\d{4}", filed)
    assert number is not None and "3 个工作日内" in filed
    with services.sessions.begin() as session:
        case = session.scalar(select(Case).where(Case.number == number.group()))
        assert case is not None and case.answers["amount"] == "48800"
        assert [e["file_id"] for e in case.answers["evidence"]] == ["photo-1", "photo-2"]
        assert session.scalar(select(DraftRow).where(DraftRow.user_id == case.user_id)) is None
    listing = citizen.say("/mycases")
    assert number.group() in listing and "已提交" in listing
    detail = citizen.press(number.group())
    assert "欠薪金额：48,800 元" in detail and "13800138000" not in detail
    assert "请发送要补充" in citizen.press("补充说明或材料")
    assert "已补充" in citizen.say("老板昨天又说月底给")
    citizen.upload("photo-3")
    assert "补充完成" in citizen.press("补充完了")
    with services.sessions.begin() as session:
        kinds = session.scalars(
            select(CaseEvent.kind).join(Case).where(Case.number == number.group())
        ).all()
    assert sorted(kinds) == ["evidence", "note", "status"]


def test_a_legal_question_mid_form_is_answered_and_the_form_resumes(services: Services) -> None:
    citizen = Citizen(services)
    assert "一共欠您多少钱" in to_amount(citizen)
    reply = citizen.say("劳动仲裁的时效是多久？")
    assert "法律依据" in reply and "我们接着填登记表" in reply
    assert reply.rstrip().split("\n")[-2].endswith("一共欠您多少钱？") or "一共欠您多少钱" in reply
    assert "欠薪时间段" not in reply
    citizen.say("4.8万")
    assert "欠的是哪段时间的工资" in "\n".join(o.reply.text() for o in citizen.last)


def test_greetings_person_requests_and_nonsense_never_swallow_the_form(services: Services) -> None:
    citizen = Citizen(services)
    to_amount(citizen)
    hello = citizen.say("你好")
    assert "您好" in hello and "一共欠您多少钱" in hello
    human = citizen.say("转人工")
    assert "12348" in human and "一共欠您多少钱" in human
    confused = citizen.say("很多很多")
    assert "例如" in confused and "一共欠您多少钱" in confused


def test_back_skip_cancel_work_by_typing_too(services: Services) -> None:
    citizen = Citizen(services)
    to_amount(citizen)
    assert "请写工作地点" in citizen.say("上一步") or "工作地点" in citizen.say("上一步")
    asked = citizen.say("取消")
    assert "确定要取消" in asked
    assert "草稿已删除" in citizen.press("确定取消")
    assert "这个问题我帮不上忙" in citizen.say("红烧肉怎么做")
    to_amount(citizen)
    assert "确定要取消" in citizen.say("/cancel")
    assert "一共欠您多少钱" in citizen.press("继续填写")


def test_a_restarted_process_resumes_every_citizen_where_they_were(services: Services) -> None:
    from bot.app import build

    citizen = Citizen(services)
    to_amount(citizen)
    again = build(services.settings)  # a new process on the same database
    try:
        citizen.services = again
        citizen.say("48800")
        assert "欠的是哪段时间的工资" in "\n".join(o.reply.text() for o in citizen.last)
    finally:
        again.engine.dispose()


def test_a_draft_left_for_seven_days_expires_with_a_notice(services: Services) -> None:
    citizen = Citizen(services)
    to_amount(citizen)
    person = citizen.row()
    with services.sessions.begin() as session:
        session.execute(
            update(DraftRow)
            .where(DraftRow.user_id == person.id)
            .values(updated_at=utcnow() - timedelta(days=8))
        )
    reply = citizen.say("48800")
    assert "超过 7 天没有完成" in reply
    sleeper = Citizen(services)
    to_amount(sleeper)
    with services.sessions.begin() as session:
        session.execute(
            update(DraftRow)
            .where(DraftRow.user_id == sleeper.row().id)
            .values(updated_at=utcnow() - timedelta(days=8))
        )
    assert services.conversation.expire_drafts() >= 1
    notices = services.conversation.undelivered("intake", 10_000)
    assert any("超过 7 天没有完成" in o.reply.text() for o in notices)


def test_faq_answers_offer_their_form(services: Services) -> None:
    citizen = Citizen(services)
    citizen.say("老板欠我三个月工钱咋办")
    assert "个人信息说明" in citizen.press("登记诉求，让工作人员跟进")


def test_a_second_form_does_not_silently_replace_the_first(services: Services) -> None:
    citizen = Citizen(services)
    to_amount(citizen)
    citizen.say("/start")
    reply = citizen.press("登记诉求")
    assert "还有一份未完成" in reply and "一共欠您多少钱" in reply


def test_legal_aid_precheck_explains_without_filing_a_case(services: Services) -> None:
    citizen = Citizen(services)
    citizen.say("/start")
    citizen.press("登记诉求")
    first = citizen.press("法律援助自助预检")
    assert "个人信息说明" not in first and "您要办的是哪一类事情" in first
    citizen.press("讨工资/确认劳动关系")
    citizen.press("是")  # 进城务工人员
    citizen.press("否")  # 特定人员
    citizen.press("是")  # 经济困难
    citizen.press("否")  # 没有请律师
    result = citizen.press("提交")
    assert "第三十一条第五项" in result and "免予核查经济困难状况" in result
    assert "第四十二条第三项" in result and "第三十八条" in result
    assert "由法律援助机构审查决定" in result
    assert "LB-" not in result
    assert "还没有登记过" in citizen.say("/mycases")
