"""A candidate's rights over their data (GDPR Art. 15, 17 and 20): export it, erase it.

Both find the candidate by the e-mail their invites were sent to. :func:`export_candidate`
gives everything stored about them as one JSON document; :func:`erase_candidate` anonymises
each of their interviews (see :mod:`panelist.storage.erasure`), scrubs their name and e-mail
from the log files given, compacts the database, and leaves one audit entry that names the
interviews by id only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panelist.compliance.crypto import SelfIdCipher
from panelist.errors import NotFoundError
from panelist.interview.state import NOTE_FIELDS, InterviewState, utcnow
from panelist.storage import Database
from panelist.storage.accommodations import AccommodationStore
from panelist.storage.erasure import anonymise_interview, compact, needles, scrub_text
from panelist.storage.integrity import IntegrityLog
from panelist.storage.self_id import SelfIdentificationRow
from panelist.storage.tables import InterviewRow

EXPORT_FORMAT = "panelist.candidate-export/1"


class Erasure(BaseModel):
    """What an erasure did; ``interview_ids`` is what a job queue must anonymise too."""

    interview_ids: list[str]
    log_lines_scrubbed: int


def candidate_interviews(
    database: Database, email: str, *, organisation_id: str | None = None
) -> list[InterviewRow]:
    """The interviews sent to ``email`` (of one organisation, or of all when None)."""
    address = email.strip().lower()
    query = (
        select(InterviewRow)
        .where(func.lower(InterviewRow.candidate_email) == address)
        .order_by(InterviewRow.created_at)
    )
    if organisation_id is not None:
        query = query.where(InterviewRow.organisation_id == organisation_id)
    with Session(database.engine) as session:
        rows = list(session.scalars(query))
    if not rows:
        raise NotFoundError(
            f"No interview was sent to {address}.",
            hint="Use the e-mail address the invite went to (as the recruiter entered it).",
        )
    return rows


def _self_identification(
    database: Database, interview_id: str, cipher: SelfIdCipher | None
) -> dict[str, Any] | str | None:
    with Session(database.engine) as session:
        token = session.scalar(
            select(SelfIdentificationRow.ciphertext).where(
                SelfIdentificationRow.interview_id == interview_id
            )
        )
    if token is None:
        return None
    if cipher is None:
        return "stored, encrypted: set PANELIST_SELF_ID_KEY to include it in the export"
    decoded: dict[str, Any] = json.loads(cipher.decrypt(token))
    return decoded


def _interview_document(state: InterviewState) -> dict[str, Any]:
    """The interview as the export has always shown it: each turn's notes in its ``meta``."""
    document = state.model_dump(mode="json", exclude={"turns"})
    notes = set(NOTE_FIELDS)
    document["turns"] = [
        {**turn.model_dump(mode="json", exclude=notes), "meta": turn.meta_document()}
        for turn in state.turns
    ]
    return document


def export_candidate(
    database: Database,
    email: str,
    *,
    actor: str,
    cipher: SelfIdCipher | None = None,
    organisation_id: str | None = None,
) -> dict[str, Any]:
    """Everything stored about the candidate: interviews, transcripts, scores, decisions."""
    interviews: list[dict[str, Any]] = []
    rows = candidate_interviews(database, email, organisation_id=organisation_id)
    for row in rows:
        state = database.interviews.get(row.id)
        accommodation = AccommodationStore(database.engine).get(row.id)
        interviews.append(
            {
                "interview": _interview_document(state),
                "candidate_email": row.candidate_email,
                "organisation_id": row.organisation_id,
                "created_at": row.created_at.isoformat(),
                "overall_score": row.overall_score,
                "recommendation": row.recommendation,
                "overrides": [
                    o.model_dump(mode="json") for o in database.reviews.overrides(row.id)
                ],
                "sign_offs": [
                    s.model_dump(mode="json") for s in database.reviews.sign_offs(row.id)
                ],
                "accommodation": accommodation.model_dump(mode="json") if accommodation else None,
                "integrity_events": [
                    e.model_dump(mode="json") for e in IntegrityLog(database.engine).events(row.id)
                ],
                "self_identification": _self_identification(database, row.id, cipher),
                "audit": [
                    e.model_dump(mode="json")
                    for e in database.audit.entries(target=row.id, limit=10_000)
                ],
            }
        )
    database.audit.record(actor, "candidate.export", None, {"interviews": [r.id for r in rows]})
    return {"format": EXPORT_FORMAT, "exported_at": utcnow().isoformat(), "interviews": interviews}


def scrub_log_file(path: Path, name: str | None, email: str | None) -> int:
    """Replace the candidate's name and e-mail in a log file; the number of lines changed."""
    patterns = needles(name, email)
    changed = 0
    lines = []
    with path.open(encoding="utf-8", errors="surrogateescape") as source:
        for line in source:
            clean = scrub_text(line, patterns)
            changed += clean != line
            lines.append(clean)
    if changed:
        temporary = path.with_name(path.name + ".erasing")
        with temporary.open("w", encoding="utf-8", errors="surrogateescape") as out:
            out.writelines(lines)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    return changed


def erase_candidate(
    database: Database,
    email: str,
    *,
    actor: str,
    log_files: list[Path] | None = None,
    organisation_id: str | None = None,
) -> Erasure:
    """Anonymise every interview sent to ``email``, everywhere we keep it."""
    rows = candidate_interviews(database, email, organisation_id=organisation_id)
    scrubbed = 0
    for path in log_files or []:
        for row in rows:
            scrubbed += scrub_log_file(path, row.candidate_name, row.candidate_email)
    for row in rows:
        anonymise_interview(database.engine, row.id, "request")
    erased = Erasure(interview_ids=[r.id for r in rows], log_lines_scrubbed=scrubbed)
    database.audit.record(actor, "candidate.erase", None, erased.model_dump())
    compact(database.engine)
    return erased


def erase_interview(database: Database, interview_id: str, *, actor: str) -> Erasure:
    """Anonymise one interview by id (e.g. one created without an e-mail address)."""
    if not anonymise_interview(database.engine, interview_id, "request"):
        database.interviews.organisation_of(interview_id)  # NotFoundError for an unknown id
        raise NotFoundError(
            f"Interview {interview_id!r} was already erased or anonymised.",
            hint="Nothing personal is left in it; see its audit entries for when.",
        )
    erased = Erasure(interview_ids=[interview_id], log_lines_scrubbed=0)
    database.audit.record(actor, "candidate.erase", interview_id, erased.model_dump())
    compact(database.engine)
    return erased
