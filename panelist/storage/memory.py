"""An InterviewRepository kept in memory: for simulations and benchmarks that need no database.

It copies states in and out like a database would, so callers cannot share mutable state
with it by accident. It keeps nothing across processes; use ``open_repository`` for that.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from panelist.errors import NotFoundError
from panelist.interview.state import InterviewState, Status
from panelist.storage.repository import InterviewSummary, NewJob
from panelist.storage.slots import Slots


class MemoryRepository:
    """The InterviewRepository protocol over a dict."""

    def __init__(self) -> None:
        self.states: dict[str, InterviewState] = {}
        self.outcomes: dict[str, tuple[float | None, str | None]] = {}
        self._created: dict[str, datetime] = {}
        self.answer_slots = Slots(1)  # one dict, one writer at a time
        self.jobs: dict[str, NewJob] = {}  # by key: what a job worker would be sent

    def create(
        self,
        state: InterviewState,
        *,
        candidate_email: str | None = None,
        organisation_id: str | None = None,
    ) -> None:
        self.states[state.id] = state.model_copy(deep=True)
        self._created[state.id] = datetime.now(UTC)

    def get(self, interview_id: str) -> InterviewState:
        if interview_id not in self.states:
            raise NotFoundError(f"There is no interview {interview_id!r}.")
        return self.states[interview_id].model_copy(deep=True)

    def save(self, state: InterviewState, *, jobs: Sequence[NewJob] = ()) -> None:
        self.states[state.id] = state.model_copy(deep=True)
        self.jobs.update({job.key: job for job in jobs if job.key not in self.jobs})

    def set_outcome(
        self, interview_id: str, *, overall_score: float | None, recommendation: str | None
    ) -> None:
        self.outcomes[interview_id] = (overall_score, recommendation)

    def list(
        self,
        *,
        status: Status | None = None,
        role_code: str | None = None,
        search: str | None = None,
        organisation_id: str | None = None,
        limit: int = 100,
    ) -> list[InterviewSummary]:
        rows = [
            s
            for s in self.states.values()
            if (status is None or s.status is status)
            and (role_code is None or s.role_code == role_code)
            and (search is None or search.lower() in s.candidate_name.lower())
        ]
        now = datetime.now(UTC)
        return [
            InterviewSummary(
                id=s.id,
                candidate_name=s.candidate_name,
                candidate_email=None,
                role_code=s.role_code,
                level=s.level,
                status=s.status,
                quality_profile=s.quality_profile,
                created_at=self._created.get(s.id, now),
                updated_at=now,
                overall_score=self.outcomes.get(s.id, (None, None))[0],
                recommendation=self.outcomes.get(s.id, (None, None))[1],
                organisation_id=None,
            )
            for s in rows
        ][:limit]
