"""The one effective outcome of an interview, for every view of it.

:func:`effective_report` applies every stored override, the sign-off in force, the
reopenings and the reason a recruiter closed the interview. :func:`record_outcome` stores its
score and recommendation on the interview row after each change, which is what the dashboard,
search, compare, ``GET /api/v1/interviews`` and ``panelist interviews`` list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from panelist.catalog.loader import Catalog
from panelist.interview.state import InterviewState
from panelist.reports import Report, build_report
from panelist.reports.models import ReviewerCard
from panelist.reports.reviews import overrides_from, reopenings_from, sign_off_from
from panelist.service.kept import Kept
from panelist.storage import AuditEntry, Database, ReviewerScorecard, ScoreOverride, SignOff
from panelist.storage.interviews import stored_version
from panelist.storage.reviews import CLOSE_ACTION, ReportStamp, ReviewMarks

KEPT_REPORTS = 512  # built reports one process keeps (~50 KB each at 40 turns)


def closed_reason(database: Database, interview_id: str) -> str | None:
    """Why a recruiter closed the interview early (from the audit log), if one did."""
    return _reason(database.audit.latest(interview_id, CLOSE_ACTION))


def _reason(entry: AuditEntry | None) -> str | None:
    reason = entry.detail.get("reason") if entry is not None else None
    return str(reason) if reason else None


@dataclass(frozen=True)
class ReportInputs:
    """Everything but the interview that a report is built from: the recruiters' work on it."""

    overrides: tuple[ScoreOverride, ...]
    sign_offs: tuple[SignOff, ...]
    scorecards: tuple[ReviewerScorecard, ...]
    closed_reason: str | None
    interviewer_name: str
    marks: ReviewMarks  # of the work above (ReviewRepository.stamp reads the same at once)

    @classmethod
    def read(cls, database: Database, interview_id: str, *, interviewer_name: str) -> ReportInputs:
        reviews = database.reviews.of_interview(interview_id)
        closed = database.audit.latest(interview_id, CLOSE_ACTION)
        return cls(
            reviews.overrides,
            reviews.sign_offs,
            reviews.scorecards,
            _reason(closed),
            interviewer_name,
            ReviewMarks.of(reviews, closed.id if closed is not None else None),
        )


@dataclass(frozen=True)
class ReportKey:
    """What a kept report was built from: the interview's row version (it moves with every
    write of the interview), the review marks and the interviewer's name."""

    version: int
    marks: ReviewMarks
    interviewer_name: str


class KeptReports:
    """Reports built recently, each with the key it was built at. A review, a sign-off or a
    close moves the marks and any write of the interview moves its version on, so a kept
    report is what building it again would give, but for the time it says it was generated
    (set anew on each hit). A report read whose stamp (``ReviewRepository.stamp``: one
    indexed read) matches reads nothing else (``kept_report``)."""

    def __init__(self, size: int = KEPT_REPORTS) -> None:
        self._reports: Kept[ReportKey, Report] = Kept(size)

    def get(self, interview_id: str, key: ReportKey) -> Report | None:
        report = self._reports.get(interview_id, key)
        if report is None:
            return None
        return report.model_copy(update={"generated_at": datetime.now(UTC)})

    def put(self, interview_id: str, key: ReportKey, report: Report) -> None:
        self._reports.put(interview_id, key, report)


def kept_report(
    kept: KeptReports, interview_id: str, stamp: ReportStamp, *, interviewer_name: str
) -> Report | None:
    """The report kept for the interview at ``stamp``, generated now; None when none is."""
    return kept.get(interview_id, ReportKey(stamp.version, stamp.marks, interviewer_name))


def effective_report(
    database: Database,
    catalog: Catalog,
    state: InterviewState,
    *,
    interviewer_name: str,
    kept: KeptReports | None = None,
) -> Report:
    """The report with the recruiters' work applied; ``kept`` reuses one built from the same
    interview version and review marks (the review rows are read every time)."""
    inputs = ReportInputs.read(database, state.id, interviewer_name=interviewer_name)
    version = stored_version(state)
    key = ReportKey(version, inputs.marks, interviewer_name) if version is not None else None
    if kept is not None and key is not None:
        report = kept.get(state.id, key)
        if report is not None:
            return report
    report = _build(catalog, state, inputs)
    if kept is not None and key is not None:
        kept.put(state.id, key, report)
    return report


def _build(catalog: Catalog, state: InterviewState, inputs: ReportInputs) -> Report:
    signed = inputs.sign_offs
    names = {c.id: c.name for c in catalog.competencies.values()}
    cards = [
        ReviewerCard(
            reviewer=c.user_email or "a reviewer",
            ratings={names.get(k, k): v for k, v in c.ratings.items()},
            comment=c.comment,
            submitted_at=c.submitted_at,
        )
        for c in inputs.scorecards
    ]
    return build_report(
        state,
        catalog,
        overrides=overrides_from(list(inputs.overrides)),
        sign_off=sign_off_from(next((s for s in reversed(signed) if s.in_force), None)),
        reopenings=reopenings_from(list(signed)),
        reviewer_scorecards=cards,  # shown only once signed: blind until then
        closed_reason=inputs.closed_reason,
        interviewer_name=inputs.interviewer_name,
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
