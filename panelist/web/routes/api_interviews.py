"""Recruiters' interview API: create with an invite, re-issue it, list, read, close, report,
override, reviewers' scorecards, sign off and reopen.

A sign-off locks the interview: overrides, closes and another sign-off answer 409 until a
hiring manager reopens it with a reason. Lists show the effective score and the sign-off."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import TypeAdapter

from panelist.interview.state import InterviewState, Status, Turn
from panelist.reports import Report
from panelist.storage import InterviewSummary, ReviewerScorecard, ScoreOverride, SignOff
from panelist.storage.listing import COUNT_CAP, SUMMARIES_KEPT, InterviewFilter
from panelist.web.candidate_view import message
from panelist.web.deps import ApiUser, Ctx, organisation_scope
from panelist.web.recruiting import (
    close_interview,
    create_interview,
    invite_url,
    override_score,
    reissue_invite,
    reopen,
    sign_off,
    submit_scorecard,
    visible_scorecards,
)
from panelist.web.reviews import (
    MEDIA_TYPES,
    ReportFormat,
    interview_for,
    recruiters_report,
    report_for,
    report_response,
)
from panelist.web.schemas import (
    CloseCreate,
    InterviewCreate,
    InterviewCreated,
    InterviewDetail,
    InterviewSummaryPublic,
    InvitePublic,
    OverrideCreate,
    OverridePublic,
    ReopenCreate,
    ReviewsPublic,
    ScorecardCreate,
    ScorecardPublic,
    SignOffCreate,
    SignOffPublic,
    TurnPublic,
)

router = APIRouter(prefix="/api/v1/interviews", tags=["interviews"])
SUMMARY = TypeAdapter(InterviewSummaryPublic)


def summary_public(row: InterviewSummary) -> InterviewSummaryPublic:
    return InterviewSummaryPublic.model_validate(row.model_dump(), from_attributes=False)


@lru_cache(maxsize=SUMMARIES_KEPT)
def summary_json(row: InterviewSummary) -> bytes:
    """The JSON of one listed row. Kept per summary (frozen, so equal rows share it): a page
    read again serialises nothing anew."""
    return SUMMARY.dump_json(summary_public(row))


def summaries_json(rows: list[InterviewSummary]) -> bytes:
    """A page's JSON array: what ``TypeAdapter(list[InterviewSummaryPublic]).dump_json`` gives."""
    return b"[" + b",".join(summary_json(row) for row in rows) + b"]"


def override_public(o: ScoreOverride) -> OverridePublic:
    return OverridePublic(
        id=o.id,
        question_id=o.question_id,
        old_score=o.old_score,
        new_score=o.new_score,
        reason=o.reason,
        by=o.user_email,
        at=o.at,
    )


def sign_off_public(s: SignOff) -> SignOffPublic:
    return SignOffPublic(
        id=s.id,
        decision=s.decision,
        note=s.note,
        by=s.user_email,
        at=s.at,
        reopened_at=s.reopened_at,
        reopened_by=s.reopened_by,
        reopen_reason=s.reopen_reason,
    )


def scorecard_public(card: ReviewerScorecard) -> ScorecardPublic:
    return ScorecardPublic(
        reviewer=card.user_email,
        ratings=card.ratings,
        comment=card.comment,
        submitted_at=card.submitted_at,
    )


def turn_public(turn: Turn) -> TurnPublic:
    score = turn.score_obj()
    return TurnPublic(
        **message(turn).model_dump(),
        question_id=turn.question_id,
        score=score.value if score else None,
        relevance=score.relevance if score else None,
    )


def detail_public(state: InterviewState, report: Report | None) -> InterviewDetail:
    return InterviewDetail(
        id=state.id,
        candidate_name=state.candidate_name,
        role_code=state.role_code,
        level=state.level,
        status=state.status.value,
        stage=state.stage.value,
        started_at=state.started_at,
        finished_at=state.finished_at,
        overall_score=report.overall_score if report else None,
        recommendation=report.recommendation if report else None,
        signed_off=report.sign_off.decision if report else None,
        turns=[turn_public(t) for t in state.turns],
    )


@router.post("", status_code=201, summary="Create an interview and its single-use invite")
def create(
    body: InterviewCreate, request: Request, context: Ctx, user: ApiUser
) -> InterviewCreated:
    state, invite = create_interview(
        context,
        user,
        role_code=body.role_code,
        level=body.level,
        candidate_name=body.candidate_name,
        candidate_email=body.candidate_email,
        duration_minutes=body.duration_minutes,
        job_description=body.job_description,
        resume=body.resume,
    )
    base = context.public_base(str(request.base_url))
    return InterviewCreated(
        id=state.id,
        role_code=state.role_code,
        level=state.level,
        invite_url=invite_url(base, invite.token),
        invite_token=invite.token,
        invite_expires_at=invite.expires_at,
        plan_warnings=list(state.plan.warnings),
        uncovered_competencies=list(state.plan.uncovered),
        emphasis=list(state.plan.emphasis),
        deep_dive_opening=state.plan.resume.opening if state.plan.resume else None,
    )


PAGE_HEADERS = {
    "Link": {
        "description": 'The neighbouring pages: `<URL>; rel="next"` (older) and '
        '`<URL>; rel="prev"` (newer), each with its `cursor`.',
        "schema": {"type": "string"},
    },
    "X-Total-Count": {
        "description": f"How many interviews match, when there are at most {COUNT_CAP}; "
        "not sent for a search or role filter with more than one page (not counted).",
        "schema": {"type": "integer"},
    },
    "X-Total-Lower-Bound": {
        "description": f"Sent instead of X-Total-Count when more than {COUNT_CAP} match.",
        "schema": {"type": "integer"},
    },
}


