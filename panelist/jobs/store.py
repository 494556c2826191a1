"""The jobs table: what work exists, whether it is done, and which jobs were lost.

The database, not the queue library, is the source of truth. huey removes a message from
its storage when a worker takes it, so a worker killed mid-job would otherwise lose it; here
the job stays ``running`` with a lease that its worker renews, and a job whose lease ran out
(or that was never picked up) is found by :meth:`JobStore.overdue` and sent again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import JobRow

Clock = Callable[[], datetime]

# The statements every job runs (claim, settle), built once.
_JOBS: Table = JobRow.__table__  # type: ignore[assignment]
_JOB_FOR_UPDATE = select(_JOBS).where(_JOBS.c.id == bindparam("jid")).with_for_update()
_CLAIM = (
    update(_JOBS)
    .where(_JOBS.c.id == bindparam("jid"))
    .values(status="running", attempts=bindparam("to_attempts"), due_at=bindparam("to_due_at"))
)
_SETTLE = (
    update(_JOBS)
    .where(_JOBS.c.id == bindparam("jid"))
    .values(
        status=bindparam("to_status"),
        finished_at=bindparam("to_finished_at"),
        due_at=bindparam("to_due_at"),
    )
)
_SETTLE_WITH_ERROR = _SETTLE.values(last_error=bindparam("to_error"))


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    key: str
    payload: dict[str, Any]
    status: str
    attempts: int
    created_at: datetime
    due_at: datetime
    last_error: str | None

    @classmethod
    def of(cls, row: JobRow) -> Job:
        return cls(
            row.id,
            row.kind,
            row.key,
            dict(row.payload),
            row.status,
            row.attempts,
            row.created_at,
            row.due_at,
            row.last_error,
        )


@dataclass(frozen=True)
class KindStats:
    """One kind's backlog, for /metrics."""

    kind: str
    queued: int
    running: int
    failed: int
    oldest_waiting_seconds: float  # age of the oldest queued or running job; 0 when none


class JobStore:
    """Jobs on the app's own database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, *, clock: Clock = utcnow) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)
        self._clock = clock

    def _write(self) -> Session:
        return Session(self._writer, expire_on_commit=False)

    def add(self, kind: str, key: str, payload: dict[str, Any]) -> tuple[Job, bool]:
        """The job for ``key``, created queued if there is none; True when it was created."""
        now = self._clock()
        job = Job(uuid.uuid4().hex, kind, key, dict(payload), "queued", 0, now, now, None)
        try:  # a Core insert: one row needs no ORM unit of work (it ran on every answer)
            with self._writer.begin() as connection:
                connection.execute(
                    insert(JobRow),
                    {
                        "id": job.id,
                        "kind": kind,
                        "key": key,
                        "payload": payload,
                        "status": job.status,
                        "attempts": 0,
                        "created_at": now,
                        "due_at": now,
                    },
                )
        except IntegrityError:
            existing = self.by_key(key)
            if existing is None:  # deleted in between: try once more
                return self.add(kind, key, payload)
            return existing, False
        return job, True

    def get(self, job_id: str) -> Job | None:
        with Session(self._engine) as session:
            row = session.get(JobRow, job_id)
            return Job.of(row) if row is not None else None

    def by_key(self, key: str) -> Job | None:
        with Session(self._engine) as session:
            row = session.scalars(select(JobRow).where(JobRow.key == key)).one_or_none()
            return Job.of(row) if row is not None else None

    def claim(self, job_id: str, lease_seconds: float) -> Job | None:
        """Mark the job running for one lease and count the attempt; None when it is done,
        failed, or running under a live lease elsewhere (a duplicate message: skip it)."""
        now = self._clock()
        with self._writer.begin() as connection:  # Core: it runs for every job
            row = connection.execute(_JOB_FOR_UPDATE, {"jid": job_id}).one_or_none()
            if row is None or row.status in ("done", "failed"):
                return None
            if row.status == "running" and row.due_at > now:
                return None
            due = now + timedelta(seconds=lease_seconds)
            connection.execute(
                _CLAIM, {"jid": job_id, "to_attempts": row.attempts + 1, "to_due_at": due}
            )
        return Job(
            row.id,
            row.kind,
            row.key,
            dict(row.payload),
            "running",
            row.attempts + 1,
            row.created_at,
            due,
            row.last_error,
        )

    def renew(self, job_id: str, lease_seconds: float) -> None:
        """Extend a running job's lease (its worker is alive)."""
        with self._write() as session, session.begin():
            row = session.get(JobRow, job_id, with_for_update=True)
            if row is not None and row.status == "running":
                row.due_at = self._clock() + timedelta(seconds=lease_seconds)

    def finish(self, job_id: str) -> None:
        self._settle(job_id, "done", None)

    def give_up(self, job_id: str, error: str) -> None:
        self._settle(job_id, "failed", error)

    def _settle(self, job_id: str, status: str, error: str | None) -> None:
        now = self._clock()
        values = {"jid": job_id, "to_status": status, "to_finished_at": now, "to_due_at": now}
        with self._writer.begin() as connection:  # one statement: it runs for every job
            if error is None:
                connection.execute(_SETTLE, values)
            else:
                connection.execute(_SETTLE_WITH_ERROR, {**values, "to_error": error})

    def retry_later(self, job_id: str, error: str, delay_seconds: float) -> None:
        """Back to queued, due after ``delay_seconds`` (the queue's retry is scheduled then)."""
        with self._write() as session, session.begin():
            row = session.get(JobRow, job_id, with_for_update=True)
            if row is not None:
                row.status = "queued"
                row.due_at = self._clock() + timedelta(seconds=delay_seconds)
                row.last_error = error

    def overdue(self, grace_seconds: float, *, limit: int = 500) -> list[Job]:
        """Jobs whose message is presumed lost: running past their lease, or queued and not
        picked up ``grace_seconds`` after they were due. Each is marked due now, so a sweep
        sends it again at most once per grace period."""
        now = self._clock()
        late = now - timedelta(seconds=grace_seconds)
        query = (
            select(JobRow)
            .where(
                or_(
                    and_(JobRow.status == "running", JobRow.due_at <= now),
                    and_(JobRow.status == "queued", JobRow.due_at <= late),
                )
            )
            .order_by(JobRow.due_at)
            .limit(limit)
        )
        with self._write() as session, session.begin():
            rows = list(session.scalars(query))
            for row in rows:
                if row.status == "queued":
                    row.due_at = now
            return [Job.of(row) for row in rows]

    def stats(self) -> list[KindStats]:
        """Backlog per kind: queued, running, failed, age of the oldest unfinished job."""
        query = select(
            JobRow.kind, JobRow.status, func.count(), func.min(JobRow.created_at)
        ).group_by(JobRow.kind, JobRow.status)
        with Session(self._engine) as session:
            rows = session.execute(query).all()
        now = self._clock()
        counts: dict[str, dict[str, int]] = {}
        oldest: dict[str, datetime] = {}
        for kind, status, count, first in rows:
            counts.setdefault(kind, {})[status] = int(count)
            if status in ("queued", "running") and first is not None:
                first = first if first.tzinfo else first.replace(tzinfo=now.tzinfo)
                oldest[kind] = min(oldest.get(kind, first), first)
        return [
            KindStats(
                kind,
                by_status.get("queued", 0),
                by_status.get("running", 0),
                by_status.get("failed", 0),
                (now - oldest[kind]).total_seconds() if kind in oldest else 0.0,
            )
            for kind, by_status in sorted(counts.items())
        ]
