"""``build_report(state, catalog)``: the interview's scores turned into a Report."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from statistics import fmean

from panelist.catalog.loader import Catalog
from panelist.catalog.models import SCORED_KINDS
from panelist.errors import ReportError
from panelist.interview.state import InterviewState, Speaker, Status
from panelist.interview.utterances import as_written
from panelist.reports import competencies, hr
from panelist.reports.models import (
    DECISION_LABELS,
    AppliedOverride,
    CandidateQuestionNote,
    LLMUsage,
    Override,
    QuestionEntry,
    Recommendation,
    Reopening,
    Report,
    ReviewerCard,
    ReviewerFlag,
    SignOff,
    SignOffStatus,
    TranscriptLine,
)
from panelist.reports.questions import flag_key, question_entries
from panelist.reports.recommendation import recommend

DEFAULT_INTERVIEWER = "panelist"  # Settings.interviewer_name's default


def apply_overrides(
    questions: list[QuestionEntry], overrides: Iterable[Override]
) -> tuple[list[QuestionEntry], list[AppliedOverride]]:
    """Each override replaces its question's score; the last one of a question counts."""
    by_id = {q.question_id: q for q in reversed(questions) if q.question_id}
    latest: dict[str, Override] = {}
    for override in overrides:
        if override.question_id not in by_id:
            raise ReportError(
                f"An override names question {override.question_id!r}, which this interview "
                "did not ask.",
                hint=f"Asked: {', '.join(sorted(by_id)) or 'none'}.",
            )
        latest[override.question_id] = override
    applied: list[AppliedOverride] = []
    changed: dict[int, QuestionEntry] = {}
    for question_id, override in latest.items():
        entry = by_id[question_id]
        record = AppliedOverride(
            question_number=entry.number,
            question_id=question_id,
            old_score=entry.computed_score,
            new_score=override.new_score,
            reason=override.reason,
            by=override.by,
            at=override.at,
        )
        note = (
            f" Overridden by {override.by or 'a recruiter'}: {_fmt(entry.computed_score)} -> "
            f"{override.new_score:g} ({override.reason})."
        )
        changed[entry.number] = entry.model_copy(
            update={
                "score": override.new_score,
                "override": record,
                "not_scored_reason": None,
                "justification": entry.justification + note,
            }
        )
        applied.append(record)
    return [changed.get(q.number, q) for q in questions], sorted(
        applied, key=lambda a: a.question_number
    )


def _fmt(value: float | None) -> str:
    return "not scored" if value is None else f"{value:g}"


def _mean(values: list[float]) -> float | None:
    return round(fmean(values), 3) if values else None


def _sign_off(sign_off: SignOff | None, decision: str | None) -> SignOffStatus:
    if sign_off is None:
        return SignOffStatus(status="pending sign-off")
    return SignOffStatus(
        status="signed",
        decision=sign_off.decision,
        by=sign_off.by,
        at=sign_off.at,
        note=sign_off.note,
        agrees_with_recommendation=None if decision is None else sign_off.decision == decision,
    )


def status_label(state: InterviewState, closed_reason: str | None) -> str:
    if state.status is Status.COMPLETED:
        return "Completed"
    if state.status is Status.ABANDONED:
        return f"Closed early: {closed_reason}" if closed_reason else "Closed early"
    if state.status is Status.IN_PROGRESS:
        return "In progress"
    return "Invited, not started"


def recommendation_label(decision: Recommendation | None, *, provisional: bool) -> str:
    """ "Lean hire"; while the interview goes on, "Lean hire (provisional: interview in
    progress)", so no format shows a recommendation that can still change as final."""
    if decision is None:
        return "No recommendation yet" if provisional else "No recommendation"
    label = DECISION_LABELS[decision]
    return f"{label} (provisional: interview in progress)" if provisional else label


def provisional_reason(scored: int, planned: int) -> str:
    return (
        f"Provisional: the interview is still in progress ({scored} of {planned} planned "
        "scored questions answered so far); this recommendation can change with the answers "
        "still to come."
    )


def duration_minutes(state: InterviewState) -> float | None:
    if not state.turns or state.started_at is None:
        return None
    end = state.finished_at or state.turns[-1].at
    return round(max((end - state.started_at).total_seconds(), 0.0) / 60.0, 1)


# Flags about how an answer fit the question mean little on turns that are not scored
# (the introduction, the candidate's own questions): those are not raised to the reviewer.
_FIT_FLAGS = ("off_topic", "too_short", "evasive")


def reviewer_flags(questions: list[QuestionEntry]) -> list[ReviewerFlag]:
    """What a person should look at, question by question, with the candidate's words; a
    flag on the same words as an earlier one (a statement repeated, so the same
    contradiction found again) is listed once, where it was first raised."""
    found: list[ReviewerFlag] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for q in questions:
        for f in q.flags:
            key = flag_key(f.flag, f.quotes, f.detail)
            if (not q.scored_kind and f.flag in _FIT_FLAGS) or key in seen:
                continue
            seen.add(key)
            found.append(
                ReviewerFlag(
                    question_number=q.number,
                    flag=f.flag,
                    label=hr.FLAG_WORDS.get(f.flag, f.flag.replace("_", " ").capitalize()),
                    detail=f.detail,
                    quotes=f.quotes,
                )
            )
    return found


