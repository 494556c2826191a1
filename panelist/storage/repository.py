"""The interview repository contract shared by the engine, the web app and the reports.

Product code depends on :class:`InterviewRepository` (a Protocol) and gets an
implementation from :func:`panelist.storage.open_repository`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from panelist.interview.state import InterviewState, Status


class InterviewSummary(BaseModel):
    """One row of an interview listing (no turns); frozen: listings share the ones they keep."""

    model_config = ConfigDict(frozen=True)

    id: str
    candidate_name: str
    candidate_email: str | None
    role_code: str
    level: str
    status: Status
    quality_profile: str | None
    created_at: datetime
    updated_at: datetime
    overall_score: float | None = Field(description="Effective: after every score override.")
    recommendation: str | None = Field(description="Effective: after every score override.")
    organisation_id: str | None
    signed_decision: str | None = Field(default=None, description="The sign-off in force.")
    signed_by: str | None = None
    signed_at: datetime | None = None


@dataclass(frozen=True)
class NewJob:
    """A job (:mod:`panelist.jobs`) stored by the save that records it in the interview: the
    answer's marker and its job are committed together, or neither is. ``key`` makes it
    idempotent: a save whose job exists already (a retried answer) keeps the existing one."""

    id: str
    kind: str
    key: str
    payload: dict[str, Any]


class InterviewRepository(Protocol):
    """Where interviews live. Every method commits before it returns."""

    def create(
        self,
        state: InterviewState,
        *,
        candidate_email: str | None = None,
        organisation_id: str | None = None,
    ) -> None:
        """Store a new interview (and any turns it already has)."""
        ...

    def get(self, interview_id: str) -> InterviewState:
        """The stored interview; raises NotFoundError."""
        ...

    @property
    def answer_slots(self) -> AbstractContextManager[Any]:
        """Held while this process works on one answer against this store: at most a few
        answers are worked on at once, the rest wait their turn (sized for the database)."""
        ...

    def save(self, state: InterviewState, *, jobs: Sequence[NewJob] = ()) -> None:
        """One transaction: the state row, its turns and ``jobs`` (queued).

        Turns are insert-only keyed by ``(interview_id, turn.id)``: saving a known turn id
        again never duplicates it (its score may be updated). Raises StorageError when another
        writer saved this interview since it was read (optimistic concurrency).
        """
        ...

    def set_outcome(
        self, interview_id: str, *, overall_score: float | None, recommendation: str | None
    ) -> None:
        """Record the report's overall score and recommendation."""
        ...

    def list(
        self,
        *,
        status: Status | None = None,
        role_code: str | None = None,
        search: str | None = None,
        organisation_id: str | None = None,
        limit: int = 100,
    ) -> list[InterviewSummary]:
        """Newest first; ``search`` matches candidate name or email, case-insensitively."""
        ...
