"""Text normalisation shared by questions and the FAQ: script, width, punctuation, slang."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

import opencc

_NOT_WORD_RE = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
_SPACES_RE = re.compile(r" +")


@cache
def _t2s() -> opencc.OpenCC:
    # OpenCC builds its dictionaries once; the converter is stateless and safe to share.
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters to simplified ones (OpenCC t2s)."""
    return str(_t2s().convert(text))


def is_traditional(text: str) -> bool:
    """Whether the text changes when converted to simplified characters."""
    return to_simplified(text) != text


def clean(text: str) -> str:
    """Simplified script, half-width, lower case; punctuation, emoji and symbols become spaces."""
    # Width first: NFKC can turn a symbol into a traditional character (⾴ → 頁).
    text = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    return _SPACES_RE.sub(" ", _NOT_WORD_RE.sub(" ", text)).strip()


@dataclass(frozen=True)
class Normalizer:
    """`clean`, then colloquial, dialect and mistyped phrases replaced by canonical ones."""

    replacements: Mapping[str, str]
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = {clean(k): clean(v) for k, v in self.replacements.items() if clean(k)}
        # A canonical phrase that contains a key (用人单位 ⊃ 单位) must map to itself, or a second
        # pass over already-normalised FAQ text would rewrite it again.
        for value in list(table.values()):
            if value and any(key in value for key in table):
                table.setdefault(value, value)
        keys = sorted(table, key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
        object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "replacements", MappingProxyType(table))

    def __call__(self, text: str) -> str:
        """Normalise one text."""
        text = clean(text)
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda found: self.replacements[found.group(0)], text)
