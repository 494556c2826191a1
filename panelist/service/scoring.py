"""Score one stored answer with the configured scorer, falling back to the embedded one.

The fallback is recorded in the Score itself (``reason`` and ``signals["fallback"]``), so
reports can say which scorer judged each answer and why.
"""

from __future__ import annotations

import logging

from panelist.catalog.loader import Catalog
from panelist.interview.exchange import Exchange
from panelist.interview.state import InterviewState, Speaker, TurnRole
from panelist.observability.tracing import span
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.fallback import record_fallback
from panelist.scoring.types import InterviewContext, PriorAnswer, Score, Scorer

log = logging.getLogger(__name__)


def context_for(state: InterviewState, catalog: Catalog, turn_id: str) -> InterviewContext:
    """What the scorer may know around the answer ``turn_id``.

    ``prior_answers``: the answers to other questions before it (for contradictions);
    ``exchange``: the earlier answers of its own exchange (the planned question and its
    follow-ups), each with the prompt it replied to; ``prompt``: the interviewer turn it
    replies to, as said (a follow-up's own text, the intro prompt) - relevance is measured
    against that, so a direct answer to a follow-up is never off topic.
    """
    index = next((i for i, t in enumerate(state.turns) if t.id == turn_id), len(state.turns))
    answer = state.turns[index] if index < len(state.turns) else None
    exchange: Exchange | None = None
    if answer is not None and answer.question_id is not None:
        opening = next(
            (
                t
                for t in state.turns[:index]
                if t.question_id == answer.question_id and t.role is TurnRole.QUESTION
            ),
            None,
        )
        since = opening.seq if opening is not None else 0
        exchange = Exchange.of(state, answer.question_id, since=since)
    prior: list[PriorAnswer] = []
    for turn in state.turns[:index]:
        if turn.speaker is not Speaker.CANDIDATE or turn.question_id is None:
            continue
        if turn.question_id not in catalog.questions or not turn.text.strip():
            continue
        if not turn.counted:
            continue  # "sorry?", or a question of the candidate's: no statement to compare
        if exchange is not None and turn.question_id == exchange.question_id:
            continue  # the same exchange: in ``exchange``, never a contradiction with itself
        prior.append(
            PriorAnswer(
                turn.question_id, catalog.question(turn.question_id).text, turn.text, turn.id
            )
        )
    prompt = None
    if answer is not None:
        prompt_id = answer.answers
        asked = next((t for t in state.turns[:index] if t.id == prompt_id), None)
        if asked is not None and asked.role is TurnRole.REPEAT:
            prompt = asked.repeated or asked.text
        elif asked is not None:
            prompt = asked.text
    return InterviewContext(
        prior_answers=prior,
        exchange=exchange.earlier_answers(turn_id) if exchange is not None else [],
        prompt=prompt,
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
