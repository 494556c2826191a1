"""Report PDFs rendered by a job and cached in the database, keyed by what they show.

A download looks the PDF up by the report's fingerprint; when it is not rendered yet it
submits a ``render_report`` job (idempotent by interview and fingerprint) and waits up to
``pdf_wait_seconds`` for it, so every replica serves the same cached file.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from panelist.catalog.loader import Catalog
from panelist.config import Settings
from panelist.extras import require_pdf
from panelist.interview.state import InterviewState, utcnow
from panelist.jobs.queue import JobQueue
from panelist.jobs.store import Job
from panelist.reports import Report
from panelist.reports.render import render
from panelist.service.outcome import effective_report
from panelist.storage import Database
from panelist.storage.engine import WRITE
from panelist.storage.tables import RenderedReportRow

KIND = "render_report"
FMT = "pdf"


def fingerprint(report: Report) -> str:
    """What a cached rendering of ``report`` is keyed by: everything it shows, except the
    time it was generated (a new override, sign-off or judged score changes it)."""
    shown = report.model_dump_json(exclude={"generated_at"})
    return hashlib.sha256(shown.encode()).hexdigest()


class ReportCache:
    """The newest rendered PDF of each interview."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)

    def get(self, interview_id: str, print_: str) -> bytes | None:
        with Session(self._engine) as session:
            row = session.get(RenderedReportRow, (interview_id, FMT))
            return bytes(row.content) if row is not None and row.fingerprint == print_ else None

    def put(self, interview_id: str, print_: str, content: bytes) -> None:
        with Session(self._writer) as session, session.begin():
            row = session.get(RenderedReportRow, (interview_id, FMT), with_for_update=True)
            if row is None:
                session.add(
                    RenderedReportRow(
                        interview_id=interview_id,
                        fmt=FMT,
                        fingerprint=print_,
                        content=content,
                        rendered_at=utcnow(),
                    )
                )
            else:
                row.fingerprint, row.content, row.rendered_at = print_, content, utcnow()


class PdfNotReadyError(RuntimeError):
    """The rendering job did not finish in time (or failed); says which."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def cached_pdf(
    report: Report,
    interview_id: str,
    cache: ReportCache,
    queue: JobQueue,
    *,
    wait_seconds: float,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The PDF of ``report``: from the cache, or rendered by a job that this call waits for
    (without the pdf extra, a MissingExtraError before any job is queued)."""
    require_pdf("The PDF report")
    print_ = fingerprint(report)
    content = cache.get(interview_id, print_)
    if content is not None:
        return content
    job = queue.submit(
        KIND,
        f"{KIND}:{interview_id}:{print_}",
        {"interview_id": interview_id, "fingerprint": print_},
    )
    deadline = time.monotonic() + wait_seconds
    while True:
        content = cache.get(interview_id, print_)
        if content is not None:
            return content
        current = queue.store.get(job.id)
        if current is not None and current.status == "failed":
            raise PdfNotReadyError(
                f"Rendering the PDF failed: {current.last_error}", retry_after=30
            )
        if current is not None and current.status == "done":  # the report changed meanwhile
            raise PdfNotReadyError(
                "The report changed while its PDF was rendered: download it again.",
                retry_after=1,
            )
        if time.monotonic() >= deadline:
            raise PdfNotReadyError(
                "The PDF is still being rendered: download it again in a few seconds.",
                retry_after=5,
            )
        sleep(0.05)


class RenderReport:
    """Handler of ``render_report`` jobs: render the interview's effective report now."""

    kind = KIND

    def __init__(
        self,
        settings: Settings,
        catalog_for: Callable[[InterviewState], Catalog],
        database: Database,
    ) -> None:
        self.settings = settings
        self.catalog_for = catalog_for  # the catalog each interview was planned with
        self.database = database
        self.cache = ReportCache(database.engine)

    def run(self, job: Job) -> None:
        interview_id = str(job.payload["interview_id"])
        state = self.database.interviews.get(interview_id)
        report = effective_report(
            self.database,
            self.catalog_for(state),
            state,
            interviewer_name=self.settings.interviewer_name,
        )
        content = render(report, FMT)
        assert isinstance(content, bytes)
        self.cache.put(interview_id, fingerprint(report), content)

    def give_up(self, job: Job, error: str) -> None:
        return None  # the download sees the failed job and says why
