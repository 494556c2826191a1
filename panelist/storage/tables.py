"""The database schema as SQLAlchemy models. Changed only together with a migration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from panelist.storage.types import JSONDocument, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

USER_ROLES = ("admin", "recruiter", "hiring_manager", "compliance")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'recruiter', 'hiring_manager', 'compliance')", name="role"
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # cannot sign in


class InterviewRow(Base):
    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_created_at", "created_at"),
        Index("ix_interviews_status", "status"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    role_code: Mapped[str] = mapped_column(String(80))
    level: Mapped[str] = mapped_column(String(8))
    candidate_name: Mapped[str] = mapped_column(String(200))
    candidate_email: Mapped[str | None] = mapped_column(String(320))
    quality_profile: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int | None] = mapped_column(Integer)
    # InterviewState without its turns (they live in ``turns``).
    state: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    overall_score: Mapped[float | None] = mapped_column(Float)
    recommendation: Mapped[str | None] = mapped_column(String(32))  # incl. insufficient_evidence
    version: Mapped[int] = mapped_column(Integer)  # optimistic concurrency
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    invite_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invite_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invite_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The invite token is HMAC(secret key, id + nonce): the link can be shown again to the
    # recruiter without the token itself ever being stored.
    invite_nonce: Mapped[str | None] = mapped_column(String(64))
    # The sign-off in force (written with it, cleared when the interview is reopened), so
    # every listing shows the same decision the interview page does.
    signed_decision: Mapped[str | None] = mapped_column(String(20))
    signed_by: Mapped[str | None] = mapped_column(String(320))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TurnRow(Base):
    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("interview_id", "turn_id", name="uq_turns_interview_turn"),
        UniqueConstraint("interview_id", "seq", name="uq_turns_interview_seq"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    turn_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    question_id: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[str | None] = mapped_column(String(30))
    follow_up_of: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ScoreOverrideRow(Base):
    __tablename__ = "score_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(120))
    old_score: Mapped[float | None] = mapped_column(Float)
    new_score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class SignOffRow(Base):
    __tablename__ = "sign_offs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when a hiring manager reopens the interview: the sign-off stops being in force.
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopened_by: Mapped[str | None] = mapped_column(String(320))
    reopen_reason: Mapped[str | None] = mapped_column(Text)


class ReviewerScorecardRow(Base):
    """One reviewer's own scorecard of an interview: a rating per competency and a comment."""

    __tablename__ = "reviewer_scorecards"
    __table_args__ = (
        UniqueConstraint("interview_id", "user_id", name="uq_reviewer_scorecards_reviewer"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    ratings: Mapped[dict[str, Any]] = mapped_column(JSONDocument)  # competency id -> 1..5
    comment: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_target", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(80))
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class LoginFailureRow(Base):
    """One failed sign-in, keyed by a hash of (email, client address): shared by every worker."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AuthSessionRow(Base):
    """A signed-in browser session or an API token; only a SHA-256 of its secret is stored."""

    __tablename__ = "auth_sessions"
    __table_args__ = (CheckConstraint("kind IN ('browser', 'api')", name="kind"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OrganisationPolicyRow(Base):
    """An organisation's candidate notice and retention period (absent: the defaults)."""

    __tablename__ = "organisation_policies"
    __table_args__ = (CheckConstraint("retention_months >= 6", name="retention_months"),)

    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    retention_months: Mapped[int] = mapped_column(Integer)
    notice_text: Mapped[str | None] = mapped_column(Text)  # the organisation's own paragraph
    contact: Mapped[str | None] = mapped_column(String(320))  # for alternatives/accommodations
    updated_by: Mapped[str] = mapped_column(String(320))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AccommodationRow(Base):
    """What a recruiter granted one invite (e.g. extra time), shown to its reviewers."""

    __tablename__ = "accommodations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), unique=True
    )
    extra_time_factor: Mapped[float] = mapped_column(Float)  # 1.0 = none; multiplies the budget
    base_minutes: Mapped[float] = mapped_column(Float)  # the budget before it was multiplied
    note: Mapped[str | None] = mapped_column(Text)
    granted_by: Mapped[str] = mapped_column(String(320))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class IntegrityEventRow(Base):
    """A paste or a leaving of the page while answering: information for the reviewer only."""

    __tablename__ = "integrity_events"
    __table_args__ = (CheckConstraint("kind IN ('paste', 'leave')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    turn_id: Mapped[str | None] = mapped_column(String(64))  # the question being answered
    kind: Mapped[str] = mapped_column(String(10))
    chars: Mapped[int | None] = mapped_column(Integer)  # pasted length
    seconds: Mapped[float | None] = mapped_column(Float)  # time away from the page
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ErasureRow(Base):
    """An interview whose personal data was removed: on request, or when retention ran out."""

    __tablename__ = "erasures"
    __table_args__ = (CheckConstraint("reason IN ('request', 'retention')", name="reason"),)

    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class OrgCatalogVersionRow(Base):
    """One saved version of an organisation's role or question: every save adds a row.

    ``document`` is the item as the built-in YAML would hold it (validated before it is
    stored) and never changes; only ``status`` does, when a draft goes live. Interviews pin
    ``(item_id, version)``, so an edit never changes a past interview or its report.
    """

    __tablename__ = "org_catalog_versions"
    __table_args__ = (
        UniqueConstraint(
            "organisation_id", "kind", "item_id", "version", name="uq_org_catalog_versions_item"
        ),
        CheckConstraint("kind IN ('role', 'question')", name="kind"),
        CheckConstraint("status IN ('draft', 'live')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    item_id: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    document: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    author: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OrgCalibrationGradeRow(Base):
    """An author's own grade (1-5) of a sample answer to an organisation's question."""

    __tablename__ = "org_calibration_grades"
    __table_args__ = (
        Index("ix_org_calibration_grades_question", "organisation_id", "question_id"),
        CheckConstraint("grade BETWEEN 1 AND 5", name="grade"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(120))
    answer: Mapped[str] = mapped_column(Text)
    grade: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


JOB_STATUSES = ("queued", "running", "done", "failed")


class JobRow(Base):
    """One unit of slow work (LLM judging, a PDF, a webhook): the source of truth for the queue.

    The queue library only carries the row's id; a row whose message was lost (a worker killed
    mid-job, a broker restarted) is sent again by the sweep. ``key`` makes submitting the same
    work twice a no-op.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        Index("ix_jobs_status_due", "status", "due_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # queued: when it may be sent (again); running: when its lease runs out
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)


class RenderedReportRow(Base):
    """A rendered report (the PDF) cached by a fingerprint of everything it shows."""

    __tablename__ = "rendered_reports"

    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    fmt: Mapped[str] = mapped_column(String(10), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime())
