"""From raw signals to a 0..1 quality, and the one fitting routine that produces the shipped JSON.

The model is a ridge regression on standardised signals, fitted on the share of
the maximum score (``score / max_score``) of human-graded rows. Runtime needs
numpy only. :func:`fit` is used both by the benchmark's cross-validation and by
``benchmarks/calibrate.py`` that writes ``calibration.json``: one code path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

LEXICAL_FEATURES: tuple[str, ...] = (
    "coverage",
    "similarity",
    "align_recall",
    "align_precision",
    "question_overlap",
    "new_content",
    "log_length",
    "length_ratio",
    "specificity",
    "negated_share",
    "bigram_recall",
    "dont_know",
    "too_short",
    "off_topic",
    "evasive",
)
# Flags learnt as features: their coefficient may only lower the score (never a bonus).
PENALTY_FEATURES: frozenset[str] = frozenset(
    {"dont_know", "too_short", "off_topic", "evasive", "red_flag"}
)
SEMANTIC_FEATURES: tuple[str, ...] = (
    *LEXICAL_FEATURES,
    "semantic_reference",
    "semantic_question",
    "semantic_best_sentence",
    "semantic_coverage",
    "semantic_demoted",
    "demoted_x_coverage",
    "demoted_x_recall",
    "semantic_x_recall",
    "semantic_coverage_x_coverage",
    "semantic_reference_sq",
)
# The level of a catalog (1-5) score: fitted on natural answers graded against the
# questions' own anchors (panelist/evaluation/data/graded_answers.jsonl, calibration split).
LEVEL_FEATURES: tuple[str, ...] = (
    "dev_quality",
    "hit_coverage",
    "coverage",
    "similarity",
    "align_recall",
    "bigram_recall",
    "specificity",
    "negated_share",
    "red_flag",
    "evasive",
    "off_topic",
    "anchor_words",
)
LEVEL_SEMANTIC_FEATURES: tuple[str, ...] = (
    *LEVEL_FEATURES,
    "semantic_reference",
    "semantic_coverage",
    "semantic_demoted",
    "anchor_claim",
    "anchor_answer",
)
# The level of a story (project, behavioural): its reference is one example story, so the
# signals that compare the answer with the reference's words or meaning (similarity,
# alignment, bigrams, the dev-data quality, semantic_reference/demoted) say how near the
# answer is to someone else's story, and anchor 1's words are the story's topic words
# ("the help desk called"). The story level reads the key points credited and the flags;
# a story wrong on its main point is still capped at anchor 2 (scoring.anchors).
STORY_LEVEL_FEATURES: tuple[str, ...] = (
    "hit_coverage",
    "coverage",
    "specificity",
    "negated_share",
    "red_flag",
    "evasive",
    "off_topic",
)
STORY_LEVEL_SEMANTIC_FEATURES: tuple[str, ...] = (*STORY_LEVEL_FEATURES, "semantic_coverage")
DEFAULT_RIDGE = 0.15  # penalty per row, chosen by leave-questions-out CV (docs/scoring.md)
# The dev-data semantic model: leave-questions-out r on saf_training 0.7476 at 0.15, 0.751
# at 0.05, 0.752 at 0.02 (mohler_dev 0.608 / 0.615 / 0.617); the lexical one is flat.
SEMANTIC_RIDGE = 0.05
CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class LinearModel:
    """quality = clip(intercept + coef · (x - mean) / std, 0, 1)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def predict_one(self, signals: dict[str, float]) -> float:
        x = np.array([signals.get(name, 0.0) for name in self.features], dtype=np.float64)
        z = (x - np.array(self.mean)) / np.array(self.std)
        return float(np.clip(self.intercept + z @ np.array(self.coef), 0.0, 1.0))

    def predict(self, rows: Sequence[dict[str, float]]) -> np.ndarray[Any, np.dtype[np.float64]]:
        x = _matrix(rows, self.features)
        z = (x - np.array(self.mean)) / np.array(self.std)
        return np.asarray(np.clip(self.intercept + z @ np.array(self.coef), 0.0, 1.0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "std": list(self.std),
            "coef": list(self.coef),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        return cls(
            features=tuple(data["features"]),
            mean=tuple(float(v) for v in data["mean"]),
            std=tuple(float(v) for v in data["std"]),
            coef=tuple(float(v) for v in data["coef"]),
            intercept=float(data["intercept"]),
        )


@dataclass(frozen=True)
class Calibration:
    """The shipped coefficients: one model without and one with the semantic signals."""

    lexical: LinearModel
    semantic: LinearModel | None
    penalties: dict[str, float]
    fitted_on: tuple[str, ...]
    levels: LinearModel | None = None  # catalog 1-5 questions, lexical signals
    levels_semantic: LinearModel | None = None  # the same with the encoder's signals
    levels_fitted_on: str = ""
    stories: LinearModel | None = None  # the level of a story question, lexical signals
    stories_semantic: LinearModel | None = None  # the same with the encoder's signals

    def model(self, with_semantic: bool) -> LinearModel:
        if with_semantic and self.semantic is not None:
            return self.semantic
        return self.lexical

    def level_model(self, with_semantic: bool, story: bool = False) -> LinearModel | None:
        """The level model of a catalog question (``story``: a project or behavioural one,
        read from its key points and anchors only; the general model when none is fitted)."""
        if story and (self.stories or self.stories_semantic):
            if with_semantic and self.stories_semantic is not None:
                return self.stories_semantic
            if self.stories is not None:
                return self.stories
        if with_semantic and self.levels_semantic is not None:
            return self.levels_semantic
        return self.levels

    def to_dict(self) -> dict[str, Any]:
        return {
            "lexical": self.lexical.to_dict(),
            "semantic": self.semantic.to_dict() if self.semantic else None,
            "penalties": dict(self.penalties),
            "fitted_on": list(self.fitted_on),
            "levels": self.levels.to_dict() if self.levels else None,
            "levels_semantic": self.levels_semantic.to_dict() if self.levels_semantic else None,
            "levels_fitted_on": self.levels_fitted_on,
            "stories": self.stories.to_dict() if self.stories else None,
            "stories_semantic": self.stories_semantic.to_dict() if self.stories_semantic else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        def optional(key: str) -> LinearModel | None:
            return LinearModel.from_dict(data[key]) if data.get(key) else None

        return cls(
            lexical=LinearModel.from_dict(data["lexical"]),
            semantic=optional("semantic"),
            penalties={k: float(v) for k, v in data["penalties"].items()},
            fitted_on=tuple(data.get("fitted_on", ())),
            levels=optional("levels"),
            levels_semantic=optional("levels_semantic"),
            levels_fitted_on=str(data.get("levels_fitted_on", "")),
            stories=optional("stories"),
            stories_semantic=optional("stories_semantic"),
        )


# Multipliers applied to the calibrated quality for flags the dev data cannot teach.
DEFAULT_PENALTIES: dict[str, float] = {
    "stuffing": 0.85,
    "red_flag": 0.75,
    "contradiction": 0.9,
    "unsupported_claim": 0.95,
}


def _matrix(rows: Sequence[dict[str, float]], features: Sequence[str]) -> np.ndarray[Any, Any]:
    return np.array([[row.get(name, 0.0) for name in features] for row in rows], dtype=np.float64)


def fit(
    rows: Sequence[dict[str, float]],
    targets: Sequence[float],
    features: Sequence[str] = LEXICAL_FEATURES,
    ridge: float | None = None,
) -> LinearModel:
    """Ridge regression of ``targets`` (0..1) on standardised ``features`` of ``rows``
    (``ridge`` by default :data:`SEMANTIC_RIDGE` for the dev-data semantic model, else
    :data:`DEFAULT_RIDGE`).

    A flag feature (:data:`PENALTY_FEATURES`) whose fitted coefficient would raise the
    score is dropped (coefficient 0) and the rest refitted: flags never earn a bonus.
    """
    if len(rows) != len(targets) or not rows:
        raise ValueError("fit needs as many targets as rows, and at least one row")
    if ridge is None:
        ridge = SEMANTIC_RIDGE if tuple(features) == SEMANTIC_FEATURES else DEFAULT_RIDGE
    dropped: set[str] = set()
    while True:
        model = _ridge(rows, targets, features, ridge, dropped)
        bonus = {
            name
            for name, coef in zip(model.features, model.coef, strict=True)
            if name in PENALTY_FEATURES and coef > 0 and name not in dropped
        }
        if not bonus:
            return model
        dropped |= bonus


def _ridge(
    rows: Sequence[dict[str, float]],
    targets: Sequence[float],
    features: Sequence[str],
    ridge: float,
    dropped: set[str],
) -> LinearModel:
    x = _matrix(rows, features)
    x[:, [i for i, name in enumerate(features) if name in dropped]] = 0.0
    y = np.asarray(targets, dtype=np.float64)
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-9] = 1.0
    z = (x - mean) / std
    intercept = float(y.mean())
    gram = z.T @ z + ridge * len(y) * np.eye(z.shape[1])
    coef = np.linalg.solve(gram, z.T @ (y - intercept))
    return LinearModel(
        features=tuple(features),
        mean=tuple(float(v) for v in mean),
        std=tuple(float(v) for v in std),
        coef=tuple(float(v) for v in coef),
        intercept=intercept,
    )


def load_calibration(path: Path | None = None) -> Calibration:
    """The shipped calibration (or the one at ``path``)."""
    if path is not None:
        text = path.read_text(encoding="utf-8")
    else:
        text = resources.files("panelist.scoring").joinpath(CALIBRATION_FILE).read_text("utf-8")
    return Calibration.from_dict(json.loads(text))
