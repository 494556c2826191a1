"""Accommodations a recruiter granted an invite (extra time), recorded and shown to reviewers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import AccommodationRow

MAX_EXTRA_TIME_FACTOR = 3.0


class Accommodation(BaseModel):
    interview_id: str
    extra_time_factor: float = Field(ge=1.0, le=MAX_EXTRA_TIME_FACTOR)
    base_minutes: float = Field(description="The time budget before extra time.")
    note: str | None = None
    granted_by: str
    granted_at: datetime

    @property
    def minutes(self) -> float:
        return self.base_minutes * self.extra_time_factor


class AccommodationStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)

    def get(self, interview_id: str) -> Accommodation | None:
        with Session(self._engine) as session:
            row = session.scalars(
                select(AccommodationRow).where(AccommodationRow.interview_id == interview_id)
            ).one_or_none()
        return None if row is None else _accommodation(row)

    def put(
        self,
        interview_id: str,
        *,
        extra_time_factor: float,
        base_minutes: float,
        note: str | None,
        granted_by: str,
    ) -> Accommodation:
        """Record (or replace) the interview's accommodation."""
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            row = session.scalars(
                select(AccommodationRow).where(AccommodationRow.interview_id == interview_id)
            ).one_or_none()
            if row is None:
                row = AccommodationRow(interview_id=interview_id)
                session.add(row)
            row.extra_time_factor, row.base_minutes = extra_time_factor, base_minutes
            row.note, row.granted_by, row.granted_at = note, granted_by, utcnow()
        return _accommodation(row)


def _accommodation(row: AccommodationRow) -> Accommodation:
    return Accommodation(
        interview_id=row.interview_id,
        extra_time_factor=row.extra_time_factor,
        base_minutes=row.base_minutes,
        note=row.note,
        granted_by=row.granted_by,
        granted_at=row.granted_at,
    )
