"""The recruiter's live transcript: the transcript fragment again each time the interview moves.

Every ``live_poll_seconds`` the stream reads the interview row's version: one column by primary
key, outside any transaction (``change_marker``: panelist.storage.quick; on the event loop on
SQLite), so it sees answers written by any worker or replica. Only when the version moved does
it read the interview and render the fragment, and only a fragment that differs from the last
one sent is sent (a job's final score moves the version but not what the fragment shows). An
open page that nothing happens on costs one tiny read a second. It ends with ``end`` once the
interview has finished, when the browser goes away, or after ``MAX_SECONDS`` (the browser's
EventSource reconnects).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from panelist.errors import NotFoundError
from panelist.storage import User
from panelist.web.context import WebContext
from panelist.web.events import KEEP_ALIVE, sse
from panelist.web.reviews import interview_for
from panelist.web.templating import render

MAX_SECONDS = 30 * 60
KEEP_ALIVE_SECONDS = 15.0


async def transcript_events(
    request: Request, context: WebContext, user: User, interview_id: str
) -> AsyncIterator[str]:
    """``transcript`` events ({status, html}) on every change, then ``end`` ({status})."""
    started = quiet_since = time.monotonic()
    sent: str | None = None
    seen: int | None = None
    while time.monotonic() - started < MAX_SECONDS:
        try:
            version = await context.quick_read(
                context.database.interviews.change_marker, interview_id
            )
            if version != seen:
                state = await run_in_threadpool(interview_for, context, user, interview_id)
                seen = version
                html = render(request, context, "_transcript.html", state=state)
        except NotFoundError:  # deleted while watched
            yield sse("end", {"status": "deleted"})
            return
        if html != sent:
            sent = html
            yield sse("transcript", {"status": state.status.value, "html": html})
            quiet_since = time.monotonic()
        if state.finished:
            yield sse("end", {"status": state.status.value})
            return
        if time.monotonic() - quiet_since >= KEEP_ALIVE_SECONDS:
            yield KEEP_ALIVE
            quiet_since = time.monotonic()
        await asyncio.sleep(context.live_poll_seconds)
        if await request.is_disconnected():
            return
