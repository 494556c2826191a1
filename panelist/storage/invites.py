"""Single-use, expiring invite links for candidates. Only a SHA-256 of each token is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from panelist.errors import AuthError, NotFoundError
from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import InterviewRow

TOKEN_BYTES = 32


class Invite(BaseModel):
    """A freshly issued invite. ``token`` is shown once (in the link) and never stored."""

    interview_id: str
    token: str
    expires_at: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class InviteRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)  # takes the write lock at BEGIN

    def issue(self, interview_id: str, *, ttl: timedelta, now: datetime | None = None) -> Invite:
        """A new token for the interview; any earlier token of that interview stops working."""
        issued = now or utcnow()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires_at = issued + ttl
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            result = session.execute(
                update(InterviewRow)
                .where(InterviewRow.id == interview_id)
                .values(
                    invite_token_hash=hash_token(token),
                    invite_expires_at=expires_at,
                    invite_used_at=None,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise NotFoundError(f"There is no interview {interview_id!r} to invite to.")
        return Invite(interview_id=interview_id, token=token, expires_at=expires_at)

    def peek(self, token: str, *, now: datetime | None = None) -> str:
        """The interview the token opens, without using it up; AuthError if it cannot be used."""
        with Session(self._engine) as session:
            row = session.scalars(
                select(InterviewRow).where(InterviewRow.invite_token_hash == hash_token(token))
            ).one_or_none()
            if row is None:
                raise AuthError("This invite link is not valid: ask the recruiter for a new one.")
            _check_usable(row, now or utcnow())
            return row.id

    def redeem(self, token: str, *, now: datetime | None = None) -> str:
        """Use the token up and return its interview id. Only one caller can ever succeed."""
        at = now or utcnow()
        digest = hash_token(token)
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            result = session.execute(
                update(InterviewRow)
                .where(
                    InterviewRow.invite_token_hash == digest,
                    InterviewRow.invite_used_at.is_(None),
                    InterviewRow.invite_expires_at > at,
                )
                .values(invite_used_at=at)
                .returning(InterviewRow.id)
                .execution_options(synchronize_session=False)
            )
            interview_id = result.scalar_one_or_none()
            if interview_id is not None:
                return interview_id
            row = session.scalars(
                select(InterviewRow).where(InterviewRow.invite_token_hash == digest)
            ).one_or_none()
        if row is None:
            raise AuthError("This invite link is not valid: ask the recruiter for a new one.")
        _check_usable(row, at)
        raise AuthError("This invite link cannot be used: ask the recruiter for a new one.")


def _check_usable(row: InterviewRow, now: datetime) -> None:
    if row.invite_used_at is not None:
        raise AuthError("This invite link has already been used: ask the recruiter for a new one.")
    if row.invite_expires_at is None or row.invite_expires_at <= now:
        raise AuthError("This invite link has expired: ask the recruiter for a new one.")
