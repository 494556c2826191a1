"""A signed-cookie session (pure ASGI): ``request.session`` is a dict kept in the cookie.

The cookie is HttpOnly, SameSite=Lax, Secure when ``Settings.secure_cookies``, and signed
with the app's secret key; it expires after ``max_age`` seconds. It only *carries* the sign-in:
``session["auth"]`` is the secret of a server-side session (``Database.sessions``), which
``deps.get_page_user`` checks on every request, so sign-out and revocation end it at once.
``session["sid"]`` binds the CSRF tokens.
"""

from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from panelist.web.security import Signer

COOKIE_NAME = "panelist_session"
SESSION_MAX_AGE = 12 * 3600
PURPOSE = "session"


def new_session_id() -> str:
    return secrets.token_urlsafe(18)


class SessionMiddleware:
    def __init__(
        self, app: ASGIApp, signer: Signer, *, secure: bool, max_age: int = SESSION_MAX_AGE
    ) -> None:
        self.app = app
        self.signer = signer
        self.secure = secure
        self.max_age = max_age

    def _load(self, scope: Scope) -> dict[str, Any]:
        if not any(name == b"cookie" for name, _ in scope.get("headers", ())):
            return {}  # an API client: nothing to parse
        raw = HTTPConnection(scope).cookies.get(COOKIE_NAME)
        if not raw:
            return {}
        payload = self.signer.unsign(PURPOSE, raw, max_age=self.max_age)
        if payload is None:
            return {}
        payload.pop("iat", None)
        return payload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        initial = self._load(scope)
        scope["session"] = dict(initial)
        snapshot = json.dumps(initial, sort_keys=True) if initial else ""

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session: dict[str, Any] = scope["session"]
                if (json.dumps(session, sort_keys=True) if session else "") != snapshot:
                    headers = MutableHeaders(scope=message)
                    headers.append("set-cookie", self._cookie(session))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, session: dict[str, Any]) -> str:
        cookie: SimpleCookie = SimpleCookie()
        if session:
            cookie[COOKIE_NAME] = self.signer.sign(PURPOSE, session)
            cookie[COOKIE_NAME]["max-age"] = self.max_age
        else:
            cookie[COOKIE_NAME] = ""
            cookie[COOKIE_NAME]["max-age"] = 0
        morsel = cookie[COOKIE_NAME]
        morsel["path"] = "/"
        morsel["httponly"] = True
        morsel["samesite"] = "Lax"
        if self.secure:
            morsel["secure"] = True
        return morsel.OutputString()


def session_id(session: dict[str, Any]) -> str:
    """The session's id, created on first use (CSRF tokens are bound to it)."""
    sid = session.get("sid")
    if not isinstance(sid, str):
        sid = new_session_id()
        session["sid"] = sid
    return sid
