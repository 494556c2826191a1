"""The audit log: who did what to which record, and when. Append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import AuditRow


class AuditEntry(BaseModel):
    id: int
    actor: str
    action: str
    target: str | None
    detail: dict[str, Any]
    at: datetime


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)  # takes the write lock at BEGIN

    def record(
        self,
        actor: str,
        action: str,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append an entry, e.g. ``record("ann@acme.io", "score.override", "iv_123", {...})``."""
        row = AuditRow(actor=actor, action=action, target=target, detail=detail or {}, at=utcnow())
        with (
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            session.add(row)
        return _entry(row)

    def entries(
        self, *, target: str | None = None, actor: str | None = None, limit: int = 100
    ) -> list[AuditEntry]:
        """Newest first."""
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(max(limit, 0))
        if target is not None:
            query = query.where(AuditRow.target == target)
        if actor is not None:
            query = query.where(AuditRow.actor == actor)
        with Session(self._engine) as session:
            return [_entry(row) for row in session.scalars(query)]

    def latest(self, target: str, action: str) -> AuditEntry | None:
        """The newest entry of ``action`` on ``target`` (one indexed row, not the target's log)."""
        query = (
            select(AuditRow)
            .where(AuditRow.target == target, AuditRow.action == action)
            .order_by(AuditRow.id.desc())
            .limit(1)
        )
        with Session(self._engine) as session:
            row = session.scalars(query).first()
            return _entry(row) if row is not None else None


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        actor=row.actor,
        action=row.action,
        target=row.target,
        detail=row.detail,
        at=row.at,
    )
