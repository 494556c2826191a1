"""Workers: huey consumers that run jobs, plus the sweep that re-sends lost jobs.

``panelist worker`` runs :meth:`Worker.run` in its own process (at scale, beside web replicas
started with ``PANELIST_QUEUE_WORKERS=0``); ``panelist serve`` and ``panelist demo`` start a
:class:`Worker` in-process with ``PANELIST_QUEUE_WORKERS`` threads (the embedded default).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from huey.consumer import Consumer

from panelist.catalog.loader import Catalog
from panelist.config import Settings
from panelist.interview.state import utcnow
from panelist.jobs.judging import JudgeAnswer, RescoreSemantic
from panelist.jobs.queue import JobQueue
from panelist.jobs.rendering import RenderReport
from panelist.jobs.retention import KIND as RETENTION
from panelist.jobs.retention import RunRetention, daily_key
from panelist.jobs.runner import Handler, JobRunner
from panelist.jobs.store import JobStore
from panelist.jobs.webhooks import NotifyWebhook
from panelist.llm.guard import CallObserver
from panelist.observability.metrics import Metrics
from panelist.service.catalogs import OrgCatalogs
from panelist.storage import Database

log = logging.getLogger(__name__)


def default_handlers(
    settings: Settings,
    catalog: Catalog,
    database: Database,
    *,
    observer: CallObserver | None = None,
) -> dict[str, Handler]:
    catalog_for = OrgCatalogs(catalog, database.org_catalog).for_interview  # pinned versions
    handlers: list[Handler] = [
        JudgeAnswer(settings, catalog_for, database, observer=observer),
        RescoreSemantic(settings, catalog_for, database),
        RenderReport(settings, catalog_for, database),
        NotifyWebhook(),
        RunRetention(database),
    ]
    return {h.kind: h for h in handlers}


class _ThreadConsumer(Consumer):  # type: ignore[misc]
    """A consumer started from a thread that is not the main one: no signal handlers."""

    def _set_signal_handlers(self) -> None:
        return None


class Worker:
    """Runs the jobs of ``queue`` with ``threads`` huey worker threads."""

    def __init__(
        self,
        settings: Settings,
        queue: JobQueue,
        handlers: dict[str, Handler],
        *,
        threads: int = 1,
        metrics: Metrics | None = None,
    ) -> None:
        self.settings = settings
        self.queue = queue
        self.store: JobStore = queue.store
        self.threads = threads
        self.kinds = frozenset(handlers)
        queue.bind(JobRunner(settings, queue.store, handlers, metrics).run)
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None
        self._consumer: Any = None

    def sweep(self) -> int:
        """Send again every job whose message was lost; how many were sent."""
        lost = self.store.overdue(self.settings.job_lease_seconds)
        for job in lost:
            log.info("re-sending job %s (%s), status %s", job.id, job.kind, job.status)
            self.queue.send(job.id)
        return len(lost)

    def schedule(self) -> None:
        """Submit the periodic jobs this worker can run that are due (today's retention run:
        its key makes it one a day across every worker)."""
        if RETENTION in self.kinds:
            self.queue.submit(RETENTION, daily_key(utcnow()), {})

    def _sweep_forever(self) -> None:
        while True:
            try:
                self.sweep()
                self.schedule()
            except Exception:
                log.exception("the job sweep failed; trying again later")
            if self._stop.wait(self.settings.job_sweep_seconds):
                return

    def _consumer_options(self) -> dict[str, Any]:
        return {
            "workers": self.threads,
            "worker_type": "thread",
            "periodic": False,
            "initial_delay": 0.05,
            "backoff": 1.5,
            "max_delay": 1.0,
            "shutdown_timeout": 10.0,  # then stop; an unfinished job is the sweep's
        }

    def _start_sweeper(self) -> None:
        self._sweeper = threading.Thread(target=self._sweep_forever, name="job-sweep", daemon=True)
        self._sweeper.start()

    def start(self) -> None:
        """Run in background threads of this process (``panelist serve``/``demo``)."""
        self._consumer = _ThreadConsumer(self.queue.huey, **self._consumer_options())
        self._consumer.start()
        self._start_sweeper()

    def stop(self) -> None:
        """Let running jobs finish, then stop (``start``'s counterpart)."""
        self._stop.set()
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
        if self._sweeper is not None:
            self._sweeper.join(timeout=5)

    def run(self) -> None:
        """Run in the foreground until SIGINT (finish running jobs) or SIGTERM (stop now)."""
        self._start_sweeper()
        try:
            Consumer(self.queue.huey, **self._consumer_options()).run()
        finally:
            self._stop.set()
