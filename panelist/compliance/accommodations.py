"""Granting an accommodation: extra time multiplies the interview's time budget.

Granted before the candidate starts (the plan's questions stay the same; only the budget they
have grows), recorded with who granted it, written to the audit log and shown to reviewers.
"""

from __future__ import annotations

from panelist.errors import InterviewError
from panelist.interview.state import Status
from panelist.storage import Database
from panelist.storage.accommodations import (
    MAX_EXTRA_TIME_FACTOR,
    Accommodation,
    AccommodationStore,
)


def grant_accommodation(
    database: Database,
    interview_id: str,
    *,
    extra_time_factor: float,
    note: str | None,
    by: str,
) -> Accommodation:
    """E.g. ``extra_time_factor=1.5``: a 45-minute interview gets 67.5 minutes."""
    if not 1.0 <= extra_time_factor <= MAX_EXTRA_TIME_FACTOR:
        raise InterviewError(
            f"Extra time of x{extra_time_factor:g} is out of range.",
            hint=f"Give a factor from 1 (none) to {MAX_EXTRA_TIME_FACTOR:g}, e.g. 1.5 for half "
            "as much time again.",
        )
    store = AccommodationStore(database.engine)
    state = database.interviews.get(interview_id)
    if state.status is not Status.CREATED:
        raise InterviewError(
            "The candidate has already started this interview, so its time budget is fixed.",
            hint="Grant accommodations before the candidate opens the invite, or create a new "
            "interview with them.",
        )
    earlier = store.get(interview_id)
    base = earlier.base_minutes if earlier else state.plan.budget_minutes
    state.plan = state.plan.model_copy(update={"budget_minutes": base * extra_time_factor})
    database.interviews.save(state)
    granted = store.put(
        interview_id,
        extra_time_factor=extra_time_factor,
        base_minutes=base,
        note=(note or "").strip() or None,
        granted_by=by,
    )
    database.audit.record(
        by,
        "accommodation.grant",
        interview_id,
        {"extra_time_factor": extra_time_factor, "minutes": granted.minutes},
    )
    return granted
