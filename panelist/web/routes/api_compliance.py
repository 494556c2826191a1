"""Voluntary self-identification (the candidate, by invite link, after the interview) and the
bias audit (a compliance account only). Nothing here is reachable from recruiter routes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from panelist.compliance import BiasReport, bias_report
from panelist.compliance.categories import SelfIdentification
from panelist.compliance.crypto import cipher_from_settings
from panelist.compliance.records import audit_records
from panelist.errors import ConfigurationError
from panelist.storage.self_id import COMPLIANCE_ROLE, SelfIdStore, finished_interview_of_token
from panelist.web.context import WebContext
from panelist.web.deps import ApiUser, Ctx
from panelist.web.openapi import problem_response
from panelist.web.problems import ApiProblem

router = APIRouter(prefix="/api/v1", tags=["compliance"])
NO_KEY: dict[int | str, dict[str, Any]] = {
    503: {
        **problem_response(503),
        "description": "PANELIST_SELF_ID_KEY is not set, so self-identification is neither "
        "stored nor read.",
    }
}


def _store(context: WebContext) -> SelfIdStore:
    try:
        cipher = cipher_from_settings(context.settings)
    except ConfigurationError as exc:
        raise ApiProblem(
            503, "Self-identification unavailable", str(exc), slug="self-id-unavailable"
        ) from exc
    return SelfIdStore(context.database.engine, cipher)


@router.post(
    "/candidate/{invite_token}/self-identification",
    status_code=204,
    responses=NO_KEY,
    summary="Voluntary self-identification, after the interview (every field optional)",
    description="Answers are encrypted and kept apart from the interview: no reviewer sees "
    "them and no scorer reads them. Leave a field out (or null) for 'prefer not to say'. "
    "Sending again replaces the earlier answers.",
)
def submit_self_identification(
    invite_token: str, body: SelfIdentification, context: Ctx
) -> Response:
    interview_id = finished_interview_of_token(context.database.engine, invite_token)
    _store(context).submit(interview_id, body)  # the link is checked before the key
    return Response(status_code=204)


@router.get(
    "/compliance/bias", responses=NO_KEY, summary="The bias audit (compliance accounts only)"
)
def bias(
    user: ApiUser,
    context: Ctx,
    role: Annotated[str | None, Query(description="Only this role code.")] = None,
    since: Annotated[datetime | None, Query(description="Interviews created from then.")] = None,
) -> BiasReport:
    if user.role != COMPLIANCE_ROLE:
        raise ApiProblem(
            403,
            "Compliance only",
            "The bias audit reads candidates' self-identification, which only a compliance "
            "account may see: ask an admin for one (`panelist users create EMAIL --role "
            "compliance --org NAME`).",
            slug="compliance-only",
        )
    if user.organisation_id is None:
        raise ApiProblem(
            403,
            "No organisation",
            "This compliance account belongs to no organisation, so it audits none: ask an "
            "admin to recreate it with `panelist users create EMAIL --role compliance --org NAME`.",
            slug="no-organisation",
        )
    records = audit_records(
        context.database,
        _store(context),
        user,
        organisation_id=user.organisation_id,
        role_code=role,
        since=since,
    )
    context.database.audit.record(
        user.email, "audit.bias", user.organisation_id, {"role": role, "candidates": len(records)}
    )
    return bias_report(
        records, filters={"role": role, "since": since.isoformat() if since else None}
    )
