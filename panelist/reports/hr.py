"""The HR report's sections, written only from the scores, evidence and verdict.

Nothing here praises what the scores do not show: strengths come from questions scored
at STRENGTH or above, gaps from low scores, flags and missing competencies.
"""

from __future__ import annotations

from collections.abc import Collection
from statistics import median

from panelist.reports.formatting import (
    below_target_words,
    level_words,
    name_list,
    out_of_five,
    quoted_words,
    verdict_text,
)
from panelist.reports.models import (
    DECISION_LABELS,
    CompetencyCoverage,
    HrReport,
    LevelVerdict,
    QuestionEntry,
    Recommendation,
)
from panelist.wording import counted

STRENGTH = 4.0
GAP = 3.0
_TECHNICAL_KINDS = ("technical", "scenario")  # questions whose every point is technique
_FLAG_WORDS = {
    "contradiction": "Contradiction",
    "contradiction_clarified": "Contradiction clarified",
    "unsupported_claim": "Unsupported claim",
    "injection": "Prompt injection (instructions to the grader)",
    "red_flag": "Red-flag statement",
    "off_topic": "Off-topic answer",
    "evasive": "Evasive answer",
    "stuffing": "Keyword stuffing",
    "dont_know": "Said they don't know",
}
# Listed for the reviewer (with both quotes) rather than as a gap: a possible contradiction
# is a question to ask, not evidence against the candidate.
_NOT_GAPS = (
    "off_topic",
    "evasive",
    "contradiction",
    "contradiction_clarified",
    "dont_know",
)  # a low score says the gap
FLAG_WORDS = _FLAG_WORDS


def _topic(q: QuestionEntry) -> str:
    topic = q.topic or q.kind.replace("_", " ")
    return topic[:1].upper() + topic[1:]


def strengths(questions: list[QuestionEntry]) -> list[str]:
    found = []
    for q in questions:
        if q.score is None or q.score < STRENGTH:
            continue
        points = ", ".join(c.label for c in q.credited[:4]) or "the rubric as a whole"
        quote = f': "{q.credited[0].quotes[0]}"' if q.credited and q.credited[0].quotes else ""
        found.append(f"{_topic(q)} (Q{q.number}, {out_of_five(q.score)}): {points}{quote}")
    return found or [f"No answer scored {STRENGTH:g}/5 or more; no strength is evidenced."]


def gaps(
    questions: list[QuestionEntry],
    rows: list[CompetencyCoverage],
    verdict: LevelVerdict,
    planned_out: Collection[str] = (),
    budget_minutes: float | None = None,
) -> list[str]:
    """The gaps a hiring manager reads first. ``planned_out`` are the required competencies
    the plan could not fit in ``budget_minutes``: said so, not only "not assessed"."""
    found = []
    for q in questions:
        for flag in q.flags:
            if flag.flag in _FLAG_WORDS and flag.flag not in _NOT_GAPS:
                quotes = f" {quoted_words(flag.flag, flag.quotes)}" if flag.quotes else ""
                found.append(f"{_FLAG_WORDS[flag.flag]} (Q{q.number}):{quotes} - {flag.detail}")
    for q in questions:
        if q.score is not None and q.score < GAP:
            missed = f"; missed: {', '.join(q.missed)}" if q.missed else ""
            found.append(f"{_topic(q)} (Q{q.number}): {out_of_five(q.score)}{missed}")
        elif q.scored_kind and q.score is None:
            found.append(f"{_topic(q)} (Q{q.number}): not scored ({q.not_scored_reason})")
    below = [r.name for r in rows if r.required and r.status == "not evidenced"]
    if below:
        found.append("Required competencies not evidenced: " + name_list(below))
    unasked = [r for r in rows if r.required and r.status == "not assessed"]
    short = [r.name for r in unasked if r.id in planned_out]
    if short:
        found.append(
            f"Required competencies the {budget_minutes or 0:g}-minute plan had no time for "
            f"(not assessed): {name_list(short)}"
        )
    others = [r.name for r in unasked if r.id not in planned_out]
    if others:
        found.append("Required competencies not assessed in this interview: " + name_list(others))
    if not verdict.meets_target and not verdict.rule_met:
        unasked_only = set(verdict.missing) <= set(verdict.not_assessed)
        found.append(
            f"{level_words(verdict)}; {verdict.target_name} could not be fully assessed"
            if unasked_only
            else below_target_words(verdict)
        )
    return found or ["None found in the scores, flags or competency coverage."]


