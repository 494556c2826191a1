"""Failed sign-ins in the database, so every worker and replica sees the same count."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session

from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import LoginFailureRow


def failure_key(email: str, ip: str) -> str:
    """A hash of (email, address): the table never holds an email address or an IP."""
    return hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()


class LoginFailures:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)

    def record(self, key: str, at: datetime | None = None) -> None:
        with Session(self._writer) as session, session.begin():
            session.add(LoginFailureRow(key=key, at=at or utcnow()))

    def reserve(self, key: str, *, start: datetime, limit: int, at: datetime) -> datetime | None:
        """Count-and-record in one transaction, serialised per key: SQLite's write lock is
        taken at BEGIN; PostgreSQL takes a transaction advisory lock on the key."""
        with Session(self._writer) as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                lock = int(key[:15], 16)  # 60 bits of the key's hash: fits a bigint
                session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})
            count, oldest = session.execute(
                select(func.count(), func.min(LoginFailureRow.at)).where(
                    LoginFailureRow.key == key, LoginFailureRow.at > start
                )
            ).one()
            if count >= limit:
                return oldest or at
            session.add(LoginFailureRow(key=key, at=at))
            return None

    def since(self, key: str, start: datetime) -> tuple[int, datetime | None]:
        """How many failures ``key`` had since ``start``, and the oldest of them."""
        query = select(func.count(), func.min(LoginFailureRow.at)).where(
            LoginFailureRow.key == key, LoginFailureRow.at > start
        )
        with Session(self._engine) as session:
            count, oldest = session.execute(query).one()
        return int(count), oldest

    def clear(self, key: str, *, older_than: timedelta | None = None) -> None:
        """Forget ``key``'s failures (after a success), and any row older than ``older_than``."""
        with Session(self._writer) as session, session.begin():
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))
            if older_than is not None:
                cutoff = utcnow() - older_than
                session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < cutoff))
