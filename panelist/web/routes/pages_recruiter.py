"""Recruiter pages: dashboard, roles, new interview, interview detail, compare."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from panelist.interview.state import Status
from panelist.reports import Report
from panelist.reports.models import CompetencyCoverage
from panelist.reports.render import render_fragment
from panelist.storage import DECISIONS
from panelist.storage.listing import InterviewFilter
from panelist.web.deps import CsrfChecked, Ctx, PageUser, organisation_scope
from panelist.web.events import event_stream
from panelist.web.live import transcript_events
from panelist.web.plan_view import planned_questions
from panelist.web.problems import ApiProblem
from panelist.web.recruiting import (
    SIGN_OFF_ROLES,
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
    ReportFormat,
    interview_for,
    invite_key,
    recruiters_report,
    report_for,
    report_response,
)
from panelist.web.rights import reviewer_rights
from panelist.web.routes.api_roles import role_families
from panelist.web.templating import page

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> Response:
    target = "/dashboard" if request.session.get("uid") else "/login"
    return RedirectResponse(target, status_code=303)


DASHBOARD_PAGE = 50


@router.get("/dashboard")
def dashboard(
    request: Request,
    context: Ctx,
    user: PageUser,
    status: Annotated[str | None, Query()] = None,
    role: Annotated[str | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> Response:
    chosen = Status(status) if status in {s.value for s in Status} else None
    which = InterviewFilter(
        chosen, role or None, (q or "").strip() or None, organisation_scope(user)
    )
    listing = context.database.interviews.page(which, cursor=cursor, limit=DASHBOARD_PAGE)
    filters = {"status": status or "", "role": role or "", "q": q or ""}
    return page(
        request,
        context,
        "dashboard.html",
        user=user,
        rows=listing.rows,
        listing=listing,
        pages={
            rel: f"/dashboard?{urlencode({**filters, 'cursor': value})}"
            for rel, value in (("next", listing.next_cursor), ("prev", listing.previous_cursor))
            if value
        },
        statuses=[s.value for s in Status],
        roles=sorted(context.catalogs.current(user.organisation_id).roles),
        filters=filters,
    )


@router.get("/roles")
def roles(request: Request, context: Ctx, user: PageUser) -> Response:
    catalog = context.catalogs.current(user.organisation_id)
    return page(request, context, "roles.html", user=user, families=role_families(catalog))


@router.get("/interviews/new")
def new_interview(
    request: Request, context: Ctx, user: PageUser, role: str | None = None
) -> Response:
    return page(
        request,
        context,
        "new_interview.html",
        user=user,
        families=role_families(context.catalogs.current(user.organisation_id)),
        chosen=role or "SRES.GEN.P5",
        minutes=context.settings.interview_minutes,
    )


@router.post("/interviews")
def create(
    request: Request,
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    role_code: Annotated[str, Form()],
    candidate_name: Annotated[str, Form(min_length=1, max_length=200)],
    candidate_email: Annotated[str | None, Form(max_length=320)] = None,
    duration_minutes: Annotated[int | None, Form(ge=5, le=240)] = None,
    job_description: Annotated[str | None, Form(max_length=50_000)] = None,
    resume: Annotated[str | None, Form(max_length=20_000)] = None,
) -> Response:
    state, invite = create_interview(
        context,
        user,
        role_code=role_code,
        level=None,
        candidate_name=candidate_name,
        candidate_email=candidate_email,
        duration_minutes=duration_minutes,
        job_description=job_description,
        resume=resume,
    )
    link = invite_url(context.public_base(str(request.base_url)), invite.token)
    return page(
        request,
        context,
        "invite_created.html",
        email=(candidate_email or "").strip() or None,
        user=user,
        state=state,
        planned=planned_questions(context.catalog_for(state), state.plan),
        link=link,
        expires_at=invite.expires_at,
    )


@router.get("/interviews/{interview_id}")
def detail(request: Request, context: Ctx, user: PageUser, interview_id: str) -> Response:
    state = interview_for(context, user, interview_id)
    report = report_for(context, state)
    mine, others, others_count = visible_scorecards(context, user, interview_id)
    invite = (
        None
        if state.finished
        else context.database.invites.current(interview_id, key=invite_key(context))
    )
    base = context.public_base(str(request.base_url))
    return page(
        request,
        context,
        "interview.html",
        user=user,
        state=state,
        planned=planned_questions(context.catalog_for(state), state.plan),
        report=report,
        scorecard=Markup(render_fragment(report)) if state.finished else None,
        finished=state.finished,
        locked=report.sign_off.status == "signed",
        can_sign=user.role in SIGN_OFF_ROLES,
        decisions=DECISIONS,
        scored=[q for q in report.questions if q.scored_kind and q.question_id],
        mine=mine,
        others=others,
        others_count=others_count,
        invite=invite,
        link=invite_url(base, invite.token) if invite else None,
        competency_names={c.id: c.name for c in report.competencies},
        rights=reviewer_rights(context, state),
    )


@router.get("/interviews/{interview_id}/transcript")
def transcript(request: Request, context: Ctx, user: PageUser, interview_id: str) -> Response:
    """The transcript alone (the live page's fallback where server-sent events are not used)."""
    state = interview_for(context, user, interview_id)
    return page(request, context, "_transcript.html", state=state)


@router.get("/interviews/{interview_id}/report.{fmt}")
def report_file(
    context: Ctx,
    user: PageUser,
    interview_id: str,
    fmt: ReportFormat,
) -> Response:
    report = recruiters_report(context, user, interview_id)
    return report_response(context, interview_id, report, fmt)


@router.get("/interviews/{interview_id}/transcript/stream")
async def transcript_stream(
    request: Request, context: Ctx, user: PageUser, interview_id: str
) -> StreamingResponse:
    """The live transcript as server-sent events (see panelist.web.live)."""
    await run_in_threadpool(interview_for, context, user, interview_id)  # 404 before streaming
    return event_stream(transcript_events(request, context, user, interview_id))


def written_reason(reason: str) -> str:
    """A reason a person can read later: three visible characters at least, no control ones
    (the API's forms refuse the same)."""
    text = reason.strip()
    if len(text) < 3 or any(ord(c) < 32 and c not in "\n\t\r" for c in text):
        raise ApiProblem(
            422,
            "Reason needed",
            "Write the reason in a few words (at least 3 visible characters); it is kept in "
            "the audit log and shown in the report.",
            slug="reason-needed",
        )
    return text


@router.post("/interviews/{interview_id}/close")
def close(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    interview_id: str,
    reason: Annotated[str, Form(min_length=3, max_length=4000)],
) -> Response:
    close_interview(context, user, interview_id, written_reason(reason))
    return RedirectResponse(f"/interviews/{interview_id}#report", status_code=303)


@router.post("/interviews/{interview_id}/overrides")
def add_override(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    interview_id: str,
    question_id: Annotated[str, Form()],
    new_score: Annotated[float, Form(ge=1, le=5)],
    reason: Annotated[str, Form(min_length=3, max_length=4000)],
) -> Response:
    override_score(context, user, interview_id, question_id, new_score, written_reason(reason))
    return RedirectResponse(f"/interviews/{interview_id}#report", status_code=303)


@router.post("/interviews/{interview_id}/sign-off")
def add_sign_off(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    interview_id: str,
    decision: Annotated[str, Form()],
    note: Annotated[str | None, Form(max_length=4000)] = None,
) -> Response:
    sign_off(context, user, interview_id, decision, note)
    return RedirectResponse(f"/interviews/{interview_id}#sign-off", status_code=303)


@router.post("/interviews/{interview_id}/reopen")
def reopen_page(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    interview_id: str,
    reason: Annotated[str, Form(min_length=3, max_length=4000)],
) -> Response:
    reopen(context, user, interview_id, written_reason(reason))
    return RedirectResponse(f"/interviews/{interview_id}#sign-off", status_code=303)


@router.post("/interviews/{interview_id}/reviews")
async def add_review(
    request: Request,
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    interview_id: str,
) -> Response:
    """A reviewer's own scorecard: ``rating-<competency id>`` fields (1-5) and a comment."""
    form = await request.form()
    ratings = {
        key.removeprefix("rating-"): int(str(value))
        for key, value in form.multi_items()
        if key.startswith("rating-") and str(value).isdigit()
    }
    comment = str(form.get("comment") or "")
    await run_in_threadpool(submit_scorecard, context, user, interview_id, ratings, comment)
    return RedirectResponse(f"/interviews/{interview_id}#reviews", status_code=303)


@router.post("/interviews/{interview_id}/invite")
def new_invite(
    request: Request, context: Ctx, user: PageUser, _csrf: CsrfChecked, interview_id: str
) -> Response:
    reissue_invite(context, user, interview_id)
    return RedirectResponse(f"/interviews/{interview_id}#invite", status_code=303)


@router.get("/compare")
def compare(
    request: Request,
    context: Ctx,
    user: PageUser,
    ids: Annotated[list[str], Query()],
) -> Response:
    chosen = list(dict.fromkeys(ids))
    if not 2 <= len(chosen) <= 4:
        raise ApiProblem(
            422,
            "Pick 2 to 4 interviews",
            "Comparing needs two, three or four interviews: tick them on the dashboard.",
        )
    reports = [report_for(context, interview_for(context, user, i)) for i in chosen]
    rows = competency_rows(reports)
    return page(request, context, "compare.html", user=user, reports=reports, rows=rows)


def competency_rows(
    reports: list[Report],
) -> list[tuple[CompetencyCoverage, list[CompetencyCoverage | None]]]:
    """One row per competency any of the reports covers, one cell per report (None: absent)."""
    first: dict[str, CompetencyCoverage] = {}
    for report in reports:
        for competency in report.competencies:
            first.setdefault(competency.id, competency)
    by_report = [{c.id: c for c in report.competencies} for report in reports]
    return [(row, [cells.get(key) for cells in by_report]) for key, row in first.items()]
