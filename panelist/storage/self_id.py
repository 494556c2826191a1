"""Voluntary self-identification, stored apart from the interview and encrypted at rest.

Its own table, one row per interview, holding only a Fernet token of the answers. Nothing
that reads interviews (the engine, the scorers, the reports, the recruiter pages) reads this
table; :meth:`SelfIdStore.answers` hands the answers to a ``compliance`` account only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, ForeignKey, Integer, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from panelist.compliance.categories import SelfIdentification
from panelist.compliance.crypto import SelfIdCipher
from panelist.errors import AuthError, InterviewError, NotFoundError
from panelist.interview.state import Status, utcnow
from panelist.storage.accounts import User
from panelist.storage.engine import WRITE
from panelist.storage.invites import hash_token
from panelist.storage.tables import Base, InterviewRow
from panelist.storage.types import UTCDateTime

COMPLIANCE_ROLE = "compliance"
SUBMIT_WINDOW = timedelta(days=30)  # after the interview ends, the link still takes the form


class SelfIdentificationRow(Base):
    __tablename__ = "self_identifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), unique=True
    )
    ciphertext: Mapped[str] = mapped_column(Text)  # Fernet token of SelfIdentification JSON
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())


def require_compliance(user: User) -> None:
    if user.role != COMPLIANCE_ROLE:
        raise AuthError(
            "Self-identification is readable only by a compliance account.",
            hint="Create one with `panelist users create EMAIL --role compliance --org NAME`.",
        )


def finished_interview_of_token(engine: Engine, token: str, *, now: datetime | None = None) -> str:
    """The finished interview an invite link opened (a used link still takes the form)."""
    with Session(engine) as session:
        row = session.scalars(
            select(InterviewRow).where(InterviewRow.invite_token_hash == hash_token(token))
        ).one_or_none()
    if row is None:
        raise NotFoundError("This link is not valid: use the link of your interview.")
    if row.status != Status.COMPLETED.value:
        raise InterviewError(
            "Self-identification is asked after the interview: finish the interview first."
        )
    if (now or utcnow()) - row.updated_at > SUBMIT_WINDOW:
        raise InterviewError(
            f"Self-identification closes {SUBMIT_WINDOW.days} days after the interview."
        )
    return row.id


class SelfIdStore:
    def __init__(self, engine: Engine, cipher: SelfIdCipher) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)
        self._cipher = cipher

    def submit(self, interview_id: str, answers: SelfIdentification) -> None:
        """Store (or replace) the candidate's answers, encrypted."""
        token = self._cipher.encrypt(answers.model_dump_json().encode("utf-8"))
        with Session(self._writer) as session, session.begin():
            row = session.scalars(
                select(SelfIdentificationRow).where(
                    SelfIdentificationRow.interview_id == interview_id
                )
            ).one_or_none()
            if row is None:
                session.add(
                    SelfIdentificationRow(
                        interview_id=interview_id, ciphertext=token, submitted_at=utcnow()
                    )
                )
            else:
                row.ciphertext, row.submitted_at = token, utcnow()

    def answers(
        self, reader: User, *, organisation_id: str | None = None
    ) -> dict[str, SelfIdentification]:
        """Decrypted answers by interview id: of one organisation's interviews, or all."""
        require_compliance(reader)
        query = select(SelfIdentificationRow.interview_id, SelfIdentificationRow.ciphertext)
        if organisation_id is not None:
            query = query.join(
                InterviewRow, InterviewRow.id == SelfIdentificationRow.interview_id
            ).where(InterviewRow.organisation_id == organisation_id)
        with Session(self._engine) as session:
            rows = session.execute(query).all()
        return {
            interview_id: SelfIdentification.model_validate_json(self._cipher.decrypt(token))
            for interview_id, token in rows
        }

    def count(self) -> int:
        with Session(self._engine) as session:
            return int(session.scalar(select(func.count()).select_from(SelfIdentificationRow)) or 0)