def candidate_questions(state: InterviewState) -> list[CandidateQuestionNote]:
    return [
        CandidateQuestionNote(
            text=as_written(q.text),  # also for interviews stored before it was written so
            answered=q.answered,
            answer=q.answer,
            status="answered" if q.answered else "partly answered" if q.partly else "not answered",
        )
        for q in state.candidate_questions
    ]


def build_report(
    state: InterviewState,
    catalog: Catalog,
    *,
    overrides: Iterable[Override] = (),
    sign_off: SignOff | None = None,
    reopenings: Iterable[Reopening] = (),
    reviewer_scorecards: Iterable[ReviewerCard] = (),
    closed_reason: str | None = None,
    interviewer_name: str = DEFAULT_INTERVIEWER,
    now: datetime | None = None,
) -> Report:
    """The report of ``state``; recruiters' ``overrides`` applied, ``sign_off`` shown.

    ``closed_reason``: why a recruiter ended it early; ``reopenings``: lifted sign-offs.
    """
    role = catalog.roles.get(state.role_code)
    questions, applied = apply_overrides(question_entries(state, catalog), overrides)
    scorable = [q for q in questions if q.scored_kind]
    scores = [q.score for q in scorable if q.score is not None]
    answers = [a for q in questions for a in [q.answer, *(f.answer for f in q.follow_ups)] if a]
    relevances = [a.relevance for a in answers if a.relevance is not None]
    overall = round(fmean(scores), 2) if scores else None
    rubric = [q for q in scorable if q.score is not None and q.rubric_weight > 0]
    rubric_share = (
        round(sum(q.credited_weight for q in rubric) / sum(q.rubric_weight for q in rubric), 3)
        if rubric
        else None
    )
    target = catalog.level_rules.get(role.interview.target_level.value) if role else None
    threshold = target.evidence_threshold if target else competencies.DEFAULT_THRESHOLD
    rows = competencies.coverage(questions, catalog, role, threshold)
    verdict = competencies.verdict(rows, catalog, role)
    planned = sum(1 for item in state.plan.items if item.kind in SCORED_KINDS)
    decision, reasons = recommend(
        overall, len(scores), rubric_share, verdict, questions, planned=max(planned, 0)
    )
    provisional = not state.finished
    if provisional and decision is not None:
        reasons = [provisional_reason(len(scores), planned), *reasons]
    position = role.spoken_title if role else state.role_code  # as a person says it
    average_relevance = _mean(relevances)
    return Report(
        interview_id=state.id,
        candidate_name=state.candidate_name,
        interviewer_name=interviewer_name,
        quality_profile=state.quality_profile,
        role_code=state.role_code,
        role_version=state.catalog_pin.role_version(state.role_code) if state.catalog_pin else None,
        position=position,
        level=state.level,
        level_name=role.level.name if role else state.level,
        status=state.status.value,
        status_label=status_label(state, closed_reason),
        closed_reason=closed_reason if state.status is Status.ABANDONED else None,
        started_at=state.started_at,
        finished_at=state.finished_at,
        duration_minutes=duration_minutes(state),
        generated_at=now or datetime.now(UTC),
        total_turns=len(state.turns),
        average_relevance=average_relevance,
        relevance_count=len(relevances),
        average_score=_mean(scores),
        scored_count=len(scores),
        scorable_count=len(scorable),
        overall_score=overall,
        rubric_coverage=rubric_share,
        recommendation=decision,
        recommendation_label=recommendation_label(decision, provisional=provisional),
        recommendation_provisional=provisional,
        recommendation_reasons=reasons,
        level_verdict=verdict,
        competencies=rows,
        transcript=[
            TranscriptLine(
                speaker="interviewer" if t.speaker is Speaker.INTERVIEWER else "candidate",
                role=t.role.value,
                text=t.text,
                skipped=t.skipped,
            )
            for t in state.turns
        ],
        questions=questions,
        hr=hr.hr_report(
            name=state.candidate_name,
            position=position,
            level=state.level,
            overall=overall,
            scored=len(scores),
            scorable=len(scorable),
            average_relevance=average_relevance,
            verdict=verdict,
            rows=rows,
            questions=questions,
            decision=decision,
            reasons=reasons,
            planned_out=state.plan.uncovered,
            budget_minutes=state.plan.budget_minutes,
        ),
        reviewer_flags=reviewer_flags(questions),
        candidate_questions=candidate_questions(state),
        overrides=applied,
        sign_off=_sign_off(sign_off, decision),
        reopenings=list(reopenings),
        reviewer_scorecards=list(reviewer_scorecards) if sign_off is not None else [],
        scorers=sorted({a.scorer for a in answers if a.scorer is not None}),
        scoring_in_progress=scoring_in_progress(state),
        llm_usage=llm_usage(state),
    )


def scoring_in_progress(state: InterviewState) -> int:
    """Answers still queued for the LLM judge (``Turn.judge``, see panelist.jobs.judging)."""
    return sum(1 for t in state.turns if t.judge is not None and t.judge.status == "queued")


def llm_usage(state: InterviewState) -> LLMUsage | None:
    """The interview's LLM usage the service recorded, if any model was called."""
    raw = state.notes.get("llm_usage")
    if not raw or not raw.get("calls"):
        return None
    return LLMUsage(
        calls=int(raw["calls"]),
        input_tokens=int(raw.get("input_tokens", 0)),
        output_tokens=int(raw.get("output_tokens", 0)),
        cost_usd=float(raw.get("cost_usd", 0.0)),
    )
