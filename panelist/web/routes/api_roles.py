"""``GET /api/v1/roles``: the catalog's role families and their levels; ``POST
/api/v1/roles/match``: which of them a job description describes."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from panelist.catalog.loader import Catalog
from panelist.catalog.matching import match_job_description
from panelist.web.deps import ApiUser, Ctx
from panelist.web.schemas import (
    LevelPublic,
    RoleMatchPublic,
    RoleMatchRequest,
    RoleMatchResponse,
    RolePublic,
)

router = APIRouter(prefix="/api/v1", tags=["catalog"])


def role_families(catalog: Catalog) -> list[RolePublic]:
    families: dict[str, RolePublic] = {}
    for role in sorted(catalog.roles.values(), key=lambda r: (r.family_code, r.level.code)):
        family = families.setdefault(
            role.family_code,
            RolePublic(family=role.family_code, family_name=role.family_name, levels=[]),
        )
        family.levels.append(
            LevelPublic(
                role_code=role.code,
                level=role.level.code,
                name=role.level.name,
                title=role.title,
                duration_minutes=role.interview.duration_minutes,
            )
        )
    return list(families.values())


@router.get("/roles", summary="Role families and the levels each can be interviewed at")
def roles(context: Ctx, user: ApiUser) -> list[RolePublic]:
    return role_families(context.catalogs.current(user.organisation_id))


@router.post(
    "/roles/match",
    summary="Rank the catalog's roles for a job description, with a confidence and reasons",
)
def match_roles(body: RoleMatchRequest, context: Ctx, user: ApiUser) -> RoleMatchResponse:
    catalog = context.catalogs.current(user.organisation_id)
    result = match_job_description(body.job_description, catalog)
    return RoleMatchResponse(
        fits=result.fits,
        min_confidence=result.min_confidence,
        level=result.level,
        level_reasons=result.level_reasons,
        nearest_family=result.nearest_family,
        message=result.message,
        matches=[RoleMatchPublic(**asdict(m)) for m in result.matches],
    )
