"""The authoring pages: the organisation's catalog, the job-description page, the item editor.

The editor is a form of every section of the role profile, or of the question's whole rubric
(:mod:`panelist.web.catalog_form`), with the item's YAML (the built-in layout) as an
advanced view. ``/static/catalog.js`` sends either to the check as the author types (``POST
/catalog/{kind}/check-form`` or ``POST /catalog/check``) and shows each problem next to its field,
or with its line. Both save through the same check (:func:`authoring.save_text`); a save the
check refuses shows the page again with what the author typed and every problem: nothing
typed is lost. The form saves without JavaScript too, and adds or removes a row by posting
``action=add:PATH`` / ``action=remove:PATH`` (the page comes back with the row, unsaved).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from panelist.catalog.documents import ItemProblem, parse_text
from panelist.errors import CatalogError
from panelist.storage import User
from panelist.storage.org_catalog import CatalogItemRejected
from panelist.web import authoring, catalog_form
from panelist.web.catalog_form import FormView, Submitted
from panelist.web.catalog_schemas import MAX_YAML, Kind, ProblemPublic
from panelist.web.context import WebContext
from panelist.web.deps import CsrfChecked, Ctx, PageUser
from panelist.web.templating import page

router = APIRouter(include_in_schema=False)
YamlForm = Annotated[str, Form(min_length=1, max_length=MAX_YAML)]
NOT_FIELDS = frozenset({"csrf_token", "action"})
MAX_FORM_TEXT = 4 * MAX_YAML  # characters over every field of the form


async def posted_fields(request: Request) -> dict[str, list[str]]:
    """The editor form's fields as posted, name -> values (the csrf token and action left out)."""
    form = await request.form()
    fields: dict[str, list[str]] = {}
    size = 0
    for name, value in form.multi_items():
        if name in NOT_FIELDS or not isinstance(value, str):
            continue
        size += len(value)
        fields.setdefault(name, []).append(value)
    if size > MAX_FORM_TEXT:
        raise CatalogError(
            f"The form holds {size} characters, more than the {MAX_FORM_TEXT} an item may have.",
            hint="Shorten the longest texts.",
        )
    return fields


PostedFields = Annotated[dict[str, list[str]], Depends(posted_fields)]


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


@router.post("/catalog/{kind}/check-form")
def check_form(
    context: Ctx, user: PageUser, _csrf: CsrfChecked, kind: Kind, fields: PostedFields
) -> JSONResponse:
    """The check of the item the form holds: each problem names the form field it is about
    (``field``, an input's name), and ``yaml`` is the text the form would save."""
    submitted = catalog_form.document_of(kind, fields)
    text = authoring.as_yaml(submitted.document)
    problems = authoring.check(context, user, kind, text)
    return JSONResponse(
        {
            "ok": not problems,
            "yaml": text,
            "problems": [
                {
                    **ProblemPublic.of(p).model_dump(),
                    "field": _form_field(submitted, p),
                    "shown": shown_by_field(p),
                }
                for p in problems
            ],
        }
    )


def _form_field(submitted: Submitted, problem: ItemProblem) -> str | None:
    return submitted.form_name(problem.field) if problem.field else None


def shown_by_field(problem: ItemProblem) -> str:
    """The problem as its field shows it: without the item and field it begins with, and
    without the hint that only names the field ("Fix 'key_points.1.weight' ...")."""
    message, hint = problem.message, problem.hint
    if problem.field:
        head = f": {problem.field}: "
        message = message.split(head, 1)[1] if head in message else message
        if hint.startswith((f"Fix '{problem.field}'", f"Add '{problem.field}'")):
            return message if message.endswith(".") else message + "."
    return f"{message} — {hint}"


def form_of(
    context: WebContext, kind: Kind, document: dict[str, Any], problems: list[ItemProblem]
) -> FormView:
    """The form of ``document`` with each problem next to its field (above the form when it
    is about no field of it). The form is drawn from the document, so its rows are numbered
    as the document's, as the problems are."""
    competencies = [(c.id, c.name) for c in context.catalog.competencies.values()]
    view = catalog_form.form_view(kind, document, competencies)
    for p in problems:
        view.place(p.field, shown_by_field(p))
    return view


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
    form: FormView | None = None,
    open_yaml: bool = False,
) -> Response:
    history = authoring.item(context, user, kind, item_id)
    newest = history[-1]
    if form is None:
        shown = parse_text(text) if text is not None else newest.document
        form = form_of(context, kind, shown or newest.document, problems or [])
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
        form=form,
        open_yaml=open_yaml or (text is not None and bool(problems)),
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
    return _save(request, context, user, kind, item_id, yaml)


def _save(
    request: Request,
    context: WebContext,
    user: User,
    kind: Kind,
    item_id: str,
    text: str,
    form_document: dict[str, Any] | None = None,
) -> Response:
    """Save ``text`` as the item's next version and go to it; or, refused, show the editor
    again (422) with the problems: at their fields when it came from the form
    (``form_document``), in the open YAML view when it came from there."""
    try:
        version = authoring.save_text(context, user, kind, text, item_id=item_id)
    except CatalogItemRejected as exc:
        form = (
            None if form_document is None else form_of(context, kind, form_document, exc.problems)
        )
        return editor(
            request,
            context,
            user,
            kind,
            item_id,
            text=text,
            problems=exc.problems,
            status_code=422,
            form=form,
            open_yaml=form_document is None,
        )
    return _see_other(f"/catalog/{kind}/{item_id}?saved={version.version}")


def _apply_row_action(kind: Kind, fields: dict[str, list[str]], action: str) -> dict[str, Any]:
    """The form's document with a row added (``add:key_points``: one more empty row above the
    one the page always ends with) or removed (``remove:key_points.2``)."""
    verb, _, path = action.partition(":")
    if verb == "remove":
        fields = {n: v for n, v in fields.items() if n != path and not n.startswith(path + ".")}
    document = catalog_form.document_of(kind, fields).document
    rows = _rows_at(document, path) if verb == "add" else None
    if rows is not None:
        rows.append({})
    return document


def _rows_at(document: dict[str, Any], path: str) -> list[Any] | None:
    found: Any = document
    for part in path.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    return found if isinstance(found, list) else None


@router.post("/catalog/{kind}/{item_id}/form")
def save_form(
    request: Request,
    context: Ctx,
    user: PageUser,
    _csrf: CsrfChecked,
    kind: Kind,
    item_id: str,
    fields: PostedFields,
    action: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    """Save the form as the item's next version, through the same check as the YAML; or,
    with ``action``, add or remove a row and show the form again (nothing saved)."""
    authoring.editor_organisation(user)
    if action:
        document = _apply_row_action(kind, fields, action)
        return editor(
            request,
            context,
            user,
            kind,
            item_id,
            text=authoring.as_yaml(document),
            form=form_of(context, kind, document, []),
        )
    submitted = catalog_form.document_of(kind, fields)
    text = authoring.as_yaml(submitted.document)
    return _save(request, context, user, kind, item_id, text, form_document=submitted.document)


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
