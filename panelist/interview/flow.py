"""Moving through the plan: saying turns, asking the current question, moving on, time.

Helpers of :mod:`panelist.interview.engine`. They change the (already copied) state in
place and return the actions they produced. Time only comes in as ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from panelist.catalog.loader import Catalog
from panelist.catalog.models import SCORED_KINDS, QuestionKind
from panelist.interview.events import Action, Finished, Say
from panelist.interview.phrasing import Phrasebook
from panelist.interview.state import InterviewState, Speaker, Stage, Status, Turn, TurnRole

STAGE_OF_KIND: dict[QuestionKind, Stage] = {
    QuestionKind.INTRO: Stage.INTRO,
    QuestionKind.PROJECT: Stage.PROJECT,
    QuestionKind.TECHNICAL: Stage.TECHNICAL,
    QuestionKind.SCENARIO: Stage.TECHNICAL,
    QuestionKind.BEHAVIOURAL: Stage.TECHNICAL,
    QuestionKind.CANDIDATE_QUESTIONS: Stage.CANDIDATE_QUESTIONS,
    QuestionKind.CLOSE: Stage.CLOSE,
}
TOPIC_FALLBACK = "the work you just described"
DROPPABLE = SCORED_KINDS | {QuestionKind.INTRO}


@dataclass(frozen=True)
class EngineConfig:
    """The engine's knobs (built from Settings at the edge)."""

    max_follow_ups: int = 2
    interviewer_name: str = "panelist"
    company_name: str = "ReliableOps"
    max_candidate_questions: int = 3
    max_repeats: int = 2  # per question; a further "sorry?" counts as an answer


@dataclass
class Ctx:
    """What every handler needs: the catalog, the knobs and the wording."""

    catalog: Catalog
    config: EngineConfig
    book: Phrasebook


def notes_list(state: InterviewState, key: str) -> list[Any]:
    value = state.notes.setdefault(key, [])
    assert isinstance(value, list)
    return value


def say(
    state: InterviewState,
    role: TurnRole,
    text: str,
    now: datetime,
    *,
    follow_up_of: str | None = None,
    meta: dict[str, Any] | None = None,
    about_item: bool = True,
) -> Say:
    """Append an interviewer turn (about the current plan item unless ``about_item`` is False)
    and return the action saying it."""
    current = state.cursor < len(state.plan.items) and about_item
    item = state.plan.items[state.cursor] if current else None
    seq = state.next_seq()
    turn = Turn(
        id=f"panelist:{seq}",
        seq=seq,
        speaker=Speaker.INTERVIEWER,
        role=role,
        text=text,
        at=now,
        question_id=item.question_id if item else None,
        kind=item.kind if item else None,
        follow_up_of=follow_up_of,
        meta=meta or {},
    )
    state.turns.append(turn)
    if (
        role in (TurnRole.QUESTION, TurnRole.FOLLOW_UP, TurnRole.REPEAT)
        or role is TurnRole.ANSWER_TO_CANDIDATE
    ):
        state.notes["prompt_turn"] = turn.id
    return Say(turn)


def finish(state: InterviewState, now: datetime) -> list[Action]:
    state.status = Status.COMPLETED
    state.stage = Stage.FINISHED
    state.finished_at = now
    state.notes["pending_score"] = None
    return [Finished()]


