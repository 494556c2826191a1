"""The explanation a candidate can read after the decision (AI Act Art. 86, GDPR Art. 22(3)).

Plain words from the candidate's own report: which competencies were assessed, how much
evidence the answers gave for each, the level the role needs, and the decision a person made.
Never another candidate's result, the rubric's key points, reference answers or numbers that
only make sense next to the rubric.
"""

from __future__ import annotations

from pydantic import BaseModel

from panelist.reports import Report
from panelist.reports.models import DECISION_NAMES, CompetencyCoverage

STRONG, SOLID, PARTIAL = 4.0, 3.0, 2.0


class CompetencyExplanation(BaseModel):
    name: str
    finding: str


class Explanation(BaseModel):
    position: str
    decided: bool
    decision: str | None  # in words, e.g. "Hire"
    decided_at: str | None
    competencies: list[CompetencyExplanation]
    reasons: list[str]


def finding(competency: CompetencyCoverage) -> str:
    """What the answers showed for one competency, in words."""
    if competency.status == "not assessed":
        return "Not asked about in this interview, so it did not count either way."
    if competency.mean_score is None:
        return "Your answers here could not be assessed (for example, a skipped question)."
    if competency.mean_score >= STRONG:
        return "Your answers showed this clearly and in depth."
    if competency.mean_score >= SOLID:
        return "Your answers showed this, with room for more depth."
    if competency.mean_score >= PARTIAL:
        return "Your answers showed some of this, with important parts missing."
    return "Your answers showed little of this."


def explain(report: Report) -> Explanation:
    assessed = [c for c in report.competencies if c.status != "not assessed"]
    ranked = sorted(
        (c for c in assessed if c.mean_score is not None), key=lambda c: -(c.mean_score or 0)
    )
    reasons = []
    strong = [c.name for c in ranked if (c.mean_score or 0) >= SOLID][:3]
    weak = [c.name for c in reversed(ranked) if (c.mean_score or 0) < SOLID][:3]
    if strong:
        reasons.append("Your answers gave the clearest evidence for: " + ", ".join(strong) + ".")
    if weak:
        reasons.append("They gave the least evidence for: " + ", ".join(weak) + ".")
    verdict = report.level_verdict
    reasons.append(
        f"The role is at the {verdict.target_name} level; the evidence "
        + ("met" if verdict.meets_target else "did not yet meet")
        + " what that level asks for."
    )
    signed = report.sign_off
    decided = signed.status == "signed" and signed.decision is not None
    reasons.append(
        "A person reviewed the interview and made the decision; the software's assessment "
        "was one input to it."
        if decided
        else "No decision has been made yet: a person reviews the interview first."
    )
    return Explanation(
        position=report.position,
        decided=decided,
        decision=DECISION_NAMES[signed.decision] if decided and signed.decision else None,
        decided_at=f"{signed.at:%Y-%m-%d}" if decided and signed.at else None,
        competencies=[CompetencyExplanation(name=c.name, finding=finding(c)) for c in assessed],
        reasons=reasons,
    )
