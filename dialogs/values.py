"""Answers to form fields: parsed from what citizens type, stored as JSON, shown back in Chinese."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz

from dialogs import parsers
from dialogs.schema import FieldType, FormField, Option
from knowledge.errors import InvalidInput
from knowledge.normalize import clean

Value = Any  # JSON-safe: str, int, bool, list, dict

_EXAMPLES = {
    FieldType.MONEY: "48800 或 四万八千元",
    FieldType.DATE: "2025年3月1日 或 上个月",
    FieldType.MONTH: "2025年3月 或 去年三月",
    FieldType.PERIOD: "2025年3月到12月",
    FieldType.PHONE: "13800138000",
    FieldType.COUNT: "130",
    FieldType.YES_NO: "是 或 否",
}


def example(field: FormField) -> str | None:
    """The example shown with a field's prompt and with a re-ask."""
    return field.example or _EXAMPLES.get(field.type)


def match_option(options: tuple[Option, ...], text: str) -> Option | None:
    """The option a typed answer names (its label, its value, or close to the label)."""
    typed = clean(text).replace(" ", "")
    if not typed:
        return None
    best: tuple[float, Option | None] = (0.0, None)
    for option in options:
        label = clean(option.label).replace(" ", "")
        if typed in (label, option.value) or (len(typed) >= 2 and typed in label):
            return option
        score = fuzz.ratio(typed, label)
        if score > best[0]:
            best = (score, option)
    return best[1] if best[0] >= 75 else None


def parse_value(field: FormField, text: str, today: date) -> Value:
    """The JSON-safe answer for typed text; InvalidInput with a kind message if it won't do."""
    kind = field.type
    if kind is FieldType.TEXT:
        value = " ".join(text.split())
        if len(value) < field.min_length:
            raise InvalidInput(f"内容太短了，请至少写 {field.min_length} 个字。", example(field))
        if len(value) > field.max_length:
            raise InvalidInput(f"内容太长了，请控制在 {field.max_length} 个字以内。", None)
        return value
    if kind is FieldType.MONEY:
        return str(parsers.parse_money(text))
    if kind is FieldType.DATE:
        return parsers.parse_date(text, today).isoformat()
    if kind is FieldType.MONTH:
        month = parsers.parse_month(text, today)
        return f"{month.year:04d}-{month.month:02d}"
    if kind is FieldType.PERIOD:
        period = parsers.parse_period(text, today)
        return {
            "start": f"{period.start.year:04d}-{period.start.month:02d}",
            "end": f"{period.end.year:04d}-{period.end.month:02d}",
        }
    if kind is FieldType.PHONE:
        return parsers.parse_phone(text)
    if kind is FieldType.COUNT:
        return parsers.parse_count(text)
    if kind is FieldType.YES_NO:
        return parsers.parse_yes_no(text)
    if kind is FieldType.CHOICE:
        option = match_option(field.options, text)
        if option is None:
            raise InvalidInput("请点下面的按钮选一项。", "、".join(o.label for o in field.options))
        return option.value
    raise InvalidInput("请用下面的按钮回答这一项。", None)


def _month_text(value: str) -> str:
    year, month = value.split("-")
    return f"{int(year)}年{int(month)}月"


def format_value(field: FormField, value: Value) -> str:
    """An answer as the citizen reads it in the summary."""
    kind = field.type
    if kind is FieldType.MONEY:
        amount = Decimal(value)
        shown = f"{amount:,.2f}".rstrip("0").rstrip(".")
        return f"{shown} 元"
    if kind is FieldType.DATE:
        day = date.fromisoformat(value)
        return f"{day.year}年{day.month}月{day.day}日"
    if kind is FieldType.MONTH:
        return _month_text(value)
    if kind is FieldType.PERIOD:
        start, end = value["start"], value["end"]
        months = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:]) - int(start[5:]) + 1
        return f"{_month_text(start)} 至 {_month_text(end)}（{months} 个月）"
    if kind is FieldType.YES_NO:
        return "是" if value else "否"
    if kind is FieldType.CHOICE:
        return next((o.label for o in field.options if o.value == value), str(value))
    if kind is FieldType.MULTI_CHOICE:
        labels = [o.label for o in field.options if o.value in value]
        return "、".join(labels) or "（未选）"
    if kind is FieldType.EVIDENCE:
        return f"{len(value)} 份材料" if value else "（无）"
    if kind is FieldType.COUNT:
        return f"{value} 人" if "人" in field.label or "人数" in field.label else str(value)
    return str(value)
