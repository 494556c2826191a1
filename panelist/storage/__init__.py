"""Persistence: interviews, turns, recruiter accounts, invites, overrides, audit, sign-offs."""

from __future__ import annotations

from panelist.storage.repository import InterviewRepository, InterviewSummary

__all__ = ["InterviewRepository", "InterviewSummary"]
