"""Matching accuracy on the evaluation set in tests/eval: top-1, top-3, traditional, out of scope.

Usage: python -m benchmarks.evaluate [--failures] [--tune] [--json]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.settings import load_settings, thresholds_of
from knowledge.calibration import Calibration
from knowledge.index import Index, build_index
from knowledge.loader import load_knowledge
from knowledge.matcher import Outcome, Ranking, Result, Thresholds, decide, rank, smalltalk_kind
from knowledge.normalize import is_traditional

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "eval"


@dataclass(frozen=True)
class Case:
    """One evaluation question and the entries that would be a right answer (none: out of scope)."""

    question: str
    accepted: frozenset[str]
    source: str

    @property
    def in_scope(self) -> bool:
        """Whether a legal answer is expected."""
        return bool(self.accepted)


@dataclass(frozen=True)
class Scored:
    """A case with its ranking, computed once and judged under any thresholds."""

    case: Case
    ranking: Ranking
    smalltalk: bool

    def result(self, thresholds: Thresholds, calibration: Calibration) -> Result | None:
        """The decision under these settings (None for small talk)."""
        return None if self.smalltalk else decide(self.ranking, thresholds, calibration)


def load_cases(directory: Path = EVAL_DIR) -> list[Case]:
    """Every question in tests/eval/*.yaml."""
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text("utf-8"))["questions"]:
            accepted = {item["expect"], *(item.get("also") or [])} - {None}
            cases.append(Case(str(item["q"]), frozenset(accepted), path.stem))
    return cases


def score_cases(index: Index, cases: Iterable[Case]) -> list[Scored]:
    """Rank every case once."""
    return [
        Scored(c, rank(index, c.question), smalltalk_kind(index, c.question) is not None)
        for c in cases
    ]


def judge(
    scored: list[Scored], thresholds: Thresholds, calibration: Calibration
) -> dict[str, float]:
    """Accuracy figures under given thresholds."""
    top1 = top3 = trad_total = trad_top1 = inscope = oos = rejected = unsure = wrong = 0
    for item in scored:
        result = item.result(thresholds, calibration)
        answered = result is not None and result.outcome is Outcome.ANSWER
        if not item.case.in_scope:
            oos += 1
            rejected += result is None or result.outcome is Outcome.OUT_OF_SCOPE
            continue
        inscope += 1
        shown = [m.entry_id for m in (result.matches if result else ())][:3]
        first = answered and shown[0] in item.case.accepted
        top1 += first
        wrong += answered and not first
        top3 += bool(set(shown) & item.case.accepted)
        unsure += result is not None and result.outcome is Outcome.SUGGEST
        if is_traditional(item.case.question):
            trad_total += 1
            trad_top1 += first
    return {
        "questions": float(len(scored)),
        "in_scope": float(inscope),
        "top1": top1 / max(inscope, 1),
        "top3": top3 / max(inscope, 1),
        "traditional": float(trad_total),
        "traditional_top1": trad_top1 / max(trad_total, 1),
        "unsure": unsure / max(inscope, 1),
        "wrong_answers": wrong / max(inscope, 1),
        "out_of_scope": float(oos),
        "oos_rejection": rejected / max(oos, 1),
    }


def main() -> None:
    """Print the figures; optionally the misses and tuned thresholds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    settings = load_settings()
    index = build_index(load_knowledge(settings.knowledge_dir, None))
    scored = score_cases(index, load_cases())
    thresholds = thresholds_of(settings)
    calibration = index.knowledge.calibration
    figures = judge(scored, thresholds, calibration)
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:18} {value:.3f}" if value <= 1 else f"{key:18} {value:.0f}")
    if args.failures:
        for item in scored:
            result = item.result(thresholds, calibration)
            outcome = "smalltalk" if result is None else str(result.outcome)
            answered = result is not None and result.outcome is Outcome.ANSWER
            if item.case.in_scope:
                matches = item.ranking.matches
                wrong = not (answered and matches[0].entry_id in item.case.accepted)
            else:
                wrong = result is not None and result.outcome is not Outcome.OUT_OF_SCOPE
            if wrong:
                want = ",".join(sorted(item.case.accepted)) or "-"
                top = [f"{m.entry_id}:{m.score:.2f}" for m in item.ranking.matches[:3]]
                outcome += f" p={result.confidence:.2f}" if result else ""
                print(f"[{item.case.source}] {item.case.question[:50]} | {want} | {outcome} {top}")


if __name__ == "__main__":
    main()
