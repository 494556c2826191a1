"""Removing a candidate's personal data from every table while keeping what an audit needs.

:func:`anonymise_interview` keeps the interview row with its role, level, dates, overall score,
recommendation and sign-offs (the bias audit and the AI Act's logs need those), and removes:
the name and e-mail, the invite token, every candidate turn's text and the quotes scores carry,
the candidate's questions, their self-identification and integrity signals, an accommodation's
note, and any mention of the name or e-mail in reviewers' notes and the audit log. It is
recorded in ``erasures`` so it is done once. :func:`compact` then rewrites the database file so
freed pages keep no old copies (SQLite ``VACUUM``; PostgreSQL ``VACUUM``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE, is_sqlite
from panelist.storage.self_id import SelfIdentificationRow
from panelist.storage.tables import (
    AccommodationRow,
    AuditRow,
    ErasureRow,
    IntegrityEventRow,
    InterviewRow,
    RenderedReportRow,
    ReviewerScorecardRow,
    ScoreOverrideRow,
    SignOffRow,
    TurnRow,
)

ERASED = "[erased]"
ErasureReason = Literal["request", "retention"]


def needles(name: str | None, email: str | None) -> list[re.Pattern[str]]:
    """What identifies the candidate in free text: the e-mail, the full name, each name part."""
    words: list[str] = []
    if email:
        words.append(email)
    if name and name != ERASED:
        words.append(name)
        words.extend(part for part in re.split(r"\s+", name) if len(part) >= 3)
    return [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in words]


def scrub_text(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    for pattern in patterns:
        text = pattern.sub(ERASED, text)
    return text


def scrub(value: Any, patterns: list[re.Pattern[str]]) -> Any:
    """``value`` (JSON) with every mention replaced; quoted evidence and details dropped."""
    if isinstance(value, str):
        return scrub_text(value, patterns)
    if isinstance(value, list):
        return [scrub(v, patterns) for v in value]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in ("evidence", "quotes"):
                out[key] = []
            elif key == "detail" and isinstance(item, str):
                out[key] = ""
            else:
                out[key] = scrub(item, patterns)
        return out
    return value


def _state_document(state: dict[str, Any], patterns: list[re.Pattern[str]]) -> dict[str, Any]:
    document = scrub(state, patterns)
    document["candidate_name"] = ERASED
    document["project_topic"] = None
    document["candidate_questions"] = [
        {**q, "text": ERASED} for q in document.get("candidate_questions", [])
    ]
    return dict(document)


def erased_at(engine: Engine, interview_id: str) -> datetime | None:
    with Session(engine) as session:
        row = session.get(ErasureRow, interview_id)
    return None if row is None else row.at


def anonymise_interview(engine: Engine, interview_id: str, reason: ErasureReason) -> bool:
    """Anonymise one interview in one transaction; False when it already was."""
    writer = engine.execution_options(**WRITE)
    with Session(writer) as session, session.begin():
        row = session.get(InterviewRow, interview_id)
        if row is None or session.get(ErasureRow, interview_id) is not None:
            return False
        patterns = needles(row.candidate_name, row.candidate_email)
        row.candidate_name, row.candidate_email = ERASED, None
        row.state = _state_document(row.state, patterns)
        row.invite_token_hash = row.invite_nonce = None
        row.version += 1  # a write like any other: cached reads and in-flight saves see it
        for turn in session.scalars(select(TurnRow).where(TurnRow.interview_id == interview_id)):
            if turn.speaker == "candidate":
                turn.text = ERASED
            else:
                turn.text = scrub_text(turn.text, patterns)
            turn.score = None if turn.score is None else scrub(turn.score, patterns)
            turn.meta = scrub(turn.meta, patterns)
        # the cached PDF of the report holds the name and the answers: rendered again on demand
        for model in (SelfIdentificationRow, IntegrityEventRow, RenderedReportRow):
            session.execute(delete(model).where(model.interview_id == interview_id))
        for accommodation in session.scalars(
            select(AccommodationRow).where(AccommodationRow.interview_id == interview_id)
        ):
            accommodation.note = None
        _scrub_reviews(session, interview_id, patterns)
        for entry in session.scalars(select(AuditRow).where(AuditRow.target == interview_id)):
            entry.detail = scrub(entry.detail, patterns)
        session.add(ErasureRow(interview_id=interview_id, reason=reason, at=utcnow()))
    return True


def _scrub_reviews(session: Session, interview_id: str, patterns: list[re.Pattern[str]]) -> None:
    for override in session.scalars(
        select(ScoreOverrideRow).where(ScoreOverrideRow.interview_id == interview_id)
    ):
        override.reason = scrub_text(override.reason, patterns)
    for signed in session.scalars(
        select(SignOffRow).where(SignOffRow.interview_id == interview_id)
    ):
        signed.note = None if signed.note is None else scrub_text(signed.note, patterns)
        if signed.reopen_reason is not None:
            signed.reopen_reason = scrub_text(signed.reopen_reason, patterns)
    for card in session.scalars(
        select(ReviewerScorecardRow).where(ReviewerScorecardRow.interview_id == interview_id)
    ):
        card.comment = scrub_text(card.comment, patterns)


def compact(engine: Engine) -> None:
    """Rewrite storage so deleted and overwritten rows leave no readable copy behind.

    Outside any transaction (VACUUM refuses one), on a raw driver connection.
    """
    if is_sqlite(engine.url):
        statements = [
            "PRAGMA wal_checkpoint(TRUNCATE)",
            "VACUUM",
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ]
    else:
        statements = ["VACUUM"]
    raw = engine.raw_connection()
    driver: Any = raw.driver_connection
    try:
        if not is_sqlite(engine.url):
            raw.rollback()
            driver.autocommit = True
        cursor = raw.cursor()
        for statement in statements:
            cursor.execute(statement)
        cursor.close()
    finally:
        if not is_sqlite(engine.url):
            driver.autocommit = False
        raw.close()
