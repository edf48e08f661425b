"""Segmentation of normalised text into search terms: jieba words plus character bigrams."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba

BIGRAM_PREFIX = "~"
_CJK_START, _CJK_END = "\u3400", "\u9fff"


def _is_cjk(char: str) -> bool:
    return _CJK_START <= char <= _CJK_END


@dataclass(frozen=True)
class Tokenizer:
    """jieba with the legal user dictionary, and the stopwords to drop."""

    segmenter: jieba.Tokenizer
    stopwords: frozenset[str]

    def words(self, text: str) -> list[str]:
        """jieba search-mode words of normalised text, stopwords and blanks dropped."""
        words: list[str] = []
        for chunk in text.split():
            for word in self.segmenter.cut_for_search(chunk, HMM=True):
                if word.strip() and word not in self.stopwords:
                    words.append(word)
        return words

    def bigrams(self, text: str) -> list[str]:
        """Character bigrams inside each run of Chinese characters (robust to bad segmentation)."""
        grams: list[str] = []
        for chunk in text.split():
            for left, right in itertools.pairwise(chunk):
                if _is_cjk(left) and _is_cjk(right):
                    grams.append(BIGRAM_PREFIX + left + right)
        return grams

    def terms(self, text: str) -> list[str]:
        """Words and bigrams together: the vocabulary of the lexical index."""
        return self.words(text) + self.bigrams(text)


def build_tokenizer(
    userdict: Path | None, extra_words: Iterable[str], stopwords: Iterable[str]
) -> Tokenizer:
    """A fresh jieba instance (never the global one) with the legal words added."""
    jieba.setLogLevel(logging.WARNING)  # its INFO/DEBUG lines go straight to stderr
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    if userdict is not None and userdict.exists():
        segmenter.load_userdict(str(userdict))
    for word in sorted(set(extra_words)):
        if len(word) >= 2 and all(_is_cjk(char) for char in word):
            segmenter.add_word(word, freq=max(segmenter.FREQ.get(word) or 0, 20000))
    return Tokenizer(segmenter=segmenter, stopwords=frozenset(stopwords))
