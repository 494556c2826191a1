"""Candidate pages: the invite (what to expect, consent) and the chat. No account needed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from panelist.interview.state import Status
from panelist.llm.phraser import LLMPhraser
from panelist.web import candidate_flow
from panelist.web.candidate_view import progress
from panelist.web.deps import CsrfChecked, Ctx
from panelist.web.rights import SELF_ID_OPTIONS, candidate_notice
from panelist.web.schemas import MAX_ANSWER_CHARS
from panelist.web.templating import page

router = APIRouter(include_in_schema=False)


@router.get("/i/{invite_token}")
def invite(request: Request, context: Ctx, invite_token: str) -> Response:
    state = candidate_flow.interview_of_token(context, invite_token, ended_ok=True)
    if state.status is not Status.CREATED:
        return RedirectResponse(f"/i/{invite_token}/chat", status_code=303)
    role = context.catalog_for(state).roles.get(state.role_code)
    return page(
        request,
        context,
        "invite.html",
        state=state,
        token=invite_token,
        title=role.spoken_title if role else state.role_code,
        progress=progress(state),
        notice=candidate_notice(context, state),
        error=None,
    )


@router.post("/i/{invite_token}/start")
def start(
    request: Request,
    context: Ctx,
    _csrf: CsrfChecked,
    invite_token: str,
    consent: Annotated[bool, Form()] = False,
) -> Response:
    candidate_flow.start(context, invite_token, consent=consent)
    return RedirectResponse(f"/i/{invite_token}/chat", status_code=303)


@router.get("/i/{invite_token}/chat")
def chat(request: Request, context: Ctx, invite_token: str) -> Response:
    """The chat; once the interview has finished, the thank-you page (also on a reload)."""
    state = candidate_flow.interview_of_token(context, invite_token, ended_ok=True)
    if state.status is Status.CREATED:
        return RedirectResponse(f"/i/{invite_token}", status_code=303)
    if state.finished:
        return page(
            request,
            context,
            "thank_you.html",
            state=state,
            token=invite_token,
            completed=state.status is Status.COMPLETED,
            self_id=SELF_ID_OPTIONS,
            show_now=True,
        )
    return page(
        request,
        context,
        "chat.html",
        state=state,
        token=invite_token,
        max_chars=MAX_ANSWER_CHARS,
        word_delay=context.stream_delay_seconds,  # a turn the page has whole: at this pace
        self_id=SELF_ID_OPTIONS,
        show_now=False,
        llm_streams=isinstance(context.phraser, LLMPhraser)
        and context.phraser.model.supports_streaming,
    )
