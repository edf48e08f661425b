"""The immutable search index over a Knowledge: BM25 postings plus the texts for fuzzy scoring."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from knowledge.loader import Knowledge
from knowledge.normalize import Normalizer
from knowledge.schema import Entry
from knowledge.tokenize import BIGRAM_PREFIX, Tokenizer, build_tokenizer

K1 = 1.2
B = 0.75
BIGRAM_WEIGHT = 0.5
KEYWORD_REPEAT = 2
CATEGORY_KEYWORD_WEIGHT = 0.5

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Posting:
    """Documents containing a term and the term's BM25 weight in each."""

    docs: IntArray
    weights: FloatArray


@dataclass(frozen=True)
class Index:
    """Everything `search` needs, built once per knowledge version and never mutated."""

    knowledge: Knowledge
    normalizer: Normalizer
    tokenizer: Tokenizer
    postings: Mapping[str, Posting]
    idf: Mapping[str, float]
    unseen_idf: float
    texts: tuple[tuple[str, ...], ...]  # question and paraphrases, normalised, spaces removed
    smalltalk: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> int:
        """Number of FAQ entries."""
        return len(self.knowledge.entries)


def term_weight(term: str) -> float:
    """Bigrams count for less than words: they back words up, they do not lead."""
    return BIGRAM_WEIGHT if term.startswith(BIGRAM_PREFIX) else 1.0


def _entry_document(
    entry: Entry, knowledge: Knowledge, normalizer: Normalizer, tokenizer: Tokenizer
) -> dict[str, float]:
    """Term frequencies of one entry; its category's keywords join at a lower weight."""
    counts: Counter[str] = Counter()
    for text in (entry.question, *entry.paraphrases):
        counts.update(tokenizer.terms(normalizer(text)))
    for keyword in entry.keywords:
        counts.update(tokenizer.terms(normalizer(keyword)) * KEYWORD_REPEAT)
    document = {term: float(count) for term, count in counts.items()}
    category = knowledge.categories.get(entry.category)
    for keyword in category.keywords if category else ():
        for term in tokenizer.words(normalizer(keyword)):
            document[term] = document.get(term, 0.0) + CATEGORY_KEYWORD_WEIGHT
    return document


def build_index(knowledge: Knowledge) -> Index:
    """Segment every entry and compute BM25 postings over question, paraphrases and keywords."""
    synonyms = knowledge.synonyms
    normalizer = Normalizer({**synonyms.typos, **synonyms.synonyms})
    vocabulary = [normalizer(k) for e in knowledge.entries for k in e.keywords]
    vocabulary += [normalizer(k) for c in knowledge.categories.values() for k in c.keywords]
    vocabulary += list(normalizer.replacements.values())
    tokenizer = build_tokenizer(knowledge.userdict, vocabulary, synonyms.stopwords)
    docs = [_entry_document(e, knowledge, normalizer, tokenizer) for e in knowledge.entries]
    total = len(docs)
    lengths = [sum(doc.values()) for doc in docs]
    average = (sum(lengths) / total) if total else 1.0
    frequency: Counter[str] = Counter(term for doc in docs for term in doc)
    idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
    columns: dict[str, tuple[list[int], list[float]]] = {}
    for number, (doc, length) in enumerate(zip(docs, lengths, strict=True)):
        norm = K1 * (1 - B + B * length / average)
        for term, tf in doc.items():
            weight = idf[term] * tf * (K1 + 1) / (tf + norm)
            ids, weights = columns.setdefault(term, ([], []))
            ids.append(number)
            weights.append(weight)
    postings = {
        term: Posting(np.asarray(ids, dtype=np.int32), np.asarray(ws, dtype=np.float32))
        for term, (ids, ws) in columns.items()
    }
    texts = tuple(
        tuple(normalizer(text).replace(" ", "") for text in (entry.question, *entry.paraphrases))
        for entry in knowledge.entries
    )
    phrases = [
        (normalizer(p).replace(" ", ""), kind)
        for kind, ps in synonyms.smalltalk.items()
        for p in ps
    ]
    smalltalk = tuple(sorted(((p, k) for p, k in phrases if p), key=lambda pair: -len(pair[0])))
    return Index(
        smalltalk=smalltalk,
        knowledge=knowledge,
        normalizer=normalizer,
        tokenizer=tokenizer,
        postings=MappingProxyType(postings),
        idf=MappingProxyType(idf),
        unseen_idf=math.log(1 + (total + 0.5) / 0.5),
        texts=texts,
    )
