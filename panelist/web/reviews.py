"""Reading interviews for recruiters: access by organisation, the effective report, downloads.

The effective outcome is computed in one place, :mod:`panelist.service.outcome`;
:func:`refresh_outcome` stores it on the interview row after every change, so the
dashboard, search, compare, the API and the CLI list the same score and decision.
"""

from __future__ import annotations

from typing import Literal

from starlette.responses import Response

from panelist.errors import NotFoundError
from panelist.interview.state import InterviewState
from panelist.jobs.rendering import PdfNotReadyError, ReportCache, cached_pdf
from panelist.observability import bind_interview
from panelist.reports import Report, render
from panelist.reports.formatting import file_name
from panelist.service.outcome import effective_report, kept_report, record_outcome
from panelist.storage import User
from panelist.web.context import WebContext
from panelist.web.deps import organisation_scope
from panelist.web.problems import ApiProblem
from panelist.web.security import resolve_secret_key


def interview_for(context: WebContext, user: User, interview_id: str) -> InterviewState:
    """The interview if ``user``'s organisation owns it; otherwise NotFoundError (never 403)."""
    _check_owner(user, interview_id, context.database.interviews.organisation_of(interview_id))
    return context.database.interviews.get(interview_id)


def _check_owner(user: User, interview_id: str, owner: str | None) -> None:
    scope = organisation_scope(user)
    if scope is not None and owner != scope:
        raise NotFoundError(f"There is no interview {interview_id!r}.")
    bind_interview(interview_id)


def recruiters_report(context: WebContext, user: User, interview_id: str) -> Report:
    """The effective report of an interview ``user``'s organisation owns (NotFoundError
    otherwise). One indexed read (the owner, the row's version and the review marks) finds a
    kept report built from the same interview and reviews; only without one is the
    interview read and the report built."""
    stamp = context.database.reviews.stamp(interview_id)
    _check_owner(user, interview_id, stamp.organisation_id)
    name = context.settings.interviewer_name
    report = kept_report(context.kept_reports, interview_id, stamp, interviewer_name=name)
    return report or report_for(context, context.database.interviews.get(interview_id))


def report_for(context: WebContext, state: InterviewState) -> Report:
    """The effective report (see panelist.service.outcome)."""
    return effective_report(
        context.database,
        context.catalog_for(state),
        state,
        interviewer_name=context.settings.interviewer_name,
        kept=context.kept_reports,
    )


def refresh_outcome(context: WebContext, state: InterviewState) -> Report:
    """Store the effective score and recommendation on the interview row (the lists' source)."""
    return record_outcome(
        context.database,
        context.catalog_for(state),
        state.id,
        interviewer_name=context.settings.interviewer_name,
    )


def invite_key(context: WebContext) -> bytes:
    """The key invite tokens are derived with (the app's secret key)."""
    return resolve_secret_key(context.settings)


ReportFormat = Literal["json", "md", "html", "txt", "pdf"]
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
}


def report_response(
    context: WebContext, interview_id: str, report: Report, fmt: ReportFormat
) -> Response:
    """The rendered report; every format but HTML downloads as
    ``panelist-<candidate>-<role>-<date>.<fmt>``."""
    headers = {"Cache-Control": "no-store"}
    if fmt != "html":
        headers["Content-Disposition"] = f'attachment; filename="{file_name(report, fmt)}"'
    if fmt == "pdf" and context.jobs is not None:  # rendered by a job, cached by content
        try:
            content = cached_pdf(
                report,
                interview_id,
                ReportCache(context.database.engine),
                context.jobs,
                wait_seconds=context.settings.pdf_wait_seconds,
            )
        except PdfNotReadyError as exc:
            raise ApiProblem(
                503,
                "PDF not ready",
                str(exc),
                headers={"Retry-After": str(exc.retry_after)},
            ) from exc
        return Response(content, media_type=MEDIA_TYPES[fmt], headers=headers)
    return Response(render(report, fmt), media_type=MEDIA_TYPES[fmt], headers=headers)
