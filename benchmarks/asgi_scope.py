"""The HTTP scope uvicorn's httptools protocol hands an ASGI app, for benchmarks that call the
app in process (route_cost.py, middleware.py) with no server and no client in the time."""

from __future__ import annotations

from typing import Any

Scope = dict[str, Any]
Header = tuple[bytes, bytes]


def http_scope(
    method: str, path: str, *, query: str = "", headers: list[Header] | None = None
) -> Scope:
    """``method path?query`` from 127.0.0.1 with ``headers`` (copied, so a caller may reuse
    its list)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "scheme": "http",
        "method": method,
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": list(headers or []),
        "state": {},
    }
