"""What people add to an interview after it: score overrides (with a reason), reviewers'
scorecards, sign-offs and reopenings.

The sign-off in force is also written onto the interview row in the same transaction, so
listings (dashboard, API, CLI) show exactly the decision the interview page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, Select, Table, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from panelist.errors import InterviewError, NotFoundError, StorageError
from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.quick import QuickReads
from panelist.storage.tables import (
    AuditRow,
    InterviewRow,
    ReviewerScorecardRow,
    ScoreOverrideRow,
    SignOffRow,
    UserRow,
)

Decision = Literal["strong_hire", "hire", "lean_no", "no"]
CLOSE_ACTION = "interview.close"  # the audit entry of a recruiter's close (with its reason)
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
    reopened_at: datetime | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None

    @property
    def in_force(self) -> bool:
        return self.reopened_at is None


class ReviewerScorecard(BaseModel):
    """One reviewer's ratings (competency id -> 1..5) and comment, as submitted."""

    id: int
    interview_id: str
    user_id: str
    user_email: str | None
    ratings: dict[str, int]
    comment: str
    submitted_at: datetime


RATING_RANGE = (1, 5)


@dataclass(frozen=True)
class InterviewReviews:
    """Recruiters' work on one interview, each oldest first."""

    overrides: tuple[ScoreOverride, ...]
    sign_offs: tuple[SignOff, ...]
    scorecards: tuple[ReviewerScorecard, ...]


@dataclass(frozen=True)
class ReviewMarks:
    """A mark of the recruiters' work on one interview that every write of it moves: overrides
    and scorecards are only ever added (their count and newest id), a sign-off is added or
    reopened (count, newest id, how many reopened), and a close adds an audit entry (the
    newest ``interview.close`` entry's id, 0 for none). Equal marks, equal work: a report kept
    with them is what building it again would give (authors' e-mails never change)."""

    overrides: int = 0
    last_override: int = 0
    sign_offs: int = 0
    last_sign_off: int = 0
    reopened: int = 0
    scorecards: int = 0
    last_scorecard: int = 0
    close_entry: int = 0

    @classmethod
    def of(cls, reviews: InterviewReviews, close_entry: int | None) -> ReviewMarks:
        """The marks of reviews read in full (what ``ReviewRepository.stamp`` reads at once)."""
        return cls(
            len(reviews.overrides),
            max((o.id for o in reviews.overrides), default=0),
            len(reviews.sign_offs),
            max((s.id for s in reviews.sign_offs), default=0),
            sum(1 for s in reviews.sign_offs if not s.in_force),
            len(reviews.scorecards),
            max((c.id for c in reviews.scorecards), default=0),
            close_entry or 0,
        )


@dataclass(frozen=True)
class ReportStamp:
    """What a report read needs to know before anything else: who owns the interview, the
    row's version (it moves with every write of the interview) and its review marks."""

    organisation_id: str | None
    version: int
    marks: ReviewMarks


