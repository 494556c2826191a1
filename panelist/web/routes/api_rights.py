"""Candidate rights over HTTP: integrity signals and the explanation (by invite link),
accommodations (recruiters), the organisation's policy, and export/erase (admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from panelist.compliance.explanation import Explanation
from panelist.compliance.subject import Erasure
from panelist.storage.accommodations import Accommodation
from panelist.storage.policies import Policy, PolicyStore
from panelist.web import rights
from panelist.web.deps import ApiUser, Ctx
from panelist.web.openapi import problem_response
from panelist.web.rights import (
    AccommodationCreate,
    CandidateEmail,
    IntegrityEventCreate,
    PolicyUpdate,
)

router = APIRouter(prefix="/api/v1", tags=["candidate rights"])
NO_SUCH_CANDIDATE: dict[int | str, dict[str, Any]] = {
    404: {**problem_response(404), "description": "No interview was sent to that e-mail address."}
}


@router.post(
    "/candidate/{invite_token}/integrity",
    status_code=204,
    summary="A paste or a leaving of the page while answering (disclosed; never scored)",
)
def integrity(invite_token: str, body: IntegrityEventCreate, context: Ctx) -> Response:
    rights.record_integrity(context, invite_token, body)
    return Response(status_code=204)


@router.get(
    "/candidate/{invite_token}/explanation",
    summary="After the decision: competencies assessed and the main reasons, in words",
)
def explanation(invite_token: str, context: Ctx) -> Explanation:
    return rights.candidate_explanation(context, invite_token)


@router.post(
    "/interviews/{interview_id}/accommodation",
    summary="Grant an accommodation before the candidate starts (extra time multiplies the budget)",
)
def accommodation(
    interview_id: str, body: AccommodationCreate, user: ApiUser, context: Ctx
) -> Accommodation:
    return rights.grant(context, user, interview_id, body)


@router.get("/organisation/policy", summary="The organisation's retention and notice settings")
def policy(user: ApiUser, context: Ctx) -> Policy:
    return PolicyStore(context.database.engine).get(user.organisation_id)


@router.put("/organisation/policy", summary="Change retention, notice text or contact (admins)")
def put_policy(body: PolicyUpdate, user: ApiUser, context: Ctx) -> Policy:
    return rights.update_policy(context, user, body)


@router.post(
    "/admin/candidates/export",
    responses=NO_SUCH_CANDIDATE,
    summary="Everything stored about a candidate (admins)",
)
def export(body: CandidateEmail, user: ApiUser, context: Ctx) -> dict[str, Any]:
    return rights.admin_export(context, user, body.email)


@router.post(
    "/admin/candidates/erase",
    responses=NO_SUCH_CANDIDATE,
    summary="Remove a candidate's personal data everywhere; scores stay, anonymised (admins)",
)
def erase(body: CandidateEmail, user: ApiUser, context: Ctx) -> Erasure:
    return rights.admin_erase(context, user, body.email)
