"""Persistence: interviews, turns, recruiter accounts, invites, overrides, audit, sign-offs.

``open_repository(settings)`` gives the engine's :class:`InterviewRepository`;
``open_database(settings)`` gives every repository (``db.interviews``, ``db.accounts``,
``db.invites``, ``db.reviews``, ``db.audit``) on one connection pool.
"""

from __future__ import annotations

from panelist.storage.accounts import AccountRepository, Organisation, User, UserRole
from panelist.storage.audit import AuditEntry, AuditLog
from panelist.storage.database import Database, open_database, open_repository
from panelist.storage.interviews import ConcurrentUpdateError, SqlInterviewRepository
from panelist.storage.invites import Invite, InviteRepository
from panelist.storage.repository import InterviewRepository, InterviewSummary
from panelist.storage.reviews import (
    DECISIONS,
    Decision,
    ReviewerScorecard,
    ReviewRepository,
    ScoreOverride,
    SignOff,
)
from panelist.storage.self_id import SelfIdStore

__all__ = [
    "DECISIONS",
    "AccountRepository",
    "AuditEntry",
    "AuditLog",
    "ConcurrentUpdateError",
    "Database",
    "Decision",
    "InterviewRepository",
    "InterviewSummary",
    "Invite",
    "InviteRepository",
    "Organisation",
    "ReviewRepository",
    "ReviewerScorecard",
    "ScoreOverride",
    "SelfIdStore",
    "SignOff",
    "SqlInterviewRepository",
    "User",
    "UserRole",
    "open_database",
    "open_repository",
]
