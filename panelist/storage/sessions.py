"""Server-side sessions: every signed-in browser and every API token is a row that can end.

The secret (in the cookie, or the bearer token) is 32 random bytes; only its SHA-256 is
stored, so a copy of the database signs nobody in. A session ends at its expiry, at sign-out,
when the user's password changes, when the account is disabled, or when an admin revokes it
(``panelist users sessions revoke EMAIL``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Engine, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from panelist.interview.state import utcnow
from panelist.storage.accounts import USER_COLUMNS, User, user_of_columns
from panelist.storage.engine import WRITE
from panelist.storage.quick import QuickReads
from panelist.storage.tables import AuthSessionRow, UserRow

SessionKind = Literal["browser", "api"]
TOKEN_PREFIX = {"browser": "pnls_", "api": "pnl_"}


# built once: every signed-in request runs it, one indexed read of the session and its user
# outside any transaction (panelist.storage.quick), so a sign-out anywhere counts at once
_USER_OF = (
    select(*USER_COLUMNS)
    .select_from(AuthSessionRow)
    .join(UserRow, UserRow.id == AuthSessionRow.user_id)
    .where(
        AuthSessionRow.token_hash == bindparam("digest"),
        AuthSessionRow.kind == bindparam("kind"),
        AuthSessionRow.revoked_at.is_(None),
        AuthSessionRow.expires_at > bindparam("at"),
        UserRow.disabled_at.is_(None),
    )
)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class SessionRepository:
    def __init__(self, engine: Engine, *, quick: QuickReads) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)
        self._quick = quick  # the lookups of signed-in requests (the database's, closed with it)

    def open(
        self, user_id: str, kind: SessionKind, *, ttl: timedelta, now: datetime | None = None
    ) -> str:
        """A new session for ``user_id``; returns its secret (shown once, never stored)."""
        at = now or utcnow()
        secret = TOKEN_PREFIX[kind] + secrets.token_urlsafe(32)
        with Session(self._writer) as session, session.begin():
            session.execute(delete(AuthSessionRow).where(AuthSessionRow.expires_at < at))
            session.add(
                AuthSessionRow(
                    token_hash=hash_secret(secret),
                    user_id=user_id,
                    kind=kind,
                    created_at=at,
                    expires_at=at + ttl,
                )
            )
        return secret

    def user_of(
        self, secret: str, kind: SessionKind, *, now: datetime | None = None
    ) -> User | None:
        """The user a live session of ``kind`` belongs to (None: unknown, ended or disabled).

        One read of the session joined to its user: the lookup every signed-in request makes
        (it was two, the session's user id and then the user)."""
        values = {"digest": hash_secret(secret), "kind": kind, "at": now or utcnow()}
        row = self._quick.row(_USER_OF, values)
        return user_of_columns(row) if row is not None else None

    def revoke(self, secret: str, *, now: datetime | None = None) -> bool:
        """End one session (sign-out). True when it was live."""
        return self._revoke(AuthSessionRow.token_hash == hash_secret(secret), now) > 0

    def revoke_user(self, user_id: str, *, now: datetime | None = None) -> int:
        """End every session of ``user_id``; returns how many were live."""
        return self._revoke(AuthSessionRow.user_id == user_id, now)

    def live_count(self, user_id: str, *, now: datetime | None = None) -> int:
        query = select(func.count()).where(
            AuthSessionRow.user_id == user_id,
            AuthSessionRow.revoked_at.is_(None),
            AuthSessionRow.expires_at > (now or utcnow()),
        )
        with Session(self._engine) as session:
            return int(session.scalar(query) or 0)

    def _revoke(self, which: object, now: datetime | None) -> int:
        with Session(self._writer) as session, session.begin():
            result = session.execute(
                update(AuthSessionRow)
                .where(which, AuthSessionRow.revoked_at.is_(None))  # type: ignore[arg-type]
                .values(revoked_at=now or utcnow())
                .execution_options(synchronize_session=False)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]
