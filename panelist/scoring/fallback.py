"""A scorer that falls back to another when the first fails, and says so in the Score."""

from __future__ import annotations

from dataclasses import replace

from panelist.catalog.models import Question
from panelist.errors import PanelistError
from panelist.scoring.types import InterviewContext, Score, Scorer


class FallbackScorer:
    """Scores with ``primary``; when it raises a PanelistError or returns no value for a
    scorable answer, scores with ``fallback`` and records why in ``reason`` and ``signals``.
    """

    def __init__(self, primary: Scorer, fallback: Scorer) -> None:
        self.primary = primary
        self.fallback = fallback
        self.id = f"{primary.id}|{fallback.id}"
        self.version = f"{primary.version}|{fallback.version}"

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        try:
            first = self.primary.score(answer, question, context)
        except PanelistError as exc:
            why = f"{self.primary.id} failed: {exc}"
        else:
            if first.value is not None:
                return first
            second = self.fallback.score(answer, question, context)
            if second.value is None:
                return first  # neither could score it: keep the primary's reason
            why = f"{self.primary.id} returned no score ({first.reason or 'no reason given'})"
            return record_fallback(second, why)
        return record_fallback(self.fallback.score(answer, question, context), why)


def record_fallback(score: Score, why: str) -> Score:
    """``score`` marked as a fallback's, with why the first scorer did not score."""
    reason = f"scored by {score.scorer} (fallback): {why}"
    signals = {**score.signals, "fallback": 1.0}
    return replace(score, reason=reason, signals=signals)
