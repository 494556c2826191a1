"""Webhooks (and, later, e-mail) as jobs: an event POSTed as JSON, retried until accepted.

On completion of an interview, with ``PANELIST_WEBHOOK_URL`` set, a ``webhook`` job POSTs
``{"event": "interview.completed", "interview_id": ..., ...}``. A reply other than 2xx, or no
reply, is retried with backoff; the job key makes each event go out once per interview.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from panelist.interview.state import InterviewState
from panelist.jobs.queue import JobQueue
from panelist.jobs.store import Job

log = logging.getLogger(__name__)
KIND = "webhook"
TIMEOUT_SECONDS = 10.0


def completed_event(state: InterviewState) -> dict[str, Any]:
    """What a recruiter's system learns: ids, role and status, never scores or answers."""
    return {
        "event": "interview.completed",
        "interview_id": state.id,
        "role_code": state.role_code,
        "level": state.level,
        "status": state.status.value,
    }


def notify_completed(queue: JobQueue, url: str, state: InterviewState) -> Job:
    return queue.submit(
        KIND, f"{KIND}:interview.completed:{state.id}", {"url": url, "body": completed_event(state)}
    )


class NotifyWebhook:
    """Handler of ``webhook`` jobs."""

    kind = KIND

    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self._transport = transport

    def run(self, job: Job) -> None:
        with httpx.Client(timeout=TIMEOUT_SECONDS, transport=self._transport) as client:
            response = client.post(
                str(job.payload["url"]),
                json=job.payload["body"],
                headers={"Idempotency-Key": job.id, "User-Agent": "panelist-webhook"},
            )
            response.raise_for_status()

    def give_up(self, job: Job, error: str) -> None:
        log.error("webhook to %s given up: %s", job.payload.get("url"), error)
