"""The interview's real questions (never acknowledgements), each with its answers and score.

A question's score is the best score among its answers (the main answer and the answers
to its follow-ups, which probe what the main answer missed); credited points are the
union over those answers and missed points those that no answer covered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from panelist.catalog.loader import Catalog
from panelist.catalog.models import SCORED_KINDS, Question, QuestionKind
from panelist.interview.exchange import gives_baseline
from panelist.interview.state import CatalogPin, InterviewState, Speaker, Turn, TurnRole
from panelist.interview.utterances import Intent
from panelist.reports.evidence import humanize, justification, quote_around, quote_span
from panelist.reports.models import (
    AnswerScore,
    Credit,
    FlagNote,
    FollowUpEntry,
    QuestionEntry,
    QuoteSpan,
)
from panelist.scoring.types import Flag, Score

QUOTES_PER_POINT = 2


@dataclass
class _Group:
    """A question turn, its follow-ups and the candidate turns answering each of them."""

    question: Turn
    answer: Turn | None = None
    follow_ups: list[tuple[Turn, Turn | None]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # words added later (meta adds_to)

    def answers(self) -> list[Turn]:
        found = [self.answer] + [a for _, a in self.follow_ups]
        return [a for a in found if a is not None]


def group_turns(state: InterviewState) -> list[_Group]:
    groups: list[_Group] = []
    by_question: dict[str, _Group] = {}  # a follow-up finds its question in O(1), not O(n)
    pending: tuple[_Group, int] | None = None  # the group and follow-up index (-1: main)
    for turn in state.turns:
        if turn.speaker is Speaker.INTERVIEWER and turn.role is TurnRole.QUESTION:
            groups.append(_Group(turn))
            by_question.setdefault(turn.id, groups[-1])
            pending = (groups[-1], -1)
        elif turn.speaker is Speaker.INTERVIEWER and turn.role is TurnRole.FOLLOW_UP:
            owner = by_question.get(turn.follow_up_of or "", groups[-1] if groups else None)
            if owner is not None:
                owner.follow_ups.append((turn, None))
                pending = (owner, len(owner.follow_ups) - 1)
        elif turn.speaker is Speaker.CANDIDATE and (
            turn.intent is Intent.REPEAT or not turn.counted
        ):
            continue  # "could you repeat that?", a question of theirs: the answer is to come
        elif turn.speaker is Speaker.CANDIDATE and pending is not None:
            group, index = pending
            if index < 0 and group.answer is None:
                group.answer = turn
            elif index >= 0 and group.follow_ups[index][1] is None:
                group.follow_ups[index] = (group.follow_ups[index][0], turn)
            pending = None
    _add_later_words(state, groups)
    return groups


def added_words(turn: Turn) -> str:
    """What ``turn`` adds to an earlier question: the aside's span (``aside``) when the turn
    also answered the question asked, else the whole turn."""
    if turn.aside is not None:
        start, end = turn.aside
        return turn.text[start:end].strip()
    return turn.text.strip()


def _add_later_words(state: InterviewState, groups: list[_Group]) -> None:
    """Put each turn that adds to an earlier question ("Oh - and on the zombie one, I
    remembered: the parent should call wait() ...") under the question it adds to."""
    by_id = {g.question.question_id: g for g in groups if g.question.question_id}
    for turn in state.turns:
        earlier = turn.adds_to if turn.speaker is Speaker.CANDIDATE else None
        group = by_id.get(earlier) if earlier is not None else None
        if group is not None and added_words(turn):
            group.added.append(added_words(turn))


def flag_key(flag: str, quotes: list[str], detail: str) -> tuple[str, frozenset[str]]:
    """One flag per thing said: the same two statements contradicting each other, found
    again from a later answer ("in the answer to 'proj.scale-and-ownership'"), are one."""
    return (flag, frozenset(quotes) if quotes else frozenset({detail}))


def on_five(score: Score) -> float | None:
    if score.value is None:
        return None
    if score.max_score == 5.0:
        return round(score.value, 2)
    return round(score.value * 5.0 / score.max_score, 2)


def unscored_reason(turn: Turn, kind: QuestionKind | None) -> str:
    """Why a candidate turn carries no score."""
    if turn.skipped:
        return "the candidate skipped the question"
    if kind is not None and kind not in SCORED_KINDS:
        return f"{kind.value.replace('_', '-')} turns are not scored"
    return "no score was recorded for this answer"


def answer_score(turn: Turn, kind: QuestionKind | None) -> AnswerScore:
    score = turn.score_obj()
    if score is None:
        reason: str | None = unscored_reason(turn, kind)
    else:
        reason = score.reason or ("the scorer gave no value" if score.value is None else None)
    return AnswerScore(
        turn_id=turn.id,
        text=turn.text,
        value=on_five(score) if score else None,
        relevance=score.relevance if score else None,
        reason=reason,
        scorer=score.scorer if score else None,
        flags=score.flag_names if score else [],
        skipped=turn.skipped,
    )


def _kind(turn: Turn, question: Question | None) -> QuestionKind | None:
    return turn.kind or (question.kind if question else None)


def build_entry(
    number: int,
    group: _Group,
    catalog: Catalog,
    pin: CatalogPin | None,
    everything: dict[str, str] | None = None,
) -> QuestionEntry:
    """The entry of one question; ``everything``: every candidate turn's text by id, for
    evidence quoted from another answer (a contradiction's earlier statement)."""
    turn = group.question
    question = catalog.questions.get(turn.question_id) if turn.question_id else None
    kind = _kind(turn, question)
    scored_kind = kind in SCORED_KINDS
    labels = {kp.id: humanize(kp.id) for kp in question.key_points} if question else {}
    credits: dict[str, list[str]] = {}
    missed_sets: list[set[str]] = []
    flags: dict[tuple[str, frozenset[str]], FlagNote] = {}
    values: list[float] = []
    reasons: list[str] = []
    scorers: list[str] = []
    notes: list[str] = []
    answers = list(group.answers())
    texts = {**(everything or {}), **{a.id: a.text for a in answers}}
    spans: dict[str, list[QuoteSpan]] = {}
    for index, answer in enumerate(answers):
        score = answer.score_obj()
        if score is None:
            reasons.append(unscored_reason(answer, kind))
            continue
        if score.scorer not in scorers:
            scorers.append(score.scorer)
        if score.signals.get("fallback") and score.reason and score.reason not in notes:
            notes.append(score.reason)
        value = on_five(score)
        if value is None:
            reasons.append(score.reason or "the scorer gave no value")
        else:
            values.append(value)
        for hit in score.key_points_hit:
            quotes = credits.setdefault(hit.key_point, [])
            for evidence in hit.evidence:
                source = evidence.turn_id if evidence.turn_id in texts else answer.id
                found = quote_span(texts[source], evidence)
                quote = (
                    found.text(texts[source]) if found else quote_around(texts[source], evidence)
                )
                if quote not in quotes and len(quotes) < QUOTES_PER_POINT:
                    quotes.append(quote)
                    if found is not None:
                        where = QuoteSpan(turn_id=source, start=found.start, end=found.end)
                        spans.setdefault(hit.key_point, []).append(where)
        missed_sets.append(set(score.key_points_missed))
        # a claim whose baseline a later answer of the exchange gave is no longer unsupported
        backed = any(gives_baseline(later.text) for later in answers[index + 1 :])
        for detail in score.flags:
            if detail.flag is Flag.UNSUPPORTED_CLAIM and backed:
                continue
            quotes = [
                quote_around(texts.get(e.turn_id or "", answer.text), e) for e in detail.evidence
            ]
            key = flag_key(detail.flag.value, quotes, detail.detail)
            if key not in flags:
                flags[key] = FlagNote(flag=detail.flag.value, detail=detail.detail, quotes=quotes)
    missed_ids = set.intersection(*missed_sets) - set(credits) if missed_sets else set()
    order = [kp.id for kp in question.key_points] if question else sorted(missed_ids | set(credits))
    credited = [
        Credit(
            key_point=k,
            label=labels.get(k, humanize(k)),
            quotes=credits[k],
            spans=spans.get(k, []),
        )
        for k in order + sorted(set(credits) - set(order))
        if k in credits
    ]
    missed = [labels.get(k, humanize(k)) for k in order if k in missed_ids]
    computed = max(values) if values else None
    reason = _not_scored_reason(scored_kind, kind, group, computed, reasons)
    flag_notes = list(flags.values())
    weights = {kp.id: kp.weight for kp in question.key_points} if question else {}
    return QuestionEntry(
        number=number,
        question_id=turn.question_id,
        version=pin.question_version(turn.question_id) if pin and turn.question_id else None,
        kind=(kind.value if kind else "question"),
        topic=(question.topic if question and question.topic else ""),
        text=turn.text,
        competencies=list(question.competencies) if question else [],
        answer=answer_score(group.answer, kind) if group.answer else None,
        follow_ups=[
            FollowUpEntry(text=f.text, answer=answer_score(a, kind) if a else None)
            for f, a in group.follow_ups
        ],
        added_later=list(group.added),
        scored_kind=scored_kind,
        computed_score=computed,
        score=computed,
        not_scored_reason=reason,
        credited=credited,
        missed=missed,
        rubric_weight=round(sum(weights.values()), 3),
        credited_weight=round(sum(weights.get(c.key_point, 0.0) for c in credited), 3),
        flags=flag_notes,
        justification=justification(credited, missed, flag_notes, reason),
        scored_by=scorers,
        scoring_notes=notes,
    )


def _not_scored_reason(
    scored_kind: bool,
    kind: QuestionKind | None,
    group: _Group,
    computed: float | None,
    reasons: list[str],
) -> str | None:
    if computed is not None:
        return None
    if not scored_kind:
        return f"{kind.value.replace('_', '-') if kind else 'these'} turns are not scored"
    if group.answer is None:
        return "the question was not answered"
    return reasons[0] if reasons else "no score was recorded"


def question_entries(state: InterviewState, catalog: Catalog) -> list[QuestionEntry]:
    pin = state.catalog_pin  # the versions the interview was planned with, named per question
    texts = {t.id: t.text for t in state.turns if t.speaker is Speaker.CANDIDATE}
    groups = enumerate(group_turns(state), start=1)
    return [build_entry(i, g, catalog, pin, texts) for i, g in groups]
