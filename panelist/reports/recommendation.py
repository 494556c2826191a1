"""The recommendation: from the scores, the level verdict against the target, and flags.

Each rule that applies adds a reason; caps only ever lower the decision.
"""

from __future__ import annotations

from panelist.reports.models import DECISION_ORDER, Decision, LevelVerdict, QuestionEntry

# Overall mean (1-5) at or above which each decision is reached before caps.
THRESHOLDS: tuple[tuple[float, Decision], ...] = (
    (4.25, "strong_hire"),
    (3.5, "hire"),
    (2.75, "lean_no"),
    (1.0, "no"),
)
MAX_CLAIM_ISSUES = 2  # contradictions + unsupported claims above this cap at lean_no
# Weighted share of rubric points credited below which a decision is capped: the score says
# how well, the coverage says how much of what the questions asked for was actually said.
COVERAGE_CAPS: tuple[tuple[float, Decision], ...] = (
    (0.25, "no"),
    (0.5, "lean_no"),
    (0.7, "hire"),
)
# Share of answers flagged off topic, too short or evasive from which a decision is capped.
POOR_ANSWER_SHARE = 1 / 3
_POOR_ANSWER_FLAGS = ("off_topic", "too_short", "evasive", "dont_know")


def _cap(decision: Decision, cap: Decision) -> Decision:
    return min(decision, cap, key=DECISION_ORDER.index)


def recommend(
    overall: float | None,
    scored: int,
    rubric_share: float | None,
    verdict: LevelVerdict,
    questions: list[QuestionEntry],
) -> tuple[Decision | None, list[str]]:
    if overall is None:
        return None, ["No answer could be scored, so no recommendation can be made."]
    decision: Decision = next(d for t, d in THRESHOLDS if overall >= t)
    bar = next(t for t, d in THRESHOLDS if d == decision)
    reasons = [
        f"Overall score {overall:.2f}/5 over {scored} scored question(s): "
        f"{decision} (at least {bar:g})."
    ]
    decision = _coverage_cap(decision, rubric_share, reasons)
    decision = _answers_cap(decision, questions, reasons)
    decision = _level_cap(decision, verdict, reasons)
    decision = _flag_caps(decision, questions, reasons)
    return decision, reasons


def _coverage_cap(decision: Decision, share: float | None, reasons: list[str]) -> Decision:
    if share is None:
        return decision
    for limit, cap in COVERAGE_CAPS:
        if share < limit:
            reasons.append(
                f"{share:.0%} of the weighted rubric points were credited (under {limit:.0%}): "
                f"at most {cap}."
            )
            return _cap(decision, cap)
    reasons.append(f"{share:.0%} of the weighted rubric points were credited.")
    return decision


def _answers_cap(
    decision: Decision, questions: list[QuestionEntry], reasons: list[str]
) -> Decision:
    """Main answers (not follow-ups) that were off topic, too short, evasive or "don't know"."""
    answered = [q for q in questions if q.scored_kind and q.answer is not None]
    poor = [
        f"Q{q.number}"
        for q in answered
        if q.answer is not None and set(q.answer.flags) & set(_POOR_ANSWER_FLAGS)
    ]
    if answered and len(poor) / len(answered) >= POOR_ANSWER_SHARE:
        reasons.append(
            f"{len(poor)} of {len(answered)} main answers were off topic, too short, evasive or "
            f"'don't know' ({', '.join(poor)}): at most lean_no."
        )
        return _cap(decision, "lean_no")
    return decision


def _level_cap(decision: Decision, verdict: LevelVerdict, reasons: list[str]) -> Decision:
    if verdict.meets_target:
        reasons.append(f"Level evidenced: {verdict.name}, meets the target {verdict.target_name}.")
        return decision
    assessed_missing = [c for c in verdict.missing if c not in verdict.not_assessed]
    if not assessed_missing:
        reasons.append(
            f"Level evidenced: {verdict.name}; {verdict.target_name} could not be fully assessed "
            f"({len(verdict.not_assessed)} competencies not asked): at most hire."
        )
        return _cap(decision, "hire")
    reasons.append(
        f"Level evidenced: {verdict.name}, below the target {verdict.target_name} "
        f"(not evidenced: {', '.join(assessed_missing)}): at most lean_no."
    )
    return _cap(decision, "lean_no")


def _flag_caps(decision: Decision, questions: list[QuestionEntry], reasons: list[str]) -> Decision:
    def where(flag: str) -> list[str]:
        return [f"Q{q.number}" for q in questions if any(f.flag == flag for f in q.flags)]

    if injected := where("injection"):
        reasons.append(
            f"Instructions to the grader (prompt injection) in {', '.join(injected)}: no."
        )
        decision = _cap(decision, "no")
    if red := where("red_flag"):
        reasons.append(f"Red-flag statements in {', '.join(red)}: at most lean_no.")
        decision = _cap(decision, "lean_no")
    contradicted, unsupported = where("contradiction"), where("unsupported_claim")
    if len(contradicted) + len(unsupported) > MAX_CLAIM_ISSUES:
        reasons.append(
            f"{len(contradicted)} contradiction(s) and {len(unsupported)} unsupported claim(s): "
            "at most lean_no."
        )
        decision = _cap(decision, "lean_no")
    elif contradicted:
        reasons.append(f"Contradiction in {', '.join(contradicted)}: at most hire.")
        decision = _cap(decision, "hire")
    return decision
