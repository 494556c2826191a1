"""Retention: interviews older than their organisation's period are anonymised.

:func:`run_retention` is what a scheduler calls (daily is plenty); it is idempotent, so a run
that is repeated or overlaps another anonymises nothing twice. An interview counts from the day
it was created; what is kept after it (role, dates, score, decision) holds no personal data.
"""

from __future__ import annotations

import calendar
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.interview.state import utcnow
from panelist.storage import Database
from panelist.storage.erasure import anonymise_interview, compact
from panelist.storage.policies import PolicyStore
from panelist.storage.tables import ErasureRow, InterviewRow


class RetentionRun(BaseModel):
    at: datetime
    anonymised: list[str]  # interview ids (what a job queue must anonymise too)
    by_organisation: dict[str, int]  # organisation id ("" = none) -> how many


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (clamped to the month's end)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def due_for_anonymising(database: Database, now: datetime) -> list[tuple[str, str | None]]:
    """(interview id, organisation id) of interviews past retention, not anonymised yet."""
    policies = PolicyStore(database.engine)
    query = (
        select(InterviewRow.id, InterviewRow.organisation_id, InterviewRow.created_at)
        .outerjoin(ErasureRow, ErasureRow.interview_id == InterviewRow.id)
        .where(ErasureRow.interview_id.is_(None))
    )
    with Session(database.engine) as session:
        rows = session.execute(query).all()
    cutoffs: dict[str | None, datetime] = {}
    due = []
    for interview_id, organisation_id, created_at in rows:
        if organisation_id not in cutoffs:
            months = policies.get(organisation_id).retention_months
            cutoffs[organisation_id] = months_before(now, months)
        if created_at < cutoffs[organisation_id]:
            due.append((interview_id, organisation_id))
    return due


def run_retention(database: Database, *, actor: str, now: datetime | None = None) -> RetentionRun:
    moment = now or utcnow()
    anonymised: list[str] = []
    counts: dict[str, int] = {}
    for interview_id, organisation_id in due_for_anonymising(database, moment):
        if anonymise_interview(database.engine, interview_id, "retention"):
            anonymised.append(interview_id)
            counts[organisation_id or ""] = counts.get(organisation_id or "", 0) + 1
    run = RetentionRun(at=moment, anonymised=anonymised, by_organisation=counts)
    database.audit.record(
        actor, "retention.run", None, {"anonymised": len(anonymised), "by_organisation": counts}
    )
    if anonymised:
        compact(database.engine)
    return run
