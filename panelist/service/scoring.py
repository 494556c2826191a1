"""Score one stored answer with the configured scorer, falling back to the embedded one.

The fallback is recorded in the Score itself (``reason`` and ``signals["fallback"]``), so
reports can say which scorer judged each answer and why.
"""

from __future__ import annotations

import logging

from panelist.catalog.loader import Catalog
from panelist.interview.state import InterviewState, Speaker
from panelist.observability.tracing import span
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.fallback import record_fallback
from panelist.scoring.types import InterviewContext, PriorAnswer, Score, Scorer

log = logging.getLogger(__name__)


def context_for(state: InterviewState, catalog: Catalog, turn_id: str) -> InterviewContext:
    """The earlier scored answers of this interview (for contradiction checks)."""
    prior: list[PriorAnswer] = []
    for turn in state.turns:
        if turn.id == turn_id:
            break
        if turn.speaker is not Speaker.CANDIDATE or turn.question_id is None:
            continue
        if turn.question_id not in catalog.questions or not turn.text.strip():
            continue
        prior.append(
            PriorAnswer(turn.question_id, catalog.question(turn.question_id).text, turn.text)
        )
    return InterviewContext(
        prior_answers=prior,
        role_code=state.role_code,
        level=state.level,
        interview_id=state.id,
        candidate_name=state.candidate_name,
    )


def score_answer(scorer: Scorer, catalog: Catalog, state: InterviewState, turn_id: str) -> Score:
    """Score the candidate turn ``turn_id`` of ``state``."""
    turn = next(t for t in state.turns if t.id == turn_id)
    question = catalog.question(str(turn.question_id))
    context = context_for(state, catalog, turn_id)
    try:
        with span("panelist.score", scorer=scorer.id, question_kind=question.kind.value):
            return scorer.score(turn.text, question, context)
    except Exception as exc:  # any scorer failure: the embedded scorer judges instead
        if isinstance(scorer, EmbeddedScorer):
            raise
        log.warning("scorer %s failed on turn %s: %s", scorer.id, turn_id, exc)
        fallback = EmbeddedScorer().score(turn.text, question, context)
        return record_fallback(fallback, f"{scorer.id} failed: {exc}")
