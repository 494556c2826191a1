"""``POST /api/v1/auth/login``: a bearer token for API clients (pages use the session cookie)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from panelist.errors import AuthError
from panelist.storage import User
from panelist.web.context import WebContext
from panelist.web.deps import API_TOKEN_MAX_AGE, API_TOKEN_PURPOSE, Ctx
from panelist.web.problems import ApiProblem
from panelist.web.schemas import LoginRequest, TokenResponse

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def authenticate(context: WebContext, email: str, password: str, ip: str) -> User:
    """Check the credentials under the per email+IP rate limit; counts login metrics."""
    wait = context.limiter.retry_after(email, ip)
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
        context.limiter.failed(email, ip)
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
    token = context.signer.sign(API_TOKEN_PURPOSE, {"uid": user.id})
    return TokenResponse(access_token=token, expires_in=API_TOKEN_MAX_AGE)
