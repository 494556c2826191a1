"""Recruiters' overrides and sign-offs as stored (any object of this shape) -> report inputs.

Storage's ``ScoreOverride`` and ``SignOff`` fit these protocols; reports never import storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from panelist.reports.models import Decision, Override, Reopening, SignOff


class OverrideRecord(Protocol):
    @property
    def question_id(self) -> str: ...
    @property
    def new_score(self) -> float: ...
    @property
    def reason(self) -> str: ...
    @property
    def user_email(self) -> str | None: ...
    @property
    def at(self) -> datetime: ...


class SignOffRecord(Protocol):
    @property
    def decision(self) -> Decision: ...
    @property
    def note(self) -> str | None: ...
    @property
    def user_email(self) -> str | None: ...
    @property
    def user_id(self) -> str | None: ...
    @property
    def at(self) -> datetime: ...
    @property
    def reopened_at(self) -> datetime | None: ...
    @property
    def reopened_by(self) -> str | None: ...
    @property
    def reopen_reason(self) -> str | None: ...


def overrides_from(records: Iterable[OverrideRecord]) -> list[Override]:
    return [
        Override(
            question_id=r.question_id,
            new_score=r.new_score,
            reason=r.reason,
            by=r.user_email,
            at=r.at,
        )
        for r in records
    ]


def sign_off_from(record: SignOffRecord | None) -> SignOff | None:
    if record is None:
        return None
    return SignOff(
        decision=record.decision,
        by=record.user_email or record.user_id or "unknown",
        at=record.at,
        note=record.note,
    )


def reopenings_from(records: Iterable[SignOffRecord]) -> list[Reopening]:
    """The sign-offs that were lifted, oldest first."""
    return [
        Reopening(
            decision=r.decision,
            signed_by=r.user_email or r.user_id or "unknown",
            signed_at=r.at,
            reopened_by=r.reopened_by or "unknown",
            reopened_at=r.reopened_at,
            reason=r.reopen_reason or "",
        )
        for r in records
        if r.reopened_at is not None
    ]
