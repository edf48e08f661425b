"""The shape of the knowledge files: categories and FAQ entries, validated by pydantic at load."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

CATEGORY_IDS: tuple[str, ...] = (
    "wages",
    "labor",
    "work_injury",
    "heating",
    "property",
    "parking",
    "neighbor",
    "marriage",
    "family",
    "traffic",
    "medical",
    "rental",
    "debt",
    "consumer",
    "legal_aid",
)

ARTICLE_RE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?$")
ENTRY_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Citation(_Strict):
    """A statute article an answer relies on; checked against the official texts."""

    law: str = Field(min_length=2, description="full statute title, e.g. 中华人民共和国劳动合同法")
    article: str = Field(description="第…条, e.g. 第三十条 or 第二百七十六条之一")
    quote: str | None = Field(default=None, description="words that appear in that article")

    @field_validator("law")
    @classmethod
    def _no_book_marks(cls, value: str) -> str:
        if value.startswith("《") or value.endswith("》"):
            raise ValueError("写法律全称，不要带书名号《》")
        return value

    @field_validator("article")
    @classmethod
    def _article_form(cls, value: str) -> str:
        if not ARTICLE_RE.match(value):
            raise ValueError(f"条号应写成“第…条”（中文数字），而不是 {value!r}")
        return value


class Place(_Strict):
    """Where the citizen can go: an office, and optionally a confirmed hotline."""

    name: str = Field(min_length=2)
    hotline: str | None = None
    note: str | None = None


class Category(_Strict):
    """A topic of the FAQ, e.g. wages (欠薪)."""

    id: str
    name: str = Field(min_length=2)
    description: str = Field(min_length=2)
    keywords: tuple[str, ...] = ()
    form: str | None = None

    @field_validator("id")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in CATEGORY_IDS:
            raise ValueError(f"未知的分类 {value!r}，可用：{', '.join(CATEGORY_IDS)}")
        return value


class Entry(_Strict):
    """One FAQ entry: a canonical question, how citizens say it, and the cited answer."""

    id: str
    category: str
    question: str = Field(min_length=4)
    paraphrases: tuple[str, ...] = Field(min_length=3)
    keywords: tuple[str, ...] = Field(min_length=1)
    answer: str = Field(min_length=40)
    steps: tuple[str, ...] = Field(min_length=1)
    where: tuple[Place, ...] = Field(min_length=1)
    citations: tuple[Citation, ...] = Field(min_length=1)
    form: str | None = None
    handoff: Literal["expert", "mediator"] | None = None

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not ENTRY_ID_RE.match(value):
            raise ValueError(f"id 应为小写英文加连字符，如 wages-unpaid-basic，而不是 {value!r}")
        return value

    @field_validator("category")
    @classmethod
    def _category_known(cls, value: str) -> str:
        if value not in CATEGORY_IDS:
            raise ValueError(f"未知的分类 {value!r}，可用：{', '.join(CATEGORY_IDS)}")
        return value


class CategoriesFile(_Strict):
    """knowledge/data/categories.yaml."""

    categories: tuple[Category, ...]


class FaqFile(_Strict):
    """One knowledge/data/faq/*.yaml file."""

    entries: tuple[Entry, ...]


class SynonymsFile(_Strict):
    """knowledge/data/synonyms.yaml: colloquial or mistyped phrase -> canonical phrase."""

    synonyms: dict[str, str] = {}
    typos: dict[str, str] = {}
    stopwords: tuple[str, ...] = ()
    smalltalk: dict[str, tuple[str, ...]] = {}


class HotlinesFile(_Strict):
    """knowledge/data/hotlines.yaml: the confirmed hotlines (see shared/laws/hotlines.md)."""

    hotlines: dict[str, str]