class ReviewRepository:
    def __init__(self, engine: Engine, *, quick: QuickReads) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)  # takes the write lock at BEGIN
        self._quick = quick  # the report stamp's read (the database's, closed with it)

    def stamp(self, interview_id: str) -> ReportStamp:
        """The interview's owner, version and review marks: one indexed read outside any
        transaction (each count and newest id by its table's interview index), so a report
        read whose stamp is unchanged reads nothing else. Raises NotFoundError."""
        row = self._quick.row(_STAMP, {"iid": interview_id, "close": CLOSE_ACTION})
        if row is None:
            raise NotFoundError(f"There is no interview {interview_id!r}.")
        marks = ReviewMarks(*(int(row[name] or 0) for name in _MARKS))
        return ReportStamp(row["organisation_id"], int(row["version"]), marks)

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
        with self._engine.connect() as connection:
            return _read(connection, ScoreOverride, interview_id)

    def of_interview(self, interview_id: str) -> InterviewReviews:
        """The overrides, sign-offs and scorecards of the interview (what its report is built
        from), read on one connection: one snapshot."""
        with self._engine.connect() as connection:
            return InterviewReviews(
                tuple(_read(connection, ScoreOverride, interview_id)),
                tuple(_read(connection, SignOff, interview_id)),
                tuple(_read(connection, ReviewerScorecard, interview_id)),
            )

    def sign_off(
        self,
        interview_id: str,
        *,
        decision: str,
        note: str | None,
        user_id: str | None,
        user_email: str | None = None,
    ) -> SignOff:
        """Record the decision; refused while another sign-off is in force (reopen it first)."""
        if decision not in DECISIONS:
            raise StorageError(f"Unknown decision {decision!r}: use one of {', '.join(DECISIONS)}.")
        at = utcnow()
        row = SignOffRow(
            interview_id=interview_id,
            decision=decision,
            note=(note or "").strip() or None,
            user_id=user_id,
            at=at,
        )
        try:
            with self._write_session() as session, session.begin():
                current = self._in_force(session, interview_id)
                if current is not None:
                    raise InterviewError(
                        f"This interview is already signed off ({current.decision}, "
                        f"{current.at:%Y-%m-%d %H:%M} UTC): its decision is locked.",
                        hint="Reopen it with a reason first if the decision must change.",
                    )
                session.add(row)
                self._mark_interview(session, interview_id, decision, user_email, at)
        except IntegrityError as exc:
            raise _missing(interview_id) from exc
        return self.sign_offs(interview_id)[-1]

    def reopen(self, interview_id: str, *, reason: str, by: str) -> SignOff:
        """Lift the sign-off in force (kept, with who reopened it and why)."""
        if len(reason.strip()) < 3:
            raise StorageError("Reopening needs a reason: say why the decision must change.")
        at = utcnow()
        with self._write_session() as session, session.begin():
            current = self._in_force(session, interview_id)
            if current is None:
                raise InterviewError(
                    "This interview is not signed off, so there is nothing to reopen.",
                    hint="Overrides and sign-off are open as they are.",
                )
            current.reopened_at = at
            current.reopened_by = by
            current.reopen_reason = reason.strip()
            self._mark_interview(session, interview_id, None, None, None)
            reopened_id = current.id
        return next(s for s in self.sign_offs(interview_id) if s.id == reopened_id)

    @staticmethod
    def _in_force(session: Session, interview_id: str) -> SignOffRow | None:
        return session.scalars(
            select(SignOffRow)
            .where(SignOffRow.interview_id == interview_id, SignOffRow.reopened_at.is_(None))
            .order_by(SignOffRow.id.desc())
            .limit(1)
        ).one_or_none()

    @staticmethod
    def _mark_interview(
        session: Session,
        interview_id: str,
        decision: str | None,
        by: str | None,
        at: datetime | None,
    ) -> None:
        result = session.execute(
            update(InterviewRow)
            .where(InterviewRow.id == interview_id)
            .values(signed_decision=decision, signed_by=by, signed_at=at)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _missing(interview_id)

    def sign_offs(self, interview_id: str) -> list[SignOff]:
        """Oldest first; reopened ones carry who reopened them and why."""
        with self._engine.connect() as connection:
            return _read(connection, SignOff, interview_id)

    def latest_sign_off(self, interview_id: str) -> SignOff | None:
        """The sign-off in force, or None (never signed, or reopened since)."""
        in_force = [s for s in self.sign_offs(interview_id) if s.in_force]
        return in_force[-1] if in_force else None

    # ------------------------------------------------------------------ reviewers' scorecards
    def submit_scorecard(
        self, interview_id: str, *, user_id: str, ratings: dict[str, int], comment: str
    ) -> ReviewerScorecard:
        """A reviewer's one scorecard of the interview (it cannot be changed once submitted)."""
        low, high = RATING_RANGE
        bad = {k: v for k, v in ratings.items() if not low <= v <= high}
        if not ratings or bad:
            raise StorageError(
                f"Rate each competency from {low} to {high}"
                + (f" (out of range: {', '.join(sorted(bad))})." if bad else ".")
            )
        if not comment.strip():
            raise StorageError("A scorecard needs a comment: say what the ratings rest on.")
        row = ReviewerScorecardRow(
            interview_id=interview_id,
            user_id=user_id,
            ratings=dict(ratings),
            comment=comment.strip(),
            submitted_at=utcnow(),
        )
        try:
            with self._write_session() as session, session.begin():
                session.add(row)
        except IntegrityError as exc:
            if self.scorecard_of(interview_id, user_id) is not None:
                raise InterviewError(
                    "You have already submitted your scorecard for this interview.",
                    hint="A submitted scorecard stays as it is, so the others can rely on it.",
                ) from exc
            raise _missing(interview_id) from exc
        found = self.scorecard_of(interview_id, user_id)
        assert found is not None
        return found

    def scorecards(self, interview_id: str) -> list[ReviewerScorecard]:
        """Every submitted scorecard, oldest first (who may see them is the caller's rule)."""
        with self._engine.connect() as connection:
            return _read(connection, ReviewerScorecard, interview_id)

    def scorecard_of(self, interview_id: str, user_id: str) -> ReviewerScorecard | None:
        return next((c for c in self.scorecards(interview_id) if c.user_id == user_id), None)

    def _insert(self, row: ScoreOverrideRow, interview_id: str) -> None:
        try:
            with self._write_session() as session, session.begin():
                session.add(row)
        except IntegrityError as exc:
            raise _missing(interview_id) from exc


# What each reader reads: the rows of one kind of review of one interview, oldest first,
# each with its author's e-mail. One shape for the three kinds, built once (Core rows: no ORM
# instance state for what is only turned into models).
_USERS: Table = UserRow.__table__  # type: ignore[assignment]
_OVERRIDES: Table = ScoreOverrideRow.__table__  # type: ignore[assignment]
_SIGN_OFFS: Table = SignOffRow.__table__  # type: ignore[assignment]
_SCORECARDS: Table = ReviewerScorecardRow.__table__  # type: ignore[assignment]


def _of_interview(table: Table) -> Select[Any]:
    return (
        select(table, _USERS.c.email.label("user_email"))
        .outerjoin(_USERS, _USERS.c.id == table.c.user_id)
        .where(table.c.interview_id == bindparam("iid"))
        .order_by(table.c.id)
    )


_READS: dict[type[BaseModel], Select[Any]] = {
    ScoreOverride: _of_interview(_OVERRIDES),
    SignOff: _of_interview(_SIGN_OFFS),
    ReviewerScorecard: _of_interview(_SCORECARDS),
}
Review = TypeVar("Review", ScoreOverride, SignOff, ReviewerScorecard)

_INTERVIEWS: Table = InterviewRow.__table__  # type: ignore[assignment]
_AUDIT: Table = AuditRow.__table__  # type: ignore[assignment]


def _of_this(table: Table, value: Any) -> Any:
    """``value`` over ``table``'s rows of the interview being stamped (a scalar subquery)."""
    return select(value).where(table.c.interview_id == _INTERVIEWS.c.id).scalar_subquery()


_MARKS = tuple(f.name for f in fields(ReviewMarks))
_STAMP = select(
    _INTERVIEWS.c.organisation_id,
    _INTERVIEWS.c.version,
    _of_this(_OVERRIDES, func.count()).label("overrides"),
    _of_this(_OVERRIDES, func.max(_OVERRIDES.c.id)).label("last_override"),
    _of_this(_SIGN_OFFS, func.count()).label("sign_offs"),
    _of_this(_SIGN_OFFS, func.max(_SIGN_OFFS.c.id)).label("last_sign_off"),
    _of_this(_SIGN_OFFS, func.count(_SIGN_OFFS.c.reopened_at)).label("reopened"),
    _of_this(_SCORECARDS, func.count()).label("scorecards"),
    _of_this(_SCORECARDS, func.max(_SCORECARDS.c.id)).label("last_scorecard"),
    select(func.max(_AUDIT.c.id))
    .where(_AUDIT.c.target == _INTERVIEWS.c.id, _AUDIT.c.action == bindparam("close"))
    .scalar_subquery()
    .label("close_entry"),
).where(_INTERVIEWS.c.id == bindparam("iid"))


def _read(connection: Connection, kind: type[Review], interview_id: str) -> list[Review]:
    """Every review of ``kind`` of the interview, oldest first (for overrides the last of a
    question is the one that counts; reopened sign-offs carry who reopened them and why;
    who may see which scorecard is the caller's rule)."""
    rows = connection.execute(_READS[kind], {"iid": interview_id})
    return [kind.model_validate(row._mapping) for row in rows]


def _missing(interview_id: str) -> NotFoundError:
    return NotFoundError(
        f"There is no interview {interview_id!r} (or no such user) to attach this to."
    )
