"""Helpers for the job-queue tests: queues on SQLite or Redis, waiting for a job's status.

(No tests here; imported by tests/test_jobs*.py.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import require

from panelist.config import Settings, load_settings
from panelist.jobs import Job, JobStore

REDIS_URL = "redis://127.0.0.1:6379/7"  # this helper's own Redis database number
POSTGRES_DB = "panelist_queue"  # and its own PostgreSQL database for huey's tables


def queue_settings(data_dir: Path, broker: str, **overrides: Any) -> Settings:
    """Settings with the queue on ``broker`` ("sqlite": a file in data_dir; "redis")."""
    if broker == "redis":
        import redis

        try:
            client = redis.Redis.from_url(REDIS_URL)
            client.ping()
        except redis.RedisError:
            require(False, "Redis is not running on 127.0.0.1:6379 (apt-get install redis)")
        client.flushdb()
        overrides["queue_url"] = REDIS_URL
    if broker == "postgres":
        overrides["queue_url"] = empty_postgres_queue()
    return load_settings(
        data_dir=data_dir, semantic="off", environment="test", log_json=False, **overrides
    )


def empty_postgres_queue() -> str:
    """The URL of this helper's PostgreSQL queue database, created if needed, emptied."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from test_storage_support import ADMIN_URL, postgres_reachable

    from panelist.storage.engine import make_engine

    require(postgres_reachable(), f"PostgreSQL is not reachable at {ADMIN_URL}")
    admin = make_engine(ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": POSTGRES_DB}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{POSTGRES_DB}"'))
    admin.dispose()
    url = make_url(ADMIN_URL).set(database=POSTGRES_DB).render_as_string(hide_password=False)
    queue = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with queue.connect() as conn:
        for table in ("huey_kv", "huey_schedule", "huey_task", "huey_counter"):
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    queue.dispose()
    return url


BROKERS = [
    "sqlite",
    pytest.param("redis", marks=pytest.mark.redis),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


def wait_for(
    store: JobStore, job_id: str, done: Callable[[Job], bool], timeout: float = 30.0
) -> Job:
    """Poll the jobs table until ``done(job)``; fails with the job's last state."""
    deadline = time.monotonic() + timeout
    job = store.get(job_id)
    while time.monotonic() < deadline:
        job = store.get(job_id)
        if job is not None and done(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not get there in {timeout} s: {job}")
