"""The job queue: submitted once, run by a worker, retried with backoff, given up, counted.

Each test runs on the embedded default (a SQLite file) and on Redis with the same code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jobs_support import BROKERS, queue_settings, wait_for

from panelist.jobs import Job, JobQueue, JobStore, Worker
from panelist.observability import Metrics
from panelist.storage import open_database


class Flaky:
    """A job kind that fails ``failures`` times, then records what it was given."""

    kind = "flaky"

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.runs: list[dict[str, object]] = []
        self.given_up: list[str] = []

    def run(self, job: Job) -> None:
        self.runs.append(job.payload)
        if len(self.runs) <= self.failures:
            raise ConnectionError(f"the service is down (run {len(self.runs)})")

    def give_up(self, job: Job, error: str) -> None:
        self.given_up.append(error)


def running_worker(
    settings_dir: Path, broker: str, handler: Flaky, **overrides: object
) -> tuple[JobQueue, Worker, Metrics]:
    settings = queue_settings(settings_dir, broker, job_retry_delay_seconds=0.1, **overrides)
    database = open_database(settings)
    queue = JobQueue(settings, JobStore(database.engine))
    metrics = Metrics()
    worker = Worker(settings, queue, {handler.kind: handler}, threads=2, metrics=metrics)
    worker.start()
    return queue, worker, metrics


@pytest.mark.parametrize("broker", BROKERS)
def test_a_job_is_submitted_once_and_run_once(tmp_path: Path, broker: str) -> None:
    handler = Flaky(failures=0)
    queue, worker, metrics = running_worker(tmp_path, broker, handler)
    try:
        job = queue.submit("flaky", "flaky:one", {"n": 1})
        again = queue.submit("flaky", "flaky:one", {"n": 1})  # the same key: the same job
        done = wait_for(queue.store, job.id, lambda j: j.status == "done")
        queue.send(job.id)  # a duplicate message (a sweep that raced): skipped, not re-run
        worker.sweep()
    finally:
        worker.stop()
    assert again.id == job.id
    assert done.attempts == 1
    assert handler.runs == [{"n": 1}]
    value = metrics.registry.get_sample_value(
        "panelist_jobs_finished_total", {"kind": "flaky", "outcome": "done"}
    )
    assert value == 1.0


@pytest.mark.parametrize("broker", BROKERS)
def test_a_failing_job_is_retried_with_backoff_until_it_works(tmp_path: Path, broker: str) -> None:
    handler = Flaky(failures=2)
    queue, worker, metrics = running_worker(tmp_path, broker, handler)
    try:
        job = queue.submit("flaky", "flaky:two", {"n": 2})
        done = wait_for(queue.store, job.id, lambda j: j.status == "done")
    finally:
        worker.stop()
    assert done.attempts == 3
    assert done.last_error == "ConnectionError: the service is down (run 2)"
    retried = metrics.registry.get_sample_value(
        "panelist_jobs_finished_total", {"kind": "flaky", "outcome": "retried"}
    )
    assert retried == 2.0
    assert handler.given_up == []


def test_a_job_that_keeps_failing_is_given_up_and_says_why(tmp_path: Path) -> None:
    handler = Flaky(failures=100)
    queue, worker, metrics = running_worker(tmp_path, "sqlite", handler, job_retries=2)
    try:
        job = queue.submit("flaky", "flaky:never", {"n": 3})
        failed = wait_for(queue.store, job.id, lambda j: j.status == "failed")
    finally:
        worker.stop()
    assert failed.attempts == 3  # the first run and two retries
    assert len(handler.runs) == 3
    assert handler.given_up == ["ConnectionError: the service is down (run 3)"]
    stats = {s.kind: s for s in queue.store.stats()}
    assert stats["flaky"].failed == 1 and stats["flaky"].queued == 0
    failures = metrics.registry.get_sample_value(
        "panelist_jobs_finished_total", {"kind": "flaky", "outcome": "failed"}
    )
    assert failures == 1.0


def test_the_backlog_shows_in_metrics_without_a_worker(tmp_path: Path) -> None:
    settings = queue_settings(tmp_path, "sqlite")
    database = open_database(settings)
    queue = JobQueue(settings, JobStore(database.engine))
    metrics = Metrics()
    metrics.watch_jobs(queue.store.stats)
    queue.submit("render_report", "render_report:a", {"interview_id": "a"})
    queue.submit("render_report", "render_report:b", {"interview_id": "b"})
    depth = metrics.registry.get_sample_value("panelist_jobs_queued", {"kind": "render_report"})
    age = metrics.registry.get_sample_value(
        "panelist_jobs_oldest_age_seconds", {"kind": "render_report"}
    )
    assert depth == 2.0
    assert age is not None and age >= 0.0
    assert queue.pending_messages() == 2  # and both messages wait in the broker


def test_a_message_lost_by_the_broker_is_sent_again_by_the_sweep(tmp_path: Path) -> None:
    handler = Flaky(failures=0)
    settings = queue_settings(tmp_path, "sqlite", job_lease_seconds=0.2, job_sweep_seconds=0.1)
    database = open_database(settings)
    queue = JobQueue(settings, JobStore(database.engine))
    job = queue.submit("flaky", "flaky:lost", {"n": 4})
    queue.huey.flush()  # the broker loses every message (a wiped Redis, a deleted file)
    worker = Worker(settings, queue, {"flaky": handler}, threads=1)
    worker.start()
    try:
        done = wait_for(queue.store, job.id, lambda j: j.status == "done", timeout=10)
    finally:
        worker.stop()
    assert done.attempts == 1
    assert handler.runs == [{"n": 4}]


def test_the_embedded_broker_commits_without_an_fsync_each_like_the_database(
    tmp_path: Path,
) -> None:
    settings = queue_settings(tmp_path, "sqlite")
    queue = JobQueue(settings, JobStore(open_database(settings).engine))

    synchronous = queue.huey.storage.conn.execute("pragma synchronous").fetchone()[0]
    journal = queue.huey.storage.conn.execute("pragma journal_mode").fetchone()[0]

    assert (synchronous, journal) == (1, "wal")  # NORMAL in WAL: SQLite's default was FULL (2)
