"""What recruiters do to interviews: create one with an invite, close it, override a score,
sign off.

Shared by the JSON API and the pages so both behave the same; every change is audit-logged.
"""

from __future__ import annotations

from datetime import timedelta

from panelist.errors import InterviewError
from panelist.interview.state import InterviewState, Status
from panelist.storage import Invite, ScoreOverride, SignOff, User
from panelist.web.context import WebContext
from panelist.web.deps import organisation_scope
from panelist.web.reviews import interview_for, report_for


def invite_url(base: str, token: str) -> str:
    return f"{base}/i/{token}"


def create_interview(
    context: WebContext,
    user: User,
    *,
    role_code: str,
    level: str | None,
    candidate_name: str,
    candidate_email: str | None,
    duration_minutes: int | None,
) -> tuple[InterviewState, Invite]:
    """Plan and store the interview, then issue its single-use, expiring invite."""
    organisation = organisation_scope(user)
    settings = context.settings
    if duration_minutes is not None:
        settings = settings.model_copy(update={"interview_minutes": duration_minutes})
    state = context.service(settings).create(
        role_code,
        level or None,
        candidate_name.strip(),
        candidate_email=(candidate_email or "").strip() or None,
        organisation_id=organisation,
    )
    invite = context.database.invites.issue(
        state.id, ttl=timedelta(hours=context.settings.invite_ttl_hours)
    )
    context.metrics.interview_event("invited", state.role_family, state.level)
    context.database.audit.record(
        user.email, "interview.create", state.id, {"role_code": state.role_code}
    )
    return state, invite


def close_interview(
    context: WebContext, user: User, interview_id: str, reason: str
) -> InterviewState:
    """End an interview that has not finished (the candidate left, the role was filled…).

    Every answer given so far is kept and scored as usual; the candidate's link then shows
    that the interview has ended. Counted as abandoned when the candidate had started.
    """
    state = interview_for(context, user, interview_id)
    if state.finished:
        raise InterviewError(
            f"This interview has already finished ({state.status.value}).",
            hint="Only an interview that is invited or in progress can be closed.",
        )
    closed = context.service().abandon(interview_id)
    if state.status is Status.IN_PROGRESS:
        context.metrics.interview_event("abandoned", state.role_family, state.level)
    context.database.audit.record(
        user.email,
        "interview.close",
        interview_id,
        {"reason": reason, "status_before": state.status.value},
    )
    return closed


def override_score(
    context: WebContext,
    user: User,
    interview_id: str,
    question_id: str,
    new_score: float,
    reason: str,
) -> ScoreOverride:
    """Replace one question's score with a written reason (kept with the old score)."""
    state = interview_for(context, user, interview_id)
    report = report_for(context, state)
    entry = next((q for q in report.questions if q.question_id == question_id), None)
    if entry is None or not entry.scored_kind:
        raise InterviewError(
            f"Question {question_id!r} was not asked as a scored question in this interview.",
            hint="Pick one of the scored questions listed in the report.",
        )
    override = context.database.reviews.add_override(
        interview_id,
        question_id=question_id,
        old_score=entry.score,
        new_score=new_score,
        reason=reason,
        user_id=user.id,
    )
    context.database.audit.record(
        user.email,
        "score.override",
        interview_id,
        {"question_id": question_id, "old": entry.score, "new": new_score, "reason": reason},
    )
    return override


def sign_off(
    context: WebContext, user: User, interview_id: str, decision: str, note: str | None
) -> SignOff:
    """Record a person's decision; only a finished interview can be signed off."""
    state = interview_for(context, user, interview_id)
    if not state.finished:
        raise InterviewError(
            "This interview is still running: sign it off once it has finished.",
        )
    signed = context.database.reviews.sign_off(
        interview_id, decision=decision, note=note, user_id=user.id
    )
    context.database.audit.record(
        user.email, "interview.sign_off", interview_id, {"decision": decision, "note": note}
    )
    return signed
