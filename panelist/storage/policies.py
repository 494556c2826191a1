"""Each organisation's candidate notice and retention period, with the defaults when unset.

Retention is counted in months from an interview's creation; the AI Act (Art. 26(6)) wants the
logs of a high-risk system kept at least six months, so no organisation can go below that.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from panelist.errors import InterviewError
from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import OrganisationPolicyRow

DEFAULT_RETENTION_MONTHS = 12
MIN_RETENTION_MONTHS = 6


class Policy(BaseModel):
    """What a candidate is told before consenting, and how long their interview is kept."""

    organisation_id: str | None
    retention_months: int = Field(default=DEFAULT_RETENTION_MONTHS, ge=MIN_RETENTION_MONTHS)
    notice_text: str | None = None  # the organisation's own paragraph, shown with the notice
    contact: str | None = None  # where to ask for an alternative process or an accommodation
    updated_by: str | None = None
    updated_at: datetime | None = None


def check_retention(months: int) -> int:
    if months < MIN_RETENTION_MONTHS:
        raise InterviewError(
            f"A retention period of {months} months is too short: the AI Act (Art. 26(6)) wants "
            f"interview logs kept at least {MIN_RETENTION_MONTHS} months.",
            hint=f"Use {MIN_RETENTION_MONTHS} months or more (the default is "
            f"{DEFAULT_RETENTION_MONTHS}).",
        )
    return months


class PolicyStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)

    def get(self, organisation_id: str | None) -> Policy:
        """The organisation's policy; the defaults for none or one never configured."""
        if organisation_id is None:
            return Policy(organisation_id=None)
        with Session(self._engine) as session:
            row = session.get(OrganisationPolicyRow, organisation_id)
        if row is None:
            return Policy(organisation_id=organisation_id)
        return Policy(
            organisation_id=organisation_id,
            retention_months=row.retention_months,
            notice_text=row.notice_text,
            contact=row.contact,
            updated_by=row.updated_by,
            updated_at=row.updated_at,
        )

    def set(
        self,
        organisation_id: str,
        *,
        by: str,
        retention_months: int | None = None,
        notice_text: str | None = None,
        contact: str | None = None,
    ) -> Policy:
        """Change the fields given (None leaves a field as it is; "" clears a text)."""
        if retention_months is not None:
            check_retention(retention_months)
        with Session(self._writer) as session, session.begin():
            row = session.get(OrganisationPolicyRow, organisation_id)
            if row is None:
                row = OrganisationPolicyRow(
                    organisation_id=organisation_id,
                    retention_months=DEFAULT_RETENTION_MONTHS,
                    updated_by=by,
                    updated_at=utcnow(),
                )
                session.add(row)
            if retention_months is not None:
                row.retention_months = retention_months
            if notice_text is not None:
                row.notice_text = notice_text.strip() or None
            if contact is not None:
                row.contact = contact.strip() or None
            row.updated_by, row.updated_at = by, utcnow()
        return self.get(organisation_id)

    def all(self) -> list[Policy]:
        """Every configured policy (organisations not listed use the defaults)."""
        with Session(self._engine) as session:
            ids = list(session.scalars(select(OrganisationPolicyRow.organisation_id)))
        return [self.get(i) for i in ids]
