from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from knowledge.normalize import Normalizer, clean, is_traditional, to_simplified

ALLOWED = re.compile(r"^[0-9a-z\u3400-\u4dbf\u4e00-\u9fff ]*$")


def test_traditional_becomes_simplified() -> None:
    assert to_simplified("老闆欠我三個月工錢怎麼辦") == "老板欠我三个月工钱怎么办"
    assert is_traditional("離婚") and not is_traditional("离婚")


def test_width_punctuation_and_emoji_are_cleaned() -> None:
    assert clean("ＡＢＣ　１２３！！😀老板？") == "abc 123 老板"
    assert clean("🙏🙏🙏") == ""


def test_colloquial_phrases_map_to_canonical_ones_longest_first() -> None:
    normalize = Normalizer(
        {"咋办": "怎么办", "单位": "用人单位", "工钱": "工资", "工钱单": "工资条"}
    )
    assert normalize("單位欠我工錢咋辦") == "用人单位欠我工资怎么办"
    assert normalize("用人单位") == "用人单位"
    assert normalize("工钱单丢了") == "工资条丢了"


@given(st.text())
def test_clean_keeps_only_words_and_is_idempotent(text: str) -> None:
    once = clean(text)
    assert ALLOWED.match(once)
    assert clean(once) == once
    assert "  " not in once and once == once.strip()


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)))
def test_simplified_conversion_is_stable(text: str) -> None:
    once = to_simplified(text)
    assert to_simplified(once) == once


def test_compatibility_characters_normalise_in_one_pass() -> None:
    assert clean("⾴") == clean(clean("⾴")) == "页"
