"""The job queue: huey on a SQLite file (the embedded default), on Redis or on PostgreSQL.

The same code runs on both; only ``PANELIST_QUEUE_URL`` changes. A message carries nothing
but a job id: the job itself is a row of the jobs table (:mod:`panelist.jobs.store`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey
from huey.storage import SqliteStorage

from panelist.config import Settings
from panelist.extras import require_postgres, require_redis
from panelist.jobs.store import Job, JobStore

log = logging.getLogger(__name__)
TASK_NAME = "panelist.run_job"


class WalNormalSqliteStorage(SqliteStorage):  # type: ignore[misc]
    """huey's SQLite storage with ``synchronous=NORMAL``, as the app's database has.

    huey leaves SQLite's default (FULL: an fsync on every commit, under huey's lock), which
    made every queued job wait for the disk. In WAL mode NORMAL cannot corrupt the file; a
    power cut may lose the last messages, and the jobs table (the source of truth) sends a
    job whose message was lost again (``JobStore.overdue``)."""

    def _create_connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection = super()._create_connection()
        connection.execute("pragma synchronous=NORMAL")
        return connection


def build_huey(settings: Settings) -> Huey:
    """huey on ``settings.effective_queue_url``: ``sqlite:///PATH``, ``redis://...`` or
    ``postgresql://...`` (tables ``huey_*`` in that database; LISTEN/NOTIFY wakes workers)."""
    url = settings.effective_queue_url
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(
            "panelist",
            filename=str(path),
            results=False,
            utc=True,
            storage_class=WalNormalSqliteStorage,
        )
    if url.startswith("postgresql"):
        require_postgres("A PostgreSQL job queue (PANELIST_QUEUE_URL)")
        dsn = "postgresql://" + url.split("://", 1)[1]  # psycopg's form of a SQLAlchemy URL
        return PostgresHuey("panelist", dsn=dsn, results=False, utc=True)
    require_redis()
    return RedisHuey("panelist", url=url, results=False, utc=True)


class JobQueue:
    """Submit jobs (the web app, the service) and, in a worker, run them.

    >>> queue = JobQueue(settings, JobStore(database.engine))   # doctest: +SKIP
    >>> queue.submit("render_report", f"pdf:{iid}:{fingerprint}", {"interview_id": iid})
    """

    def __init__(self, settings: Settings, store: JobStore, huey: Huey | None = None) -> None:
        self.settings = settings
        self.store = store
        self.huey = huey if huey is not None else build_huey(settings)
        self._runner: Callable[[str], None] | None = None
        self._task: Any = self.huey.task(name=TASK_NAME)(self._run)

    def submit(self, kind: str, key: str, payload: dict[str, Any]) -> Job:
        """The job for ``key``: created and sent if new, else the existing one (idempotent)."""
        job, created = self.store.add(kind, key, payload)
        if created:
            self.send(job.id)
        return job

    def send(self, job_id: str, *, delay: float | None = None) -> None:
        """Put a message for ``job_id`` on the queue (again: duplicates are skipped)."""
        if delay:
            self._task.schedule(args=(job_id,), delay=delay)
        else:
            self._task(job_id)

    def bind(self, runner: Callable[[str], None]) -> None:
        """What a worker does with a message: :meth:`panelist.jobs.runner.JobRunner.run`."""
        self._runner = runner

    def pending_messages(self) -> int:
        """Messages waiting in the broker (not the jobs table: see JobStore.stats)."""
        return int(self.huey.pending_count())

    def _run(self, job_id: str) -> None:
        if self._runner is None:
            raise RuntimeError(
                "This process has no job runner: start a worker with `panelist worker`."
            )
        self._runner(job_id)
