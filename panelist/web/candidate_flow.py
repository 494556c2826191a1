"""The candidate's side, authorised by the invite token alone: open, consent, answer, skip.

Everything goes through :class:`~panelist.service.interviews.InterviewService`; this module
only checks the token, counts the funnel metrics and uses the token up when the interview ends.
"""

from __future__ import annotations

import time

from panelist.errors import AuthError, InterviewError
from panelist.interview.state import InterviewState, Status, Turn
from panelist.observability import bind_interview
from panelist.web.context import WebContext
from panelist.web.problems import ApiProblem


def interview_of_token(context: WebContext, token: str) -> InterviewState:
    """The interview an invite opens; 404 for an unknown token, 410 for a used or expired one."""
    try:
        interview_id = context.database.invites.peek(token)
    except AuthError as exc:
        unknown = "not valid" in exc.message
        raise ApiProblem(
            404 if unknown else 410,
            "Invite not found" if unknown else "Invite no longer valid",
            str(exc),
            slug="invite-unknown" if unknown else "invite-used-or-expired",
        ) from exc
    bind_interview(interview_id)
    return context.database.interviews.get(interview_id)


def _family_and_level(state: InterviewState) -> tuple[str, str]:
    return state.role_code.rsplit(".", 1)[0], state.level


def start(context: WebContext, token: str, *, consent: bool) -> InterviewState:
    """Begin the interview once the candidate has consented (idempotent)."""
    if not consent:
        raise ApiProblem(
            422,
            "Consent needed",
            "The interview starts only after you agree that your answers are recorded, scored "
            "by software and reviewed by a person: tick the box to go on.",
            slug="consent",
        )
    state = interview_of_token(context, token)
    if state.status is Status.CREATED:
        opened = time.perf_counter()
        context.service().start(state.id)
        context.metrics.observe_first_turn(time.perf_counter() - opened)
        context.metrics.interview_event("started", *_family_and_level(state))
    return context.database.interviews.get(state.id)


def _require_running(state: InterviewState) -> None:
    if state.status in (Status.COMPLETED, Status.ABANDONED):
        raise ApiProblem(
            409,
            "Interview ended",
            "This interview has ended, so this answer was not recorded; the answers you gave "
            "before are saved. Thank you for your time.",
            slug="interview-ended",
        )
    if state.status is Status.CREATED:
        raise InterviewError(
            "The interview has not started yet.",
            hint="Open the invite link and agree to start it first.",
        )


def answer(
    context: WebContext, token: str, turn_id: str, text: str
) -> tuple[InterviewState, list[Turn]]:
    state = interview_of_token(context, token)
    if not any(t.id == turn_id for t in state.turns):  # a retry of a stored answer is replayed
        _require_running(state)
    said = context.service().submit(state.id, turn_id, text)
    return _after(context, token, state), said


def skip(context: WebContext, token: str) -> tuple[InterviewState, list[Turn]]:
    state = interview_of_token(context, token)
    _require_running(state)
    said = context.service().skip(state.id)
    return _after(context, token, state), said


def _after(context: WebContext, token: str, before: InterviewState) -> InterviewState:
    """The new state; when the interview just ended, count it and use the invite up."""
    state = context.database.interviews.get(before.id)
    if before.status is Status.IN_PROGRESS and state.status is not Status.IN_PROGRESS:
        event = "completed" if state.status is Status.COMPLETED else "abandoned"
        context.metrics.interview_event(event, *_family_and_level(state))
        context.database.invites.redeem(token)
    return state
