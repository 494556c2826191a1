"""The candidate API, authorised by the invite token alone (no account, no cookie).

``GET .../{token}`` gives the state to resume from; ``POST .../answers`` is idempotent by the
client's ``turn_id``; ``POST .../answers/stream`` does the same and streams the interviewer's
reply as the LLM writes it (server-sent events); ``GET .../stream?after=SEQ`` streams the
interviewer turns after SEQ, word by word. Nothing here carries a score, rubric or flag.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from panelist.interview.state import InterviewState, Speaker, Turn
from panelist.llm.streaming import streaming_to
from panelist.web import candidate_flow
from panelist.web.candidate_view import CandidateView, candidate_json, candidate_state, message
from panelist.web.context import WebContext
from panelist.web.deps import Ctx, context_of
from panelist.web.events import event_stream, events_at_once, sse
from panelist.web.schemas import AnswerCreate, CandidateMessage, CandidateStart, CandidateState

router = APIRouter(prefix="/api/v1/candidate", tags=["candidate"])


def state_response(body: bytes) -> Response:
    """A :class:`CandidateState` already serialised (the routes declare it as their model)."""
    return Response(body, media_type="application/json")


async def open_view(context: WebContext, invite_token: str) -> CandidateView:
    """The candidate's view of the interview the invite opens, with the checks of
    ``candidate_flow.opened``. While the interview has not moved it costs the invite's row
    (on the event loop when ``context.reads_on_loop``) and the kept view; a thread reads the
    interview only when it moved."""
    if not context.reads_on_loop:
        return await run_in_threadpool(candidate_flow.view_of_token, context, invite_token)
    found = candidate_flow.lookup(context, invite_token)
    view = candidate_flow.kept_view(context, found)
    if view is None:
        view = await run_in_threadpool(candidate_flow.view_of, context, found)
    return candidate_flow.opened(found, view)


@router.get(
    "/{invite_token}",
    summary="The interview so far, to show or resume",
    response_model=CandidateState,
)
async def get_state(invite_token: str, request: Request) -> Response:
    """A page polls this (see ``open_view``)."""
    return state_response((await open_view(context_of(request), invite_token)).json())


@router.post("/{invite_token}/start", summary="Consent and start; returns the first turns")
def start(invite_token: str, body: CandidateStart, context: Ctx) -> CandidateState:
    return candidate_state(candidate_flow.start(context, invite_token, consent=body.consent))


@router.post(
    "/{invite_token}/answers",
    summary="Answer; returns the interviewer's next turns",
    response_model=CandidateState,
)
def answer(invite_token: str, body: AnswerCreate, context: Ctx) -> Response:
    state, said = candidate_flow.answer(context, invite_token, body.turn_id, body.text)
    return state_response(candidate_json(state, said))


Piece = tuple[Turn, str]


@router.post(
    "/{invite_token}/answers/stream",
    summary="Answer; the interviewer's reply streams as server-sent events as the LLM writes it",
    response_class=StreamingResponse,
)
async def answer_streamed(invite_token: str, body: AnswerCreate, context: Ctx) -> StreamingResponse:
    """``turn`` and ``delta`` events while the LLM phrases each turn, ``done`` with each
    turn's final text (the template's when the LLM's was refused), then ``end`` with the
    candidate's state. A refusal before anything was said is an ordinary problem response."""
    loop = asyncio.get_running_loop()
    pieces: asyncio.Queue[Piece | None] = asyncio.Queue()

    def sink(turn: Turn, text: str) -> None:
        loop.call_soon_threadsafe(pieces.put_nowait, (turn, text))

    def work() -> tuple[InterviewState, list[Turn]]:
        with streaming_to(sink):
            return candidate_flow.answer(context, invite_token, body.turn_id, body.text)

    task = asyncio.ensure_future(run_in_threadpool(work))
    task.add_done_callback(lambda _: pieces.put_nowait(None))
    first = await pieces.get()
    if first is None:
        task.result()  # raises the problem (404, 409 ...) before any byte is sent
    return event_stream(_streamed_reply(first, pieces, task))


async def _streamed_reply(
    first: Piece | None,
    pieces: asyncio.Queue[Piece | None],
    task: asyncio.Future[tuple[InterviewState, list[Turn]]],
) -> AsyncIterator[str]:
    opened: set[str] = set()
    item = first
    while item is not None:
        turn, text = item
        if turn.id not in opened:
            opened.add(turn.id)
            yield sse("turn", {**message(turn).model_dump(mode="json"), "text": ""})
        yield sse("delta", {"id": turn.id, "text": text})
        item = await pieces.get()
    try:
        state, said = await task
    except Exception as exc:  # the answer is stored; the candidate reloads to see the reply
        yield sse("failed", {"detail": str(exc) or "The reply could not be produced."})
        return
    for turn in said:
        yield sse("done", message(turn).model_dump(mode="json"))
    yield sse("end", candidate_state(state, said).model_dump(mode="json"))


@router.post("/{invite_token}/skip", summary="Skip the current question")
def skip(invite_token: str, context: Ctx) -> CandidateState:
    state, said = candidate_flow.skip(context, invite_token)
    return candidate_state(state, said)


async def turn_events(
    messages: Sequence[CandidateMessage], status: str, delay: float
) -> AsyncIterator[str]:
    """``turn`` (start), ``delta`` per word, ``done`` (whole text) per message, then ``end``."""
    for shown in messages:
        opened = shown.model_dump(mode="json")
        yield sse("turn", {**opened, "text": ""})
        words = shown.text.split(" ")
        for index, word in enumerate(words):
            yield sse("delta", {"id": shown.id, "text": word if index == 0 else " " + word})
            if delay:
                await asyncio.sleep(delay)
        yield sse("done", opened)
    yield sse("end", {"status": status})


@router.get(
    "/{invite_token}/stream",
    summary="Interviewer turns after `after` as server-sent events, word by word",
    response_class=StreamingResponse,
)
async def stream(
    invite_token: str, request: Request, after: int = Query(default=-1, ge=-1)
) -> Response:
    """Read as the state is (``open_view``): a page asking for what is new since ``after``
    while nothing is costs the invite's row and the kept view, no read of the interview, and
    gets its ``end`` as one body."""
    context = context_of(request)
    view = await open_view(context, invite_token)
    said = [m for m in view.messages if m.seq > after and m.speaker == Speaker.INTERVIEWER.value]
    if not said:
        return events_at_once(sse("end", {"status": view.status.value}))
    return event_stream(turn_events(said, view.status.value, context.stream_delay_seconds))
