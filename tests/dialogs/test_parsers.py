"""Parsers for typed form answers: example tables, and Hypothesis for what tables can't cover."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.parsers import (
    Month,
    Period,
    parse_count,
    parse_date,
    parse_money,
    parse_month,
    parse_period,
    parse_phone,
    parse_yes_no,
)
from knowledge.errors import InvalidInput

TODAY = date(2025, 6, 15)
FAST = settings(max_examples=150, deadline=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("四万八", "48000"),
        ("4.8万", "48000"),
        ("48,800元", "48800"),
        ("四万八千块", "48000"),
        ("一万二千五", "12500"),
        ("48800", "48800"),
        ("4万8千", "48000"),
        ("4万8", "48000"),
        ("1.2万元", "12000"),
        ("三千五百元", "3500"),
        ("3500块钱", "3500"),
        ("两万", "20000"),
        ("十万零五百", "100500"),
        ("¥48,800.50", "48800.50"),
        ("￥48800.5", "48800.50"),
        ("RMB 500", "500"),
        ("人民币五百元", "500"),
        ("大约四万八", "48000"),
        ("约5000元左右", "5000"),
        ("48800元整", "48800"),
        ("４８８００", "48800"),
        ("兩萬", "20000"),
        ("100亿", "10000000000"),
        ("0.5", "0.50"),
    ],
)
def test_money(text: str, expected: str) -> None:
    assert str(parse_money(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["不知道", "很多", "", "0", "零元", "-500", "负五百", "100亿零1", "48800.505", "1,2", "四万多"],
)
def test_money_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_money(text)
    assert caught.value.message
    assert caught.value.example


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年3月1日", date(2022, 3, 1)),
        ("2022年3月1号", date(2022, 3, 1)),
        ("2022.3.1", date(2022, 3, 1)),
        ("2022-03-01", date(2022, 3, 1)),
        ("2022/3/1", date(2022, 3, 1)),
        ("22年3月1日", date(2022, 3, 1)),
        ("二〇二二年三月一日", date(2022, 3, 1)),
        ("二零二二年十二月三十一日", date(2022, 12, 31)),
        ("〇五年三月一日", date(2005, 3, 1)),
        ("3月1日", date(2025, 3, 1)),
        ("8月1日", date(2024, 8, 1)),  # after today this year, so last year's
        ("6月20日", date(2024, 6, 20)),
        ("去年三月", date(2024, 3, 1)),
        ("前年三月", date(2023, 3, 1)),
        ("今年五月", date(2025, 5, 1)),
        ("三月初", date(2025, 3, 1)),
        ("三月中", date(2025, 3, 15)),
        ("三月底", date(2025, 3, 31)),
        ("二月末", date(2025, 2, 28)),
        ("2024年2月底", date(2024, 2, 29)),
        ("上个月", date(2025, 5, 1)),
        ("上个月底", date(2025, 5, 31)),
        ("这个月", date(2025, 6, 1)),
        ("本月", date(2025, 6, 1)),
        ("今天", date(2025, 6, 15)),
        ("昨天", date(2025, 6, 14)),
        ("前天", date(2025, 6, 13)),
        ("大约去年三月", date(2024, 3, 1)),
    ],
)
def test_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2022年2月30日",
        "2022年13月1日",
        "3月0日",
        "1800年1月1日",
        "前年",
        "2022年",
        "明天",
        "2025年7月1日",
        "本月底",
        "不记得了",
        "",
    ],
)
def test_date_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, TODAY)
    assert caught.value.message


def test_future_dates_only_when_allowed() -> None:
    with pytest.raises(InvalidInput, match="还没到"):
        parse_date("2025年7月1日", TODAY)
    assert parse_date("2025年7月1日", TODAY, allow_future=True) == date(2025, 7, 1)
    assert parse_date("8月1日", TODAY, allow_future=True) == date(2025, 8, 1)


def test_year_alone_asks_for_the_month() -> None:
    with pytest.raises(InvalidInput, match="月份"):
        parse_date("前年", TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年3月", Month(2022, 3)),
        ("2022.3", Month(2022, 3)),
        ("2022-03", Month(2022, 3)),
        ("去年三月", Month(2024, 3)),
        ("三月份", Month(2025, 3)),
        ("七月", Month(2024, 7)),
        ("上个月", Month(2025, 5)),
        ("这个月", Month(2025, 6)),
        ("本月", Month(2025, 6)),
        ("今年五月", Month(2025, 5)),
        ("2022年3月1日", Month(2022, 3)),
        ("二〇二二年三月", Month(2022, 3)),
    ],
)
def test_month(text: str, expected: Month) -> None:
    assert parse_month(text, TODAY) == expected


@pytest.mark.parametrize("text", ["前年", "2025年8月", "13月", "2022年2月30日", "很久以前"])
def test_month_rejects(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_month(text, TODAY)


def test_month_shows_and_orders() -> None:
    assert str(Month(2022, 3)) == "2022年3月"
    assert Month(2022, 12) < Month(2023, 1)
    assert Month(2022, 12).shifted(1) == Month(2023, 1)
    assert Month(2023, 1).shifted(-13) == Month(2021, 12)
    with pytest.raises(ValueError):
        Month(2022, 13)


@pytest.mark.parametrize(
    ("text", "start", "end", "months"),
    [
        ("2022年3月到12月", Month(2022, 3), Month(2022, 12), 10),
        ("2022年3月-2022年12月", Month(2022, 3), Month(2022, 12), 10),
        ("2022.3-2022.12", Month(2022, 3), Month(2022, 12), 10),
        ("2022-3-2022-12", Month(2022, 3), Month(2022, 12), 10),
        ("2022.3-12", Month(2022, 3), Month(2022, 12), 10),
        ("2022年3月1日到2022年12月31日", Month(2022, 3), Month(2022, 12), 10),
        ("去年3月至今", Month(2024, 3), Month(2025, 6), 16),
        ("从去年五月到今年二月", Month(2024, 5), Month(2025, 2), 10),
        ("三月到现在", Month(2025, 3), Month(2025, 6), 4),
        ("2022年3月起", Month(2022, 3), Month(2025, 6), 40),
        ("从2022年3月开始一直到现在", Month(2022, 3), Month(2025, 6), 40),
        ("2022年10月到3月", Month(2022, 10), Month(2023, 3), 6),
        ("2022年3月", Month(2022, 3), Month(2022, 3), 1),
    ],
)
def test_period(text: str, start: Month, end: Month, months: int) -> None:
    period = parse_period(text, TODAY)
    assert (period.start, period.end, period.months) == (start, end, months)


@pytest.mark.parametrize(
    "text", ["2022年12月到2022年3月", "2022年3月到2026年1月", "2026年1月起", "一直", "abc-def", ""]
)
def test_period_rejects(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_period(text, TODAY)


def test_period_shows_its_length() -> None:
    assert str(Period(Month(2022, 3), Month(2022, 12))) == "2022年3月至2022年12月（共10个月）"
    with pytest.raises(ValueError):
        Period(Month(2022, 12), Month(2022, 3))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 13800138000", "13800138000"),
        ("86-13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("手机：13800138000", "13800138000"),
        ("0931-8123456", "0931-8123456"),
        ("0931 8123456", "0931-8123456"),
        ("(0931)8123456", "0931-8123456"),
        ("010-62345678", "010-62345678"),
    ],
)
def test_phone(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


@pytest.mark.parametrize(
    "text", ["12345678901", "1380013800", "138001380001", "0931-812345", "abc", "110", ""]
)
def test_phone_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_phone(text)
    assert caught.value.example


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("130", 130),
        ("一百三十", 130),
        ("130人", 130),
        ("一百三十个人", 130),
        ("约130人", 130),
        ("1,300名员工", 1300),
        ("100000", 100000),
    ],
)
def test_count(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["十几个", "一百多人", "1.5", "0", "100001", "很多", ""])
def test_count_rejects(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_count(text)


def test_vague_count_asks_for_a_number() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_count("十几个")
    assert (caught.value.message, caught.value.example) == ("大概多少人？请写一个数字。", "130")


@pytest.mark.parametrize(
    "text", ["是", "是的", "对", "有", "签了", "签过", "嗯", "好", "yes", "Y", "是。"]
)
def test_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["否", "不是", "没有", "没签", "没", "no", "N", " 否 "])
def test_no(text: str) -> None:
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", ["也许", "不知道", "", "是不是"])
def test_yes_no_rejects(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_yes_no(text)


# Hypothesis -----------------------------------------------------------------------------------

PARSERS: list[Callable[[str], Any]] = [
    parse_money,
    parse_phone,
    parse_count,
    parse_yes_no,
    lambda text: parse_date(text, date.today()),
    lambda text: parse_date(text, date.today(), allow_future=True),
    lambda text: parse_month(text, date.today()),
    lambda text: parse_period(text, date.today()),
    lambda text: parse_period(text, date.today(), allow_future=True),
]
# Characters the parsers look for, so random text reaches deep into them.
NEAR_MISS = st.text(
    alphabet=st.sampled_from(
        [
            *"0123456789.,-/+ ¥",
            *"年月日号初中底末去今前上个这本到至起从",
            *"万千百十亿零〇一二两三五九元块人约几",
        ]
    ),
    max_size=16,
)


@pytest.mark.parametrize("parse", PARSERS)
@FAST
@given(text=st.text() | NEAR_MISS)
def test_any_text_gives_a_value_or_invalid_input(parse: Callable[[str], Any], text: str) -> None:
    try:
        parse(text)
    except InvalidInput as error:
        assert error.message


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 10**8))
def test_money_round_trips_integers(n: int) -> None:
    for typed in (str(n), f"{n:,}", cn2an.an2cn(n), f"{n}元", f"{cn2an.an2cn(n)}元"):
        assert parse_money(typed) == Decimal(n), typed


@FAST
@given(
    digits=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    gaps=st.lists(st.sampled_from(["", "", " ", "-", "  "]), min_size=12, max_size=12),
    prefix=st.sampled_from(["", "+86", "+86 ", "86-", "0086 "]),
)
def test_phone_accepts_any_mobile_however_spaced(digits: str, gaps: list[str], prefix: str) -> None:
    spaced = "".join(gap + digit for gap, digit in zip(gaps, digits, strict=False)) + gaps[-1]
    assert parse_phone(prefix + spaced) == digits


@settings(max_examples=300, deadline=None)
@given(day=st.dates(date(2000, 1, 1), date.today()))
def test_date_round_trips(day: date) -> None:
    today = date.today()
    assert parse_date(f"{day.year}年{day.month}月{day.day}日", today) == day
    assert parse_date(f"{day.year}.{day.month}.{day.day}", today) == day
    assert parse_date(day.isoformat(), today) == day


@FAST
@given(day=st.dates(date(2000, 1, 1), date.today()))
def test_month_round_trips(day: date) -> None:
    assert parse_month(f"{day.year}年{day.month}月", date.today()) == Month.containing(day)


@FAST
@given(
    first=st.dates(date(2000, 1, 1), date.today()),
    second=st.dates(date(2000, 1, 1), date.today()),
    separator=st.sampled_from(["到", "至", "-", " - ", "~"]),
)
def test_period_start_never_after_end(first: date, second: date, separator: str) -> None:
    text = f"{first.year}年{first.month}月{separator}{second.year}年{second.month}月"
    start, end = Month.containing(first), Month.containing(second)
    if start > end:
        with pytest.raises(InvalidInput):
            parse_period(text, date.today())
        return
    period = parse_period(text, date.today())
    assert (period.start, period.end) == (start, end)
    assert period.months >= 1


@FAST
@given(text=NEAR_MISS)
def test_any_parsed_period_is_ordered_and_past(text: str) -> None:
    today = date.today()
    try:
        period = parse_period(text, today)
    except InvalidInput:
        return
    assert period.start <= period.end <= Month.containing(today)
