"""The interview's real questions (never acknowledgements), each with its answers and score.

A question's score is the best score among its answers (the main answer and the answers
to its follow-ups, which probe what the main answer missed); credited points are the
union over those answers and missed points those that no answer covered. Words the
candidate added to the question while answering a later one count as one more answer of it
(``Turn.aside_score``: the exchange scored with them), shown as "added during Q4".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from panelist.catalog.loader import Catalog
from panelist.catalog.models import SCORED_KINDS, Question, QuestionKind
from panelist.interview.asides import aside_part
from panelist.interview.exchange import gives_baseline, question_names
from panelist.interview.followups import contradiction_key
from panelist.interview.state import CatalogPin, InterviewState, Speaker, Turn, TurnRole
from panelist.interview.utterances import Intent
from panelist.reports.evidence import humanize, justification, quote_around, quote_span
from panelist.reports.formatting import as_computed
from panelist.reports.models import (
    AddedLater,
    AnswerScore,
    Credit,
    FlagNote,
    FollowUpEntry,
    QuestionEntry,
    QuoteSpan,
)
from panelist.scoring.types import Flag, Score

QUOTES_PER_POINT = 2


@dataclass(frozen=True)
class _Added:
    """A candidate turn that added words to a question (``Turn.adds_to``), and the number of
    the question it was said during (None: before any question)."""

    turn: Turn
    during: int | None


@dataclass
class _Group:
    """A question turn, its follow-ups and the candidate turns answering each of them."""

    question: Turn
    answer: Turn | None = None
    follow_ups: list[tuple[Turn, Turn | None]] = field(default_factory=list)
    added: list[_Added] = field(default_factory=list)  # words added later (Turn.adds_to)

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


def _add_later_words(state: InterviewState, groups: list[_Group]) -> None:
    """Put each turn that adds to an earlier question ("Oh - and on the zombie one, I
    remembered: the parent should call wait() ...") under the question it adds to."""
    by_id = {g.question.question_id: g for g in groups if g.question.question_id}
    numbered = list(enumerate(groups, start=1))
    for turn in state.turns:
        earlier = turn.adds_to if turn.speaker is Speaker.CANDIDATE else None
        group = by_id.get(earlier) if earlier is not None else None
        if group is not None and aside_part(turn)[0]:
            during = next((n for n, g in reversed(numbered) if g.question.seq < turn.seq), None)
            group.added.append(_Added(turn, during))


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


UNSUPPORTED = Flag.UNSUPPORTED_CLAIM.value


def answer_score(turn: Turn, kind: QuestionKind | None, *, backed: bool = False) -> AnswerScore:
    """An answer as the report shows it; ``backed``: a later answer of its exchange gave the
    baseline its metric claim lacked, so the claim is no longer flagged unsupported."""
    score = turn.score_obj()
    # "I don't know" answers nothing: no relevance to average ("n/a - ..."), as a skip has none
    dont_know = score is not None and Flag.DONT_KNOW.value in score.flag_names
    if score is None:
        reason: str | None = unscored_reason(turn, kind)
    elif dont_know:
        reason = "the candidate said they don't know"
    else:
        reason = score.reason or ("the scorer gave no value" if score.value is None else None)
    return AnswerScore(
        turn_id=turn.id,
        text=turn.text,
        value=on_five(score) if score else None,
        relevance=None if score is None or dont_know else score.relevance,
        reason=reason,
        scorer=score.scorer if score else None,
        flags=[f for f in score.flag_names if not (backed and f == UNSUPPORTED)] if score else [],
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
    names: dict[str, str] | None = None,
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
    # the question's own answers, then what was added to it later (each read as one more
    # answer of the exchange: its score is the exchange's with those words)
    readings: list[tuple[Turn, Score | None, int | None]] = [
        (a, a.score_obj(), None) for a in answers
    ]
    readings += [(a.turn, a.turn.aside_score_obj(), a.during) for a in group.added]
    said_after = [a.text for a in answers] + [aside_part(a.turn)[0] for a in group.added]
    # an exchange is one unit: a claim whose baseline a later answer of it gave is backed
    backed = {
        a.id
        for index, a in enumerate(answers)
        if any(gives_baseline(later) for later in said_after[index + 1 :])
    }
    # a contradiction put to the candidate and answered: shown as clarified, with the reply
    clarified = {
        f.probe: reply
        for f, reply in group.follow_ups
        if f.why == "contradiction" and f.probe and reply is not None
    }
    replies = {reply.id for reply in clarified.values()}
    own: set[str] = set()  # the points the question's own answers evidenced
    added_by: dict[str, int | None] = {}  # the points only an addition evidenced: during Qn
    own_values: list[float] = []
    for index, (answer, score, during) in enumerate(readings):
        added = index >= len(answers)
        if score is None:
            if not added:  # an addition not scored yet (or stored before it was) adds nothing
                reasons.append(unscored_reason(answer, kind))
            continue
        if score.scorer not in scorers:
            scorers.append(score.scorer)
        if score.signals.get("fallback") and score.reason and score.reason not in notes:
            notes.append(score.reason)
        value = on_five(score)
        if value is None:
            if not added:
                reasons.append(score.reason or "the scorer gave no value")
        else:
            values.append(value)
            if not added:
                own_values.append(value)
        for hit in score.key_points_hit:
            quotes = credits.setdefault(hit.key_point, [])
            if not added:
                own.add(hit.key_point)
            elif hit.key_point not in own and hit.key_point not in added_by:
                added_by[hit.key_point] = during
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
        later_backed = any(gives_baseline(later) for later in said_after[index + 1 :])
        for detail in score.flags:
            if detail.flag is Flag.UNSUPPORTED_CLAIM and later_backed:
                continue
            quotes = [
                quote_around(texts.get(e.turn_id or "", answer.text), e) for e in detail.evidence
            ]
            said = named_questions(detail.detail, names or {})
            flag = detail.flag.value
            if detail.flag is Flag.CONTRADICTION:
                if answer.id in replies:
                    continue  # the explanation asked for restates both: no new contradiction
                reply = clarified.get(contradiction_key(detail))
                if reply is not None:  # for the reviewer: both statements and how they fit
                    flag = CLARIFIED
                    said = f"{said} Asked how the two fit together, the candidate said: \u201c{reply.text.strip()}\u201d"
            key = flag_key(flag, quotes, said)
            if key not in flags:
                flags[key] = FlagNote(flag=flag, detail=said, quotes=quotes)
    missed_ids = set.intersection(*missed_sets) - set(credits) if missed_sets else set()
    order = [kp.id for kp in question.key_points] if question else sorted(missed_ids | set(credits))
    credited = [
        Credit(
            key_point=k,
            label=labels.get(k, humanize(k)),
            quotes=credits[k],
            spans=spans.get(k, []),
            added_during=added_by.get(k),
        )
        for k in order + sorted(set(credits) - set(order))
        if k in credits
    ]
    missed = [labels.get(k, humanize(k)) for k in order if k in missed_ids]
    computed = max(values) if values else None
    before = max(own_values) if own_values else None
    reason = _not_scored_reason(scored_kind, kind, group, computed, reasons)
    flag_notes = list(flags.values())
    moved = _moved_by_additions(before, computed, group.added, credited)
    weights = {kp.id: kp.weight for kp in question.key_points} if question else {}
    return QuestionEntry(
        number=number,
        question_id=turn.question_id,
        version=pin.question_version(turn.question_id) if pin and turn.question_id else None,
        kind=(kind.value if kind else "question"),
        topic=_topic(question),
        text=turn.text,
        competencies=list(question.competencies) if question else [],
        answer=answer_score(group.answer, kind, backed=group.answer.id in backed)
        if group.answer
        else None,
        follow_ups=[
            FollowUpEntry(
                text=f.text, answer=answer_score(a, kind, backed=a.id in backed) if a else None
            )
            for f, a in group.follow_ups
        ],
        added_later=[_added_later(a, credited) for a in group.added],
        scored_kind=scored_kind,
        computed_score=computed,
        score_before_added=before if moved else None,
        score=computed,
        not_scored_reason=reason,
        credited=credited,
        missed=missed,
        rubric_weight=round(sum(weights.values()), 3),
        credited_weight=round(sum(weights.get(c.key_point, 0.0) for c in credited), 3),
        flags=flag_notes,
        justification=" ".join(
            filter(None, [justification(credited, missed, flag_notes, reason), moved])
        ),
        scored_by=scorers,
        scoring_notes=notes,
    )


def _added_later(added: _Added, credited: list[Credit]) -> AddedLater:
    words, start = aside_part(added.turn)
    return AddedLater(
        text=words,
        during=added.during,
        span=QuoteSpan(turn_id=added.turn.id, start=start, end=start + len(words)),
        credited=[
            c.label
            for c in credited
            if c.added_during is not None and any(span.turn_id == added.turn.id for span in c.spans)
        ],
    )


def _moved_by_additions(
    before: float | None, after: float | None, added: list[_Added], credited: list[Credit]
) -> str:
    """What the recruiter reads when words added later moved the question's score ("Score
    3.51 -> 4.03 with what was added during Q3 (lasting change)."), else ""."""
    if not added or after is None or before == after:
        return ""
    during = sorted({f"Q{a.during}" for a in added if a.during is not None})
    when = f" during {' and '.join(during)}" if during else ""
    points = [c.label for c in credited if c.added_during is not None]
    why = f" ({', '.join(points)})" if points else ""
    moved = (
        f"Score {as_computed(before)} -> {as_computed(after)}"
        if before is not None
        else f"Scored {as_computed(after)}"
    )
    return f"{moved} with what was added{when}{why}."


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
    names = question_names(state)
    return [build_entry(i, g, catalog, pin, texts, names) for i, g in groups]


CLARIFIED = "contradiction_clarified"  # a contradiction the candidate explained when asked

# a question id quoted in a flag stored before flags named questions as the report does
_QUOTED_ID = re.compile(r"'(?P<id>[a-z0-9][a-z0-9_-]*\.[a-z0-9_.-]+)'")


def named_questions(detail: str, names: dict[str, str]) -> str:
    """``detail`` with each question id quoted in it ("in the answer to
    'intro.system-you-ran'") named as the report names the question ("in the answer to Q1"), or as
    "an earlier question"."""
    return _QUOTED_ID.sub(lambda m: names.get(m.group("id"), "an earlier question"), detail)


def _topic(question: Question | None) -> str:
    """What the question is about, as a reader names it: its topic, else its competencies
    ("troubleshooting, monitoring") - never its catalog id (the JSON format keeps that)."""
    if question is None:
        return ""
    if question.topic:
        return question.topic
    return ", ".join(humanize(c) for c in question.competencies)
