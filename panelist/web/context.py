"""What every request handler can reach, built once by ``create_app`` (no globals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from panelist.catalog.loader import Catalog
from panelist.config import Settings
from panelist.interview.state import InterviewState
from panelist.jobs import JobQueue
from panelist.llm.cost import Ledger
from panelist.observability import Metrics
from panelist.scoring.types import Scorer
from panelist.service.catalogs import OrgCatalogs
from panelist.service.interviews import InterviewService, Phraser, SlowWork
from panelist.service.outcome import KeptReports
from panelist.storage import Database
from panelist.web.candidate_view import CandidateViews
from panelist.web.ratelimit import LoginRateLimiter
from panelist.web.security import Signer

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class WebContext:
    settings: Settings
    catalog: Catalog
    database: Database
    scorer: Scorer
    metrics: Metrics
    signer: Signer
    phraser: Phraser | None = None  # the LLM interviewer, when a model is configured
    llm_ledger: Ledger | None = None  # LLM tokens and cost per interview
    limiter: LoginRateLimiter = field(default_factory=LoginRateLimiter)
    jobs: JobQueue | None = None  # slow work (LLM judging, PDFs, webhooks); see panelist.jobs
    slow_work: SlowWork | None = None  # what answers and completions hand to ``jobs``
    stream_delay_seconds: float = 0.02  # between words of a streamed interviewer turn
    live_poll_seconds: float = 1.0  # how often a recruiter's live transcript checks for news
    # Whether a short indexed read (one row by key, a listing's page of at most its limit)
    # runs on the event loop instead of a worker thread: on SQLite (a local file, no network
    # round trip) it takes less time than the hop.
    reads_on_loop: bool = False
    # the candidate's view of recent interview versions (GET /api/v1/candidate/{token})
    candidate_views: CandidateViews = field(default_factory=CandidateViews)
    # reports built recently, per interview version and review inputs (reports, the detail)
    kept_reports: KeptReports = field(default_factory=KeptReports)

    @cached_property
    def catalogs(self) -> OrgCatalogs:
        """The catalog of each organisation: ``catalog`` with the organisation's items over it."""
        return OrgCatalogs(self.catalog, self.database.org_catalog)

    def catalog_for(self, state: InterviewState) -> Catalog:
        """The catalog ``state`` was planned with (the organisation item versions it pinned)."""
        return self.catalogs.for_interview(state)

    def service(
        self, settings: Settings | None = None, *, organisation_id: str | None = None
    ) -> InterviewService:
        """An InterviewService on this app's database (``settings`` to vary e.g. the duration);
        new interviews are planned from ``organisation_id``'s catalog."""
        return InterviewService(
            settings or self.settings,
            self.catalogs.current(organisation_id),
            self.database.interviews,
            self.scorer,
            phraser=self.phraser,
            llm_ledger=self.llm_ledger,
            catalog_for=self.catalogs.for_interview,
            slow_work=self.slow_work,
        )

    async def quick_read(self, read: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """``read(*args)``: a short indexed read (one row by key, a page of a listing), on the
        loop when ``reads_on_loop``, else on a worker thread."""
        if self.reads_on_loop:
            return read(*args, **kwargs)
        return await run_in_threadpool(read, *args, **kwargs)

    def public_base(self, fallback: str) -> str:
        """The URL candidates reach the app at: Settings.public_url, else the request's base."""
        return (self.settings.public_url or fallback).rstrip("/")
