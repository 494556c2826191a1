"""Run one job: claim it, keep its lease alive, call its handler, settle or retry it.

Retries back off exponentially (``job_retry_delay_seconds`` doubling) through huey's own
retry scheduling; the attempt count lives in the jobs table, so it survives a lost message.
After ``job_retries`` retries the handler's ``give_up`` records what the job could not do.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol

from huey.exceptions import RetryTask

from panelist.config import Settings
from panelist.jobs.store import Job, JobStore
from panelist.observability.metrics import Metrics

log = logging.getLogger(__name__)


class Handler(Protocol):
    """What one kind of job does. ``run`` must be idempotent: a job may run twice."""

    kind: str

    def run(self, job: Job) -> None: ...

    def give_up(self, job: Job, error: str) -> None:
        """The last attempt failed: record that (e.g. keep the fast score, say why)."""
        ...


class JobRunner:
    def __init__(
        self,
        settings: Settings,
        store: JobStore,
        handlers: Mapping[str, Handler],
        metrics: Metrics | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.handlers = dict(handlers)
        self.metrics = metrics

    def run(self, job_id: str) -> None:
        lease = self.settings.job_lease_seconds
        job = self.store.claim(job_id, lease)
        if job is None:
            return  # done, failed, or running elsewhere: a duplicate message
        handler = self.handlers.get(job.kind)
        if handler is None:
            self.store.give_up(job.id, f"no handler for job kind {job.kind!r} in this worker")
            self._count(job.kind, "failed", 0.0)
            return
        started = time.perf_counter()
        try:
            with _lease_kept(self.store, job.id, lease):
                handler.run(job)
        except Exception as exc:
            self._failed(handler, job, exc, time.perf_counter() - started)
            return
        self.store.finish(job.id)
        self._count(job.kind, "done", time.perf_counter() - started)

    def _failed(self, handler: Handler, job: Job, exc: Exception, seconds: float) -> None:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if job.attempts > self.settings.job_retries:
            log.warning("job %s (%s) failed for good: %s", job.id, job.kind, error)
            try:
                handler.give_up(job, error)
            except Exception:
                log.exception("job %s (%s): give_up failed", job.id, job.kind)
            self.store.give_up(job.id, error)
            self._count(job.kind, "failed", seconds)
            return
        delay = self.settings.job_retry_delay_seconds * 2 ** (job.attempts - 1)
        log.info("job %s (%s) failed, retry in %.1f s: %s", job.id, job.kind, delay, error)
        self.store.retry_later(job.id, error, delay)
        self._count(job.kind, "retried", seconds)
        raise RetryTask(error, delay=delay) from exc

    def _count(self, kind: str, outcome: str, seconds: float) -> None:
        if self.metrics is not None:
            self.metrics.job_finished(kind, outcome, seconds)


@contextmanager
def _lease_kept(store: JobStore, job_id: str, lease: float) -> Iterator[None]:
    """Renew the job's lease every third of it while the job runs (this worker is alive)."""
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(lease / 3):
            try:
                store.renew(job_id, lease)
            except Exception:
                log.exception("could not renew the lease of job %s", job_id)

    thread = threading.Thread(target=renew, name=f"lease-{job_id[:8]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
