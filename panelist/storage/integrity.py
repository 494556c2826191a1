"""Integrity signals: the candidate pasted text, or left the page, while answering.

Recorded per question turn and shown to reviewers as information. Nothing that scores reads
this table, and the candidate is told before consenting that these two things are recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import IntegrityEventRow

IntegrityKind = Literal["paste", "leave"]


class IntegrityEvent(BaseModel):
    turn_id: str | None = Field(description="The interviewer turn being answered.")
    kind: IntegrityKind
    chars: int | None = Field(default=None, description="How many characters were pasted.")
    seconds: float | None = Field(default=None, description="How long the page was left.")
    at: datetime


class IntegritySummary(BaseModel):
    """Per question turn: how often, how much. Information, never a score."""

    turn_id: str | None
    pastes: int = 0
    pasted_chars: int = 0
    leaves: int = 0
    seconds_away: float = 0.0


class IntegrityLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)

    def record(
        self,
        interview_id: str,
        kind: IntegrityKind,
        *,
        turn_id: str | None,
        chars: int | None = None,
        seconds: float | None = None,
    ) -> IntegrityEvent:
        event = IntegrityEvent(
            turn_id=turn_id, kind=kind, chars=chars, seconds=seconds, at=utcnow()
        )
        with Session(self._writer) as session, session.begin():
            session.add(IntegrityEventRow(interview_id=interview_id, **event.model_dump()))
        return event

    def events(self, interview_id: str) -> list[IntegrityEvent]:
        query = (
            select(IntegrityEventRow)
            .where(IntegrityEventRow.interview_id == interview_id)
            .order_by(IntegrityEventRow.id)
        )
        with Session(self._engine) as session:
            return [
                IntegrityEvent(
                    turn_id=r.turn_id, kind=r.kind, chars=r.chars, seconds=r.seconds, at=r.at
                )
                for r in session.scalars(query)
            ]

    def summary(self, interview_id: str) -> list[IntegritySummary]:
        """One line per turn that had an event, in the order they first happened."""
        by_turn: dict[str | None, IntegritySummary] = {}
        for event in self.events(interview_id):
            line = by_turn.setdefault(event.turn_id, IntegritySummary(turn_id=event.turn_id))
            if event.kind == "paste":
                line.pastes += 1
                line.pasted_chars += event.chars or 0
            else:
                line.leaves += 1
                line.seconds_away += event.seconds or 0.0
        return list(by_turn.values())
