"""The recruiter's login and logout pages (session cookie; CSRF token on every form)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from panelist.errors import AuthError
from panelist.web.deps import CsrfChecked, Ctx
from panelist.web.problems import ApiProblem
from panelist.web.routes.api_auth import authenticate, client_ip, session_ttl
from panelist.web.sessions import new_session_id
from panelist.web.templating import page

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect a signed-in recruiter to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/dashboard"


@router.get("/login")
def login_page(request: Request, context: Ctx, next: str | None = None) -> Response:
    return page(request, context, "login.html", next=_safe_next(next), error=None, email="")


@router.post("/login")
def login(
    request: Request,
    context: Ctx,
    _csrf: CsrfChecked,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    try:
        user = authenticate(context, email, password, client_ip(request))
    except AuthError as exc:
        return page(
            request, context, "login.html", 401, next=_safe_next(next), error=str(exc), email=email
        )
    except ApiProblem as exc:
        return page(
            request,
            context,
            "login.html",
            exc.status,
            exc.headers,
            next=_safe_next(next),
            error=exc.detail,
            email=email,
        )
    secret = context.database.sessions.open(user.id, "browser", ttl=session_ttl(context))
    request.session.clear()  # a new session id on sign-in (no session fixation)
    request.session.update({"sid": new_session_id(), "auth": secret, "uid": user.id})
    target = _safe_next(next)
    if user.role == "compliance" and target == "/dashboard":  # it reviews no interview
        target = "/compliance"
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, context: Ctx, _csrf: CsrfChecked) -> Response:
    """Ends the session on the server too: a copy of the cookie no longer signs anyone in."""
    secret = request.session.get("auth")
    if isinstance(secret, str):
        context.database.sessions.revoke(secret)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
