"""The candidate's side, authorised by the invite token alone: open, consent, answer, skip.

Everything goes through :class:`~panelist.service.interviews.InterviewService`; this module
only checks the token, counts the funnel metrics and uses the token up when the interview ends.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from panelist.errors import AuthError, InterviewError, InterviewFinishedError
from panelist.interview.state import InterviewState, Status, Turn
from panelist.observability import bind_interview
from panelist.service.outcome import audit_assessment
from panelist.storage.interviews import stored_version
from panelist.storage.invites import TokenLookup
from panelist.web.candidate_view import CandidateView
from panelist.web.context import WebContext
from panelist.web.problems import ApiProblem
from panelist.web.reviews import report_for


def interview_of_token(
    context: WebContext, token: str, *, ended_ok: bool = False
) -> InterviewState:
    """The interview an invite opens; 404 for an unknown token, 410 for an expired or used one.

    An interview that has ended (completed, or closed by a recruiter) no longer opens through
    the API: 410 ``interview-ended``. ``ended_ok`` lets it through: for an answer (the service
    replays a stored answer and refuses a new one with a 409) and for the candidate's pages,
    which show the thank-you page on a reload instead of an error.
    """
    found = lookup(context, token)
    state = context.database.interviews.get(found.interview_id)
    _check_open(found, state.finished, ended_ok=ended_ok)
    return state


def view_of_token(context: WebContext, token: str) -> CandidateView:
    """What ``GET /api/v1/candidate/{token}`` shows, with the checks of interview_of_token.

    The view of the version the invite lookup read is kept (``context.candidate_views``): a
    poll while nothing changed reads no interview, only the invite's row.
    """
    found = lookup(context, token)
    return opened(found, kept_view(context, found) or view_of(context, found))


def kept_view(context: WebContext, found: TokenLookup) -> CandidateView | None:
    """The view kept for the version ``found`` read, if one is (no read of the interview)."""
    return context.candidate_views.get(found.interview_id, found.version)


def view_of(context: WebContext, found: TokenLookup) -> CandidateView:
    """The view of the stored interview ``found`` names, read and kept for its version."""
    state = context.database.interviews.get(found.interview_id)
    view = CandidateView.of(state)
    version = stored_version(state)
    if version is not None:
        context.candidate_views.put(found.interview_id, version, view)
    return view


def opened(found: TokenLookup, view: CandidateView) -> CandidateView:
    """``view``, if the invite still opens it (410 for a used or expired one, or an ended
    interview)."""
    _check_open(found, view.finished, ended_ok=False)
    return view


def lookup(context: WebContext, token: str) -> TokenLookup:
    """The invite's row (its interview, whether it still opens, the interview's version);
    404 for a token never issued."""
    try:
        found = context.database.invites.lookup(token)
    except AuthError as exc:
        raise ApiProblem(404, "Invite not found", str(exc), slug="invite-unknown") from exc
    bind_interview(found.interview_id)
    return found


def _check_open(found: TokenLookup, finished: bool, *, ended_ok: bool) -> None:
    if found.problem is not None and not finished:
        raise ApiProblem(
            410, "Invite no longer valid", found.problem, slug="invite-used-or-expired"
        )
    if finished and not ended_ok:
        raise ApiProblem(
            410,
            "Interview ended",
            "This interview has ended, so this link no longer opens it; the answers you gave "
            "are saved. Thank you for your time.",
            slug="interview-ended",
        )


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
        context.metrics.interview_event("started", state.role_family, state.level)
    return context.database.interviews.get(state.id)


def _require_started(state: InterviewState) -> None:
    if state.status is Status.CREATED:
        raise InterviewError(
            "The interview has not started yet.",
            hint="Open the invite link and agree to start it first.",
        )


@contextmanager
def _told_if_ended() -> Iterator[None]:
    """The engine refuses to go on with a finished interview (the recruiter may have closed
    it a moment ago); the candidate is told so in their words, not the engine's."""
    try:
        yield
    except InterviewFinishedError as exc:
        raise ApiProblem(
            409,
            "Interview ended",
            "This interview has ended, so this answer was not recorded; the answers you gave "
            "before are saved. Thank you for your time.",
            slug="interview-ended",
        ) from exc


def answer(
    context: WebContext, token: str, turn_id: str, text: str
) -> tuple[InterviewState, list[Turn]]:
    state = interview_of_token(context, token, ended_ok=True)
    _require_started(state)
    before = state.status
    with _told_if_ended():  # a retry of an answer stored before the end is still replayed
        saved, said = context.service().answer(state.id, turn_id, text, read=state)
    return _ended_if_so(context, token, before, saved), said


def skip(context: WebContext, token: str) -> tuple[InterviewState, list[Turn]]:
    state = interview_of_token(context, token, ended_ok=True)
    _require_started(state)
    with _told_if_ended():
        said = context.service().skip(state.id)
    return _after(context, token, state), said


def _after(context: WebContext, token: str, before: InterviewState) -> InterviewState:
    """The new state; when the interview just ended, count it and use the invite up."""
    state = context.database.interviews.get(before.id)
    return _ended_if_so(context, token, before.status, state)


def _ended_if_so(
    context: WebContext, token: str, before: Status, state: InterviewState
) -> InterviewState:
    """``state``; when the interview just ended, count it and use the invite up."""
    if before is Status.IN_PROGRESS and state.status is not Status.IN_PROGRESS:
        event = "completed" if state.status is Status.COMPLETED else "abandoned"
        context.metrics.interview_event(event, state.role_family, state.level)
        context.database.invites.redeem(token)
        audit_scores(context, state)
    return state


def audit_scores(context: WebContext, state: InterviewState) -> None:
    """The automated assessment, in the audit log once the interview ends: who scored what."""
    audit_assessment(context.database, state, report_for(context, state))
