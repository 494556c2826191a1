"""Scoring one benchmark row with any registered scorer, on the row's own scale."""

from __future__ import annotations

from dataclasses import replace

from panelist.catalog.models import Question
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.fallback import record_fallback
from panelist.scoring.llm_judge import on_row_scale, question_from_target
from panelist.scoring.rubric import Target
from panelist.scoring.types import Score, Scorer


def score_row(
    scorer: Scorer, embedded: EmbeddedScorer, answer: str, target: Target
) -> tuple[Score, float | None]:
    """The Score of a benchmark row and its value on the row's scale.

    A scorer of catalog questions (the LLM judge) gets the row as a Question and its 1-5
    score is put on the row's scale; when it fell back, the embedded scorer scores the row on
    the row's own scale, keeping the fallback's reason.
    """
    if scorer is embedded:
        score = embedded.score_target(answer, target)
        return score, score.value
    judged = scorer.score(answer, question_from_target(target))
    if fell_back(judged, embedded):
        row_score = embedded.score_target(answer, target)
        kept = replace(row_score, reason=judged.reason, signals={**judged.signals})
        return kept, row_score.value
    return judged, on_row_scale(judged.value, target)


def fell_back(score: Score, embedded: EmbeddedScorer) -> bool:
    """Whether ``score`` came from the embedded scorer standing in for another one."""
    return score.scorer.startswith(f"{embedded.id}/")


def score_question(scorer: Scorer, answer: str, question: Question) -> Score:
    """``answer`` scored against a catalog question's rubric on its scale, as an interview
    scores it: a scorer that fails is replaced by the embedded scorer, and the Score says so."""
    try:
        return scorer.score(answer, question)
    except Exception as exc:  # any scorer failure: the embedded scorer judges instead
        if isinstance(scorer, EmbeddedScorer):
            raise
        return record_fallback(
            EmbeddedScorer().score(answer, question), f"{scorer.id} failed: {exc}"
        )
