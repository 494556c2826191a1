"""The candidate API, authorised by the invite token alone (no account, no cookie).

``GET .../{token}`` gives the state to resume from; ``POST .../answers`` is idempotent by the
client's ``turn_id``; ``GET .../stream?after=SEQ`` streams the interviewer turns after SEQ as
server-sent events, word by word. Nothing here carries a score, rubric or flag.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from panelist.interview.state import Speaker, Turn
from panelist.web import candidate_flow
from panelist.web.candidate_view import candidate_state, message
from panelist.web.context import WebContext
from panelist.web.deps import Ctx
from panelist.web.events import event_stream, sse
from panelist.web.schemas import AnswerCreate, CandidateStart, CandidateState

router = APIRouter(prefix="/api/v1/candidate", tags=["candidate"])


@router.get("/{invite_token}", summary="The interview so far, to show or resume")
def get_state(invite_token: str, context: Ctx) -> CandidateState:
    return candidate_state(candidate_flow.interview_of_token(context, invite_token))


@router.post("/{invite_token}/start", summary="Consent and start; returns the first turns")
def start(invite_token: str, body: CandidateStart, context: Ctx) -> CandidateState:
    return candidate_state(candidate_flow.start(context, invite_token, consent=body.consent))


@router.post("/{invite_token}/answers", summary="Answer; returns the interviewer's next turns")
def answer(invite_token: str, body: AnswerCreate, context: Ctx) -> CandidateState:
    state, said = candidate_flow.answer(context, invite_token, body.turn_id, body.text)
    return candidate_state(state, said)


@router.post("/{invite_token}/skip", summary="Skip the current question")
def skip(invite_token: str, context: Ctx) -> CandidateState:
    state, said = candidate_flow.skip(context, invite_token)
    return candidate_state(state, said)


async def turn_events(turns: list[Turn], status: str, delay: float) -> AsyncIterator[str]:
    """``turn`` (start), ``delta`` per word, ``done`` (whole text) per turn, then ``end``."""
    for turn in turns:
        shown = message(turn).model_dump(mode="json")
        yield sse("turn", {**shown, "text": ""})
        words = turn.text.split(" ")
        for index, word in enumerate(words):
            yield sse("delta", {"id": turn.id, "text": word if index == 0 else " " + word})
            if delay:
                await asyncio.sleep(delay)
        yield sse("done", shown)
    yield sse("end", {"status": status})


@router.get(
    "/{invite_token}/stream",
    summary="Interviewer turns after `after` as server-sent events, word by word",
    response_class=StreamingResponse,
)
async def stream(
    invite_token: str, context: Ctx, after: int = Query(default=-1, ge=-1)
) -> StreamingResponse:
    state = await run_in_threadpool(candidate_flow.interview_of_token, context, invite_token)
    turns = [t for t in state.turns if t.seq > after and t.speaker is Speaker.INTERVIEWER]
    return _event_stream(context, turns, state.status.value)


def _event_stream(context: WebContext, turns: list[Turn], status: str) -> StreamingResponse:
    return event_stream(turn_events(turns, status, context.stream_delay_seconds))
