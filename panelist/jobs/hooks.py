"""What the interview service hands to the queue: LLM judging of answers, completion webhooks.

:class:`QueuedWork` implements the service's ``SlowWork`` protocol; the web app builds one
(:func:`slow_work_for`) so its candidates get the next question from the fast path.
"""

from __future__ import annotations

from typing import Any

from panelist.config import Settings
from panelist.interview.state import InterviewState
from panelist.jobs.judging import KIND as JUDGE
from panelist.jobs.judging import judge_key
from panelist.jobs.queue import JobQueue
from panelist.jobs.webhooks import notify_completed


class QueuedWork:
    def __init__(
        self, queue: JobQueue, *, judge_id: str | None, webhook_url: str | None = None
    ) -> None:
        self.queue = queue
        self.judge_id = judge_id  # None: answers keep the fast score (no LLM judge configured)
        self.webhook_url = webhook_url

    def answer_scored(self, state: InterviewState, turn_id: str) -> dict[str, Any] | None:
        if self.judge_id is None:
            return None
        payload = {"interview_id": state.id, "turn_id": turn_id}
        self.queue.submit(JUDGE, judge_key(state.id, turn_id), payload)
        return {"status": "queued", "by": self.judge_id}

    def interview_completed(self, state: InterviewState) -> None:
        if self.webhook_url:
            notify_completed(self.queue, self.webhook_url, state)


def slow_work_for(settings: Settings, queue: JobQueue) -> QueuedWork | None:
    """LLM judging when ``PANELIST_SCORER=llm`` and webhooks when a URL is set; else None."""
    judge_id = None
    if settings.scorer == "llm":
        judge_id = f"llm:{settings.llm_backend}:{settings.llm_model}"
    if judge_id is None and not settings.webhook_url:
        return None
    return QueuedWork(queue, judge_id=judge_id, webhook_url=settings.webhook_url)
