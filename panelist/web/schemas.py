"""Request and response bodies of the JSON API (the OpenAPI schema at /docs comes from these)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from panelist.interview.state import Emphasis
from panelist.storage import Decision

# The patterns below go into the OpenAPI document *and* are what the validators check, so a
# client (or schemathesis) that follows the schema is never refused by a hidden rule.
_CONTROL = r"\x00-\x1f\x7f-\x9f"
_BLANK = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
LINE = rf"^[^{_CONTROL}]*[^{_BLANK}][^{_CONTROL}]*$"
PROSE = (
    rf"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*[^{_BLANK}][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
)
SECRET = rf"^[^{_CONTROL}]*$"
EMAIL = rf"^[^@\s{_CONTROL}]+@[^@\s{_CONTROL}]+\.[^@\s.{_CONTROL}]{{2,}}$"
NUL_MESSAGE = "contains a NUL character (\\u0000), which panelist does not store"


def _matching(pattern: str, message: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(text: str) -> str:
        if "\x00" in text:
            raise ValueError(NUL_MESSAGE)
        if not compiled.fullmatch(text):
            raise ValueError(message)
        return text

    return check


def _email(text: str | None) -> str | None:
    if text is None:
        return None
    _matching(EMAIL, "is not an email address: use name@example.com")(text)
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def _text(pattern: str, message: str, min_length: int, max_length: int) -> Any:
    """A string type whose JSON schema states exactly what its validator checks."""
    schema = {"type": "string", "pattern": pattern, "minLength": min_length}
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(_matching(pattern, message)),
        WithJsonSchema({**schema, "maxLength": max_length}),
    ]


def line(max_length: int) -> Any:
    """One line (a name): no control character, at least one visible one; trimmed."""
    base = _text(LINE, "is blank or has a control character: write a name", 1, max_length)
    return Annotated[base, AfterValidator(str.strip)]


def prose(max_length: int, min_length: int = 1) -> Any:
    """Free text (an answer, a reason): new lines and tabs allowed, not only whitespace."""
    message = "is only whitespace or has a control character: write some text"
    return _text(PROSE, message, min_length, max_length)


def secret(max_length: int) -> Any:
    return _text(SECRET, "has a control character", 1, max_length)


Email = Annotated[
    str | None,
    Field(max_length=320),
    AfterValidator(_email),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": EMAIL, "maxLength": 320}, {"type": "null"}]}
    ),
]


MAX_ANSWER_CHARS = 20_000  # the chat counts down to it and never sends more


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- auth
class LoginRequest(Body):
    email: line(320)  # type: ignore[valid-type]
    password: secret(1000)  # type: ignore[valid-type]


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


# --------------------------------------------------------------------------- catalog
class LevelPublic(BaseModel):
    role_code: str
    level: str
    name: str
    title: str
    duration_minutes: int


class RolePublic(BaseModel):
    family: str
    family_name: str
    levels: list[LevelPublic]


class RoleMatchRequest(Body):
    job_description: str = Field(
        min_length=1, max_length=50_000, description="The job description's text, title first."
    )


class RoleMatchPublic(BaseModel):
    role_code: str
    family: str
    family_name: str
    title: str
    level: str
    confidence: float = Field(ge=0, le=1)
    reasons: list[str]


class RoleMatchResponse(BaseModel):
    fits: bool = Field(description="False: no catalog role fits (best confidence < min).")
    min_confidence: float
    level: str | None = Field(description="The level the job description reads as, P2-P6.")
    level_reasons: list[str]
    nearest_family: str
    message: str
    matches: list[RoleMatchPublic]


# --------------------------------------------------------------------------- interviews
class InterviewCreate(Body):
    role_code: str = Field(max_length=80, examples=["SRES.GEN.P5"])
    level: str | None = Field(default=None, pattern=r"^P[1-6]$", examples=["P4"])
    candidate_name: line(200)  # type: ignore[valid-type]
    candidate_email: Email = Field(default=None, examples=["ada@example.com"])
    duration_minutes: int | None = Field(default=None, ge=5, le=240)
    job_description: str | None = Field(
        default=None,
        max_length=50_000,
        description="The opening's job description: the competencies and topics it stresses "
        "are weighted up in the plan (the plan's emphasis says which, and why).",
    )
    resume: str | None = Field(
        default=None,
        max_length=20_000,
        description="The candidate's résumé or LinkedIn-style text: the project deep-dive "
        "starts from a project it names. Only the projects and tools read from it are kept; "
        "scorers never see it.",
    )


class InterviewCreated(BaseModel):
    id: str
    role_code: str
    level: str
    invite_url: str
    invite_token: str
    invite_expires_at: datetime
    plan_warnings: list[str] = Field(
        default_factory=list,
        description="What the recruiter must know about the plan: required competencies the "
        "budget cannot cover (and about how many minutes would), or a plan that runs over the "
        "budget to keep a technical question.",
    )
    uncovered_competencies: list[str] = Field(
        default_factory=list, description="Required competencies no planned question covers."
    )
    emphasis: list[Emphasis] = Field(
        default_factory=list,
        description="Competencies the job description stresses, weighted up in the plan.",
    )
    deep_dive_opening: str | None = Field(
        default=None,
        description="How the first project question names the résumé's project, if it named one.",
    )


class InterviewSummaryPublic(BaseModel):
    id: str
    candidate_name: str
    candidate_email: str | None
    role_code: str
    level: str
    status: str
    overall_score: float | None = Field(description="Effective: after every score override.")
    recommendation: str | None = Field(description="Effective: after every score override.")
    signed_decision: Decision | None = Field(description="The sign-off in force, if any.")
    signed_by: str | None
    signed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class InterviewDetail(BaseModel):
    id: str
    candidate_name: str
    role_code: str
    level: str
    status: str
    stage: str
    overall_score: float | None = Field(description="From the report once the interview ended.")
    recommendation: str | None
    signed_off: Decision | None
    started_at: datetime | None
    finished_at: datetime | None
    turns: list[TurnPublic]


class OverrideCreate(Body):
    question_id: str = Field(max_length=120)
    new_score: float = Field(ge=1, le=5)
    reason: prose(4000, min_length=3)  # type: ignore[valid-type]


class OverridePublic(BaseModel):
    id: int
    question_id: str
    old_score: float | None
    new_score: float
    reason: str
    by: str | None
    at: datetime


class CloseCreate(Body):
    reason: prose(4000, min_length=3)  # type: ignore[valid-type]


class SignOffCreate(Body):
    decision: Decision
    note: prose(4000) | None = None  # type: ignore[valid-type]


class SignOffPublic(BaseModel):
    id: int
    decision: Decision
    note: str | None
    by: str | None
    at: datetime
    reopened_at: datetime | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None


class ReopenCreate(Body):
    reason: str = Field(min_length=3, max_length=4000, description="Why the decision must change.")


class ScorecardCreate(Body):
    ratings: dict[str, int] = Field(
        min_length=1, description="Competency id -> rating 1-5 (competencies of the report)."
    )
    comment: str = Field(min_length=3, max_length=4000)


class ScorecardPublic(BaseModel):
    reviewer: str | None
    ratings: dict[str, int]
    comment: str
    submitted_at: datetime


class ReviewsPublic(BaseModel):
    """Blind review: the others' scorecards are null until you have submitted your own."""

    mine: ScorecardPublic | None
    others: list[ScorecardPublic] | None
    others_submitted: int


class InvitePublic(BaseModel):
    invite_url: str
    invite_expires_at: datetime


# --------------------------------------------------------------------------- candidate side
class CandidateMessage(BaseModel):
    """One turn as the candidate sees it: who said what, when. Never a score."""

    id: str
    seq: int
    speaker: str
    role: str
    text: str
    at: datetime


class TurnPublic(CandidateMessage):
    """A turn as a recruiter sees it (with its score, when it has one)."""

    question_id: str | None
    score: float | None
    relevance: float | None


class Progress(BaseModel):
    question: int = Field(description="The planned question the interview is at (1-based).")
    questions: int = Field(description="Planned questions in all.")
    minutes: int = Field(description="The interview's time budget.")
    seconds_remaining: int


class CandidateState(BaseModel):
    status: str
    candidate_name: str
    messages: list[CandidateMessage]
    progress: Progress


class CandidateStart(Body):
    consent: bool = Field(
        description="The candidate agrees that answers are recorded and scored; the "
        "interview starts only with true.",
        json_schema_extra={"const": True},
    )


class AnswerCreate(Body):
    turn_id: str = Field(
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Generated by the client; a retry with the same id is not stored twice.",
    )
    text: prose(MAX_ANSWER_CHARS)  # type: ignore[valid-type]
