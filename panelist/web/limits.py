"""Request limits checked before a handler sees the request (pure ASGI).

- A body larger than ``max_bytes`` is refused with 413: at once when Content-Length says so,
  otherwise as soon as the streamed chunks pass the limit (the body is never read whole).
- A NUL character in the path, the query string or a form body is refused with 422: no
  database stores it the same way (PostgreSQL refuses it, SQLite keeps it raw), so no text
  with one gets in. JSON bodies are checked field by field by the schemas.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from panelist.web.problems import InvalidInput, problem

NUL_DETAIL = "contains a NUL character (\\u0000), which panelist does not store: remove it."


def too_large(max_bytes: int) -> HTTPException:
    return HTTPException(
        413,
        f"The request body is larger than {max_bytes} bytes, the limit this server accepts: "
        "send less (an answer is at most 20,000 characters).",
    )


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = _nul_in_address(scope)
        if where is not None:
            detail = f"The {where} {NUL_DETAIL}"
            response = problem(
                Request(scope), 422, "Invalid request", detail, slug="validation",
                extra={"errors": [{"loc": [where], "msg": NUL_DETAIL}]},
            )  # fmt: skip
            await response(scope, receive, send)
            return
        declared, kind = _body_headers(scope)
        if declared.isdigit() and int(declared) > self.max_bytes:
            error = too_large(self.max_bytes)
            response = problem(Request(scope), 413, "Request too large", str(error.detail))
            await response(scope, receive, send)
            return
        form = kind.startswith(b"application/x-www-form-urlencoded")
        await self.app(scope, self._counting(receive, form=form), send)

    def _counting(self, receive: Receive, *, form: bool) -> Receive:
        seen = 0
        tail = b""

        async def counted() -> Message:
            nonlocal seen, tail
            message = await receive()
            if message["type"] == "http.request":
                chunk: bytes = message.get("body", b"")
                seen += len(chunk)
                if seen > self.max_bytes:
                    raise too_large(self.max_bytes)
                if form:
                    window = (tail + chunk).lower()
                    if b"%00" in window or b"\x00" in window:
                        raise InvalidInput(["body"], f"The form {NUL_DETAIL}")
                    tail = window[-2:]
            return message

        return counted


def _body_headers(scope: Scope) -> tuple[bytes, bytes]:
    """The request's Content-Length and Content-Type (empty when absent), as sent."""
    length = kind = b""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            length = length or value
        elif name == b"content-type":
            kind = kind or value
    return length, kind


def _nul_in_address(scope: Scope) -> str | None:
    if "\x00" in scope.get("path", ""):
        return "path"
    query: bytes = scope.get("query_string", b"")
    if b"\x00" in query or b"%00" in query:  # what unquoting would turn into a NUL
        return "query"
    return None
