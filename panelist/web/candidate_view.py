"""What a candidate may see of their interview: interviewer and candidate text, progress, time.

Never scores, rubrics, flags, question ids or anything about other candidates: messages are
built field by field from an allow-list, not by removing fields from a Turn.
"""

from __future__ import annotations

from datetime import datetime

from panelist.interview.state import InterviewState, Status, Turn, utcnow
from panelist.web.schemas import CandidateMessage, CandidateState, Progress

SKIPPED_TEXT = "(skipped this question)"


def message(turn: Turn) -> CandidateMessage:
    return CandidateMessage(
        id=turn.id,
        seq=turn.seq,
        speaker=turn.speaker.value,
        role=turn.role.value,
        text=SKIPPED_TEXT if turn.meta.get("skipped") and not turn.text else turn.text,
        at=turn.at,
    )


def progress(state: InterviewState, now: datetime | None = None) -> Progress:
    planned = len(state.plan.items)
    if state.status is Status.COMPLETED:
        current = planned
    elif state.status is Status.CREATED:
        current = 0
    else:
        current = min(state.cursor + 1, planned)
    budget_seconds = int(state.plan.budget_minutes * 60)
    elapsed = int(state.elapsed_minutes(now or utcnow()) * 60)
    return Progress(
        question=current,
        questions=planned,
        minutes=round(state.plan.budget_minutes),
        seconds_remaining=max(budget_seconds - elapsed, 0),
    )


def candidate_state(state: InterviewState, turns: list[Turn] | None = None) -> CandidateState:
    """The candidate's view; ``turns`` limits the messages (the new ones after an answer)."""
    shown = state.turns if turns is None else turns
    return CandidateState(
        status=state.status.value,
        candidate_name=state.candidate_name,
        messages=[message(t) for t in shown],
        progress=progress(state),
    )
