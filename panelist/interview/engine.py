"""The interview engine: ``step(state, event, catalog) -> (state, actions)``. Pure.

No I/O, no clock reads (time comes in events), no scoring (it emits ScoreRequested and
continues on Scored), no storage. The input state is never modified: a new one is returned
(``InterviewState.fork``: its own lists, sharing the turns it does not change, so a step costs
the same at answer 40 as at answer 5; a turn that changes is replaced by a new Turn).
Events the interview cannot accept raise :class:`~panelist.errors.InterviewError`.

Stages (seed 001): intro -> project deep-dive on what the intro named -> technical,
scenario and behavioural questions -> the candidate's questions -> close.
"""

from __future__ import annotations

from datetime import datetime

from panelist.catalog.loader import Catalog
from panelist.errors import InterviewError, InterviewFinishedError
from panelist.interview.events import (
    Abandoned,
    Action,
    Answered,
    Event,
    Finished,
    Scored,
    Skipped,
    Started,
    TimedOut,
)
from panelist.interview.flow import (
    Ctx,
    EngineConfig,
    ask_current,
    move_on,
    say_goodbye,
    time_out,
)
from panelist.interview.phrasing import Phrasebook
from panelist.interview.replies import on_answer, on_scored
from panelist.interview.state import InterviewState, Speaker, Stage, Status, Turn, TurnRole
from panelist.interview.utterances import Intent

__all__ = ["EngineConfig", "step"]


def step(
    state: InterviewState,
    event: Event,
    catalog: Catalog,
    config: EngineConfig | None = None,
) -> tuple[InterviewState, list[Action]]:
    """Apply ``event`` to ``state``: the new state and what the edge must do next."""
    ctx = Ctx(catalog, config or EngineConfig(), Phrasebook(state.plan.seed))
    new = state.fork()
    if isinstance(event, Answered) and any(t.id == event.turn_id for t in state.turns):
        return new, []  # a retried submit: already recorded
    if isinstance(event, Scored):
        return new, _scored(ctx, new, event)
    if isinstance(event, Abandoned):
        return new, _abandon(new, event.now)
    if new.finished:
        if isinstance(event, Started):
            return new, []
        raise InterviewFinishedError(
            f"Interview {state.id} is {new.status.value}; it accepts no more answers.",
            hint="Start a new interview for this candidate.",
        )
    if isinstance(event, Started):
        return new, _start(ctx, new, event.now)
    if new.stage is Stage.NOT_STARTED:
        raise InterviewError(
            f"Interview {state.id} has not started.", hint="Send Started before answers."
        )
    if isinstance(event, TimedOut) and new.pending_score:
        new.timed_out = True  # acted on once the pending answer is scored
        return new, []
    if new.pending_score:
        raise InterviewError(
            f"Interview {state.id} is waiting for the score of turn {new.pending_score}.",
            hint="Send Scored for that turn first.",
        )
    if isinstance(event, Answered):
        return new, on_answer(ctx, new, event.turn_id, event.text, event.now)
    if isinstance(event, Skipped):
        return new, _skip(ctx, new, event.now)
    return new, time_out(ctx, new, event.now)


def _start(ctx: Ctx, state: InterviewState, now: datetime) -> list[Action]:
    if state.stage is not Stage.NOT_STARTED:
        return []  # idempotent
    state.status = Status.IN_PROGRESS
    state.started_at = now
    state.cursor = 0
    role = ctx.catalog.roles.get(state.role_code)
    role_title = role.spoken_title if role is not None else state.role_code
    greeting = ctx.book.say(
        "greeting",
        state.next_seq(),
        name=state.candidate_name,
        interviewer=ctx.config.interviewer_name,
        company=ctx.config.company_name,
        role=role_title,
    )
    return ask_current(ctx, state, now, prefix=greeting)


def _scored(ctx: Ctx, state: InterviewState, event: Scored) -> list[Action]:
    pending = state.pending_score
    turn = next((t for t in state.turns if t.id == event.turn_id), None)
    if turn is None or turn.speaker is not Speaker.CANDIDATE:
        raise InterviewError(f"Turn {event.turn_id!r} is not a candidate answer of {state.id}.")
    if event.aside:  # the earlier question's score with the aside: kept, nothing else to do
        if turn.adds_to is not None:
            state.replace_turn(turn.id, aside_score=event.score.to_dict())
        return []
    if pending != event.turn_id:
        return []  # a late or repeated score: the answer already has one
    scored = state.replace_turn(turn.id, score=event.score.to_dict())  # earlier states keep theirs
    return on_scored(ctx, state, scored, event.score)


def _skip(ctx: Ctx, state: InterviewState, now: datetime) -> list[Action]:
    seq = state.next_seq()
    item = state.plan.items[state.cursor]
    state.turns.append(
        Turn(
            id=f"skip:{seq}",
            seq=seq,
            speaker=Speaker.CANDIDATE,
            role=TurnRole.ANSWER,
            text="",
            at=now,
            question_id=item.question_id,
            kind=item.kind,
            intent=Intent.SKIP,
            skipped=True,
        )
    )
    if state.stage is Stage.CLOSE:
        return say_goodbye(ctx, state, now)
    return move_on(ctx, state, now, ctx.book.say("ack_skip", state.next_seq()))


def _abandon(state: InterviewState, now: datetime) -> list[Action]:
    if state.status is Status.ABANDONED:
        return []
    if state.status is Status.COMPLETED:
        raise InterviewFinishedError(f"Interview {state.id} is already completed.")
    state.status = Status.ABANDONED
    state.stage = Stage.FINISHED
    state.finished_at = now
    state.pending_score = None
    return [Finished()]
