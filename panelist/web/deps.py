"""FastAPI dependencies as ``Annotated`` aliases: ``Ctx``, ``ApiUser``, ``ApiToken``,
``PageUser``, ``CsrfChecked``. Both kinds of sign-in are server-side sessions
(``Database.sessions``): the bearer token, or the ``auth`` secret in the session cookie."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from panelist.errors import AuthError
from panelist.storage import User
from panelist.web.context import WebContext
from panelist.web.problems import ApiProblem, LoginRequired
from panelist.web.sessions import session_id

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/login.")


def context_of(request: Request) -> WebContext:
    """The app's context. The routes every open page polls take ``request`` and call this
    instead of depending on ``Ctx``: FastAPI's solving of a sub-dependency cost more than the
    route's own work."""
    context = request.app.state.context
    assert isinstance(context, WebContext)
    return context


async def get_context(request: Request) -> WebContext:
    """The app's context. ``async``: a plain attribute read, so FastAPI runs it on the event
    loop instead of handing it to the thread pool (a thread hop on every request)."""
    return context_of(request)


Ctx = Annotated[WebContext, Depends(get_context)]


async def get_api_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None:
        raise AuthError(
            "This endpoint needs a recruiter's token.",
            hint="Get one from POST /api/v1/auth/login and send 'Authorization: Bearer TOKEN'.",
        )
    return credentials.credentials


ApiToken = Annotated[str, Depends(get_api_token)]


async def get_api_user(context: Ctx, token: ApiToken) -> User:
    """The token's user: one indexed read, on the loop where that is cheaper than a thread
    hop (``WebContext.quick_read``), as every recruiter API request makes it."""
    user = await context.quick_read(context.database.sessions.user_of, token, "api")
    if user is None:
        raise AuthError(
            "The token is not valid, has expired or was revoked (signed out, password "
            "changed or account disabled).",
            hint="Sign in again with POST /api/v1/auth/login.",
        )
    return user


async def page_session_user(request: Request, context: WebContext) -> User | None:
    """The user of the browser's live session, if it has one."""
    secret = request.session.get("auth")
    if not isinstance(secret, str):
        return None
    return await context.quick_read(context.database.sessions.user_of, secret, "browser")


async def get_page_user(request: Request, context: Ctx) -> User:
    user = await page_session_user(request, context)
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return user


ApiUser = Annotated[User, Depends(get_api_user)]
PageUser = Annotated[User, Depends(get_page_user)]


def check_csrf(
    request: Request, context: Ctx, csrf_token: Annotated[str | None, Form()] = None
) -> None:
    """Every form POST carries the CSRF token bound to the visitor's session."""
    sid = request.session.get("sid")
    if not context.signer.check_csrf(sid if isinstance(sid, str) else None, csrf_token):
        raise ApiProblem(
            403,
            "Form expired",
            "This form is out of date or did not come from panelist: reload the page and "
            "submit it again.",
            slug="csrf",
        )


CsrfChecked = Annotated[None, Depends(check_csrf)]


def organisation_scope(user: User) -> str | None:
    """The organisation whose interviews ``user`` sees (None: an admin without one sees all)."""
    if user.role == "compliance":  # it reads self-identification: kept from every review
        raise ApiProblem(
            403,
            "Compliance accounts review nothing",
            "A compliance account reads candidates' self-identification, so it never sees, "
            "scores or signs off interviews: use the bias audit (GET /api/v1/compliance/bias), "
            "or a recruiter account to review.",
            slug="compliance-reviews-nothing",
        )
    if user.organisation_id is None and user.role != "admin":
        raise ApiProblem(
            403,
            "No organisation",
            "Your account belongs to no organisation, so it can see no interviews: ask an "
            "admin to recreate it with `panelist users create EMAIL --role recruiter --org NAME`.",
            slug="no-organisation",
        )
    return user.organisation_id


def template_context(request: Request, context: WebContext, **values: Any) -> dict[str, Any]:
    """What every page template gets: the CSRF token of this session and the settings."""
    return {
        "csrf_token": context.signer.csrf_token(session_id(request.session)),
        "company": context.settings.company_name,
        "interviewer": context.settings.interviewer_name,
        **values,
    }
