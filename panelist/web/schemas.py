"""Request and response bodies of the JSON API (the OpenAPI schema at /docs comes from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from panelist.storage import Decision

MAX_ANSWER_CHARS = 20_000  # the chat counts down to it and never sends more


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- auth
class LoginRequest(Body):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


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
    role_code: str = Field(examples=["SRES.GEN.P5"])
    level: str | None = Field(default=None, pattern=r"^P[1-6]$", examples=["P4"])
    candidate_name: str = Field(min_length=1, max_length=200)
    candidate_email: str | None = Field(default=None, max_length=320)
    duration_minutes: int | None = Field(default=None, ge=5, le=240)


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
    question_id: str
    new_score: float = Field(ge=1, le=5)
    reason: str = Field(min_length=3, max_length=4000)


class OverridePublic(BaseModel):
    id: int
    question_id: str
    old_score: float | None
    new_score: float
    reason: str
    by: str | None
    at: datetime


class CloseCreate(Body):
    reason: str = Field(min_length=3, max_length=4000)


class SignOffCreate(Body):
    decision: Decision
    note: str | None = Field(default=None, max_length=4000)


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
    consent: bool = Field(description="The candidate agrees that answers are recorded and scored.")


class AnswerCreate(Body):
    turn_id: str = Field(
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Generated by the client; a retry with the same id is not stored twice.",
    )
    text: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)
