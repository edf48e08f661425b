"""The terminal chat, driven as a transcript through real streams."""

from __future__ import annotations

import io
import itertools

from bot.app import Services

_people = itertools.count(1)


def run_chat(services: Services, *lines: str) -> str:
    from bot.console import chat

    out = io.StringIO()
    script = io.StringIO("".join(line + "\n" for line in lines))
    chat(services.conversation, script, out, user=f"console:test-{next(_people)}-{id(out)}")
    return out.getvalue()


def test_question_then_quit(services: Services) -> None:
    transcript = run_chat(services, "老板欠我三个月工钱咋办", "退出")
    assert "【法律依据】" in transcript
    assert "《中华人民共和国劳动合同法》第三十条" in transcript
    assert "不是律师针对您具体案件的法律意见" in transcript
    assert transcript.rstrip().endswith("再见！祝您一切顺利。需要时随时回来找我。")


def test_greeting_offscope_and_emoji(services: Services) -> None:
    transcript = run_chat(services, "你好", "红烧肉怎么做", "😀😀")
    assert "我是法律咨询小助手" in transcript
    assert "这个问题我帮不上忙" in transcript
    assert "我只看懂文字" in transcript


def test_end_of_input_ends_the_chat(services: Services) -> None:
    assert run_chat(services).startswith("legalbot 法律咨询")


def test_a_complaint_filed_in_the_terminal(services: Services) -> None:
    """Numbers press the buttons shown last; commands and bad input behave as on Telegram."""
    wages = str(list(services.forms.current).index("wages") + 1)
    transcript = run_chat(
        services,
        "/start",
        "2",  # 登记诉求
        wages,  # 欠薪投诉登记
        "1",  # 同意并开始
        "某某小吃店",
        "2",  # 个体店铺
        "某某路18号",
        "很多钱",  # not an amount: asked again
        "四万八",
        "去年三月到十二月",
        "1",
        "2",  # 否
        "跳过",
        "李四",
        "13800138000",
        "1",  # 尽快拿到工资
        "完成",
        "提交",
        "/mycases",
        "退出",
    )
    assert "没看懂" in transcript or "例如" in transcript
    assert "欠薪金额：48,000 元" in transcript and "被欠薪人数：1 人" in transcript
    assert "您的诉求已登记，案件编号：LB-" in transcript
    assert "已提交，等待受理" in transcript
