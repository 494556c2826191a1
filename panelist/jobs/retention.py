"""The daily retention job: interviews past their organisation's retention are anonymised.

Every worker's sweep submits today's job (:func:`daily_key`); the jobs table's unique key
makes it run once a day however many workers there are, and a worker killed mid-run leaves
it to the next sweep (``run_retention`` is idempotent: an anonymised interview is not due
again).
"""

from __future__ import annotations

import logging
from datetime import datetime

from panelist.compliance.retention import run_retention
from panelist.jobs.store import Job
from panelist.storage import Database

log = logging.getLogger(__name__)

KIND = "run_retention"
ACTOR = "retention"


def daily_key(now: datetime) -> str:
    """The job key of ``now``'s day (UTC): one retention run a day."""
    return f"retention:{now.date().isoformat()}"


class RunRetention:
    """Handler of ``run_retention`` jobs."""

    kind = KIND

    def __init__(self, database: Database) -> None:
        self.database = database

    def run(self, job: Job) -> None:
        done = run_retention(self.database, actor=ACTOR)
        log.info("retention anonymised %d interview(s)", len(done.anonymised))

    def give_up(self, job: Job, error: str) -> None:
        log.error("the retention run of %s failed: %s", job.key, error)
