from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.replies import Button, Reply, Section
from bot.tg.render import keyboard, to_html, utf16_length


def test_headings_are_bold_and_text_is_escaped() -> None:
    reply = Reply(
        (Section(("a < b & c > d",), "标题"), Section(("一", "二"), "步骤", numbered=True))
    )
    [html] = to_html(reply)
    assert html == "<b>标题</b>\na &lt; b &amp; c &gt; d\n\n<b>步骤</b>\n1. 一\n2. 二"


def test_long_replies_are_split_at_block_boundaries_within_the_limit() -> None:
    blocks = tuple(Section(("字" * 1500,), f"第{n}段") for n in range(5))
    chunks = to_html(Reply(blocks))
    assert len(chunks) >= 2
    assert all(utf16_length(chunk) <= 4096 for chunk in chunks)
    assert "".join(chunks).count("<b>") == 5


@given(st.text(min_size=1, max_size=12000))
def test_any_text_splits_within_limit_without_breaking_entities(body: str) -> None:
    chunks = to_html(Reply.plain(body), limit=500)
    for chunk in chunks:
        assert utf16_length(chunk) <= 500
        tail = chunk[chunk.rfind("&") :] if "&" in chunk else ""
        assert not tail or ";" in tail


def test_emoji_count_double_in_utf16() -> None:
    assert utf16_length("😀") == 2 and utf16_length("字") == 1


def test_buttons_become_an_inline_keyboard() -> None:
    reply = Reply.plain("x", buttons=((Button("甲", "faq:a-b"), Button("乙", "faq:c-d")),))
    markup = keyboard(reply)
    assert markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [
        ["faq:a-b", "faq:c-d"]
    ]
    assert keyboard(Reply.plain("x")) is None
