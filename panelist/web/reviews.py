"""Reading interviews for recruiters: access by organisation, reports with overrides and sign-off."""

from __future__ import annotations

from panelist.errors import NotFoundError
from panelist.interview.state import InterviewState
from panelist.reports import Override, Report, SignOff, build_report
from panelist.storage import User
from panelist.web.context import WebContext
from panelist.web.deps import organisation_scope


def interview_for(context: WebContext, user: User, interview_id: str) -> InterviewState:
    """The interview if ``user``'s organisation owns it; otherwise NotFoundError (never 403)."""
    scope = organisation_scope(user)
    owner = context.database.interviews.organisation_of(interview_id)
    if scope is not None and owner != scope:
        raise NotFoundError(f"There is no interview {interview_id!r}.")
    return context.database.interviews.get(interview_id)


def report_for(context: WebContext, state: InterviewState) -> Report:
    """The report with every stored override applied and the sign-off in force."""
    reviews = context.database.reviews
    overrides = [
        Override(
            question_id=o.question_id,
            new_score=o.new_score,
            reason=o.reason,
            by=o.user_email,
            at=o.at,
        )
        for o in reviews.overrides(state.id)
    ]
    latest = reviews.latest_sign_off(state.id)
    sign_off = (
        SignOff(
            decision=latest.decision,
            by=latest.user_email or "unknown",
            at=latest.at,
            note=latest.note,
        )
        if latest is not None
        else None
    )
    return build_report(state, context.catalog, overrides=overrides, sign_off=sign_off)
