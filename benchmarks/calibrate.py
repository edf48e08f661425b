"""Learn the matcher's calibration from tests/eval and write knowledge/data/calibration.yaml.

Two L2-regularised logistic regressions over the match features: `scope` (in-scope vs out of
scope) and `top` (is the top-ranked entry right). Reports 5-fold cross-validated figures, the
honest estimate for unseen questions, before writing the model fitted on everything.

Usage: python -m benchmarks.calibrate [--write]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from benchmarks.evaluate import Scored, judge, load_cases, score_cases
from bot.settings import load_settings, thresholds_of
from knowledge.calibration import FEATURES, Calibration, Logistic
from knowledge.index import build_index
from knowledge.loader import load_knowledge

Array = npt.NDArray[np.float64]
FOLDS = 5
L2 = 0.05


def fit(x: Array, y: Array, steps: int = 3000, rate: float = 0.5) -> Logistic:
    """Logistic regression by gradient descent on standardised features, returned unscaled."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    weights, bias = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ weights + bias)))
        weights -= rate * (z.T @ (p - y) / len(y) + L2 * weights)
        bias -= rate * float(np.mean(p - y))
    unscaled = weights / scale
    return Logistic(
        bias=round(bias - float(unscaled @ mean), 5),
        weights=tuple(round(float(w), 5) for w in unscaled),
    )


def train(scored: list[Scored]) -> Calibration:
    """Fit both models on these cases."""
    ranked = [s for s in scored if s.ranking.matches and not s.smalltalk]
    x = np.array([s.ranking.features for s in ranked], dtype=np.float64)
    in_scope = np.array([s.case.in_scope for s in ranked], dtype=np.float64)
    right = np.array(
        [s.case.in_scope and s.ranking.matches[0].entry_id in s.case.accepted for s in ranked],
        dtype=np.float64,
    )
    inside = in_scope == 1
    return Calibration(scope=fit(x, in_scope), top=fit(x[inside], right[inside]))


def cross_validate(scored: list[Scored]) -> dict[str, float]:
    """Figures on held-out folds: each fold judged by a model trained on the others."""
    order = list(range(len(scored)))
    random.Random(11).shuffle(order)
    totals: dict[str, float] = {}
    thresholds = thresholds_of(load_settings())
    for fold in range(FOLDS):
        held = [scored[i] for n, i in enumerate(order) if n % FOLDS == fold]
        rest = [scored[i] for n, i in enumerate(order) if n % FOLDS != fold]
        figures = judge(held, thresholds, train(rest))
        for key, value in figures.items():
            totals[key] = totals.get(key, 0.0) + value / FOLDS
    return totals


def main() -> None:
    """Report cross-validated figures; with --write, save the model fitted on all cases."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write calibration.yaml")
    args = parser.parse_args()
    settings = load_settings()
    index = build_index(load_knowledge(settings.knowledge_dir, None))
    scored = score_cases(index, load_cases())
    for key, value in cross_validate(scored).items():
        print(f"cv {key:18} {value:.3f}")
    calibration = train(scored)
    for key, value in judge(scored, thresholds_of(settings), calibration).items():
        print(f"fit {key:17} {value:.3f}")
    if args.write:
        path = Path(settings.knowledge_dir) / "calibration.yaml"
        header = "# Written by `python -m benchmarks.calibrate --write`; features: " + ", ".join(
            FEATURES
        )
        body = yaml.safe_dump(
            calibration.model_dump(mode="json"), allow_unicode=True, sort_keys=False
        )
        path.write_text(header + "\n" + body, "utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
