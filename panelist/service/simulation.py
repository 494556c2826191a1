"""Run a whole interview against a simulated candidate, through the same service."""

from __future__ import annotations

import uuid
from typing import Protocol

from panelist.errors import InterviewError
from panelist.interview.state import InterviewState, Status, Turn
from panelist.service.interviews import InterviewService

MAX_ANSWERS = 200  # far above any plan; a loop that gets here is a bug, not a long interview


class Replier(Protocol):
    """What the simulator needs of a candidate (``panelist.candidates.Candidate`` fits)."""

    def reply(self, interviewer_turn: Turn, state: InterviewState) -> str: ...


def run_interview(
    service: InterviewService,
    interview_id: str,
    candidate: Replier,
    *,
    max_answers: int = MAX_ANSWERS,
) -> InterviewState:
    """Start (or continue) ``interview_id`` and let ``candidate`` answer until it finishes."""
    said = service.start(interview_id)
    for _ in range(max_answers):
        state = service.transcript(interview_id)
        if state.status is not Status.IN_PROGRESS:
            return state
        if not said:
            raise InterviewError(f"Interview {interview_id} is waiting but asked nothing.")
        text = candidate.reply(said[-1], state)
        said = service.submit(interview_id, uuid.uuid4().hex, text)
    raise InterviewError(
        f"Interview {interview_id} did not finish within {max_answers} answers.",
        hint="This is a bug in the engine's plan or follow-up caps; please report it.",
    )
