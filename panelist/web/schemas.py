"""Request and response bodies of the JSON API (the OpenAPI schema at /docs comes from these)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from panelist.storage import Decision

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


def _no_controls(text: str, *, allowed: str) -> str:
    if "\x00" in text:
        raise ValueError("contains a NUL character (\\u0000), which panelist does not store")
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        raise ValueError("contains a control character: remove it")
    return text


def _line(text: str) -> str:
    """One line of text (a name): no control characters, not blank, outer spaces trimmed."""
    cleaned = _no_controls(text, allowed="").strip()
    if not cleaned:
        raise ValueError("is blank: write at least one letter")
    return cleaned


def _prose(text: str) -> str:
    """Free text (an answer, a reason): new lines and tabs allowed, not only whitespace."""
    if not _no_controls(text, allowed="\n\r\t").strip():
        raise ValueError("is only whitespace: write something")
    return text


def _email(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    cleaned = _no_controls(text, allowed="").strip()
    if len(cleaned) > 320 or not EMAIL.match(cleaned):
        raise ValueError("is not an email address: use name@example.com")
    local, _, domain = cleaned.rpartition("@")
    return f"{local}@{domain.lower()}"


Line = Annotated[str, AfterValidator(_line)]
Prose = Annotated[str, AfterValidator(_prose)]
Email = Annotated[str | None, AfterValidator(_email)]
Secret = Annotated[str, AfterValidator(lambda s: _no_controls(s, allowed=""))]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- auth
class LoginRequest(Body):
    email: Line = Field(max_length=320)
    password: Secret = Field(max_length=1000)


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


# --------------------------------------------------------------------------- interviews
class InterviewCreate(Body):
    role_code: str = Field(max_length=80, examples=["SRES.GEN.P5"])
    level: str | None = Field(default=None, pattern=r"^P[1-6]$", examples=["P4"])
    candidate_name: Line = Field(min_length=1, max_length=200)
    candidate_email: Email = Field(default=None, max_length=320, examples=["ada@example.com"])
    duration_minutes: int | None = Field(default=None, ge=5, le=240)


class InterviewCreated(BaseModel):
    id: str
    role_code: str
    level: str
    invite_url: str
    invite_token: str
    invite_expires_at: datetime


class InterviewSummaryPublic(BaseModel):
    id: str
    candidate_name: str
    candidate_email: str | None
    role_code: str
    level: str
    status: str
    overall_score: float | None
    recommendation: str | None
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
    reason: Prose = Field(min_length=3, max_length=4000)


class OverridePublic(BaseModel):
    id: int
    question_id: str
    old_score: float | None
    new_score: float
    reason: str
    by: str | None
    at: datetime


class CloseCreate(Body):
    reason: Prose = Field(min_length=3, max_length=4000)


class SignOffCreate(Body):
    decision: Decision
    note: Prose | None = Field(default=None, max_length=4000)


class SignOffPublic(BaseModel):
    id: int
    decision: Decision
    note: str | None
    by: str | None
    at: datetime


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
    text: Prose = Field(min_length=1, max_length=20000)
