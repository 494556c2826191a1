"""``/api/v1/catalog``: an organisation's own roles and questions, versioned.

Reading: any user of the organisation. Writing (save, copy, publish, grade, draft): admin
and recruiter accounts. See :mod:`panelist.web.authoring`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from panelist.storage.org_catalog import CatalogItemRejected
from panelist.web import authoring
from panelist.web.catalog_schemas import (
    CalibrationResponse,
    CheckResponse,
    CopyRequest,
    DraftResponse,
    GradeRequest,
    ItemPublic,
    ItemText,
    Kind,
    ProblemPublic,
    SamplePublic,
    VersionPublic,
)
from panelist.web.deps import ApiUser, Ctx
from panelist.web.problems import PROBLEM, problem

router = APIRouter(prefix="/api/v1/catalog", tags=["organisation catalog"])
ItemId = Annotated[str, Path(max_length=120)]
Version = Annotated[int, Path(ge=1, le=1_000_000)]


async def on_rejected(request: Request, exc: Exception) -> Response:
    """A 422 problem listing every check problem (the item, field, line and fix); pages get
    the page the author was on instead (see pages_catalog)."""
    assert isinstance(exc, CatalogItemRejected)
    return problem(
        request,
        422,
        "Catalog check failed",
        str(exc),
        slug="catalog-check",
        extra={"problems": [ProblemPublic.of(p).model_dump() for p in exc.problems]},
    )


@router.get("", summary="Your organisation's roles and questions, newest version of each")
def list_items(context: Ctx, user: ApiUser) -> list[VersionPublic]:
    organisation = authoring.reader_organisation(user)
    return [VersionPublic.of(v) for v in context.database.org_catalog.latest(organisation)]


@router.get("/{kind}/{item_id}", summary="One item: every version and the newest document")
def get_item(kind: Kind, item_id: ItemId, context: Ctx, user: ApiUser) -> ItemPublic:
    history = authoring.item(context, user, kind, item_id)
    live = [v.version for v in history if v.status == "live"]
    return ItemPublic(
        kind=kind,
        item_id=item_id,
        live_version=live[-1] if live else None,
        versions=[VersionPublic.of(v) for v in history],
        document=history[-1].document,
    )


@router.post("/{kind}/check", summary="What `panelist catalog check` says of an item's YAML")
def check(kind: Kind, body: ItemText, context: Ctx, user: ApiUser) -> CheckResponse:
    problems = authoring.check(context, user, kind, body.yaml)
    return CheckResponse(ok=not problems, problems=[ProblemPublic.of(p) for p in problems])


@router.post("/{kind}", status_code=201, summary="Save an item's YAML as its next (draft) version")
def save(kind: Kind, body: ItemText, context: Ctx, user: ApiUser) -> VersionPublic:
    return VersionPublic.of(authoring.save_text(context, user, kind, body.yaml))


@router.post("/{kind}/copy", status_code=201, summary="Copy a built-in role or question")
def copy(kind: Kind, body: CopyRequest, context: Ctx, user: ApiUser) -> VersionPublic:
    version = authoring.copy_builtin(context, user, kind, body.source_id, body.new_id)
    return VersionPublic.of(version)


@router.post(
    "/{kind}/{item_id}/versions/{version}/publish",
    summary="Make a version live: new interviews are planned with it",
)
def publish(
    kind: Kind, item_id: ItemId, version: Version, context: Ctx, user: ApiUser
) -> VersionPublic:
    return VersionPublic.of(authoring.publish(context, user, kind, item_id, version))


@router.post(
    "/question/{item_id}/grades", status_code=201, summary="Grade a sample answer yourself"
)
def grade(item_id: ItemId, body: GradeRequest, context: Ctx, user: ApiUser) -> CalibrationResponse:
    authoring.add_grade(context, user, item_id, body.answer, body.grade)
    return calibration(item_id, context, user)


@router.get(
    "/question/{item_id}/calibration",
    summary="panelist's agreement with your grades of the question's sample answers",
)
def calibration(item_id: ItemId, context: Ctx, user: ApiUser) -> CalibrationResponse:
    authoring.item(context, user, "question", item_id)  # 404 for another organisation's
    found = authoring.calibration(context, user, item_id)
    if found is None:
        return CalibrationResponse(
            n=0, unscored=0, r=None, exact=None, adjacent=None, disagreements=[]
        )
    return CalibrationResponse(
        n=found.n,
        unscored=found.unscored,
        r=found.r,
        exact=found.exact,
        adjacent=found.adjacent,
        disagreements=[
            SamplePublic(answer=s.answer, grade=s.grade, score=s.score, gap=s.gap, reason=s.reason)
            for s in found.disagreements
        ],
    )


DRAFT_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for status, description in (
        (409, "No LLM is configured: write the rubric yourself or configure one."),
        (503, "The LLM failed or answered in the wrong shape: try again or write it yourself."),
    )
}


@router.post(
    "/question/draft",
    summary="Draft a question's rubric with the configured LLM",
    responses=DRAFT_ERRORS,
)
def draft(body: ItemText, context: Ctx, user: ApiUser) -> DraftResponse:
    text = authoring.draft_question(context, user, body.yaml)
    problems = authoring.check(context, user, "question", text)
    return DraftResponse(yaml=text, problems=[ProblemPublic.of(p) for p in problems])
