"""Single-use, expiring invite links for candidates. Only a SHA-256 of each token is stored.

Issued with the app's secret key, a token is HMAC(key, interview id + a random nonce): the
nonce is stored, so the recruiter's interview page can show the link again, while the
database alone (without the key) still does not give the link away.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import Engine, bindparam, select, update
from sqlalchemy.orm import Session

from panelist.errors import AuthError, NotFoundError
from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.quick import QuickReads
from panelist.storage.tables import InterviewRow

TOKEN_BYTES = 32


class Invite(BaseModel):
    """An invite. ``token`` goes in the link and is never stored."""

    interview_id: str
    token: str
    expires_at: datetime
    used_at: datetime | None = None


class TokenLookup(BaseModel):
    """What a token opens, usable or not: ``problem`` says why it cannot start or go on."""

    interview_id: str
    problem: str | None
    version: int  # the interview row's change marker when it was looked up


# built once: every candidate request runs it
_LOOKUP = select(
    InterviewRow.id,
    InterviewRow.version,
    InterviewRow.invite_used_at,
    InterviewRow.invite_expires_at,
).where(InterviewRow.invite_token_hash == bindparam("digest"))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def derive_token(key: bytes, interview_id: str, nonce: str) -> str:
    digest = hmac.new(key, f"invite\n{interview_id}\n{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class InviteRepository:
    """Invites on the interview row. ``quick``: where :meth:`lookup` reads (see
    panelist.storage.quick; by default reads of its own on ``engine``)."""

    def __init__(self, engine: Engine, *, quick: QuickReads | None = None) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)  # takes the write lock at BEGIN
        self._quick = quick or QuickReads(engine)

    def issue(
        self,
        interview_id: str,
        *,
        ttl: timedelta,
        key: bytes | None = None,
        now: datetime | None = None,
    ) -> Invite:
        """A new token for the interview; any earlier token of that interview stops working.

        With ``key`` the link can be shown again later (:meth:`current`); without, only now.
        """
        issued = now or utcnow()
        nonce = secrets.token_urlsafe(16) if key is not None else None
        token = (
            derive_token(key, interview_id, nonce)
            if key is not None and nonce is not None
            else secrets.token_urlsafe(TOKEN_BYTES)
        )
        expires_at = issued + ttl
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            result = session.execute(
                update(InterviewRow)
                .where(InterviewRow.id == interview_id)
                .values(
                    invite_token_hash=hash_token(token),
                    invite_expires_at=expires_at,
                    invite_used_at=None,
                    invite_nonce=nonce,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise NotFoundError(f"There is no interview {interview_id!r} to invite to.")
        return Invite(interview_id=interview_id, token=token, expires_at=expires_at)

    def current(self, interview_id: str, *, key: bytes) -> Invite | None:
        """The interview's invite as issued with ``key`` (None: none, or not re-showable)."""
        with Session(self._engine) as session:
            row = session.get(InterviewRow, interview_id)
            if row is None:
                raise NotFoundError(f"There is no interview {interview_id!r}.")
            if row.invite_nonce is None or row.invite_expires_at is None:
                return None
            token = derive_token(key, interview_id, row.invite_nonce)
            if row.invite_token_hash != hash_token(token):
                return None  # issued under another secret key
            return Invite(
                interview_id=interview_id,
                token=token,
                expires_at=row.invite_expires_at,
                used_at=row.invite_used_at,
            )

    def lookup(self, token: str, *, now: datetime | None = None) -> TokenLookup:
        """The interview of a token even when it is used up or expired (to say thank you
        after the end); AuthError only for a token that was never issued or was replaced."""
        # four columns, not the interview's document, read outside any transaction: the
        # token's current row as committed now (a re-issue, a redeem, by any process)
        row = self._quick.row(_LOOKUP, {"digest": hash_token(token)})
        if row is None:
            raise AuthError("This invite link is not valid: ask the recruiter for a new one.")
        interview_id, version = row["id"], row["version"]
        try:
            _check_usable(row["invite_used_at"], row["invite_expires_at"], now or utcnow())
        except AuthError as exc:
            return TokenLookup(interview_id=interview_id, problem=exc.message, version=version)
        return TokenLookup(interview_id=interview_id, problem=None, version=version)

    def peek(self, token: str, *, now: datetime | None = None) -> str:
        """The interview the token opens, without using it up; AuthError if it cannot be used."""
        found = self.lookup(token, now=now)
        if found.problem is not None:
            raise AuthError(found.problem)
        return found.interview_id

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
        _check_usable(row.invite_used_at, row.invite_expires_at, at)
        raise AuthError("This invite link cannot be used: ask the recruiter for a new one.")


def _check_usable(used_at: datetime | None, expires_at: datetime | None, now: datetime) -> None:
    if used_at is not None:
        raise AuthError("This invite link has already been used: ask the recruiter for a new one.")
    if expires_at is None or expires_at <= now:
        raise AuthError("This invite link has expired: ask the recruiter for a new one.")
