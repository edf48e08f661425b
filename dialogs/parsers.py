"""Pure parsers for what citizens type into forms: money, dates, months, periods, phones, counts."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import cn2an

from knowledge.errors import InvalidInput
from knowledge.normalize import to_simplified

MONEY_EXAMPLE = "48800 或 四万八千元"
DATE_EXAMPLE = "2022年3月1日 或 上个月"
MONTH_EXAMPLE = "2022年3月 或 去年三月"
PERIOD_EXAMPLE = "2022年3月到12月 或 去年3月至今"
PHONE_EXAMPLE = "13800138000 或 0931-8123456"
COUNT_EXAMPLE = "130"
YES_NO_EXAMPLE = "是 或 否"

_MONEY_LIMIT = Decimal(10) ** 10  # 100亿
_CENT = Decimal("0.01")
_HEDGES = ("大约", "大概", "差不多", "将近", "约")
_HEDGE_TAILS = ("左右", "上下", "前后")
_MONEY_HEADS = (*_HEDGES, "一共", "总共", "合计", "共", "人民币", "rmb", "cny", "¥")
_MONEY_TAILS = (*_HEDGE_TAILS, "整", "元", "圆", "块钱", "块", "钱", "人民币", "rmb")
_COUNT_HEADS = (*_HEDGES, "一共", "总共", "共有", "共", "有")
_COUNT_TAILS = (*_HEDGE_TAILS, "员工", "工人", "职工", "个人", "人", "个", "名", "位")
_GROUP_COMMA_RE = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
_PLAIN_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NUMERAL_RE = re.compile(r"[0-9.点零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿]+")

_YEAR_WORDS = {"大前年": -3, "前年": -2, "去年": -1, "今年": 0, "明年": 1}
_MONTH_WORDS = {"上上月": -2, "上月": -1, "这月": 0, "本月": 0, "当月": 0, "下月": 1}
_DAY_WORDS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1}
_PART_DAYS = {"初": 1, "中": 15, "底": -1, "末": -1}  # -1: the month's last day
_DATE_NUMERAL_RE = re.compile(r"[零〇一二两三四五六七八九十百千廿]+")
_YEAR = r"(?:(?P<year>[0-9]{4}|[0-9]{2})(?:年的?|[./-])|(?P<rel>大前年|前年|去年|今年|明年)的?)?"
_PART = r"(?P<part>初|中|底|末)?"
_MONTH_RE = re.compile(_YEAR + r"(?P<month>[0-9]{1,2})(?:(?P<unit>月份?)" + _PART + ")?")
_DATE_RE = re.compile(_YEAR + r"(?P<month>[0-9]{1,2})(?:月|[./-])(?P<day>[0-9]{1,2})(?:日|号)?")
_REL_MONTH_RE = re.compile(r"(?P<rel>上上个?月|上个?月|这个?月|本月|当月|下个?月)" + _PART)
_YEAR_ONLY_RE = re.compile(r"(?:[0-9]{4}|[0-9]{2})年?|大前年|前年|去年|今年|明年")
_OPEN_END_RE = re.compile(
    r"(?P<start>.+?)(?:(?:起|开始)?(?:一直)?(?:至今|[到至](?:现在|今天|目前为止|目前|如今))|起|开始|以来)"
)

_PHONE_LABEL_RE = re.compile(
    r"^(?:我的)?(?:手机号码|手机号|手机|联系电话|电话号码|电话|号码)?(?:是)?:?"
)
_PHONE_SEPARATORS_RE = re.compile(r"[-()./—–_]")
_MOBILE_RE = re.compile(r"(?:\+?86|0086)?(1[3-9][0-9]{9})")
_LANDLINE_RE = re.compile(r"(0(?:10|2[0-9]|[3-9][0-9]{2}))([2-9][0-9]{6,7})")

_YES = frozenset(
    {"是", "是的", "是啊", "对", "对的", "对啊", "有", "有的", "有啊", "签了", "签过", "签过了"}
    | {"签了的", "嗯", "嗯嗯", "恩", "好", "好的", "行", "可以", "要", "需要", "同意", "确认"}
    | {"yes", "y", "ok"}
)
_NO = frozenset(
    {"否", "不是", "没有", "没", "无", "不", "不对", "没签", "没签过", "没有签", "不要"}
    | {"不需要", "不用", "不同意", "no", "n"}
)


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month, compared in time order."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"

    @classmethod
    def containing(cls, day: date) -> Month:
        """The month a day falls in."""
        return cls(day.year, day.month)

    def shifted(self, months: int) -> Month:
        """The month this many months later (earlier if negative)."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


