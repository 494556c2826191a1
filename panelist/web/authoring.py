"""What authors do to their organisation's catalog, shared by the JSON API and the pages.

Who: every user of the organisation may read its roles and questions (a compliance account
reviews nothing, see :func:`panelist.web.deps.organisation_scope`); only ``admin`` and
``recruiter`` accounts may copy, edit, publish, grade samples or ask for an LLM draft. Another
organisation's items are never visible: they are simply not found. Every save is a new version
(audit-logged); a draft goes live only by a person's publish.
"""

from __future__ import annotations

from typing import Any

import yaml

from panelist.catalog.documents import ItemKind, ItemProblem, check_text, parse_text
from panelist.catalog.loader import Catalog
from panelist.catalog.matching import MatchResult, match_job_description
from panelist.catalog.models import Question
from panelist.errors import CatalogError, LLMError, NotFoundError
from panelist.evaluation.rubric_agreement import RubricAgreement, rubric_agreement
from panelist.llm.registry import build_model
from panelist.llm.rubric_drafter import draft_rubric
from panelist.storage import User
from panelist.storage.org_catalog import CatalogItemRejected, ItemVersion
from panelist.web.context import WebContext
from panelist.web.deps import organisation_scope
from panelist.web.problems import ApiProblem

EDITOR_ROLES = ("admin", "recruiter")


def reader_organisation(user: User) -> str:
    """The organisation whose catalog ``user`` reads (403 saying why when there is none)."""
    organisation = organisation_scope(user)
    if organisation is None:
        raise ApiProblem(
            403,
            "No organisation",
            "Organisation catalogs belong to an organisation, and your account has none: "
            "create an account in one (`panelist users create EMAIL --role admin --org NAME`).",
            slug="no-organisation",
        )
    return organisation


def editor_organisation(user: User) -> str:
    """The organisation ``user`` may edit the catalog of (403 naming who may)."""
    organisation = reader_organisation(user)
    if user.role not in EDITOR_ROLES:
        raise ApiProblem(
            403,
            "Recruiter or admin needed",
            f"Only a recruiter or an admin edits the organisation's roles and questions; your "
            f"account is a {user.role}. Ask one of them, or an admin for the recruiter role.",
            slug="catalog-editor-needed",
        )
    return organisation


def as_yaml(document: dict[str, Any]) -> str:
    """A document as the YAML the editor shows (the built-in layout's item)."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def source_document(catalog: Catalog, kind: ItemKind, item_id: str) -> dict[str, Any]:
    """A role or question of ``catalog`` as a document, to copy."""
    item = catalog.role(item_id) if kind == "role" else catalog.question(item_id)
    return item.model_dump(mode="json")


def check(context: WebContext, user: User, kind: ItemKind, text: str) -> list[ItemProblem]:
    """What ``panelist catalog check`` says of ``text`` among the organisation's items."""
    organisation = reader_organisation(user)
    return check_text(kind, text, context.database.org_catalog.documents(organisation))


def save_text(
    context: WebContext, user: User, kind: ItemKind, text: str, *, item_id: str | None = None
) -> ItemVersion:
    """Store ``text`` as the item's next version (a draft). CatalogItemRejected, with every
    problem and its line, when the check does not pass it; ``item_id``, when given, must be
    the id the text names (an editor cannot rename an item by accident)."""
    organisation = editor_organisation(user)
    store = context.database.org_catalog
    problems = check_text(kind, text, store.documents(organisation))
    if problems:
        raise CatalogItemRejected(problems)
    document = parse_text(text)
    assert document is not None  # a text that holds no mapping does not pass the check
    named = document.get("code" if kind == "role" else "id")
    if item_id is not None and named != item_id:
        raise CatalogError(
            f"This page edits {kind} {item_id!r}, but the text names {named!r}.",
            hint=f"Keep the id {item_id!r}, or copy the item to make one with a new id.",
        )
    version = store.save(organisation, kind, document, author=user.email)
    context.database.audit.record(
        user.email,
        "catalog.save",
        f"{kind}:{version.item_id}",
        {"version": version.version, "organisation_id": organisation},
    )
    return version


def copy_builtin(
    context: WebContext, user: User, kind: ItemKind, source_id: str, new_id: str | None
) -> ItemVersion:
    """Copy a built-in (or the organisation's live) role or question into the organisation
    as a draft: under ``new_id`` when given, else overriding the built-in one in the
    organisation's interviews."""
    catalog = context.catalogs.current(editor_organisation(user))
    document = source_document(catalog, kind, source_id)
    if new_id:
        document["code" if kind == "role" else "id"] = new_id.strip()
        if kind == "role":
            document["level"]["code"] = new_id.strip()[-2:]
    return save_text(context, user, kind, as_yaml(document))


def publish(
    context: WebContext, user: User, kind: ItemKind, item_id: str, version: int
) -> ItemVersion:
    organisation = editor_organisation(user)
    published = context.database.org_catalog.publish(organisation, kind, item_id, version)
    context.database.audit.record(
        user.email,
        "catalog.publish",
        f"{kind}:{item_id}",
        {"version": version, "organisation_id": organisation},
    )
    return published


def item(context: WebContext, user: User, kind: ItemKind, item_id: str) -> list[ItemVersion]:
    """Every version of one of the organisation's items (404 for anyone else's)."""
    return context.database.org_catalog.history(reader_organisation(user), kind, item_id)


def match_roles(context: WebContext, user: User, job_description: str) -> MatchResult:
    """The organisation's roles (built-in ones and its own) ranked for a job description."""
    catalog = context.catalogs.current(user.organisation_id)
    return match_job_description(job_description, catalog)


def authoring_catalog(context: WebContext, organisation_id: str) -> Catalog:
    return context.catalogs.authoring(organisation_id)


def draft_question(context: WebContext, user: User, text: str) -> str:
    """The question ``text`` with its rubric drafted by the configured LLM, as YAML to review
    in the editor (not saved)."""
    editor_organisation(user)
    model = build_model(context.settings, ledger=context.llm_ledger)
    if model is None:
        raise ApiProblem(
            409,
            "No LLM configured",
            "Drafting a rubric needs a model: set PANELIST_LLM_BACKEND (and its model), or "
            "write the rubric yourself.",
            slug="no-llm",
        )
    document = parse_text(text)
    if document is None:
        raise CatalogError(
            "The draft is made from the question's YAML, which does not parse.",
            hint="Fix the problems shown under the editor first.",
        )
    try:
        return as_yaml(draft_rubric(model, document))
    except LLMError as exc:
        raise ApiProblem(
            503,
            "The LLM could not draft",
            f"The model did not give a usable rubric ({exc}): try again, or write it yourself.",
            slug="llm-draft-failed",
        ) from exc


def add_grade(context: WebContext, user: User, question_id: str, answer: str, grade: int) -> None:
    organisation = editor_organisation(user)
    context.database.org_catalog.add_grade(
        organisation, question_id, answer, grade, author=user.email
    )


def calibration(context: WebContext, user: User, question_id: str) -> RubricAgreement | None:
    """panelist's agreement with the author's grades of the newest version of the question
    (None while nothing is graded)."""
    organisation = reader_organisation(user)
    store = context.database.org_catalog
    grades = store.grades(organisation, question_id)
    if not grades:
        return None
    newest = store.get(organisation, "question", question_id)
    question = Question.model_validate(newest.document)
    return rubric_agreement(context.scorer, question, [(g.answer, g.grade) for g in grades])


def require_question(kind: str) -> None:
    if kind != "question":
        raise NotFoundError("Only questions have sample answers and rubric drafts.")
