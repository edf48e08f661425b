"""The shipped knowledge against the evaluation set: a regression floor, not the benchmark
(`make eval` prints the figures)."""

from __future__ import annotations

from collections import Counter

from benchmarks.evaluate import judge, load_cases, score_cases
from bot.settings import load_settings, thresholds_of
from knowledge.index import Index
from knowledge.normalize import is_traditional
from knowledge.schema import CATEGORY_IDS


def test_accuracy_floor(shipped_index: Index) -> None:
    figures = judge(
        score_cases(shipped_index, load_cases()),
        thresholds_of(load_settings()),
        shipped_index.knowledge.calibration,
    )
    assert figures["top1"] >= 0.93, figures
    assert figures["top3"] >= 0.97, figures
    assert figures["traditional_top1"] >= 0.93, figures
    assert figures["oos_rejection"] >= 0.93, figures
    assert figures["wrong_answers"] <= 0.03, figures


def test_evaluation_set_is_broad_and_realistic(shipped_index: Index) -> None:
    cases = load_cases()
    entries = {entry.id: entry.category for entry in shipped_index.knowledge.entries}
    in_scope = [c for c in cases if c.in_scope]
    assert len(in_scope) >= 250 and len(cases) - len(in_scope) >= 40
    assert all(c.accepted <= entries.keys() for c in in_scope), "eval names an unknown entry"
    per_category = Counter(entries[sorted(c.accepted)[0]] for c in in_scope)
    assert set(per_category) == set(CATEGORY_IDS)
    assert sum(is_traditional(c.question) for c in in_scope) >= 60
    assert sum(len(c.question) >= 60 for c in in_scope) >= 30
    expected = {answer for c in in_scope for answer in c.accepted}
    assert expected == set(entries), "every entry should be expected by some question"