@dataclass(frozen=True)
class Period:
    """Whole months from start to end, both included."""

    start: Month
    end: Month

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends before it starts: {self.start} > {self.end}")

    @property
    def months(self) -> int:
        """How many months the period covers, counting both ends."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def __str__(self) -> str:
        return f"{self.start}至{self.end}（共{self.months}个月）"


@dataclass(frozen=True)
class _When:
    """A date or month as typed: year None if not given, day None if not given, -1 for 底/末."""

    year: int | None
    month: int
    day: int | None


def _prepare(text: str) -> str:
    simplified = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    return "".join(simplified.split())


def _strip(text: str, heads: tuple[str, ...], tails: tuple[str, ...]) -> str:
    while True:
        head = next((h for h in heads if text.startswith(h) and text != h), "")
        tail = next((t for t in tails if text.endswith(t) and text != t), "")
        if not head and not tail:
            return text
        text = text[len(head) : len(text) - len(tail)]


def _number(text: str) -> Decimal | None:
    text = _GROUP_COMMA_RE.sub("", text)
    if _PLAIN_RE.fullmatch(text):
        return Decimal(text)
    if len(text) > 40 or not _NUMERAL_RE.fullmatch(text):
        return None
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError):  # cn2an's ways of saying "not a numeral"; callers explain
        return None
    number = Decimal(str(value))
    return number if number.is_finite() else None


def parse_money(text: str) -> Decimal:
    """Exact yuan (2 decimals at most) from "四万八", "4.8万", "¥48,800.50", "3500块钱"."""
    typed = _strip(_prepare(text), _MONEY_HEADS, _MONEY_TAILS)
    if typed.startswith(("-", "负")):
        raise InvalidInput("金额要大于零。", MONEY_EXAMPLE)
    value = _number(typed)
    if value is None:
        raise InvalidInput("没看懂这个金额，请写一个数字。", MONEY_EXAMPLE)
    if value <= 0:
        raise InvalidInput("金额要大于零。", MONEY_EXAMPLE)
    if value > _MONEY_LIMIT:
        raise InvalidInput("这个金额太大了，请再核对一下。", MONEY_EXAMPLE)
    if value != value.quantize(_CENT):
        raise InvalidInput("金额最多写到分（小数点后两位）。", "48800.50")
    return (
        value.quantize(Decimal(1)) if value == value.to_integral_value() else value.quantize(_CENT)
    )


def _arabic(match: re.Match[str]) -> str:
    run = match.group(0)
    if len(run) > 8:  # no date needs more; keeps cn2an away from huge numbers
        return run
    try:
        value = int(cn2an.cn2an(run, "smart"))
    except (ValueError, KeyError):  # left as typed, so the date patterns reject it
        return run
    # "二〇二二" and "〇五" are read digit by digit, so keep their leading zeros.
    return str(value) if set(run) & set("十百千廿") else str(value).zfill(len(run))


def _date_text(text: str) -> str:
    return _strip(_prepare(text), _HEDGES, (*_HEDGE_TAILS, "那天", "的时候"))


def _year(found: re.Match[str], today: date) -> int | None:
    if found["rel"]:
        return today.year + _YEAR_WORDS[found["rel"]]
    if found["year"] is None:
        return None
    year = int(found["year"])
    if len(found["year"]) == 2:
        year += 2000 if 2000 + year <= today.year + 5 else 1900
    if not 1900 <= year <= 2100:
        raise InvalidInput(f"{year}年好像不对，请再看一下年份。", DATE_EXAMPLE)
    return year


def _month_number(typed: str) -> int:
    if not 1 <= int(typed) <= 12:
        raise InvalidInput(f"没有{int(typed)}月，月份是1到12。", MONTH_EXAMPLE)
    return int(typed)


def _part_day(part: str | None) -> int | None:
    return None if part is None else _PART_DAYS[part]


def _when(typed: str, today: date) -> _When | None:
    """What a date-ish text says, or None if it matches no form we know."""
    typed = _DATE_NUMERAL_RE.sub(_arabic, typed)
    if (offset := _DAY_WORDS.get(typed)) is not None:
        day = today + timedelta(days=offset)
        return _When(day.year, day.month, day.day)
    if found := _REL_MONTH_RE.fullmatch(typed):
        month = Month.containing(today).shifted(_MONTH_WORDS[found["rel"].replace("个", "")])
        return _When(month.year, month.month, _part_day(found["part"]))
    if found := _DATE_RE.fullmatch(typed):
        return _When(_year(found, today), _month_number(found["month"]), int(found["day"]))
    found = _MONTH_RE.fullmatch(typed)
    if found is None or not (found["unit"] or found["year"] or found["rel"]):
        return None
    return _When(_year(found, today), _month_number(found["month"]), _part_day(found["part"]))


def _not_understood(typed: str, message: str, example: str) -> InvalidInput:
    if _YEAR_ONLY_RE.fullmatch(_DATE_NUMERAL_RE.sub(_arabic, typed)):
        return InvalidInput("只写了年份，请把月份也写上。", "前年3月 或 2022年3月1日")
    return InvalidInput(message, example)


def _make_date(year: int, month: int, day: int) -> date:
    last = calendar.monthrange(year, month)[1]
    if day == -1:
        return date(year, month, last)
    if not 1 <= day <= last:
        raise InvalidInput(f"{year}年{month}月没有{day}日，请再看一下。", DATE_EXAMPLE)
    return date(year, month, day)


def parse_date(text: str, today: date, *, allow_future: bool = False) -> date:
    """A day from "2022年3月1日", "3月1日", "三月底", "上个月" (its 1st), "昨天" and the like."""
    typed = _date_text(text)
    when = _when(typed, today)
    if when is None:
        raise _not_understood(typed, "没看懂这个日期。", DATE_EXAMPLE)
    number = 1 if when.day is None else when.day
    day = _make_date(today.year if when.year is None else when.year, when.month, number)
    if when.year is None and day > today and not allow_future:
        day = _make_date(today.year - 1, when.month, number)
    if day > today and not allow_future:
        raise InvalidInput("这个日期还没到呢，请写已经发生的日期。", DATE_EXAMPLE)
    return day


def _resolve_month(when: _When, today: date, allow_future: bool) -> Month:
    now = Month.containing(today)
    month = Month(now.year if when.year is None else when.year, when.month)
    if when.year is None and month > now and not allow_future:
        month = Month(now.year - 1, when.month)
    if month > now and not allow_future:
        raise InvalidInput("这个月份还没到呢，请写已经过去的月份。", MONTH_EXAMPLE)
    if when.day is not None:
        _make_date(month.year, month.month, when.day)  # "2022年2月30日" is no month either
    return month


def parse_month(text: str, today: date, *, allow_future: bool = False) -> Month:
    """A month from "2022年3月", "去年三月", "三月" (the latest so far), "上个月"."""
    typed = _date_text(text)
    when = _when(typed, today)
    if when is None:
        raise _not_understood(typed, "没看懂这个月份。", MONTH_EXAMPLE)
    return _resolve_month(when, today, allow_future)


def _bound(typed: str, today: date) -> _When:
    if re.fullmatch(r"[0-9]{1,2}", typed):  # "2022.3-12": a bare number after a range is a month
        typed += "月"
    when = _when(typed, today)
    if when is None:
        raise _not_understood(typed, "没看懂这段时间。", PERIOD_EXAMPLE)
    return when


def _pair(left: str, right: str, today: date, allow_future: bool) -> tuple[Month, Month]:
    start = _resolve_month(_bound(left, today), today, allow_future)
    end = _bound(right, today)
    if end.year is not None:
        return start, Month(end.year, end.month)
    # "2022年10月到3月" runs into the next year.
    later = Month(start.year, end.month)
    return start, later if later >= start else Month(start.year + 1, end.month)


def _split(typed: str, today: date, allow_future: bool) -> tuple[Month, Month]:
    for separator in ("到", "至", "~", "—", "–"):
        if separator in typed:
            left, _, right = typed.partition(separator)
            return _pair(left, right, today, allow_future)
    for at in (i for i, char in enumerate(typed) if char == "-"):
        try:
            return _pair(typed[:at], typed[at + 1 :], today, allow_future)
        except InvalidInput:  # a dash inside one of the two dates; try the next dash
            continue
    if "-" in typed:
        raise InvalidInput("没看懂这段时间。", PERIOD_EXAMPLE)
    month = _resolve_month(_bound(typed, today), today, allow_future)
    return month, month


def parse_period(text: str, today: date, *, allow_future: bool = False) -> Period:
    """Whole months from "2022年3月到12月", "2022.3-2022.12", "去年3月至今", "2022年3月起"."""
    typed = _strip(_date_text(text), ("自从", "从", "自"), ())
    now = Month.containing(today)
    if open_ended := _OPEN_END_RE.fullmatch(typed):
        start, end = _resolve_month(_bound(open_ended["start"], today), today, allow_future), now
    else:
        start, end = _split(typed, today, allow_future)
    if end < start:
        raise InvalidInput("开始的月份比结束的还晚，请再看一下。", PERIOD_EXAMPLE)
    if end > now and not allow_future:
        raise InvalidInput("结束的月份还没到呢，还在继续的话可以写“至今”。", PERIOD_EXAMPLE)
    return Period(start, end)


def parse_phone(text: str) -> str:
    """A mobile as 11 digits ("+86 138-0013-8000" → "13800138000") or a landline "0931-8123456"."""
    typed = _PHONE_LABEL_RE.sub("", _prepare(text), count=1)
    digits = _PHONE_SEPARATORS_RE.sub("", typed)
    if mobile := _MOBILE_RE.fullmatch(digits):
        return mobile[1]
    if landline := _LANDLINE_RE.fullmatch(digits):
        return f"{landline[1]}-{landline[2]}"
    if re.fullmatch(r"1[0-9]*", digits):
        raise InvalidInput("手机号是1开头的11位数字，请再核对一下。", PHONE_EXAMPLE)
    raise InvalidInput("这个号码好像不对，请写11位手机号，或带区号的座机号。", PHONE_EXAMPLE)


def parse_count(text: str) -> int:
    """A whole number of people or things, 1 to 100000, from "130", "一百三十个人", "约130人"."""
    typed = _strip(_prepare(text), _COUNT_HEADS, _COUNT_TAILS)
    value = None if set(typed) & set("几多来余") else _number(typed)
    if value is None or value != value.to_integral_value():
        raise InvalidInput("大概多少人？请写一个数字。", COUNT_EXAMPLE)
    if not 1 <= value <= 100_000:
        raise InvalidInput("数量要在1到100000之间，请再核对一下。", COUNT_EXAMPLE)
    return int(value)


def parse_yes_no(text: str) -> bool:
    """True for 是/对/有/签了/嗯/yes, False for 否/不是/没有/没签/no."""
    typed = _prepare(text).strip("。.!！~,，?？")
    if typed in _YES:
        return True
    if typed in _NO:
        return False
    raise InvalidInput("请回答“是”或“否”。", YES_NO_EXAMPLE)
