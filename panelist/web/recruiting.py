"""What recruiters do to interviews: create one with an invite, re-issue the invite, close it,
override a score, add a reviewer's scorecard, sign off and reopen.

Shared by the JSON API and the pages so both behave the same; every change is audit-logged.
A sign-off locks the interview: overrides, closes and a second sign-off answer 409 until a
hiring manager reopens it with a reason. After every change the interview's effective
outcome is stored again (:func:`panelist.web.reviews.refresh_outcome`), so lists agree.
"""

from __future__ import annotations

from datetime import timedelta

from panelist.errors import InterviewError
from panelist.interview.state import InterviewState, Status
from panelist.reports import DECISION_LABELS
from panelist.storage import Invite, ReviewerScorecard, ScoreOverride, SignOff, User
from panelist.storage.reviews import CLOSE_ACTION
from panelist.web.candidate_flow import audit_scores
from panelist.web.context import WebContext
from panelist.web.deps import organisation_scope
from panelist.web.problems import ApiProblem
from panelist.web.reviews import interview_for, invite_key, refresh_outcome, report_for

SIGN_OFF_ROLES = ("hiring_manager", "admin")


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
    job_description: str | None = None,
    resume: str | None = None,
) -> tuple[InterviewState, Invite]:
    """Plan and store the interview, then issue its single-use, expiring invite."""
    organisation = organisation_scope(user)
    settings = context.settings
    if duration_minutes is not None:
        settings = settings.model_copy(update={"interview_minutes": duration_minutes})
    state = context.service(settings, organisation_id=organisation).create(
        role_code,
        level or None,
        candidate_name.strip(),
        candidate_email=(candidate_email or "").strip() or None,
        organisation_id=organisation,
        job_description=job_description,
        resume=resume,
    )
    invite = context.database.invites.issue(
        state.id, ttl=timedelta(hours=context.settings.invite_ttl_hours), key=invite_key(context)
    )
    context.metrics.interview_event("invited", state.role_family, state.level)
    context.database.audit.record(
        user.email, "interview.create", state.id, {"role_code": state.role_code}
    )
    return state, invite


def reissue_invite(context: WebContext, user: User, interview_id: str) -> Invite:
    """A new invite link for an interview not finished yet; the old link stops working."""
    state = interview_for(context, user, interview_id)
    if state.finished:
        raise InterviewError(
            f"This interview has already finished ({state.status.value}): a new link would "
            "open nothing.",
            hint="Create a new interview to interview the candidate again.",
        )
    invite = context.database.invites.issue(
        interview_id,
        ttl=timedelta(hours=context.settings.invite_ttl_hours),
        key=invite_key(context),
    )
    context.database.audit.record(
        user.email, "invite.reissue", interview_id, {"expires_at": invite.expires_at.isoformat()}
    )
    return invite


def _locked(context: WebContext, interview_id: str, what: str) -> None:
    """409 when a sign-off is in force: ``what`` (overrides, closing…) must wait for a reopen."""
    signed = context.database.reviews.latest_sign_off(interview_id)
    if signed is not None:
        raise InterviewError(
            f"This interview is signed off ({DECISION_LABELS[signed.decision]}, by "
            f"{signed.user_email or 'a reviewer'} on {signed.at:%Y-%m-%d}), so {what} is locked.",
            hint="A hiring manager can reopen it with a reason if the decision must change.",
        )


def close_interview(
    context: WebContext, user: User, interview_id: str, reason: str
) -> InterviewState:
    """End an interview that has not finished (the candidate left, the role was filled…).

    Every answer given so far is kept and scored as usual; the candidate's link then shows
    that the interview has ended. Counted as abandoned when the candidate had started.
    """
    state = interview_for(context, user, interview_id)
    _locked(context, interview_id, "closing it")
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
        CLOSE_ACTION,
        interview_id,
        {"reason": reason, "status_before": state.status.value},
    )
    refresh_outcome(context, closed)  # the audit entry above gives the report its reason
    audit_scores(context, closed)
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
    _locked(context, interview_id, "changing scores")
    if not state.finished:
        raise InterviewError(
            "This interview is still running: override scores once it has finished.",
            hint="Its answers are still being scored; close it first if it must end now.",
        )
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
    refresh_outcome(context, state)
    return override


def _require_signer(user: User, what: str) -> None:
    if user.role not in SIGN_OFF_ROLES:
        raise ApiProblem(
            403,
            "Hiring manager needed",
            f"Only a hiring manager or an admin can {what}; your account is a {user.role}. "
            "Add your own reviewer scorecard instead, or ask an admin for the hiring_manager "
            "role (`panelist users create EMAIL --role hiring_manager`).",
            slug="hiring-manager-needed",
        )


def sign_off(
    context: WebContext, user: User, interview_id: str, decision: str, note: str | None
) -> SignOff:
    """The hiring decision: by a hiring manager or admin, on a finished interview, once."""
    state = interview_for(context, user, interview_id)
    _require_signer(user, "sign off the hiring decision")
    if not state.finished:
        raise InterviewError(
            "This interview is still running: sign it off once it has finished.",
        )
    signed = context.database.reviews.sign_off(
        interview_id, decision=decision, note=note, user_id=user.id, user_email=user.email
    )
    context.database.audit.record(
        user.email, "interview.sign_off", interview_id, {"decision": decision, "note": note}
    )
    refresh_outcome(context, state)
    return signed


def reopen(context: WebContext, user: User, interview_id: str, reason: str) -> SignOff:
    """Lift the sign-off so scores and the decision can change again; needs a reason."""
    state = interview_for(context, user, interview_id)
    _require_signer(user, "reopen a signed-off interview")
    reopened = context.database.reviews.reopen(interview_id, reason=reason, by=user.email)
    context.database.audit.record(
        user.email,
        "interview.reopen",
        interview_id,
        {"reason": reason, "decision_lifted": reopened.decision},
    )
    refresh_outcome(context, state)
    return reopened


def submit_scorecard(
    context: WebContext,
    user: User,
    interview_id: str,
    ratings: dict[str, int],
    comment: str,
) -> ReviewerScorecard:
    """The user's own reviewer scorecard: a 1-5 rating per competency of the interview."""
    state = interview_for(context, user, interview_id)
    if not state.finished:
        raise InterviewError("This interview is still running: review it once it has finished.")
    known = {c.id for c in report_for(context, state).competencies}
    unknown = sorted(set(ratings) - known)
    if unknown:
        raise InterviewError(
            f"This interview did not cover {', '.join(unknown)}.",
            hint=f"Rate these competencies: {', '.join(sorted(known))}.",
        )
    card = context.database.reviews.submit_scorecard(
        interview_id, user_id=user.id, ratings=ratings, comment=comment
    )
    context.database.audit.record(
        user.email, "review.scorecard", interview_id, {"ratings": ratings}
    )
    return card


def visible_scorecards(
    context: WebContext, user: User, interview_id: str
) -> tuple[ReviewerScorecard | None, list[ReviewerScorecard] | None, int]:
    """(the user's own card, the others' cards or None while still hidden, how many others).

    Blind review: a reviewer sees the others' scorecards only after submitting their own
    (or once the decision is signed), so nobody anchors on a colleague's ratings.
    """
    cards = context.database.reviews.scorecards(interview_id)
    mine = next((c for c in cards if c.user_id == user.id), None)
    others = [c for c in cards if c.user_id != user.id]
    signed = context.database.reviews.latest_sign_off(interview_id) is not None
    return mine, (others if mine is not None or signed else None), len(others)
