"""The recommendation: from the scores, the level verdict against the target, and flags.

Each rule that applies adds a reason; caps only ever lower the decision. Below the minimum
of scored evidence (MIN_SCORED_QUESTIONS, and MIN_SCORED_SHARE of the planned scored
questions) the recommendation is "insufficient_evidence", never a hire or a no-hire. A
contradiction is shown to the reviewer with both quotes; it never caps the decision by itself.
"""

from __future__ import annotations

import math

from panelist.reports.formatting import below_target_words, level_words, missing_text
from panelist.reports.models import (
    DECISION_NAMES,
    DECISION_ORDER,
    Decision,
    LevelVerdict,
    QuestionEntry,
    Recommendation,
)
from panelist.wording import counted

# The minimum of scored evidence for a hire or no-hire recommendation: this many scored
# questions, and this share of the scored questions the plan had (an interview closed after
# one answer says nothing either way).
MIN_SCORED_QUESTIONS = 2
MIN_SCORED_SHARE = 0.5

# Overall mean (1-5) at or above which each decision is reached before caps.
THRESHOLDS: tuple[tuple[float, Decision], ...] = (
    (4.25, "strong_hire"),
    (3.5, "hire"),
    (2.75, "lean_no"),
    (1.0, "no"),
)
MAX_UNSUPPORTED_CLAIMS = 2  # unsupported claims above this cap at lean_no
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


def _name(decision: str) -> str:
    return DECISION_NAMES[decision]


def insufficient(scored: int, planned: int) -> str | None:
    """Why ``scored`` questions are too little evidence (None: enough)."""
    needed = max(MIN_SCORED_QUESTIONS, math.ceil(planned * MIN_SCORED_SHARE))
    if scored >= needed:
        return None
    return (
        f"Only {counted(scored, 'question')} "
        f"{'was' if scored == 1 else 'were'} scored; a recommendation needs at least {needed} "
        f"({MIN_SCORED_QUESTIONS} or more, and half of the {counted(planned, 'scored question')} "
        "planned): insufficient evidence to recommend either way."
    )


def recommend(
    overall: float | None,
    scored: int,
    rubric_share: float | None,
    verdict: LevelVerdict,
    questions: list[QuestionEntry],
    planned: int = 0,
) -> tuple[Recommendation | None, list[str]]:
    """The decision and its reasons; ``planned``: scored questions the plan had."""
    if overall is None and scored == 0 and planned == 0:
        return None, ["No answer could be scored, so no recommendation can be made."]
    if (why := insufficient(scored, planned)) is not None or overall is None:
        return "insufficient_evidence", [why or "No answer could be scored."]
    decision: Decision = next(d for t, d in THRESHOLDS if overall >= t)
    index = next(i for i, (_, d) in enumerate(THRESHOLDS) if d == decision)
    bar = (
        f"below {THRESHOLDS[index - 1][0]:g}"
        if decision == "no"
        else f"at least {THRESHOLDS[index][0]:g}"
    )
    reasons = [
        f"Overall score {overall:.2f}/5 over {counted(scored, 'scored question')}: "
        f"{_name(decision)} ({bar})."
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
                f"at most {_name(cap)}."
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
            f"'don't know' ({', '.join(poor)}): at most Lean no."
        )
        return _cap(decision, "lean_no")
    return decision


def _level_cap(decision: Decision, verdict: LevelVerdict, reasons: list[str]) -> Decision:
    """Below the target's rule with competencies asked and not evidenced: at most Lean no.
    Short only of competencies never asked, or only of the role's own requirements beyond
    the rule: at most Hire. Every competency short is named, the unasked ones as such."""
    if verdict.meets_target:
        reasons.append(f"{level_words(verdict)}, meets the target {verdict.target_name}.")
        return decision
    shortfall = missing_text(verdict)
    asked_missing = [c for c in verdict.missing if c not in verdict.not_assessed]
    if verdict.rule_met:
        reasons.append(
            f"{level_words(verdict)}, the level rule of the target "
            f"{verdict.target_name}, but not every competency the role requires ({shortfall}): "
            "at most Hire."
        )
        return _cap(decision, "hire")
    if not asked_missing:
        reasons.append(
            f"{level_words(verdict)}; {verdict.target_name} could not be fully assessed "
            f"({shortfall}): at most Hire."
        )
        return _cap(decision, "hire")
    reasons.append(f"{below_target_words(verdict)} ({shortfall}): at most Lean no.")
    return _cap(decision, "lean_no")


def _flag_caps(decision: Decision, questions: list[QuestionEntry], reasons: list[str]) -> Decision:
    def where(flag: str) -> list[str]:
        return [f"Q{q.number}" for q in questions if any(f.flag == flag for f in q.flags)]

    if injected := where("injection"):
        reasons.append(
            f"Instructions to the grader (prompt injection) in {', '.join(injected)}: No."
        )
        decision = _cap(decision, "no")
    if red := where("red_flag"):
        reasons.append(f"Red-flag statements in {', '.join(red)}: at most Lean no.")
        decision = _cap(decision, "lean_no")
    unsupported = where("unsupported_claim")
    if len(unsupported) > MAX_UNSUPPORTED_CLAIMS:
        reasons.append(
            f"{len(unsupported)} unsupported claims ({', '.join(unsupported)}): at most Lean no."
        )
        decision = _cap(decision, "lean_no")
    if contradicted := where("contradiction"):
        reasons.append(
            f"Possible contradiction in {', '.join(contradicted)}: shown to the reviewer with "
            "both quotes; it does not change the recommendation."
        )
    return decision
