"""The terminal chat, driven as a transcript through real streams."""

from __future__ import annotations

import io

from bot.app import Services


def run_chat(services: Services, *lines: str) -> str:
    from bot.console import chat

    out = io.StringIO()
    chat(services.conversation, io.StringIO("".join(line + "\n" for line in lines)), out)
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
