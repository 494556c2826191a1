"""What a candidate may see of their interview: interviewer and candidate text, progress, time.

Never scores, rubrics, flags, question ids or anything about other candidates: messages are
built field by field from an allow-list, not by removing fields from a Turn.

A :class:`CandidateView` is that view of one stored version of the interview, less the clock
(the seconds remaining are worked out when it is shown); :class:`CandidateViews` keeps the
views of recent versions, so a candidate's page polling its state costs the invite lookup
(which reads the row version too) and no read of the interview while nothing changed. A view
keeps its JSON too (everything but ``progress``, serialised once), so a poll while nothing
changed validates and serialises nothing but the four numbers of its progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from pydantic import BaseModel

from panelist.interview.state import InterviewState, Status, Turn, utcnow
from panelist.service.kept import Kept
from panelist.web.schemas import CandidateMessage, CandidateState, Progress

SKIPPED_TEXT = "(skipped this question)"
# Views one process keeps: a few KB each (the text said so far), so ~20 MB at most; enough
# for every interview running at once on one replica, each polled by its own candidate.
VIEW_CACHE_SIZE = 4096


def message(turn: Turn) -> CandidateMessage:
    return CandidateMessage(
        id=turn.id,
        seq=turn.seq,
        speaker=turn.speaker.value,
        role=turn.role.value,
        text=SKIPPED_TEXT if turn.skipped and not turn.text else turn.text,
        at=turn.at,
    )


@dataclass(frozen=True)
class CandidateView:
    """The candidate's view of one state: everything but the time remaining."""

    status: Status
    finished: bool
    candidate_name: str
    messages: tuple[CandidateMessage, ...]
    question: int  # the planned question the interview is at (1-based)
    questions: int
    budget_minutes: float
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, state: InterviewState, turns: list[Turn] | None = None) -> CandidateView:
        """``turns`` limits the messages (the new ones after an answer)."""
        planned = len(state.plan.items)
        if state.status is Status.COMPLETED:
            current = planned
        elif state.status is Status.CREATED:
            current = 0
        else:
            current = min(state.cursor + 1, planned)
        return cls(
            status=state.status,
            finished=state.finished,
            candidate_name=state.candidate_name,
            messages=tuple(message(t) for t in (state.turns if turns is None else turns)),
            question=current,
            questions=planned,
            budget_minutes=state.plan.budget_minutes,
            started_at=state.started_at,
            finished_at=state.finished_at,
        )

    def progress(self, now: datetime | None = None) -> Progress:
        elapsed = 0.0
        if self.started_at is not None:
            elapsed = ((self.finished_at or now or utcnow()) - self.started_at).total_seconds()
        return Progress(
            question=self.question,
            questions=self.questions,
            minutes=round(self.budget_minutes),
            seconds_remaining=max(int(self.budget_minutes * 60) - int(elapsed), 0),
        )

    def state(self, now: datetime | None = None) -> CandidateState:
        return CandidateState(
            status=self.status.value,
            candidate_name=self.candidate_name,
            messages=list(self.messages),
            progress=self.progress(now),
        )

    @cached_property
    def _head(self) -> bytes:
        """The JSON of the state up to ``progress`` (left open for it), serialised once."""
        head = _Head(
            status=self.status.value, candidate_name=self.candidate_name, messages=self.messages
        )
        return head.model_dump_json().encode()[:-1] + b',"progress":'

    def json(self, now: datetime | None = None) -> bytes:
        """``state(now)`` as JSON: the kept head and this moment's progress."""
        return self._head + self.progress(now).model_dump_json().encode() + b"}"


class _Head(BaseModel):
    """The fields of :class:`CandidateState` before ``progress``, in its order."""

    status: str
    candidate_name: str
    messages: tuple[CandidateMessage, ...]


class CandidateViews:
    """The views of recently shown interviews, each at the row version it was built from.

    Every write of an interview moves its row version on (any process or replica), so a view
    kept at the version the row has now is what the stored state shows.
    """

    def __init__(self, size: int = VIEW_CACHE_SIZE) -> None:
        self._views: Kept[int, CandidateView] = Kept(size)

    def get(self, interview_id: str, version: int) -> CandidateView | None:
        return self._views.get(interview_id, version)

    def put(self, interview_id: str, version: int, view: CandidateView) -> None:
        self._views.put(interview_id, version, view)


def progress(state: InterviewState, now: datetime | None = None) -> Progress:
    return CandidateView.of(state, []).progress(now)


def candidate_state(state: InterviewState, turns: list[Turn] | None = None) -> CandidateState:
    """The candidate's view; ``turns`` limits the messages (the new ones after an answer)."""
    return CandidateView.of(state, turns).state()


def candidate_json(state: InterviewState, turns: list[Turn] | None = None) -> bytes:
    """:func:`candidate_state` as JSON, serialised without validating it again."""
    return CandidateView.of(state, turns).json()
