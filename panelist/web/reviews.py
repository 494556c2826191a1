"""Reading interviews for recruiters: access by organisation, reports with overrides and sign-off."""

from __future__ import annotations

from typing import Literal

from starlette.responses import Response

from panelist.errors import NotFoundError
from panelist.interview.state import InterviewState
from panelist.observability import bind_interview
from panelist.reports import Report, build_report, render
from panelist.reports.reviews import overrides_from, sign_off_from
from panelist.storage import User
from panelist.web.context import WebContext
from panelist.web.deps import organisation_scope


def interview_for(context: WebContext, user: User, interview_id: str) -> InterviewState:
    """The interview if ``user``'s organisation owns it; otherwise NotFoundError (never 403)."""
    scope = organisation_scope(user)
    owner = context.database.interviews.organisation_of(interview_id)
    if scope is not None and owner != scope:
        raise NotFoundError(f"There is no interview {interview_id!r}.")
    bind_interview(interview_id)
    return context.database.interviews.get(interview_id)


def report_for(context: WebContext, state: InterviewState) -> Report:
    """The report with every stored override applied and the sign-off in force."""
    reviews = context.database.reviews
    return build_report(
        state,
        context.catalog,
        overrides=overrides_from(reviews.overrides(state.id)),
        sign_off=sign_off_from(reviews.latest_sign_off(state.id)),
    )


ReportFormat = Literal["json", "md", "html", "txt", "pdf"]
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
}


def report_response(context: WebContext, state: InterviewState, fmt: ReportFormat) -> Response:
    """The rendered report; every format but HTML downloads as ``report-ID.FMT``."""
    headers = {"Cache-Control": "no-store"}
    if fmt != "html":
        headers["Content-Disposition"] = f'attachment; filename="report-{state.id}.{fmt}"'
    body = render(report_for(context, state), fmt)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)
