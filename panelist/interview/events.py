"""Events into the engine and actions out of it: ``step(state, event) -> (state, actions)``.

The flow for one answer, driven by the edge (CLI, web, simulator; usually through
:class:`panelist.service.InterviewService`)::

    from panelist.interview.engine import step
    state, actions = step(state, Answered(turn_id, text, now), catalog)   # records the answer
    # actions == [ScoreRequested(turn_id, question_id)]  -> the edge scores it
    state, actions = step(state, Scored(turn_id, score), catalog)        # decides what comes next
    # actions == [Say(turn=<acknowledgement>), Say(turn=<next question>)] or [..., Finished()]

An answer that also adds to an earlier question ("Going back to the incident question: we
also added a canary step afterwards") brings a second request, ``ScoreRequested(turn_id,
earlier_question_id, aside=True)``: the edge scores the aside's words as one more answer of
that earlier exchange and sends ``Scored(turn_id, score, aside=True)``, which the engine keeps
on the turn (``Turn.aside_score``) and acts on no further.

``step`` also takes the catalog (question texts, rubrics, the role profile) and an optional
:class:`panelist.interview.flow.EngineConfig` (follow-up cap, names).

The engine never scores, stores or phrases with an LLM itself; an optional phraser at
the edge may reword ``Say.turn.text`` but never changes which question is asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from panelist.interview.state import Turn
from panelist.scoring.types import Score


@dataclass(frozen=True)
class Started:
    now: datetime


@dataclass(frozen=True)
class Answered:
    turn_id: str  # client-supplied; a repeat of a known id is a no-op (idempotent)
    text: str
    now: datetime


@dataclass(frozen=True)
class Scored:
    turn_id: str
    score: Score
    aside: bool = False  # the score of the turn's aside under the question it adds to


@dataclass(frozen=True)
class Skipped:
    """The candidate asked to skip the current question."""

    now: datetime


@dataclass(frozen=True)
class TimedOut:
    """The interview's time budget ran out."""

    now: datetime


@dataclass(frozen=True)
class Abandoned:
    now: datetime


Event = Started | Answered | Scored | Skipped | TimedOut | Abandoned


@dataclass(frozen=True)
class Say:
    """The interviewer says ``turn`` (already appended to the new state)."""

    turn: Turn


@dataclass(frozen=True)
class ScoreRequested:
    """Score ``turn_id`` against ``question_id``; with ``aside``: score only the turn's words on
    an earlier question (``Turn.aside``, or the whole turn when it has none) as one more answer
    of that question's exchange (``question_id`` is then ``Turn.adds_to``)."""

    turn_id: str
    question_id: str
    aside: bool = False


@dataclass(frozen=True)
class Finished:
    pass


Action = Say | ScoreRequested | Finished
