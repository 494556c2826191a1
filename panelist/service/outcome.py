"""The one effective outcome of an interview, for every view of it.

:func:`effective_report` applies every stored override, the sign-off in force, the
reopenings and the reason a recruiter closed the interview. :func:`record_outcome` stores its
score and recommendation on the interview row after each change, which is what the dashboard,
search, compare, ``GET /api/v1/interviews`` and ``panelist interviews`` list.
"""

from __future__ import annotations

from panelist.catalog.loader import Catalog
from panelist.interview.state import InterviewState
from panelist.reports import Report, build_report
from panelist.reports.models import ReviewerCard
from panelist.reports.reviews import overrides_from, reopenings_from, sign_off_from
from panelist.storage import Database


def closed_reason(database: Database, interview_id: str) -> str | None:
    """Why a recruiter closed the interview early (from the audit log), if one did."""
    for entry in database.audit.entries(target=interview_id, limit=200):
        if entry.action == "interview.close":
            reason = entry.detail.get("reason")
            return str(reason) if reason else None
    return None


def effective_report(
    database: Database, catalog: Catalog, state: InterviewState, *, interviewer_name: str
) -> Report:
    reviews = database.reviews
    signed = reviews.sign_offs(state.id)
    names = {c.id: c.name for c in catalog.competencies.values()}
    cards = [
        ReviewerCard(
            reviewer=c.user_email or "a reviewer",
            ratings={names.get(k, k): v for k, v in c.ratings.items()},
            comment=c.comment,
            submitted_at=c.submitted_at,
        )
        for c in reviews.scorecards(state.id)
    ]
    return build_report(
        state,
        catalog,
        overrides=overrides_from(reviews.overrides(state.id)),
        sign_off=sign_off_from(next((s for s in reversed(signed) if s.in_force), None)),
        reopenings=reopenings_from(signed),
        reviewer_scorecards=cards,  # shown only once signed: blind until then
        closed_reason=closed_reason(database, state.id),
        interviewer_name=interviewer_name,
    )


def record_outcome(
    database: Database, catalog: Catalog, interview_id: str, *, interviewer_name: str
) -> Report:
    """Store the effective score and recommendation of a finished interview on its row."""
    state = database.interviews.get(interview_id)
    report = effective_report(database, catalog, state, interviewer_name=interviewer_name)
    database.interviews.set_outcome(
        interview_id,
        overall_score=report.overall_score if state.finished else None,
        recommendation=report.recommendation if state.finished else None,
    )
    return report


def audit_assessment(database: Database, state: InterviewState, report: Report) -> None:
    """The automated assessment in the audit log once the interview ends: who scored what
    (the web app and the terminal alike; the EU AI Act's event log, Art. 12)."""
    database.audit.record(
        "panelist",
        "interview.scored",
        state.id,
        {
            "status": state.status.value,
            "overall_score": report.overall_score,
            "recommendation": report.recommendation,
            "questions": [
                {"question_id": q.question_id, "score": q.score, "scored_by": q.scored_by}
                for q in report.questions
                if q.scored_kind
            ],
        },
    )
