"""The authoring pages: the organisation's catalog, the job-description page, the item editor.

The editor holds the item's YAML (the built-in layout, every section of the role profile or
the whole rubric of a question); ``/static/catalog.js`` sends it to ``POST /catalog/check`` as
the author types and shows each problem with its line. A save that the check refuses shows
the page again with the author's text and every problem: nothing typed is lost.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from panelist.catalog.documents import ItemProblem
from panelist.storage import User
from panelist.storage.org_catalog import CatalogItemRejected
from panelist.web import authoring
from panelist.web.catalog_schemas import MAX_YAML, Kind, ProblemPublic
from panelist.web.context import WebContext
from panelist.web.deps import CsrfChecked, Ctx, PageUser
from panelist.web.templating import page

router = APIRouter(include_in_schema=False)
YamlForm = Annotated[str, Form(min_length=1, max_length=MAX_YAML)]


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/catalog")
def catalog_page(request: Request, context: Ctx, user: PageUser) -> Response:
    organisation = authoring.reader_organisation(user)
    return page(
        request,
        context,
        "catalog.html",
        user=user,
        items=context.database.org_catalog.latest(organisation),
        live={
            (v.kind, v.item_id): v.version
            for v in context.database.org_catalog.latest(organisation, live_only=True)
        },
        builtin_roles=sorted(context.catalog.roles.values(), key=lambda r: r.code),
        builtin_questions=sorted(context.catalog.questions.values(), key=lambda q: q.id),
        can_edit=user.role in authoring.EDITOR_ROLES,
    )


@router.get("/catalog/job-description")
def job_description_page(request: Request, context: Ctx, user: PageUser) -> Response:
    authoring.reader_organisation(user)
    return page(request, context, "catalog_jd.html", user=user, text="", result=None)


@router.post("/catalog/job-description")
def match_job_description(
    request: Request,
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    job_description: Annotated[str, Form(min_length=1, max_length=50_000)],
) -> Response:
    authoring.reader_organisation(user)
    result = authoring.match_roles(context, user, job_description)
    return page(
        request,
        context,
        "catalog_jd.html",
        user=user,
        text=job_description,
        result=result,
        can_edit=user.role in authoring.EDITOR_ROLES,
    )


@router.post("/catalog/{kind}/copy")
def copy(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    kind: Kind,
    source_id: Annotated[str, Form(min_length=1, max_length=120)],
    new_id: Annotated[str | None, Form(max_length=120)] = None,
) -> Response:
    version = authoring.copy_builtin(context, user, kind, source_id, new_id or None)
    return _see_other(f"/catalog/{kind}/{version.item_id}")


@router.post("/catalog/check")
def check(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    kind: Annotated[Kind, Form()],
    yaml: YamlForm,
) -> JSONResponse:
    problems = authoring.check(context, user, kind, yaml)
    return JSONResponse(
        {"ok": not problems, "problems": [ProblemPublic.of(p).model_dump() for p in problems]}
    )


def editor(
    request: Request,
    context: WebContext,
    user: User,
    kind: Kind,
    item_id: str,
    *,
    text: str | None = None,
    problems: list[ItemProblem] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    history = authoring.item(context, user, kind, item_id)
    newest = history[-1]
    values: dict[str, Any] = {}
    if kind == "question":
        values["calibration"] = authoring.calibration(context, user, item_id)
        organisation = authoring.reader_organisation(user)
        values["grades"] = context.database.org_catalog.grades(organisation, item_id)
    return page(
        request,
        context,
        "catalog_item.html",
        status_code=status_code,
        user=user,
        kind=kind,
        item_id=item_id,
        history=list(reversed(history)),
        newest=newest,
        text=text if text is not None else authoring.as_yaml(newest.document),
        problems=problems or [],
        notice=notice,
        can_edit=user.role in authoring.EDITOR_ROLES,
        can_draft=kind == "question" and context.settings.llm_backend is not None,
        **values,
    )


@router.get("/catalog/{kind}/{item_id}")
def item_page(
    request: Request,
    context: Ctx,
    user: PageUser,
    kind: Kind,
    item_id: str,
    saved: int | None = None,
) -> Response:
    notice = f"Saved as version {saved} (a draft until you make it live)." if saved else None
    return editor(request, context, user, kind, item_id, notice=notice)


@router.post("/catalog/{kind}/{item_id}")
def save(
    request: Request,
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    kind: Kind,
    item_id: str,
    yaml: YamlForm,
) -> Response:
    try:
        version = authoring.save_text(context, user, kind, yaml, item_id=item_id)
    except CatalogItemRejected as exc:
        return editor(
            request,
            context,
            user,
            kind,
            item_id,
            text=yaml,
            problems=exc.problems,
            status_code=422,
        )
    return _see_other(f"/catalog/{kind}/{item_id}?saved={version.version}")


@router.post("/catalog/{kind}/{item_id}/versions/{version}/publish")
def publish(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    kind: Kind,
    item_id: str,
    version: Annotated[int, Path(ge=1, le=1_000_000)],
) -> Response:
    authoring.publish(context, user, kind, item_id, version)
    return _see_other(f"/catalog/{kind}/{item_id}")


@router.post("/catalog/question/{item_id}/grades")
def grade(
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    item_id: str,
    answer: Annotated[str, Form(min_length=1, max_length=20_000)],
    grade: Annotated[int, Form(ge=1, le=5)],
) -> Response:
    authoring.add_grade(context, user, item_id, answer, grade)
    return _see_other(f"/catalog/question/{item_id}#calibration")


@router.post("/catalog/question/{item_id}/draft")
def draft(
    request: Request,
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    item_id: str,
    yaml: YamlForm,
) -> Response:
    text = authoring.draft_question(context, user, yaml)
    problems = authoring.check(context, user, "question", text)
    notice = (
        "The LLM drafted the rubric below. Review it and save to keep it: nothing is saved yet."
    )
    return editor(
        request, context, user, "question", item_id, text=text, problems=problems, notice=notice
    )
