"""What people add to an interview after it: score overrides (with a reason) and sign-offs."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from panelist.errors import NotFoundError, StorageError
from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import ScoreOverrideRow, SignOffRow, UserRow

Decision = Literal["strong_hire", "hire", "lean_no", "no"]
DECISIONS: tuple[Decision, ...] = ("strong_hire", "hire", "lean_no", "no")


class ScoreOverride(BaseModel):
    id: int
    interview_id: str
    question_id: str
    old_score: float | None
    new_score: float
    reason: str
    user_id: str | None
    user_email: str | None
    at: datetime


class SignOff(BaseModel):
    id: int
    interview_id: str
    decision: Decision
    note: str | None
    user_id: str | None
    user_email: str | None
    at: datetime


class ReviewRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)  # takes the write lock at BEGIN

    def _write_session(self) -> Session:
        return Session(self._writer, expire_on_commit=False)

    def add_override(
        self,
        interview_id: str,
        *,
        question_id: str,
        old_score: float | None,
        new_score: float,
        reason: str,
        user_id: str | None,
    ) -> ScoreOverride:
        if not reason.strip():
            raise StorageError("A score override needs a reason: say why the score changes.")
        row = ScoreOverrideRow(
            interview_id=interview_id,
            question_id=question_id,
            old_score=old_score,
            new_score=new_score,
            reason=reason.strip(),
            user_id=user_id,
            at=utcnow(),
        )
        self._insert(row, interview_id)
        return self.overrides(interview_id)[-1]

    def overrides(self, interview_id: str) -> list[ScoreOverride]:
        """Oldest first; the last override of a question is the one that counts."""
        query = (
            select(ScoreOverrideRow, UserRow.email)
            .outerjoin(UserRow, UserRow.id == ScoreOverrideRow.user_id)
            .where(ScoreOverrideRow.interview_id == interview_id)
            .order_by(ScoreOverrideRow.id)
        )
        with Session(self._engine) as session:
            return [
                ScoreOverride(
                    id=row.id,
                    interview_id=row.interview_id,
                    question_id=row.question_id,
                    old_score=row.old_score,
                    new_score=row.new_score,
                    reason=row.reason,
                    user_id=row.user_id,
                    user_email=email,
                    at=row.at,
                )
                for row, email in session.execute(query)
            ]

    def sign_off(
        self, interview_id: str, *, decision: str, note: str | None, user_id: str | None
    ) -> SignOff:
        if decision not in DECISIONS:
            raise StorageError(f"Unknown decision {decision!r}: use one of {', '.join(DECISIONS)}.")
        row = SignOffRow(
            interview_id=interview_id,
            decision=decision,
            note=(note or "").strip() or None,
            user_id=user_id,
            at=utcnow(),
        )
        self._insert(row, interview_id)
        return self.sign_offs(interview_id)[-1]

    def sign_offs(self, interview_id: str) -> list[SignOff]:
        """Oldest first; the last one is the decision in force."""
        query = (
            select(SignOffRow, UserRow.email)
            .outerjoin(UserRow, UserRow.id == SignOffRow.user_id)
            .where(SignOffRow.interview_id == interview_id)
            .order_by(SignOffRow.id)
        )
        with Session(self._engine) as session:
            return [
                SignOff(
                    id=row.id,
                    interview_id=row.interview_id,
                    decision=_decision(row.decision),
                    note=row.note,
                    user_id=row.user_id,
                    user_email=email,
                    at=row.at,
                )
                for row, email in session.execute(query)
            ]

    def latest_sign_off(self, interview_id: str) -> SignOff | None:
        signed = self.sign_offs(interview_id)
        return signed[-1] if signed else None

    def _insert(self, row: ScoreOverrideRow | SignOffRow, interview_id: str) -> None:
        try:
            with self._write_session() as session, session.begin():
                session.add(row)
        except IntegrityError as exc:
            raise NotFoundError(
                f"There is no interview {interview_id!r} (or no such user) to attach this to."
            ) from exc


def _decision(value: str) -> Decision:
    for decision in DECISIONS:
        if decision == value:
            return decision
    raise StorageError(f"Stored sign-off decision {value!r} is not one of {DECISIONS}.")
