"""ASGI middleware: request metrics by route template, and a request id on every request.

Both are plain ASGI (no ``BaseHTTPMiddleware``), so streaming responses pass through
untouched::

    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestContextMiddleware)
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable
from typing import Any

import structlog
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from panelist.observability.metrics import Metrics
from panelist.observability.tracing import name_request_span

UNMATCHED = "unmatched"
"""The route label of requests no route matched (404s of scanners stay one series)."""

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_NAME = REQUEST_ID_HEADER.encode()
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

log = structlog.get_logger("panelist.http")


def route_template(scope: Scope, root_path: str = "") -> str:
    """The matched route's template (``/interviews/{interview_id}``), never the raw path.

    Starlette and FastAPI leave the matched route in ``scope["route"]`` for most routes;
    for the others (a plain Starlette route in FastAPI, a mount) the app's routes are
    matched again, the way the router did.
    """
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        mount_prefix = str(scope.get("root_path", ""))[len(root_path) :]
        return f"{mount_prefix}{path}" or "/"
    routes = getattr(getattr(scope.get("app"), "router", None), "routes", None)
    if routes is None:
        return UNMATCHED
    matched = _match(routes, {**scope, "root_path": root_path}, "")
    return matched or UNMATCHED


def _match(routes: Iterable[Any], scope: Scope, prefix: str) -> str | None:
    for route in routes:
        match, child_scope = route.matches(scope)
        if match is Match.NONE:
            continue
        path = str(getattr(route, "path", ""))
        inner = getattr(route, "routes", None)
        if isinstance(route, Mount) and inner is not None:
            found = _match(inner, {**scope, **child_scope}, prefix + path)
            if found is not None:
                return found
            continue
        return prefix + path or "/"
    return None


class MetricsMiddleware:
    """Counts and times every HTTP request by route template, method and status."""

    def __init__(
        self, app: ASGIApp, metrics: Metrics, exclude: Iterable[str] = ("/metrics",)
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.exclude = frozenset(exclude)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exclude:
            await self.app(scope, receive, send)
            return
        root_path = str(scope.get("root_path", ""))
        method = str(scope["method"])
        status = 500
        started = time.perf_counter()

        route: str | None = None

        async def send_and_record_status(message: Message) -> None:
            nonlocal status, route
            if message["type"] == "http.response.start":
                status = int(message["status"])
                route = route_template(scope, root_path)  # routed by now
                name_request_span(method, route)  # before the span ends with the body
            await send(message)

        in_progress = self.metrics.in_progress(method)
        in_progress.inc()
        try:
            await self.app(scope, receive, send_and_record_status)
        finally:
            in_progress.dec()
            self.metrics.observe_request(
                route or route_template(scope, root_path),
                method,
                status,
                time.perf_counter() - started,
            )


def request_id_from(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a safe token, else a fresh one."""
    for name, value in scope.get("headers", ()):
        if name.lower() == _REQUEST_ID_NAME:
            candidate = str(value.decode("latin-1"))
            if _SAFE_REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Binds a request id to the log context, returns it in X-Request-ID, logs each request."""

    def __init__(
        self,
        app: ASGIApp,
        access_log: bool = True,
        quiet: Iterable[str] = ("/metrics", "/healthz", "/readyz"),
    ) -> None:
        self.app = app
        self.access_log = access_log
        self.quiet = frozenset(quiet)  # polled by machines: logged at debug, not info

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        root_path = str(scope.get("root_path", ""))
        status = 500
        started = time.perf_counter()

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers: list[Any] = list(message.get("headers", []))
                headers.append((_REQUEST_ID_NAME, request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_request_id)
            finally:
                if self.access_log:
                    emit = log.debug if scope["path"] in self.quiet else log.info
                    emit(
                        "request",
                        method=scope["method"],
                        route=route_template(scope, root_path),
                        status=status,
                        duration_ms=round((time.perf_counter() - started) * 1000, 1),
                    )
                # bind_interview() inside the request must not tag the next one.
                structlog.contextvars.unbind_contextvars("interview_id")
