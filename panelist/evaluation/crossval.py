"""Benchmark plumbing: assess dataset rows once, fit calibrations, cross-validate by question.

Leave-questions-out: rows are grouped by ``question_id`` into folds; each fold is
scored with a calibration fitted (by :func:`panelist.scoring.calibration.fit`,
the same code that writes the shipped JSON) on the other folds' rows only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from panelist.evaluation.dataset import Row
from panelist.scoring.calibration import (
    DEFAULT_PENALTIES,
    LEXICAL_FEATURES,
    SEMANTIC_FEATURES,
    Calibration,
    LinearModel,
    fit,
)
from panelist.scoring.embedded import Assessment, EmbeddedScorer
from panelist.scoring.rubric import Target, target_from_row

DEFAULT_FOLDS = 5


@dataclass
class AssessedRow:
    row: Row
    assessment: Assessment
    seconds: float  # time to assess this answer


def targets_for(rows: Sequence[Row]) -> dict[tuple[str, str, float], Target]:
    targets: dict[tuple[str, str, float], Target] = {}
    for row in rows:
        key = (row.question_id, row.reference, row.max_score)
        if key not in targets:
            targets[key] = target_from_row(
                row.question_id, row.question, row.reference, row.max_score
            )
    return targets


def assess_rows(
    scorer: EmbeddedScorer,
    rows: Sequence[Row],
    progress: Callable[[int], None] | None = None,
) -> list[AssessedRow]:
    """Assess every row (signals, key points, flags), timing each answer."""
    targets = targets_for(rows)
    assessed: list[AssessedRow] = []
    for row in rows:
        target = targets[(row.question_id, row.reference, row.max_score)]
        started = time.perf_counter()
        assessment = scorer.assess(row.answer, target)
        assessed.append(AssessedRow(row, assessment, time.perf_counter() - started))
        if progress is not None:
            progress(1)
    return assessed


def _fittable(rows: Sequence[AssessedRow], gold: dict[str, float]) -> list[AssessedRow]:
    return [
        r
        for r in rows
        if r.assessment.unscored_reason is None and not r.assessment.lowest and r.row.id in gold
    ]


def fit_model(
    rows: Sequence[AssessedRow], gold: dict[str, float], features: Sequence[str]
) -> LinearModel:
    """The calibration of ``rows`` against their human scores (as a share of max_score)."""
    usable = _fittable(rows, gold)
    return fit(
        [r.assessment.signals for r in usable],
        [gold[r.row.id] / r.row.max_score for r in usable],
        features=features,
    )


def fit_calibration(
    rows: Sequence[AssessedRow],
    gold: dict[str, float],
    semantic_rows: Sequence[AssessedRow] | None,
    fitted_on: Sequence[str],
) -> Calibration:
    """The calibration that ships: lexical model, and semantic model when its rows are given."""
    return Calibration(
        lexical=fit_model(rows, gold, LEXICAL_FEATURES),
        semantic=fit_model(semantic_rows, gold, SEMANTIC_FEATURES) if semantic_rows else None,
        penalties=dict(DEFAULT_PENALTIES),
        fitted_on=tuple(fitted_on),
    )


def question_folds(question_ids: Sequence[str], folds: int = DEFAULT_FOLDS) -> list[int]:
    """A fold number per row, grouping rows by question (GroupKFold: balanced by row count)."""
    sizes: dict[str, int] = {}
    for question in question_ids:
        sizes[question] = sizes.get(question, 0) + 1
    load = [0] * folds
    fold_of: dict[str, int] = {}
    for question, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold = int(np.argmin(load))
        fold_of[question] = fold
        load[fold] += size
    return [fold_of[question] for question in question_ids]


def predict(
    scorer: EmbeddedScorer, rows: Sequence[AssessedRow], model: LinearModel
) -> list[float | None]:
    return [scorer.finish(r.row.answer, r.assessment, model).value for r in rows]


def cross_validate(
    scorer: EmbeddedScorer,
    rows: Sequence[AssessedRow],
    gold: dict[str, float],
    features: Sequence[str],
    folds: int = DEFAULT_FOLDS,
) -> list[float | None]:
    """Leave-questions-out predictions: each row scored by a model that never saw its question."""
    fold_ids = question_folds([r.row.question_id for r in rows], folds)
    predictions: list[float | None] = [None] * len(rows)
    for fold in sorted(set(fold_ids)):
        train = [r for r, f in zip(rows, fold_ids, strict=True) if f != fold]
        model = fit_model(train, gold, features)
        held = [i for i, f in enumerate(fold_ids) if f == fold]
        for index, value in zip(held, predict(scorer, [rows[i] for i in held], model), strict=True):
            predictions[index] = value
    return predictions
