"""Reading interviews for recruiters: access by organisation, reports with overrides and sign-off."""

from __future__ import annotations

from panelist.errors import NotFoundError
from panelist.interview.state import InterviewState
from panelist.observability import bind_interview
from panelist.reports import Report, build_report
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
