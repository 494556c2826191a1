"""``POST /api/v1/auth/login`` and ``/logout``: revocable bearer tokens for API clients (pages
use the session cookie). A token is an opaque secret; only its SHA-256 is stored."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response

from panelist.errors import AuthError
from panelist.storage import User
from panelist.web.context import WebContext
from panelist.web.deps import ApiToken, ApiUser, Ctx
from panelist.web.problems import ApiProblem
from panelist.web.schemas import LoginRequest, TokenResponse

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


def client_ip(request: Request) -> str:
    """The socket's peer: uvicorn replaces it from X-Forwarded-For only for trusted proxies."""
    return request.client.host if request.client else "unknown"


def session_ttl(context: WebContext) -> timedelta:
    return timedelta(hours=context.settings.session_hours)


def authenticate(context: WebContext, email: str, password: str, ip: str) -> User:
    """Check the credentials under the per email+IP rate limit; counts login metrics."""
    wait = context.limiter.attempt(email, ip)
    if wait is not None:
        context.metrics.login("failure")
        raise ApiProblem(
            429,
            "Too many login attempts",
            f"Too many failed sign-ins for this email from your address: wait {wait} seconds "
            "and try again, or ask an admin to reset the password.",
            slug="rate-limited",
            headers={"Retry-After": str(wait)},
        )
    try:
        user = context.database.accounts.authenticate(email, password)
    except AuthError:
        context.metrics.login("failure")
        raise
    except Exception:
        context.metrics.login("error")
        raise
    context.limiter.succeeded(email, ip)
    context.metrics.login("success")
    context.database.audit.record(user.email, "user.login", user.id, {"ip": ip})
    return user


@router.post("/login", summary="Exchange email and password for a bearer token")
def login(body: LoginRequest, request: Request, context: Ctx) -> TokenResponse:
    user = authenticate(context, body.email, body.password, client_ip(request))
    ttl = session_ttl(context)
    token = context.database.sessions.open(user.id, "api", ttl=ttl)
    return TokenResponse(access_token=token, expires_in=int(ttl.total_seconds()))


@router.post(
    "/logout",
    status_code=204,
    response_class=Response,
    summary="End this bearer token now (it stops working at once)",
)
def logout(token: ApiToken, _user: ApiUser, context: Ctx) -> Response:
    context.database.sessions.revoke(token)
    return Response(status_code=204)
