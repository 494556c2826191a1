"""The candidate-rights pieces the API and the pages share: the notice, accommodations,
integrity signals, the explanation, and admin export/erase, each checked for who may do it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from panelist.compliance.accommodations import grant_accommodation
from panelist.compliance.categories import LABELS, RaceEthnicity, Sex
from panelist.compliance.crypto import cipher_from_settings
from panelist.compliance.explanation import Explanation, explain
from panelist.compliance.notice import Notice, notice_for
from panelist.compliance.subject import Erasure, erase_candidate, export_candidate
from panelist.errors import ConfigurationError
from panelist.interview.state import InterviewState, Status
from panelist.storage import User
from panelist.storage.accommodations import MAX_EXTRA_TIME_FACTOR, Accommodation, AccommodationStore
from panelist.storage.integrity import IntegrityLog, IntegritySummary
from panelist.storage.policies import MIN_RETENTION_MONTHS, Policy, PolicyStore
from panelist.web import candidate_flow
from panelist.web.context import WebContext
from panelist.web.problems import ApiProblem
from panelist.web.reviews import interview_for, report_for

PREFER_NOT = ("", "Prefer not to say")
SELF_ID_OPTIONS: dict[str, list[tuple[str, str]]] = {
    "sex": [PREFER_NOT, *((s.value, LABELS[s]) for s in Sex)],
    "race_ethnicity": [PREFER_NOT, *((r.value, LABELS[r]) for r in RaceEthnicity)],
}
MAX_EVENTS_PER_INTERVIEW = 2000  # a page that floods the endpoint stops being recorded
Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=320)]


class IntegrityEventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["paste", "leave"]
    chars: int | None = Field(default=None, ge=0, le=1_000_000, description="Pasted length.")
    seconds: float | None = Field(default=None, ge=0, le=86_400, description="Time away.")


class AccommodationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    extra_time_factor: float = Field(
        ge=1.0, le=MAX_EXTRA_TIME_FACTOR, description="Multiplies the time budget, e.g. 1.5."
    )
    note: str | None = Field(default=None, max_length=2000, description="For the reviewers.")


class CandidateEmail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email


class PolicyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    retention_months: int | None = Field(default=None, ge=MIN_RETENTION_MONTHS, le=120)
    notice_text: str | None = Field(default=None, max_length=4000)
    contact: str | None = Field(default=None, max_length=320)


class ReviewerRights(BaseModel):
    """What a reviewer sees of accommodations and integrity signals (information only)."""

    accommodation: Accommodation | None
    integrity: list[IntegritySummary]
    turn_labels: dict[str, str]  # interviewer turn id -> "Question 3" for the summary lines


def candidate_notice(context: WebContext, state: InterviewState) -> Notice:
    organisation = context.database.interviews.organisation_of(state.id)
    return notice_for(
        state,
        context.catalog,
        PolicyStore(context.database.engine).get(organisation),
        AccommodationStore(context.database.engine).get(state.id),
        company=context.settings.company_name,
    )


def record_integrity(context: WebContext, token: str, event: IntegrityEventCreate) -> None:
    """Store the signal against the question being answered now (the server knows which)."""
    state = candidate_flow.interview_of_token(context, token)
    if state.status is not Status.IN_PROGRESS:
        raise ApiProblem(
            409,
            "Not answering",
            "Signals are recorded only while the interview is in progress.",
            slug="not-in-progress",
        )
    log = IntegrityLog(context.database.engine)
    if len(log.events(state.id)) >= MAX_EVENTS_PER_INTERVIEW:
        return
    log.record(
        state.id,
        event.kind,
        turn_id=state.prompt_turn,
        chars=event.chars if event.kind == "paste" else None,
        seconds=event.seconds if event.kind == "leave" else None,
    )


def grant(
    context: WebContext, user: User, interview_id: str, body: AccommodationCreate
) -> Accommodation:
    interview_for(context, user, interview_id)  # the organisation's own interviews only
    return grant_accommodation(
        context.database,
        interview_id,
        extra_time_factor=body.extra_time_factor,
        note=body.note,
        by=user.email,
    )


def reviewer_rights(context: WebContext, state: InterviewState) -> ReviewerRights:
    labels: dict[str, str] = {}
    number = 0
    for turn in state.question_turns():
        if turn.role.value == "question":
            number += 1
        labels[turn.id] = f"Question {number}" + (
            " (follow-up)" if turn.role.value != "question" else ""
        )
    return ReviewerRights(
        accommodation=AccommodationStore(context.database.engine).get(state.id),
        integrity=IntegrityLog(context.database.engine).summary(state.id),
        turn_labels=labels,
    )


def candidate_explanation(context: WebContext, token: str) -> Explanation:
    state = candidate_flow.interview_of_token(context, token, ended_ok=True)
    if not state.finished:
        raise ApiProblem(
            409,
            "Interview not finished",
            "The explanation is ready once the interview has finished and a person has decided.",
            slug="not-finished",
        )
    return explain(report_for(context, state))


def require_admin(user: User) -> str | None:
    """Admins only; the organisation they act for (None: an admin of every organisation)."""
    if user.role != "admin":
        raise ApiProblem(
            403,
            "Admin only",
            "Exporting or erasing a candidate's data and changing the organisation's policy "
            "need an admin account: ask one to do it (`panelist candidates export|erase EMAIL` "
            "works too).",
            slug="admin-only",
        )
    return user.organisation_id


def admin_export(context: WebContext, user: User, email: str) -> dict[str, Any]:
    scope = require_admin(user)
    try:
        cipher = cipher_from_settings(context.settings)
    except ConfigurationError:
        cipher = None
    return export_candidate(
        context.database, email, actor=user.email, cipher=cipher, organisation_id=scope
    )


def admin_erase(context: WebContext, user: User, email: str) -> Erasure:
    scope = require_admin(user)
    return erase_candidate(
        context.database,
        email,
        actor=user.email,
        organisation_id=scope,
        log_files=list(context.settings.erase_log_files),  # the files our logs are kept in
    )


def update_policy(context: WebContext, user: User, body: PolicyUpdate) -> Policy:
    scope = require_admin(user)
    if scope is None:
        raise ApiProblem(
            422,
            "No organisation",
            "This admin account belongs to no organisation; set a policy with `panelist "
            "retention set ORG --months N` instead.",
            slug="no-organisation",
        )
    changed = body.model_dump(exclude_none=True)
    policy = PolicyStore(context.database.engine).set(scope, by=user.email, **changed)
    context.database.audit.record(user.email, "policy.update", scope, changed)
    return policy