@router.get(
    "",
    summary="Interviews of your organisation, newest first, a page at a time",
    responses={200: {"headers": PAGE_HEADERS}},
    response_model=list[InterviewSummaryPublic],
)
async def list_interviews(
    request: Request,
    context: Ctx,
    user: ApiUser,
    status: Status | None = None,
    role_code: str | None = None,
    search: str | None = Query(default=None, max_length=200),
    limit: int = Query(default=100, ge=1, le=500),
    cursor: str | None = Query(
        default=None, max_length=400, description="From a Link header of an earlier page."
    ),
) -> Response:
    """Serialised here, once: the summaries are built from stored rows by this module, so
    FastAPI's second validation of each one (of up to 500) would check nothing new. The page
    is read with ``quick_read`` (on the loop on SQLite: an index walk of at most ``limit``
    rows costs less than the hop to a thread, and 32 open requests in 32 threads fought
    over the GIL)."""
    which = InterviewFilter(status, role_code, search or None, organisation_scope(user))
    interviews = context.database.interviews
    page = await context.quick_read(interviews.page, which, cursor=cursor, limit=limit)
    headers: dict[str, str] = {}
    links = [
        f'<{request.url.include_query_params(cursor=value)}>; rel="{rel}"'
        for rel, value in (("next", page.next_cursor), ("prev", page.previous_cursor))
        if value
    ]
    if links:
        headers["Link"] = ", ".join(links)
    if page.total is not None:
        total_header = "X-Total-Count" if page.total_exact else "X-Total-Lower-Bound"
        headers[total_header] = str(page.total)
    return Response(summaries_json(page.rows), media_type="application/json", headers=headers)


@router.get("/{interview_id}", summary="One interview with its transcript and scores")
def get_interview(interview_id: str, context: Ctx, user: ApiUser) -> InterviewDetail:
    state = interview_for(context, user, interview_id)
    return detail_public(state, report_for(context, state) if state.finished else None)


@router.post("/{interview_id}/close", summary="End an interview that has not finished")
def close(interview_id: str, body: CloseCreate, context: Ctx, user: ApiUser) -> InterviewDetail:
    state = close_interview(context, user, interview_id, body.reason)
    return detail_public(state, report_for(context, state))


@router.get(
    "/{interview_id}/report",
    summary="The evaluation and HR report",
    responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()}}},
)
def report(
    interview_id: str,
    context: Ctx,
    user: ApiUser,
    format: ReportFormat = "json",
) -> Response:
    report = recruiters_report(context, user, interview_id)
    return report_response(context, interview_id, report, format)


@router.get("/{interview_id}/overrides", summary="Score overrides, oldest first")
def list_overrides(interview_id: str, context: Ctx, user: ApiUser) -> list[OverridePublic]:
    interview_for(context, user, interview_id)
    return [override_public(o) for o in context.database.reviews.overrides(interview_id)]


@router.post("/{interview_id}/overrides", status_code=201, summary="Override a question's score")
def add_override(
    interview_id: str, body: OverrideCreate, context: Ctx, user: ApiUser
) -> OverridePublic:
    return override_public(
        override_score(context, user, interview_id, body.question_id, body.new_score, body.reason)
    )


@router.post("/{interview_id}/sign-off", status_code=201, summary="Sign the interview off")
def add_sign_off(
    interview_id: str, body: SignOffCreate, context: Ctx, user: ApiUser
) -> SignOffPublic:
    return sign_off_public(sign_off(context, user, interview_id, body.decision, body.note))


@router.post(
    "/{interview_id}/reopen",
    summary="Lift the sign-off (hiring manager or admin; a reason is required and audited)",
)
def reopen_interview(
    interview_id: str, body: ReopenCreate, context: Ctx, user: ApiUser
) -> SignOffPublic:
    return sign_off_public(reopen(context, user, interview_id, body.reason))


@router.get("/{interview_id}/reviews", summary="Reviewers' scorecards (blind until you submit)")
def list_reviews(interview_id: str, context: Ctx, user: ApiUser) -> ReviewsPublic:
    mine, others, count = visible_scorecards(context, user, interview_id)
    return ReviewsPublic(
        mine=scorecard_public(mine) if mine else None,
        others=[scorecard_public(c) for c in others] if others is not None else None,
        others_submitted=count,
    )


@router.post("/{interview_id}/reviews", status_code=201, summary="Submit your own scorecard")
def add_review(
    interview_id: str, body: ScorecardCreate, context: Ctx, user: ApiUser
) -> ScorecardPublic:
    card = submit_scorecard(context, user, interview_id, body.ratings, body.comment)
    return scorecard_public(card)


@router.post(
    "/{interview_id}/invite",
    status_code=201,
    summary="Re-issue the invite link (the old link stops working; audited)",
)
def new_invite(interview_id: str, request: Request, context: Ctx, user: ApiUser) -> InvitePublic:
    invite = reissue_invite(context, user, interview_id)
    base = context.public_base(str(request.base_url))
    return InvitePublic(
        invite_url=invite_url(base, invite.token), invite_expires_at=invite.expires_at
    )
