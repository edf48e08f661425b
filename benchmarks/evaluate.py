"""Matching accuracy on the evaluation set in tests/eval: top-1, top-3, traditional, out of scope.

Usage: python -m benchmarks.evaluate [--failures] [--tune] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.app import thresholds_of
from bot.settings import load_settings
from knowledge.index import Index, build_index
from knowledge.loader import load_knowledge
from knowledge.matcher import Match, Outcome, Thresholds, decide, search, smalltalk_kind
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
    """A case with its ranked matches, computed once and judged under any thresholds."""

    case: Case
    matches: tuple[Match, ...]
    smalltalk: bool


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
        Scored(c, tuple(search(index, c.question)), smalltalk_kind(index, c.question) is not None)
        for c in cases
    ]


def judge(scored: list[Scored], thresholds: Thresholds) -> dict[str, float]:
    """Accuracy figures under given thresholds."""
    top1 = top3 = trad_total = trad_top1 = inscope = oos = rejected = unsure = 0
    for item in scored:
        result = decide(item.matches, thresholds) if not item.smalltalk else None
        answered = result is not None and result.outcome is Outcome.ANSWER
        if not item.case.in_scope:
            oos += 1
            rejected += result is None or result.outcome is Outcome.OUT_OF_SCOPE
            continue
        inscope += 1
        shown = [m.entry_id for m in (result.matches if result else ())][:3]
        first = answered and shown[0] in item.case.accepted
        top1 += first
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
        "out_of_scope": float(oos),
        "oos_rejection": rejected / max(oos, 1),
    }


def tune(scored: list[Scored]) -> tuple[Thresholds, dict[str, float]]:
    """Grid search: best top-1 with out-of-scope rejection of at least 0.97."""
    best: tuple[float, Thresholds, dict[str, float]] | None = None
    grid = itertools.product(
        [x / 100 for x in range(20, 70, 2)],
        [x / 100 for x in range(0, 16, 2)],
        [x / 100 for x in range(14, 50, 2)],
    )
    for confident, margin, suggest in grid:
        if suggest > confident:
            continue
        thresholds = Thresholds(confident, margin, suggest)
        figures = judge(scored, thresholds)
        if figures["oos_rejection"] < 0.97:
            continue
        value = figures["top1"] + 0.2 * figures["top3"]
        if best is None or value > best[0]:
            best = (value, thresholds, figures)
    if best is None:
        raise SystemExit("no thresholds reach 0.97 out-of-scope rejection")
    return best[1], best[2]


def main() -> None:
    """Print the figures; optionally the misses and tuned thresholds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="list every miss")
    parser.add_argument("--tune", action="store_true", help="search thresholds")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    settings = load_settings()
    index = build_index(load_knowledge(settings.knowledge_dir, None))
    scored = score_cases(index, load_cases())
    thresholds = thresholds_of(settings)
    figures = judge(scored, thresholds)
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:18} {value:.3f}" if value <= 1 else f"{key:18} {value:.0f}")
    if args.tune:
        tuned, tuned_figures = tune(scored)
        print(f"\ntuned: {tuned}\n{json.dumps(tuned_figures, indent=1)}")
    if args.failures:
        for item in scored:
            result = decide(item.matches, thresholds) if not item.smalltalk else None
            outcome = "smalltalk" if result is None else str(result.outcome)
            answered = result is not None and result.outcome is Outcome.ANSWER
            if item.case.in_scope:
                wrong = not (answered and item.matches[0].entry_id in item.case.accepted)
            else:
                wrong = result is not None and result.outcome is not Outcome.OUT_OF_SCOPE
            if wrong:
                want = ",".join(sorted(item.case.accepted)) or "-"
                top = [f"{m.entry_id}:{m.score:.2f}" for m in item.matches[:3]]
                print(f"[{item.case.source}] {item.case.question[:50]} | {want} | {outcome} {top}")


if __name__ == "__main__":
    main()
