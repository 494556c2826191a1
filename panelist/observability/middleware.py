"""The one ASGI middleware every request goes through: its request id, access log line,
metrics by route template, span name and the headers every response carries.

One plain ASGI layer (no ``BaseHTTPMiddleware``, so streaming responses pass through
untouched) wrapping ``send`` once: each layer of its own cost a coroutine frame, a closure
and a pass over the response's headers per request (benchmarks/results/middleware.md)::

    app.add_middleware(ObservedRequests, metrics=metrics, response_headers=headers_for)
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import structlog
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from panelist.observability.logs import request_logger
from panelist.observability.metrics import Metrics
from panelist.observability.tracing import name_request_span

UNMATCHED = "unmatched"
"""The route label of requests no route matched (404s of scanners stay one series)."""

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_NAME = REQUEST_ID_HEADER.encode()
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

Header = tuple[bytes, bytes]
ResponseHeaders = Callable[[Scope], Sequence[Header]]
"""The headers a response gets unless it set them itself, for a request's scope."""


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


def new_request_id() -> str:
    """A fresh request id: a random UUID (version 4) as 32 hex digits, like ``uuid4().hex``
    without building a ``UUID`` object."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return raw.hex()


def request_id_from(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a safe token, else a fresh one."""
    for name, value in scope.get("headers", ()):
        if name.lower() == _REQUEST_ID_NAME:
            candidate = str(value.decode("latin-1"))
            if _SAFE_REQUEST_ID.match(candidate):
                return candidate
    return new_request_id()


def with_headers(headers: Iterable[Header], added: Sequence[Header]) -> list[Header]:
    """``headers`` and each of ``added`` whose name they do not have already."""
    merged = list(headers)
    if added:
        present = {name.lower() for name, _ in merged}
        merged += [header for header in added if header[0] not in present]
    return merged


class ObservedRequests:
    """Per HTTP request: a request id bound to the log context and returned in X-Request-ID,
    the request counted and timed by route template, method and status (not ``exclude``,
    /metrics itself), the tracing span named by the route template, one access log line
    (at debug for the ``quiet`` paths machines poll), and ``response_headers``.

    ``metrics=None`` counts nothing (an app that only wants the logs); ``access_log=False``
    writes no access line."""

    def __init__(
        self,
        app: ASGIApp,
        metrics: Metrics | None = None,
        *,
        response_headers: ResponseHeaders | None = None,
        access_log: bool = True,
        quiet: Iterable[str] = ("/metrics", "/healthz", "/readyz"),
        exclude: Iterable[str] = ("/metrics",),
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.response_headers = response_headers
        self.access_log = access_log
        self.quiet = frozenset(quiet)  # polled by machines: logged at debug, not info
        self.exclude = frozenset(exclude)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        root_path = str(scope.get("root_path", ""))
        method = str(scope["method"])
        path = str(scope["path"])
        added = self.response_headers(scope) if self.response_headers is not None else ()
        id_header = (_REQUEST_ID_NAME, request_id.encode())
        status = 500
        route: str | None = None

        async def observed_send(message: Message) -> None:
            nonlocal status, route
            if message["type"] == "http.response.start":
                status = int(message["status"])
                route = route_template(scope, root_path)  # routed by now
                name_request_span(method, route)  # before the span ends with the body
                headers = with_headers(message.get("headers", ()), added)
                headers.append(id_header)
                message["headers"] = headers  # a new list: the response's own is left alone
            await send(message)

        metrics = self.metrics if path not in self.exclude else None
        in_progress = metrics.in_progress(method) if metrics is not None else None
        if in_progress is not None:
            in_progress.inc()
        tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter_ns()
        try:
            await self.app(scope, receive, observed_send)
        finally:
            elapsed = time.perf_counter_ns() - started
            if route is None:
                route = route_template(scope, root_path)
            if in_progress is not None and metrics is not None:
                in_progress.dec()
                metrics.observe_request(route, method, status, elapsed / 1e9)
            if self.access_log:
                log = request_logger()
                emit = log.debug if path in self.quiet else log.info
                emit(
                    "request",
                    method=method,
                    route=route,
                    status=status,
                    duration_ms=round(elapsed / 1e6, 1),
                )
            structlog.contextvars.reset_contextvars(**tokens)
            # bind_interview() inside the request must not tag the next one.
            structlog.contextvars.unbind_contextvars("interview_id")
