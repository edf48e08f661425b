"""Matching a question to FAQ entries: BM25 fused with fuzzy similarity, then a decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from rapidfuzz import fuzz

from knowledge.index import Index, term_weight

CANDIDATES = 12
LEXICAL_SHARE = 0.7


@dataclass(frozen=True)
class Match:
    """One FAQ entry and how well it fits the question (0..1)."""

    entry_id: str
    category: str
    question: str
    score: float


class Outcome(StrEnum):
    """What the bot should do with a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    OUT_OF_SCOPE = "out_of_scope"
    SMALLTALK = "smalltalk"
    EMPTY = "empty"


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the fused score, from config."""

    confident: float = 0.55
    margin: float = 0.08
    suggest: float = 0.3
    suggestions: int = 3


@dataclass(frozen=True)
class Result:
    """The decision for one question: an answer, suggestions, smalltalk or out of scope."""

    outcome: Outcome
    matches: tuple[Match, ...] = ()
    smalltalk: str | None = None

    @property
    def best(self) -> Match | None:
        """The confident match, when the outcome is ANSWER."""
        return self.matches[0] if self.outcome is Outcome.ANSWER and self.matches else None


def _lexical(index: Index, text: str) -> np.ndarray:
    """BM25 of every entry, divided by the best a single-occurrence match of all terms could get."""
    scores = np.zeros(index.size, dtype=np.float32)
    ideal = 0.0
    for term in set(index.tokenizer.terms(text)):
        weight = term_weight(term)
        posting = index.postings.get(term)
        if posting is None:
            ideal += weight * index.unseen_idf
            continue
        scores[posting.docs] += weight * posting.weights
        ideal += weight * index.idf[term]
    if ideal <= 0:
        return scores
    return np.minimum(scores / ideal, 1.0)


def _fuzzy(index: Index, text: str, entry: int) -> float:
    compact = text.replace(" ", "")
    return max(fuzz.ratio(compact, other.replace(" ", "")) for other in index.texts[entry]) / 100


def search(index: Index, query: str, limit: int = 10) -> list[Match]:
    """Entries ranked by fused score, best first; empty when nothing shares a term."""
    text = index.normalizer(query)
    if not text or index.size == 0:
        return []
    lexical = _lexical(index, text)
    count = min(CANDIDATES, index.size)
    candidates = np.argpartition(-lexical, count - 1)[:count]
    scored: list[tuple[float, int]] = []
    for number in candidates.tolist():
        if lexical[number] <= 0:
            continue
        fused = LEXICAL_SHARE * float(lexical[number])
        fused += (1 - LEXICAL_SHARE) * _fuzzy(index, text, number)
        scored.append((fused, number))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    entries = index.knowledge.entries
    return [
        Match(entries[n].id, entries[n].category, entries[n].question, round(score, 4))
        for score, n in scored[:limit]
    ]


def smalltalk_kind(index: Index, query: str) -> str | None:
    """'greeting', 'thanks' or 'bye' when the message is only that, else None."""
    text = index.normalizer(query).replace(" ", "")
    if not text or len(text) > 12:
        return None
    found: str | None = None
    phrases = sorted(
        ((p, kind) for kind, ps in index.knowledge.synonyms.smalltalk.items() for p in ps),
        key=lambda pair: -len(pair[0]),
    )
    for phrase, kind in phrases:
        cleaned = index.normalizer(phrase).replace(" ", "")
        if cleaned and cleaned in text:
            text = text.replace(cleaned, " ")
            found = found or kind
    if found is None:
        return None
    rest = index.tokenizer.words(text)
    return found if not rest else None


def decide(matches: Sequence[Match], thresholds: Thresholds) -> Result:
    """A confident answer, suggestions or out of scope, from ranked matches."""
    if not matches or matches[0].score < thresholds.suggest:
        return Result(Outcome.OUT_OF_SCOPE)
    top = matches[0]
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if top.score >= thresholds.confident and top.score - runner_up >= thresholds.margin:
        return Result(Outcome.ANSWER, tuple(matches[: thresholds.suggestions]))
    return Result(Outcome.SUGGEST, tuple(matches[: thresholds.suggestions]))


def classify(index: Index, query: str, thresholds: Thresholds) -> Result:
    """Decide between a confident answer, suggestions, smalltalk and out of scope."""
    if not index.normalizer(query):
        return Result(Outcome.EMPTY)
    kind = smalltalk_kind(index, query)
    if kind is not None:
        return Result(Outcome.SMALLTALK, smalltalk=kind)
    return decide(search(index, query, limit=max(thresholds.suggestions, 2)), thresholds)