def skills(questions: list[QuestionEntry], rows: list[CompetencyCoverage]) -> list[str]:
    """The technical competencies evidenced, then what the technical and scenario questions
    scored 3/5 or more credited. Communication, organisational knowledge and the leadership
    skills are not technical skills (the catalog's ``technical``), nor is what a project or
    behavioural question credited beside the technique ("communication", "kept informed",
    "own part", "outcome relationship")."""
    found = [
        f"{r.name} (mean {out_of_five(r.mean_score)}; Q{', Q'.join(map(str, r.questions))})"
        for r in rows
        if r.technical and r.status == "evidenced" and r.mean_score is not None
    ]
    for q in questions:
        if q.kind in _TECHNICAL_KINDS and q.score is not None and q.score >= GAP and q.credited:
            found.append(f"{_topic(q)}: " + ", ".join(c.label for c in q.credited))
    return found or [f"No technical competency was evidenced at {GAP:g}/5 or more."]


_SAID = {
    "off_topic": "flagged off topic",
    "evasive": "flagged evasive",
    "too_short": "flagged too short",
    "dont_know": "saying they don't know",
}


def communication(questions: list[QuestionEntry], average_relevance: float | None) -> str:
    """Counts are of answers (follow-up answers included), each flag counted on the answer
    that raised it; how an intro or a candidate's question fit is not judged (the reviewer's
    flags leave those out too)."""
    answers = [
        (q, a) for q in questions for a in [q.answer, *(f.answer for f in q.follow_ups)] if a
    ]
    if not answers:
        return "The candidate gave no answers to assess."
    words = median(len(a.text.split()) for _, a in answers)
    counts = {
        name: sum(name in a.flags for q, a in answers if q.scored_kind)
        for name in ("off_topic", "evasive", "too_short", "dont_know")
    }
    measured = sum(a.relevance is not None for _, a in answers)
    over = "" if measured == len(answers) else f", over {measured} of them"
    relevance = (
        f"mean relevance to the questions asked {average_relevance:.2f} (0-1{over})"
        if average_relevance is not None
        else "relevance could not be measured"
    )
    issues = [f"{counted(n, 'answer')} {_SAID[k]}" for k, n in counts.items() if n]
    tail = (
        "; ".join(issues)
        if issues
        else 'no answer was flagged off topic, evasive, too short or "don\'t know"'
    )
    return (
        f"{counted(len(answers), 'answer')}, median length {words:.0f} words; {relevance}; {tail}."
    )


def suitability(
    name: str,
    position: str,
    level: str,
    overall: float | None,
    scored: int,
    scorable: int,
    verdict: LevelVerdict,
    rows: list[CompetencyCoverage],
) -> str:
    required = [r for r in rows if r.required]
    evidenced = [r for r in required if r.status == "evidenced"]
    score = (
        f"an overall score of {overall:.2f}/5 over {scored} of {scorable} scored questions"
        if overall is not None
        else f"no overall score ({scored} of {scorable} questions could be scored)"
    )
    return (
        f"{name} was interviewed for {position} ({level}) and earned {score}. "
        f"{'Level' if verdict.level else 'No level'} evidenced: {verdict_text(verdict)}. "
        f"{len(evidenced)} of {len(required)} competencies the role requires were evidenced."
    )


def recommendation_text(decision: Recommendation | None, reasons: list[str]) -> str:
    label = DECISION_LABELS[decision] if decision else "No recommendation"
    return f"**{label}.** " + " ".join(reasons)


def hr_report(
    *,
    name: str,
    position: str,
    level: str,
    overall: float | None,
    scored: int,
    scorable: int,
    average_relevance: float | None,
    verdict: LevelVerdict,
    rows: list[CompetencyCoverage],
    questions: list[QuestionEntry],
    decision: Recommendation | None,
    reasons: list[str],
    planned_out: Collection[str] = (),
    budget_minutes: float | None = None,
) -> HrReport:
    return HrReport(
        overall_suitability=suitability(
            name, position, level, overall, scored, scorable, verdict, rows
        ),
        key_strengths=strengths(questions),
        areas_for_development=gaps(questions, rows, verdict, planned_out, budget_minutes),
        technical_skills=skills(questions, rows),
        communication=communication(questions, average_relevance),
        overall_recommendation=recommendation_text(decision, reasons),
    )
