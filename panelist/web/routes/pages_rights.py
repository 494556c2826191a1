"""Pages for candidate rights: the explanation (by invite link), granting an accommodation
(recruiters) and the compliance page with the bias report (compliance accounts only)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.compliance import bias_report
from panelist.compliance.chart import bias_svg
from panelist.compliance.records import audit_records
from panelist.storage.policies import MIN_RETENTION_MONTHS, PolicyStore
from panelist.storage.self_id import COMPLIANCE_ROLE
from panelist.storage.tables import OrganisationRow
from panelist.web import rights
from panelist.web.deps import CsrfChecked, Ctx, PageUser
from panelist.web.problems import ApiProblem
from panelist.web.routes.api_compliance import _store
from panelist.web.templating import page

router = APIRouter(include_in_schema=False)


@router.get("/i/{invite_token}/explanation")
def explanation(request: Request, context: Ctx, invite_token: str) -> Response:
    return page(
        request,
        context,
        "explanation.html",
        explanation=rights.candidate_explanation(context, invite_token),
    )


@router.post("/interviews/{interview_id}/accommodation")
def accommodation(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    interview_id: str,
    extra_time_factor: Annotated[float, Form(ge=1.0, le=3.0)],
    note: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    body = rights.AccommodationCreate(extra_time_factor=extra_time_factor, note=note)
    rights.grant(context, user, interview_id, body)
    return RedirectResponse(f"/interviews/{interview_id}#accommodation", status_code=303)


@router.get("/settings")
def settings_page(request: Request, context: Ctx, user: PageUser) -> Response:
    """The organisation's retention and notice settings: shown to its users, changed by admins."""
    return page(
        request,
        context,
        "settings.html",
        user=user,
        policy=PolicyStore(context.database.engine).get(user.organisation_id),
        minimum=MIN_RETENTION_MONTHS,
        can_edit=user.role == "admin" and user.organisation_id is not None,
    )


@router.post("/settings")
def change_settings(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    retention_months: Annotated[int, Form(ge=MIN_RETENTION_MONTHS, le=120)],
    contact: Annotated[str, Form(max_length=320)] = "",
    notice_text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    body = rights.PolicyUpdate(
        retention_months=retention_months,
        contact=contact.strip() or None,
        notice_text=notice_text.strip() or None,
    )
    rights.update_policy(context, user, body)
    return RedirectResponse("/settings#policy", status_code=303)


def _day(value: date | None, *, end: bool = False) -> datetime | None:
    if value is None:
        return None
    return datetime.combine(value, time.max if end else time.min, tzinfo=UTC)


@router.get("/compliance")
def compliance(
    request: Request,
    context: Ctx,
    user: PageUser,
    role: Annotated[str | None, Query(max_length=80)] = None,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    org: Annotated[str | None, Query(max_length=36)] = None,
) -> Response:
    if user.role != COMPLIANCE_ROLE:
        raise ApiProblem(
            403,
            "Compliance only",
            "The bias audit reads candidates' self-identification, which only a compliance "
            "account may see.",
            slug="compliance-only",
        )
    with Session(context.database.engine) as session:
        organisations = [
            (row.id, row.name)
            for row in session.scalars(select(OrganisationRow).order_by(OrganisationRow.name))
            if user.organisation_id in (None, row.id)
        ]
    organisation_id = user.organisation_id or (org or None)
    records = audit_records(
        context.database,
        _store(context),
        user,
        organisation_id=organisation_id,
        role_code=role or None,
        since=_day(since),
    )
    last = _day(until, end=True)
    records = [r for r in records if last is None or r.at <= last]
    filters = {
        "org": organisation_id,
        "role": role or None,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }
    context.database.audit.record(
        user.email, "audit.bias", organisation_id, {**filters, "candidates": len(records)}
    )
    report = bias_report(records, filters=filters)
    return page(
        request,
        context,
        "compliance.html",
        user=user,
        report=report,
        chart=bias_svg(report),
        filters=filters,
        organisations=organisations,
        roles=sorted(context.catalog.roles),
        policy=PolicyStore(context.database.engine).get(organisation_id),
    )
