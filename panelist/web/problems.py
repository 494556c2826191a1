"""RFC 9457 problem details for the API; friendly HTML error pages for the rest.

Every PanelistError maps to a status (NotFoundError 404, AuthError 401, InterviewError 409,
...); ``detail`` is the error's own message, which says how to fix it. Unexpected errors are
a 500 whose body never carries the exception text.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from panelist.errors import (
    AuthError,
    CatalogError,
    ConfigurationError,
    InterviewError,
    MissingExtraError,
    NotFoundError,
    PanelistError,
    ReportError,
    StorageError,
)
from panelist.storage import ConcurrentUpdateError

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TYPE_BASE = "https://panelist.dev/problems/"
LONG_WORD = re.compile(r"\S{81,}")  # no id or token panelist issues is this long


class InvalidInput(StarletteHTTPException):
    """A 422 raised while the body streams in (a NUL in a form): answered like a schema error."""

    def __init__(self, loc: list[str], msg: str) -> None:
        super().__init__(422, msg)
        self.loc = loc
        self.msg = msg


def clip(detail: str) -> str:
    """``detail`` with any very long word cut short, so a 100 KB id is never echoed back."""
    return LONG_WORD.sub(lambda m: m.group(0)[:24] + "…", detail)


def route_template(request: Request) -> str | None:
    """The matched route's template (``/api/v1/candidate/{invite_token}``): never the token."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else None


class LoginRequired(Exception):
    """A page needs a signed-in recruiter: redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class ApiProblem(Exception):
    """An API error with its own status (e.g. 429 with Retry-After, 410 for a used invite)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.slug = slug or title.lower().replace(" ", "-")
        self.headers = headers or {}


STATUS_OF: tuple[tuple[type[PanelistError], int, str], ...] = (
    (NotFoundError, 404, "Not found"),
    (ConcurrentUpdateError, 409, "Conflict"),
    (AuthError, 401, "Not authorised"),
    (InterviewError, 409, "Interview state conflict"),
    (CatalogError, 422, "Unknown catalog entry"),
    (ReportError, 422, "Report not available"),
    (MissingExtraError, 501, "Not available on this install"),
    (ConfigurationError, 422, "Invalid request"),
    (StorageError, 422, "Invalid request"),
)


def status_of(exc: PanelistError) -> tuple[int, str]:
    for kind, status, title in STATUS_OF:
        if isinstance(exc, kind):
            return status, title
    return 400, "Bad request"


def allowed_methods(request: Request) -> list[str]:
    """The methods some route serves at this request's path (for a 405's Allow header)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    *,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    detail = clip(detail)
    if not is_api(request):
        return HTMLResponse(_page(status, title, detail), status_code=status, headers=headers)
    body: dict[str, Any] = {
        "type": TYPE_BASE + (slug or title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail,
        **(extra or {}),
    }
    if (template := route_template(request)) is not None:
        body["instance"] = template
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _page(status: int, title: str, detail: str) -> str:
    from html import escape

    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{status} {escape(title)}</title>"
        '<link rel="stylesheet" href="/static/app.css"></head><body><main class="narrow">'
        f"<h1>{escape(title)}</h1><p>{escape(detail)}</p>"
        '<p><a href="/">Back to the start page</a></p></main></body></html>'
    )


def install_handlers(app: FastAPI) -> None:
    async def on_panelist(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PanelistError)
        status, title = status_of(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 and is_api(request) else None
        return problem(request, status, title, str(exc), headers=headers)

    async def on_api_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        return problem(
            request, exc.status, exc.title, exc.detail, slug=exc.slug, headers=exc.headers
        )

    def invalid(request: Request, errors: list[dict[str, Any]]) -> Response:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        detail = f"The request does not have the expected fields: {where}. Fix them and retry."
        return problem(
            request, 422, "Invalid request", detail, slug="validation", extra={"errors": errors}
        )

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"loc": list(e.get("loc", ())), "msg": clip(str(e.get("msg", "")))}
            for e in exc.errors()
        ]
        return invalid(request, errors)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if isinstance(exc, InvalidInput):
            return invalid(request, [{"loc": exc.loc, "msg": exc.msg}])
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            msg = "The body is not valid UTF-8: send JSON encoded as UTF-8"
            return invalid(request, [{"loc": ["body"], "msg": msg}])
        title = {
            404: "Not found",
            405: "Method not allowed",
            413: "Request too large",
        }.get(exc.status_code, "Error")
        detail = str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"There is nothing at {request.url.path}: check the address."
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405:  # every method of the path, not just the matched route's
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
        return problem(request, exc.status_code, title, detail, headers=headers)

    async def on_login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        where = route_template(request) or "an unmatched path"  # never the path: it has tokens
        log.exception("unhandled error on %s %s", request.method, where)
        return problem(
            request,
            500,
            "Internal server error",
            "Something went wrong on our side and nothing was changed by it; retry in a "
            "moment, and if it keeps failing tell the operator the request id.",
            slug="internal",
        )

    app.add_exception_handler(PanelistError, on_panelist)
    app.add_exception_handler(ApiProblem, on_api_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_exception_handler(Exception, on_unexpected)
