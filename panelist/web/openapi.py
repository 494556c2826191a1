"""The OpenAPI document with every error response an operation can give, as problem+json.

FastAPI documents only the success response and its own 422. The errors come from shared
machinery (``problems.install_handlers``, the bearer dependency, the request limits, the
invite check), so they are added here by the same rules that produce them:

- every API operation: 422 (a field, a query parameter or a NUL byte was refused);
- with a request body: 413 (larger than ``PANELIST_MAX_REQUEST_BYTES``);
- with a bearer token: 401 (with ``WWW-Authenticate``) and 403 (an account without an
  organisation);
- with a path parameter: 404 (another organisation's interview is a 404 too);
- a POST on one interview: 409 (it has finished, or another writer changed it meanwhile);
- the candidate API (invite token): 404 unknown, 410 used/expired/ended, 409 not started;
- sign-in: 401 and 429 (with ``Retry-After``); ``/readyz``: 503.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from panelist.catalog.models import ROLE_CODE
from panelist.web.problems import PROBLEM


class ProblemError(BaseModel):
    loc: list[str | int] = Field(description="Where: body.text, query.limit, path...")
    msg: str


class Problem(BaseModel):
    """An RFC 9457 problem: ``detail`` says what to do about it."""

    type: str = Field(examples=["https://panelist.dev/problems/validation"])
    title: str
    status: int
    detail: str
    instance: str | None = Field(
        default=None, description="The route template (never the token or id that was sent)."
    )
    errors: list[ProblemError] | None = Field(
        default=None, description="Validation errors (422 only)."
    )


DESCRIPTIONS = {
    401: "Not signed in: the bearer token is missing, wrong, expired or revoked.",
    403: "Signed in, but not allowed (an account without an organisation).",
    404: "Not found (or another organisation's).",
    409: "Conflicts with the interview's state: it has finished, has not started, or was "
    "changed by another request meanwhile.",
    410: "The invite was used, has expired, or its interview has ended.",
    413: "The request body is larger than the server accepts.",
    422: "The request was refused: a field, parameter or character is not valid.",
    429: "Too many failed sign-ins: wait for Retry-After seconds.",
    503: "Not ready: the database is unreachable or its schema is not at the newest revision.",
}
HEADERS = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
    429: {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
}


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    if path == "/readyz":
        return {503}
    if not path.startswith("/api/"):
        return set()
    statuses = {422}
    if "requestBody" in operation:
        statuses.add(413)
    if operation.get("security"):
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    if method == "post" and "{interview_id}" in path:
        statuses.add(409)
    if path.startswith("/api/v1/candidate/"):
        statuses |= {404, 409, 410}
    if path == "/api/v1/auth/login":
        statuses |= {401, 429}
    return statuses


def problem_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status in HEADERS:
        response["headers"] = HEADERS[status]
    return response


ROLE_CODE_DESCRIPTION = (
    "A role code of your organisation's catalog: the built-in roles and your organisation's "
    "own, which differ per organisation, so the document cannot list them. GET /api/v1/roles "
    "lists yours; an unknown code is refused with 422 naming it."
)


def role_codes(schemas: dict[str, Any]) -> None:
    """``role_code`` has the shape of a role code, not a list: an organisation's own roles are
    as valid as the built-in ones, and the document is the same for every organisation."""
    create = schemas.get("InterviewCreate", {}).get("properties", {})
    if "role_code" in create:
        create["role_code"]["pattern"] = ROLE_CODE
        create["role_code"]["description"] = ROLE_CODE_DESCRIPTION


def documented_openapi(app: FastAPI) -> dict[str, Any]:
    """``app``'s OpenAPI document with its error responses (built once, then cached)."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in (
        Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        .pop("$defs", {})
        .items()
    ):
        schemas[name] = schema
    schemas["Problem"] = {
        k: v
        for k, v in Problem.model_json_schema(ref_template="#/components/schemas/{model}").items()
        if k != "$defs"
    }
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    role_codes(schemas)
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(error_statuses(path, method, operation)):
                responses[str(status)] = problem_response(status)
    app.openapi_schema = document
    return document
