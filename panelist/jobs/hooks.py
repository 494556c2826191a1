"""What the interview service hands to the queue: the final score of answers (the LLM judge,
or semantic re-scoring), completion webhooks.

:class:`QueuedWork` implements the service's ``SlowWork`` protocol; the web app builds one
(:func:`slow_work_for`) so its candidates get the next question from the fast path.
"""

from __future__ import annotations

import uuid

from panelist.config import Settings
from panelist.interview.state import InterviewState, JudgeStatus
from panelist.jobs.judging import KIND as JUDGE
from panelist.jobs.judging import SEMANTIC_KIND, judge_key
from panelist.jobs.queue import JobQueue
from panelist.jobs.webhooks import notify_completed
from panelist.storage.repository import NewJob


class QueuedWork:
    def __init__(
        self,
        queue: JobQueue,
        *,
        final: tuple[str, str] | None,
        webhook_url: str | None = None,
        semantic_relevance: bool = False,
    ) -> None:
        self.queue = queue
        self.final = final  # (job kind, scorer): None keeps the fast score as the final one
        self.webhook_url = webhook_url
        # the semantic model measures unscored answers' relevance (intro) on the queue
        self.semantic_relevance = semantic_relevance

    def answer_scored(
        self, state: InterviewState, turn_id: str
    ) -> tuple[JudgeStatus, NewJob] | None:
        """The final-score job of a fast-scored answer, stored by the service's next save."""
        if self.final is None:
            return None
        kind, by = self.final
        return JudgeStatus(status="queued", kind=kind, by=by), self._job(kind, state.id, turn_id)

    def relevance_queued(
        self, state: InterviewState, turn_id: str
    ) -> tuple[JudgeStatus, NewJob] | None:
        """The semantic relevance job of an unscored answer (the intro), stored with it."""
        if not self.semantic_relevance:
            return None
        marker = JudgeStatus(status="queued", kind=SEMANTIC_KIND, by="embedded+semantic")
        return marker, self._job(SEMANTIC_KIND, state.id, turn_id)

    def send(self, job: NewJob) -> None:
        self.queue.send(job.id)

    @staticmethod
    def _job(kind: str, interview_id: str, turn_id: str) -> NewJob:
        payload = {"interview_id": interview_id, "turn_id": turn_id}
        return NewJob(uuid.uuid4().hex, kind, judge_key(interview_id, turn_id, kind), payload)

    def interview_completed(self, state: InterviewState) -> None:
        if self.webhook_url:
            notify_completed(self.queue, self.webhook_url, state)


def final_scorer(settings: Settings) -> tuple[str, str] | None:
    """Which job gives answers their final score: the LLM judge with ``PANELIST_SCORER=llm``,
    else semantic re-scoring unless ``PANELIST_SEMANTIC=off`` (then the fast score is final)."""
    if settings.scorer == "llm":
        return JUDGE, f"llm:{settings.llm_backend}:{settings.llm_model}"
    if settings.semantic != "off":
        return SEMANTIC_KIND, "embedded+semantic"
    return None


def fast_settings(settings: Settings) -> Settings:
    """The settings of the request path's scorer: the embedded one on words only."""
    return settings.model_copy(update={"semantic": "off", "scorer": "embedded"})


def slow_work_for(settings: Settings, queue: JobQueue) -> QueuedWork | None:
    """The final-score job, the semantic relevance of unscored answers, and webhooks when a URL
    is set; None when none applies (``PANELIST_SEMANTIC=off``, no LLM judge, no webhook)."""
    final = final_scorer(settings)
    semantic = settings.semantic != "off"
    if final is None and not semantic and not settings.webhook_url:
        return None
    return QueuedWork(
        queue, final=final, webhook_url=settings.webhook_url, semantic_relevance=semantic
    )
