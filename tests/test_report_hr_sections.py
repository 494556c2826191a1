"""The HR report's sections read as a hiring manager and an HR reviewer would (strong P5
simulated candidate, seed 1, and the runs named in each test)."""

from __future__ import annotations

from panelist.catalog.loader import load_catalog
from panelist.reports.competencies import coverage
from panelist.reports.hr import skills
from panelist.reports.models import Credit, QuestionEntry


def question(number: int, question_id: str, score: float, labels: list[str]) -> QuestionEntry:
    asked = load_catalog().questions[question_id]
    return QuestionEntry.model_construct(
        number=number,
        question_id=question_id,
        kind=asked.kind.value,
        topic=asked.topic,
        competencies=list(asked.competencies),
        score=score,
        credited=[Credit(key_point=k, label=k, quotes=[]) for k in labels],
        missed=[],
    )


def test_technical_skills_leave_out_communication_and_the_leadership_skills() -> None:
    """It listed "Communication, Collaboration & Negotiation (mean 4.1/5; Q2, Q3, Q6)",
    "Employ Collaborative Influence" and "Using data to settle a disagreement: testable
    question, fair comparison, transparency, outcome relationship"."""
    catalog = load_catalog()
    healthy = question(2, "proj.knowing-it-was-healthy", 4.1, ["chosen signals"])
    disagreement = question(6, "data.settle-disagreement", 4.0, ["outcome relationship"])
    rows = coverage([healthy, disagreement], catalog, catalog.roles["SRES.GEN.P5"], 3.0)

    assert skills([healthy, disagreement], rows) == [
        "Monitoring & Event Management (mean 4.1/5; Q2)",
        "Troubleshooting (mean 4.1/5; Q2)",
        "Data-driven Fact-finding (mean 4.0/5; Q6)",
        "Project deep-dive - how you knew it was healthy, and when it was not: chosen signals",
    ]
