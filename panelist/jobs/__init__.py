"""Slow work off the request path, on a real job queue (huey on SQLite or Redis).

The jobs table is the source of truth (:mod:`panelist.jobs.store`); huey carries job ids
(:mod:`panelist.jobs.queue`); a worker runs them (:mod:`panelist.jobs.worker`). Kinds: LLM
judging (:mod:`panelist.jobs.judging`), report PDFs (:mod:`panelist.jobs.rendering`) and
webhooks (:mod:`panelist.jobs.webhooks`). See docs/operations.md, "Job queue".
"""

from __future__ import annotations

from panelist.jobs.queue import JobQueue, build_huey
from panelist.jobs.runner import Handler, JobRunner
from panelist.jobs.store import Job, JobStore, KindStats
from panelist.jobs.worker import Worker, default_handlers

__all__ = [
    "Handler",
    "Job",
    "JobQueue",
    "JobRunner",
    "JobStore",
    "KindStats",
    "Worker",
    "build_huey",
    "default_handlers",
]
