"""How closely panelist's scores of a question agree with a person's grades of the same answers.

Used by ``panelist eval report`` (exact and adjacent agreement beside r) and by the authoring
page, where an author grades a few sample answers before a question goes live and sees where
panelist disagrees most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from panelist.catalog.models import Question
from panelist.evaluation.metrics import pearson
from panelist.evaluation.rows import score_question
from panelist.scoring.types import Scorer


def exact_and_adjacent(
    predicted: Sequence[float | None], gold: Sequence[float]
) -> dict[str, float | None]:
    """Share of scored rows whose rounded score equals the grade, and is within one of it."""
    pairs = [(round(p), round(g)) for p, g in zip(predicted, gold, strict=True) if p is not None]
    if not pairs:
        return {"exact": None, "adjacent": None}
    return {
        "exact": round(sum(p == g for p, g in pairs) / len(pairs), 3),
        "adjacent": round(sum(abs(p - g) <= 1 for p, g in pairs) / len(pairs), 3),
    }


@dataclass(frozen=True)
class GradedSample:
    """A sample answer, the author's grade of it, panelist's score and the gap between them."""

    answer: str
    grade: int
    score: float | None
    reason: str | None

    @property
    def gap(self) -> float | None:
        return None if self.score is None else round(self.score - self.grade, 2)


@dataclass(frozen=True)
class RubricAgreement:
    n: int
    unscored: int
    r: float | None
    exact: float | None
    adjacent: float | None
    disagreements: list[GradedSample]  # the samples, largest gap first (unscored ones first)


def rubric_agreement(
    scorer: Scorer, question: Question, samples: Sequence[tuple[str, int]]
) -> RubricAgreement:
    """Score each ``(answer, grade)`` against ``question`` and compare with the grades."""
    graded: list[GradedSample] = []
    for answer, grade in samples:
        score = score_question(scorer, answer, question)
        value = None if score.value is None else round(score.value * 5.0 / score.max_score, 2)
        graded.append(GradedSample(answer, grade, value, score.reason))
    scored = [s for s in graded if s.score is not None]
    bands = exact_and_adjacent([s.score for s in graded], [float(s.grade) for s in graded])
    r = pearson([s.score for s in scored if s.score is not None], [s.grade for s in scored])
    return RubricAgreement(
        n=len(scored),
        unscored=len(graded) - len(scored),
        r=None if r is None else round(r, 3),
        exact=bands["exact"],
        adjacent=bands["adjacent"],
        disagreements=sorted(graded, key=lambda s: -abs(s.gap) if s.gap is not None else -99),
    )
