"""The edge between the pure engine and the outside: storage, scorers, phrasers, reports."""

from __future__ import annotations

from panelist.service.interviews import InterviewService, Phraser, pending_prompt, replies_to

__all__ = ["InterviewService", "Phraser", "pending_prompt", "replies_to"]
