"""The audit's rows: finished interviews in scope, joined with their sign-off in force and,
for a compliance reader only, the candidate's voluntary self-identification.

The overall score is the one the interview row carries (the report's, written by
``set_outcome``); the decision is the latest human sign-off.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.compliance.bias import AuditRecord
from panelist.errors import NotFoundError
from panelist.interview.state import Status
from panelist.storage import Database, User
from panelist.storage.self_id import SelfIdStore
from panelist.storage.tables import OrganisationRow

SELECTED = frozenset({"hire", "strong_hire"})
NO_LIMIT = 10**9


def organisation_id_of(database: Database, name: str) -> str:
    """The id of the organisation called ``name`` (never creates one)."""
    with Session(database.engine) as session:
        found = session.scalar(select(OrganisationRow.id).where(OrganisationRow.name == name))
    if found is None:
        raise NotFoundError(
            f"There is no organisation {name!r}.", hint="Pass --org with its exact name."
        )
    return found


def audit_records(
    database: Database,
    store: SelfIdStore,
    reader: User,
    *,
    organisation_id: str | None = None,
    role_code: str | None = None,
    since: datetime | None = None,
) -> list[AuditRecord]:
    """One record per completed interview in scope; no self-ID means "Unknown" in the audit."""
    interviews = [
        summary
        for summary in database.interviews.list(
            status=Status.COMPLETED,
            role_code=role_code,
            organisation_id=organisation_id,
            limit=NO_LIMIT,
        )
        if since is None or summary.created_at >= since
    ]
    answers = store.answers(reader, organisation_id=organisation_id)
    records = []
    for summary in interviews:
        said = answers.get(summary.id)
        signed = database.reviews.latest_sign_off(summary.id)
        records.append(
            AuditRecord(
                candidate_id=summary.id,
                sex=said.sex if said else None,
                race_ethnicity=said.race_ethnicity if said else None,
                selected=None if signed is None else signed.decision in SELECTED,
                score=summary.overall_score,
                at=summary.created_at,
            )
        )
    return records
