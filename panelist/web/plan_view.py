"""What a recruiter reads about an interview's plan before it ends: the questions it asks, in
order (kind, topic, minutes), next to the planner's warnings about the time budget.

The invite page shows it once, when the interview is created; the interview page shows it
again until the interview ends, so a recruiter who comes back to send the link still sees
which competencies a short budget leaves out and that a technical question is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from panelist.catalog import Catalog
from panelist.catalog.models import QuestionKind
from panelist.interview.state import Plan

KIND_LABELS: dict[QuestionKind, str] = {
    QuestionKind.INTRO: "Introduction",
    QuestionKind.PROJECT: "Project",
    QuestionKind.TECHNICAL: "Technical",
    QuestionKind.SCENARIO: "Scenario",
    QuestionKind.BEHAVIOURAL: "Behavioural",
    QuestionKind.CANDIDATE_QUESTIONS: "The candidate's questions",
    QuestionKind.CLOSE: "Close",
}


@dataclass(frozen=True)
class PlannedQuestion:
    kind: str  # "Technical"
    topic: str  # "evolving an internal platform API used by many teams"; "" if it has none
    minutes: float
    added: bool  # added during the interview, when the candidate's pace left time


def planned_questions(catalog: Catalog, plan: Plan) -> list[PlannedQuestion]:
    """The plan's questions in the order they are asked."""
    return [
        PlannedQuestion(
            kind=KIND_LABELS[item.kind],
            topic=_topic(catalog, item.question_id),
            minutes=item.minutes,
            added=item.added,
        )
        for item in plan.items
    ]


def _topic(catalog: Catalog, question_id: str) -> str:
    question = catalog.questions.get(question_id)
    return question.topic if question is not None else ""