def ask_current(ctx: Ctx, state: InterviewState, now: datetime, prefix: str = "") -> list[Action]:
    """Ask the plan item at the cursor (skipping dropped ones), or finish past the end."""
    dropped = set(notes_list(state, "dropped"))
    while state.cursor < len(state.plan.items) and state.cursor in dropped:
        state.cursor += 1
    if state.cursor >= len(state.plan.items):
        return finish(state, now)
    item = state.plan.items[state.cursor]
    previous = state.stage
    state.stage = STAGE_OF_KIND[item.kind]
    state.follow_ups_asked = 0
    state.notes.update(probed=[], repeats=0, candidate_questions=0)
    question = ctx.catalog.question(item.question_id)
    seq = state.next_seq()
    text = question.text.strip()
    if item.kind is QuestionKind.PROJECT:
        topic = state.project_topic or TOPIC_FALLBACK
        if "{project}" in text:
            text = text.replace("{project}", topic)
    asked = " ".join(text.split())  # the question itself, without any bridge
    if item.kind is QuestionKind.PROJECT:
        if "{project}" not in question.text and state.project_topic and previous is Stage.INTRO:
            text = ctx.book.say("project_bridge", seq, topic=topic) + text
    elif state.stage is Stage.TECHNICAL and previous is not Stage.TECHNICAL:
        text = ctx.book.say("technical_bridge", seq) + text
    text = " ".join((prefix + " " + text).split()) if prefix else " ".join(text.split())
    if item.kind is QuestionKind.CLOSE:
        closing = say(state, TurnRole.CLOSING, text, now)
        if "?" in question.text:
            state.notes["awaiting_close_answer"] = True
            return [closing]
        return [closing, *finish(state, now)]
    meta = {"reason": item.reason, "question_text": asked}
    action = say(state, TurnRole.QUESTION, text, now, meta=meta)
    state.notes["question_turn"] = action.turn.id
    return [action]


def move_on(ctx: Ctx, state: InterviewState, now: datetime, ack: str | None) -> list[Action]:
    """Acknowledge (if ``ack``), advance past the current item, mind the clock, ask the next."""
    actions: list[Action] = []
    if ack:
        actions.append(say(state, TurnRole.ACKNOWLEDGEMENT, ack, now))
    state.cursor += 1
    if drop_for_time(state, now):
        text = ctx.book.say("time_up", state.next_seq())
        actions.append(time_up(state, text, now))
    return actions + ask_current(ctx, state, now)


def remaining_items(state: InterviewState) -> list[int]:
    dropped = set(notes_list(state, "dropped"))
    return [i for i in range(state.cursor, len(state.plan.items)) if i not in dropped]


def drop_for_time(state: InterviewState, now: datetime, *, all_scored: bool = False) -> bool:
    """Drop the lowest-priority remaining questions that no longer fit the time left.

    With ``all_scored`` (the budget ran out) every remaining scored question goes.
    Returns True when something was dropped.
    """
    items = state.plan.items
    left = state.plan.budget_minutes - state_elapsed(state, now)
    pending = remaining_items(state)
    droppable = sorted(
        (i for i in pending if items[i].kind in DROPPABLE), key=lambda i: (items[i].priority, -i)
    )
    needed = sum(items[i].minutes for i in pending)
    dropped = notes_list(state, "dropped")
    before = len(dropped)
    for index in droppable:
        if not all_scored and needed <= left:
            break
        dropped.append(index)
        needed -= items[index].minutes
    if len(dropped) > before:
        reasons = state.notes.setdefault("dropped_reasons", {})
        why = "timed out" if all_scored else f"{max(left, 0):.0f} min left"
        for index in dropped[before:]:
            reasons[items[index].question_id] = why
        return True
    return False


def state_elapsed(state: InterviewState, now: datetime) -> float:
    if state.started_at is None:
        return 0.0
    return max((now - state.started_at).total_seconds() / 60.0, 0.0)


def time_out(ctx: Ctx, state: InterviewState, now: datetime) -> list[Action]:
    """The budget ran out: drop every remaining scored question, go to the candidate's turn."""
    state.notes["timed_out"] = True
    if state.stage is Stage.CLOSE:
        return finish(state, now)
    if state.stage is Stage.CANDIDATE_QUESTIONS:
        return move_on(ctx, state, now, None)
    state.cursor += 1
    drop_for_time(state, now, all_scored=True)
    text = ctx.book.say("time_up", state.next_seq())
    actions: list[Action] = [
        say(state, TurnRole.ACKNOWLEDGEMENT, text, now, meta={"time_up": True})
    ]
    return actions + ask_current(ctx, state, now)


def time_up(state: InterviewState, text: str, now: datetime) -> Say:
    meta = {"time_up": True}
    return say(state, TurnRole.ACKNOWLEDGEMENT, text, now, meta=meta, about_item=False)
