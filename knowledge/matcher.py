"""Matching a question to FAQ entries: BM25 fused with fuzzy similarity, then a calibrated
decision between a confident answer, suggestions and out of scope."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from knowledge.calibration import DEFAULT, Calibration
from knowledge.index import Index, term_weight
from knowledge.tokenize import BIGRAM_PREFIX

CANDIDATES = 12
LEXICAL_SHARE = 0.7


@dataclass(frozen=True)
class Match:
    """One FAQ entry and how well it fits the question (fused score, 0..1)."""

    entry_id: str
    category: str
    question: str
    score: float


@dataclass(frozen=True)
class Ranking:
    """Entries best first, and the features of the top one for the decision."""

    matches: tuple[Match, ...]
    features: tuple[float, ...] = ()


class Outcome(StrEnum):
    """What the bot should do with a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    OUT_OF_SCOPE = "out_of_scope"
    SMALLTALK = "smalltalk"
    EMPTY = "empty"


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the calibrated probabilities, from config."""

    confident: float = 0.5
    in_scope: float = 0.64
    suggestions: int = 3
    suggest: float = 0.5


@dataclass(frozen=True)
class Result:
    """The decision for one question; `confidence` is P(the top entry is right)."""

    outcome: Outcome
    matches: tuple[Match, ...] = ()
    smalltalk: str | None = None
    confidence: float = 0.0

    @property
    def best(self) -> Match | None:
        """The confident match, when the outcome is ANSWER."""
        return self.matches[0] if self.outcome is Outcome.ANSWER and self.matches else None


@dataclass(frozen=True)
class _Query:
    words: tuple[str, ...]
    raw: npt.NDArray[np.float32]
    lexical: npt.NDArray[np.float32]
    coverage: float


def _score(index: Index, text: str) -> _Query:
    """Raw BM25 of every entry, and normalised by what a full single match would score."""
    raw = np.zeros(index.size, dtype=np.float32)
    ideal = seen = 0.0
    terms = set(index.tokenizer.terms(text))
    for term in terms:
        weight = term_weight(term)
        posting = index.postings.get(term)
        if posting is None:
            ideal += weight * index.unseen_idf
            continue
        raw[posting.docs] += weight * posting.weights
        ideal += weight * index.idf[term]
        seen += weight * index.idf[term]
    lexical = np.minimum(raw / ideal, 1.0) if ideal > 0 else raw
    words = tuple(t for t in terms if not t.startswith(BIGRAM_PREFIX))
    return _Query(words, raw, lexical, seen / ideal if ideal > 0 else 0.0)


def _fuzzy(index: Index, text: str, entry: int) -> float:
    best = process.extractOne(text.replace(" ", ""), index.texts[entry], scorer=fuzz.ratio)
    return best[1] / 100 if best else 0.0


def _matched_words(index: Index, words: Sequence[str], entry: int) -> int:
    count = 0
    for word in words:
        posting = index.postings.get(word)
        if posting is not None:
            at = int(np.searchsorted(posting.docs, entry))
            count += at < len(posting.docs) and int(posting.docs[at]) == entry
    return count


def rank(index: Index, query: str, limit: int = 10) -> Ranking:
    """Entries ranked by fused score, best first, with the top entry's decision features."""
    text = index.normalizer(query)
    if not text or index.size == 0:
        return Ranking(())
    scored = _score(index, text)
    count = min(CANDIDATES, index.size)
    candidates = np.argpartition(-scored.lexical, count - 1)[:count]
    fused: list[tuple[float, float, int]] = []
    for number in candidates.tolist():
        if scored.lexical[number] <= 0:
            continue
        similarity = _fuzzy(index, text, number)
        value = LEXICAL_SHARE * float(scored.lexical[number]) + (1 - LEXICAL_SHARE) * similarity
        fused.append((value, similarity, number))
    if not fused:
        return Ranking(())
    fused.sort(key=lambda item: (-item[0], item[2]))
    entries = index.knowledge.entries
    matches = tuple(
        Match(entries[n].id, entries[n].category, entries[n].question, round(value, 4))
        for value, _, n in fused[:limit]
    )
    top_value, top_fuzzy, top = fused[0]
    second_value, second = (fused[1][0], fused[1][2]) if len(fused) > 1 else (0.0, None)
    top_raw = float(scored.raw[top])
    features = (
        float(scored.lexical[top]),
        top_fuzzy,
        math.log1p(top_raw),
        top_value - second_value,
        float(scored.raw[second]) / top_raw if second is not None and top_raw > 0 else 0.0,
        math.log1p(_matched_words(index, scored.words, top)),
        math.log1p(len(scored.words)),
        scored.coverage,
    )
    return Ranking(matches, features)


def search(index: Index, query: str, limit: int = 10) -> list[Match]:
    """Entries ranked by fused score, best first; empty when nothing shares a term."""
    return list(rank(index, query, limit).matches)


def smalltalk_kind(index: Index, query: str) -> str | None:
    """'greeting', 'thanks' or 'bye' when the message is only that, else None."""
    text = index.normalizer(query).replace(" ", "")
    if not text or len(text) > 12:
        return None
    found: str | None = None
    for phrase, kind in index.smalltalk:
        if phrase in text:
            text = text.replace(phrase, " ")
            found = found or kind
    if found is None:
        return None
    rest = index.tokenizer.words(text)
    return found if not rest else None


def decide(ranking: Ranking, thresholds: Thresholds, calibration: Calibration = DEFAULT) -> Result:
    """A confident answer, suggestions or out of scope, from a ranking."""
    if not ranking.matches:
        return Result(Outcome.OUT_OF_SCOPE)
    shown = ranking.matches[: thresholds.suggestions]
    if calibration.scope.probability(ranking.features) < thresholds.in_scope:
        # Doubtful scope, yet close wording: offer the nearest questions rather than decline.
        if ranking.matches[0].score >= thresholds.suggest:
            return Result(Outcome.SUGGEST, shown)
        return Result(Outcome.OUT_OF_SCOPE)
    confidence = round(calibration.top.probability(ranking.features), 4)
    if confidence >= thresholds.confident:
        return Result(Outcome.ANSWER, shown, confidence=confidence)
    return Result(Outcome.SUGGEST, shown, confidence=confidence)


def classify(index: Index, query: str, thresholds: Thresholds) -> Result:
    """Decide between a confident answer, suggestions, smalltalk and out of scope."""
    if not index.normalizer(query):
        return Result(Outcome.EMPTY)
    kind = smalltalk_kind(index, query)
    if kind is not None:
        return Result(Outcome.SMALLTALK, smalltalk=kind)
    ranking = rank(index, query, limit=max(thresholds.suggestions, 2))
    return decide(ranking, thresholds, index.knowledge.calibration)
