"""The level of a score: natural answers graded 1-5 against catalog questions' own anchors.

``panelist/evaluation/data/graded_answers.jsonl`` (see that folder's README) is split by
question into ``calibration`` and ``held_out``. The level calibration of catalog questions
is fitted on the calibration split only (:func:`fit_levels`, used by
``benchmarks/calibrate.py``); ``eval bench`` reports :func:`level_metrics` on held_out.
Targets (issue 13): mean score per grade strictly increasing, grade-1 mean ≤ 1.8, grade-5
mean ≥ 4.2, exact-or-adjacent agreement ≥ 85 %, main-point-wrong answers ≤ 2.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from panelist.catalog.loader import Catalog
from panelist.catalog.models import Question
from panelist.evaluation.metrics import pearson
from panelist.scoring.calibration import LinearModel, fit
from panelist.scoring.embedded import Assessment, EmbeddedScorer, level_signals
from panelist.scoring.rubric import target_from_question

GRADED_FILE = "graded_answers.jsonl"
GRADE_1_MAX = 1.8
GRADE_5_MIN = 4.2
ADJACENT_MIN = 0.85
WRONG_MAX = 2.0


@dataclass(frozen=True)
class GradedAnswer:
    id: str
    question_id: str
    answer: str
    grade: int
    main_point_wrong: bool
    split: str


def graded_path() -> Path:
    return Path(str(resources.files("panelist.evaluation").joinpath("data", GRADED_FILE)))


def read_graded(path: Path | None = None) -> list[GradedAnswer]:
    """Every answer of the graded set (the shipped file unless ``path`` is given)."""
    source = path or graded_path()
    answers: list[GradedAnswer] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            answers.append(
                GradedAnswer(
                    id=data["id"],
                    question_id=data["question_id"],
                    answer=data["answer"],
                    grade=int(data["grade"]),
                    main_point_wrong=bool(data["main_point_wrong"]),
                    split=data["split"],
                )
            )
    return answers


@dataclass
class AssessedAnswer:
    graded: GradedAnswer
    question: Question
    assessment: Assessment


def assess_graded(
    scorer: EmbeddedScorer, answers: Sequence[GradedAnswer], catalog: Catalog
) -> list[AssessedAnswer]:
    assessed: list[AssessedAnswer] = []
    for answer in answers:
        question = catalog.question(answer.question_id)
        descriptors = [question.descriptors[k] for k in sorted(question.descriptors)]
        assessment = scorer.assess(
            answer.answer, target_from_question(question), descriptors=descriptors
        )
        assessed.append(AssessedAnswer(answer, question, assessment))
    return assessed


def fit_levels(
    scorer: EmbeddedScorer, assessed: Sequence[AssessedAnswer], features: Sequence[str]
) -> LinearModel:
    """The level model: (grade - 1) / 4 on the answers' level signals (calibration split)."""
    usable = [a for a in assessed if a.assessment.unscored_reason is None]
    if not usable:
        raise ValueError("no scorable answer to fit the level calibration on")
    rows = [level_signals(a.assessment, scorer.dev_quality(a.assessment)) for a in usable]
    return fit(rows, [(a.graded.grade - 1) / 4 for a in usable], features=features)


def level_metrics(scorer: EmbeddedScorer, assessed: Sequence[AssessedAnswer]) -> dict[str, Any]:
    """Mean score per grade, agreement and the main-point-wrong ceiling, with the scorer's
    shipped calibration (its level model when it has one)."""
    values: list[tuple[AssessedAnswer, float]] = []
    unscored = 0
    for item in assessed:
        value = scorer.finish(item.graded.answer, item.assessment, scorer.model()).value
        if value is None:
            unscored += 1
        else:
            values.append((item, value))
    by_grade: dict[int, list[float]] = {}
    for item, value in values:
        by_grade.setdefault(item.graded.grade, []).append(value)
    means = {g: round(float(np.mean(v)), 3) for g, v in sorted(by_grade.items())}
    ordered = [means[g] for g in sorted(means)]
    increasing = all(b > a for a, b in itertools.pairwise(ordered))
    adjacent = [abs(round(v) - item.graded.grade) <= 1 for item, v in values]
    exact = [round(v) == item.graded.grade for item, v in values]
    wrong = [v for item, v in values if item.graded.main_point_wrong]
    r = pearson([v for _, v in values], [float(i.graded.grade) for i, _ in values])
    result: dict[str, Any] = {
        "answers": len(assessed),
        "questions": len({a.graded.question_id for a in assessed}),
        "unscored": unscored,
        "mean_by_grade": {str(g): m for g, m in means.items()},
        "n_by_grade": {str(g): len(v) for g, v in sorted(by_grade.items())},
        "strictly_increasing": increasing,
        "grade_1_mean": means.get(1),
        "grade_5_mean": means.get(5),
        "exact": round(float(np.mean(exact)), 3) if exact else None,
        "exact_or_adjacent": round(float(np.mean(adjacent)), 3) if adjacent else None,
        "main_point_wrong": {
            "n": len(wrong),
            "max": round(max(wrong), 3) if wrong else None,
            "above_2": sum(v > WRONG_MAX for v in wrong),
        },
        "r": None if r is None else round(r, 3),
    }
    result["targets_met"] = bool(
        increasing
        and means.get(1, 99.0) <= GRADE_1_MAX
        and means.get(5, 0.0) >= GRADE_5_MIN
        and (result["exact_or_adjacent"] or 0.0) >= ADJACENT_MIN
        and result["main_point_wrong"]["above_2"] == 0
    )
    return result


def graded_report(
    scorer: EmbeddedScorer, catalog: Catalog, path: Path | None = None
) -> dict[str, Any]:
    """Level metrics per split (held_out is the one that counts)."""
    answers = read_graded(path)
    report: dict[str, Any] = {"file": str(path or graded_path())}
    for split in ("held_out", "calibration"):
        subset = [a for a in answers if a.split == split]
        report[split] = level_metrics(scorer, assess_graded(scorer, subset, catalog))
    return report


def render_graded(graded: dict[str, Any]) -> str:
    """The Markdown section of ``eval bench`` for the graded set (one row per variant/split)."""
    lines = [
        "",
        "## The level of a catalog score (graded_answers.jsonl)",
        "",
        "Natural answers graded 1–5 against each question's own anchors; the level calibration "
        "is fitted on the calibration split only. Targets on held_out: mean per grade strictly "
        "increasing, grade 1 ≤ 1.8, grade 5 ≥ 4.2, exact-or-adjacent ≥ 85 %, every "
        "main-point-wrong answer ≤ 2.",
        "",
        "| variant | split | answers | mean by grade 1 / 2 / 3 / 4 / 5 | increasing | exact | "
        "exact or adjacent | main-point-wrong > 2 (max) | r | targets met |",
        "|---|---|---:|---|:---:|---:|---:|---|---:|:---:|",
    ]
    for variant, report in graded.items():
        for split in ("held_out", "calibration"):
            m = report[split]
            means = " / ".join(f"{m['mean_by_grade'].get(str(g), '–')}" for g in range(1, 6))
            wrong = m["main_point_wrong"]
            lines.append(
                f"| {variant} | {split} | {m['answers']} | {means} | "
                f"{'yes' if m['strictly_increasing'] else 'no'} | {m['exact']} | "
                f"{m['exact_or_adjacent']} | {wrong['above_2']} of {wrong['n']} ({wrong['max']}) | "
                f"{m['r']} | {'yes' if m['targets_met'] else 'no'} |"
            )
    return "\n".join(lines) + "\n"
