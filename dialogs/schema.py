"""The shape of complaint forms (诉求登记) in YAML, validated by pydantic at load."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FIELD_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


class FieldType(StrEnum):
    """What kind of answer a field takes; each has a parser in dialogs.parsers."""

    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    MONTH = "month"
    PERIOD = "period"
    PHONE = "phone"
    COUNT = "count"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    EVIDENCE = "evidence"


CHOICE_TYPES = (FieldType.CHOICE, FieldType.MULTI_CHOICE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(_Strict):
    """One button of a choice field."""

    value: str = Field(pattern=r"^[a-z0-9_]{1,20}$")
    label: str = Field(min_length=1, max_length=30)


class Condition(_Strict):
    """Show a field only when an earlier answer matches."""

    field: str
    equals: str | bool | None = None
    any_of: tuple[str, ...] = ()

    def holds(self, answers: dict[str, object]) -> bool:
        """Whether the condition is met by the answers so far."""
        value = answers.get(self.field)
        if self.any_of:
            chosen = value if isinstance(value, list) else [value]
            return any(item in self.any_of for item in chosen)
        return value == self.equals


class FormField(_Strict):
    """One question of a form."""

    id: str = Field(pattern=FIELD_ID_RE.pattern)
    type: FieldType
    label: str = Field(min_length=1, max_length=20, description="short name in the summary")
    prompt: str = Field(min_length=4)
    help: str | None = None
    example: str | None = None
    optional: bool = False
    personal: bool = False
    when: Condition | None = None
    options: tuple[Option, ...] = ()
    min_length: int = 1
    max_length: int = 1000

    @model_validator(mode="after")
    def _options_fit_type(self) -> FormField:
        if self.type in CHOICE_TYPES and len(self.options) < 2:
            raise ValueError(f"{self.id}: 选择题至少要有两个选项")
        if self.type not in CHOICE_TYPES and self.options:
            raise ValueError(f"{self.id}: 只有 choice / multi_choice 才能有 options")
        return self


class Form(_Strict):
    """A complaint form: its fields in order, and what the citizen is told before and after."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")
    title: str = Field(min_length=2)
    category: str | None = None
    intro: str = Field(min_length=4)
    done: str = Field(min_length=4, description="what happens next, said after submitting")
    outcome: Literal["case", "legal_aid_assessment"] = "case"
    fields: tuple[FormField, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _fields_consistent(self) -> Form:
        seen: set[str] = set()
        for field in self.fields:
            if field.id in seen:
                raise ValueError(f"字段 id {field.id!r} 重复")
            if field.when is not None and field.when.field not in seen:
                raise ValueError(f"{field.id}: 条件引用的字段 {field.when.field!r} 必须在它前面")
            seen.add(field.id)
        return self

    def field(self, field_id: str) -> FormField:
        """The field with this id (KeyError if none)."""
        for field in self.fields:
            if field.id == field_id:
                return field
        raise KeyError(field_id)

    @property
    def personal(self) -> bool:
        """Whether the form asks for personal data (then consent comes first)."""
        return any(field.personal for field in self.fields)
