"""Calibrated confidence: two small logistic models over match features.

`scope` estimates whether a question is one the FAQ covers at all; `top` whether the best-ranked
entry is the right one. Weights are learned from the evaluation set (benchmarks/calibrate.py)
and shipped as data (knowledge/data/calibration.yaml).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

FEATURES = (
    "lexical",
    "fuzzy",
    "log_raw",
    "margin",
    "runner_up_ratio",
    "log_matched_words",
    "log_query_words",
    "coverage",
)


class Logistic(BaseModel):
    """P(y=1) = sigmoid(bias + weights · features)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bias: float
    weights: tuple[float, ...] = Field(min_length=len(FEATURES), max_length=len(FEATURES))

    def probability(self, features: Sequence[float]) -> float:
        """The model's probability for one feature vector."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


class Calibration(BaseModel):
    """knowledge/data/calibration.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    features: tuple[str, ...] = FEATURES
    scope: Logistic
    top: Logistic


DEFAULT = Calibration(
    scope=Logistic(bias=-4.0, weights=(3.0, 3.0, 0.5, 2.0, -1.0, 1.0, -0.5, 3.0)),
    top=Logistic(bias=-3.0, weights=(2.0, 2.0, 0.5, 8.0, -2.0, 0.5, 0.0, 1.0)),
)
