"""Score one stored answer with the configured scorer, falling back to the embedded one.

The fallback is recorded in the Score itself (``reason`` and ``signals["fallback"]``), so
reports can say which scorer judged each answer and why.

A turn that also adds to an earlier question (``Turn.adds_to``) is scored twice: the part
that answers its own question under that question (:func:`score_answer`), and its aside as
one more answer of the earlier question's exchange (``aside=True``). Each score's
evidence points at the turn's own text (its offsets are the turn's, not the part's).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from panelist.catalog.loader import Catalog
from panelist.catalog.models import Question
from panelist.interview.asides import answered_part, aside_part
from panelist.interview.events import ScoreRequested
from panelist.interview.exchange import Exchange, question_names, refers_back, story_turns
from panelist.interview.followups import without_opener
from panelist.interview.state import InterviewState, Speaker, Turn, TurnRole
from panelist.observability.tracing import span
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.fallback import record_fallback
from panelist.scoring.types import (
    Evidence,
    ExchangeAnswer,
    InterviewContext,
    PriorAnswer,
    Score,
    Scorer,
)

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
    own = exchange.question_id if exchange is not None else None
    earlier = exchange.earlier_answers(turn_id) if exchange is not None else []
    told = _told_before(state, exchange, earlier, answer)
    prior = _prior_answers(state, catalog, index, own, besides={e.turn_id for e in told})
    prompt = None
    if answer is not None:
        prompt = _prompt_of(state.turns[:index], answer)
    return InterviewContext(
        prior_answers=prior,
        exchange=[*told, *earlier],
        prompt=prompt,
        role_code=state.role_code,
        level=state.level,
        interview_id=state.id,
        candidate_name=state.candidate_name,
    )


def _prompt_of(before: list[Turn], answer: Turn) -> str | None:
    """The words of the interviewer turn ``answer`` replied to, among the turns ``before``."""
    asked = next((t for t in before if t.id == answer.answers), None)
    return asked_words(asked) if asked is not None else None


def _told_before(
    state: InterviewState,
    exchange: Exchange | None,
    earlier: list[ExchangeAnswer],
    answer: Turn | None,
) -> list[ExchangeAnswer]:
    """The story already told, as answers of this exchange, when the question was asked of it
    (``Turn.told_before``) or the candidate points a project question at it ("That was the
    Docker-in-Docker one I just described"): its key
    points count here, with evidence naming the answer that said them, instead of being
    missed because they were not said twice. Nothing otherwise."""
    if exchange is None or answer is None:
        return []
    asked_of_it = bool(exchange.turns) and exchange.turns[0].told_before
    if not asked_of_it and not refers_back("\n".join([*(e.answer for e in earlier), answer.text])):
        return []
    return [
        ExchangeAnswer(t.id, _prompt_of(state.turns, t) or "", t.text)
        for t in story_turns(state, exchange)
    ]


def asked_words(turn: Turn) -> str:
    """What an interviewer turn asked, without what it said first: a planned question's own
    words (not the greeting or "Let's move on to some technical questions." before them), a
    follow-up without its opener ("One more angle on this:"), a repeat's question. An answer
    is relevant or not to these: "Welcome, Jordan Lee. I'm panelist; today we'll talk about
    the ... position" is not what the introduction answers."""
    if turn.role is TurnRole.REPEAT:
        return turn.repeated or turn.text
    if turn.role is TurnRole.QUESTION and turn.question_text:
        return turn.question_text
    if turn.role is TurnRole.FOLLOW_UP:
        return without_opener(turn.text)
    return turn.text


def _prior_answers(
    state: InterviewState,
    catalog: Catalog,
    index: int,
    own: str | None,
    besides: set[str] | frozenset[str] = frozenset(),
) -> list[PriorAnswer]:
    """The counted answers before turn ``index`` to questions other than ``own`` (the
    statements an answer may contradict), but for the turns ``besides`` (told again as
    answers of the exchange)."""
    prior: list[PriorAnswer] = []
    names = question_names(state)
    for turn in state.turns[:index]:
        if turn.speaker is not Speaker.CANDIDATE or turn.question_id is None:
            continue
        if turn.question_id not in catalog.questions or not turn.text.strip():
            continue
        if not turn.counted:
            continue  # "sorry?", or a question of the candidate's: no statement to compare
        if turn.question_id == own or turn.id in besides:
            continue  # the same exchange: in ``exchange``, never a contradiction with itself
        prior.append(
            PriorAnswer(
                turn.question_id,
                catalog.question(turn.question_id).text,
                turn.text,
                turn.id,
                name=names.get(turn.question_id, ""),
            )
        )
    return prior


# Where a part's evidence lies in the turns' texts: the id a part's evidence names (None: the
# part scored) -> (the turn it is in, None for the scored turn itself; the part's offset there).
Placing = Mapping[str | None, tuple[str | None, int]]


def placed(score: Score, where: Placing) -> Score:
    """``score`` with the evidence of each part moved to its turn's text (see ``Placing``)."""

    def moved(evidence: list[Evidence]) -> list[Evidence]:
        out: list[Evidence] = []
        for e in evidence:
            turn_id, offset = where.get(e.turn_id, (e.turn_id, 0))
            out.append(replace(e, turn_id=turn_id, start=e.start + offset, end=e.end + offset))
        return out

    if not where or all(v == (k, 0) for k, v in where.items()):
        return score
    return replace(
        score,
        key_points_hit=[replace(h, evidence=moved(h.evidence)) for h in score.key_points_hit],
        flags=[replace(f, evidence=moved(f.evidence)) for f in score.flags],
    )


def aside_context(
    state: InterviewState, catalog: Catalog, turn: Turn
) -> tuple[InterviewContext, Placing]:
    """What the scorer may know around ``turn``'s aside, scored as one more answer of the
    earlier question it adds to (``turn.adds_to``): that exchange's answers and the asides
    added to it before, the question as it was asked, the other questions' answers; and where
    each part's evidence lies in its turn (an earlier aside is a part of its turn)."""
    index = next(i for i, t in enumerate(state.turns) if t.id == turn.id)
    earlier = str(turn.adds_to)
    opening = next(
        (
            t
            for t in reversed(state.turns[:index])
            if t.question_id == earlier and t.role is TurnRole.QUESTION
        ),
        None,
    )
    exchange = Exchange.of(state, earlier, since=opening.seq if opening is not None else 0)
    answers = exchange.earlier_answers(turn.id)
    where: dict[str | None, tuple[str | None, int]] = {None: (turn.id, aside_part(turn)[1])}
    # the question's own words, never the bridge said before it ("Next, I'd like to explore
    # some technical ground."): the aside answers the question, as its answers did
    prompt = asked_words(opening) if opening is not None else catalog.question(earlier).text
    for before in state.turns[:index]:
        words, at = aside_part(before)
        if before.speaker is Speaker.CANDIDATE and before.adds_to == earlier and words:
            answers.append(ExchangeAnswer(before.id, prompt, words))
            where[before.id] = (before.id, at)
    context = InterviewContext(
        prior_answers=_prior_answers(state, catalog, index, earlier),
        exchange=answers,
        prompt=prompt,
        role_code=state.role_code,
        level=state.level,
        interview_id=state.id,
        candidate_name=state.candidate_name,
    )
    return context, where


def _scored(
    scorer: Scorer,
    text: str,
    question: Question,
    context: InterviewContext,
    turn_id: str,
    fallback: bool,
) -> Score:
    """``scorer``'s score of ``text``, or (``fallback``) the embedded scorer's when it fails,
    saying so; without ``fallback`` a failure raises (a job is retried)."""
    if not fallback:
        return scorer.score(text, question, context)
    try:
        with span("panelist.score", scorer=scorer.id, question_kind=question.kind.value):
            return scorer.score(text, question, context)
    except Exception as exc:  # any scorer failure: the embedded scorer judges instead
        if isinstance(scorer, EmbeddedScorer):
            raise
        log.warning("scorer %s failed on turn %s: %s", scorer.id, turn_id, exc)
        embedded = EmbeddedScorer().score(text, question, context)
        return record_fallback(embedded, f"{scorer.id} failed: {exc}")


def score_answer(
    scorer: Scorer,
    catalog: Catalog,
    state: InterviewState,
    turn_id: str,
    *,
    aside: bool = False,
    fallback: bool = True,
) -> Score:
    """Score the candidate turn ``turn_id`` of ``state``: the words that answer its question
    (an aside on an earlier question is not). With ``aside``: the words it adds to an earlier
    question (``Turn.adds_to``), as one more answer of that question's exchange - the
    exchange's score with them, whose evidence from the aside names this turn, at offsets in
    its text."""
    turn = next(t for t in state.turns if t.id == turn_id)
    if aside:
        question = catalog.question(str(turn.adds_to))
        context, where = aside_context(state, catalog, turn)
        text = aside_part(turn)[0]
    else:
        question = catalog.question(str(turn.question_id))
        context = context_for(state, catalog, turn_id)
        text, at = answered_part(turn)
        where = {None: (None, at)}
    return placed(_scored(scorer, text, question, context, turn_id, fallback), where)


def score_request(
    scorer: Scorer, catalog: Catalog, state: InterviewState, request: ScoreRequested
) -> Score:
    """The score the engine asked for: an answer's, or an aside's under its earlier question."""
    return score_answer(scorer, catalog, state, request.turn_id, aside=request.aside)
