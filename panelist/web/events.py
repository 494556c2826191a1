"""Server-sent events: the wire format, and the response that carries them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi.responses import Response, StreamingResponse

KEEP_ALIVE = ": keep-alive\n\n"  # a comment line: keeps proxies from closing an idle stream


def sse(event: str, data: object) -> str:
    """One event; ``data`` as JSON on one line (so HTML with newlines travels safely)."""
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


def event_stream(events: AsyncIterator[str]) -> StreamingResponse:
    """An unbuffered, uncached ``text/event-stream`` response."""
    return StreamingResponse(events, media_type="text/event-stream", headers=HEADERS)


def events_at_once(events: str) -> Response:
    """The same response for a stream whose every event is known already (a poll that finds
    nothing new: only ``end``), sent as one body: a StreamingResponse costs a task group and
    a disconnect listener per request, more than the poll's own work."""
    return Response(events, media_type="text/event-stream", headers=HEADERS)
