"""A competency's strongest and weakest words are the credited words that bear on it, named by
the key point they were credited for (read in the strong P5 simulated report, seed 1)."""

from __future__ import annotations

from panelist.catalog.loader import load_catalog
from panelist.reports.competencies import coverage
from panelist.reports.formatting import evidence
from panelist.reports.models import Credit, QuestionEntry

HEALTHY = [
    ("chosen-signals", "chosen signals", "99.95% of patient-record reads succeeding over 30 days."),
    (
        "detection-gap",
        "detection gap",
        "After that, the synthetic write check paged us after 3 minutes",
    ),
    (
        "narrow-down",
        "narrow down",
        "Then we tested ideas one at a time; the primary's disk had filled with binary logs "
        "because the purge job had failed for a week, which the disk graphs showed.",
    ),
    (
        "kept-informed",
        "kept informed",
        "Then I gave the help desk and the hospital IT contacts an update every 15 minutes.",
    ),
]
ARCHITECTURE = [
    (
        "data-flow",
        "data flow",
        "…Clinicians' apps call the records API behind HAProxy, the API reads and writes through "
        "ProxySQL to a MySQL primary with two replicas, one of them in the second data centre.",
    ),
    (
        "weak-points",
        "weak points",
        "Then replication lag to the second data centre was the limit; it reached 8 seconds "
        "during the nightly batch, so a failover then could lose writes.",
    ),
]


def question(
    number: int, question_id: str, score: float, credits: list[tuple[str, str, str]]
) -> QuestionEntry:
    catalog = load_catalog()
    asked = catalog.questions[question_id]
    ids = {k.id for k in asked.key_points}
    assert {c[0] for c in credits} <= ids, sorted(ids)
    return QuestionEntry.model_construct(
        number=number,
        question_id=question_id,
        competencies=list(asked.competencies),
        score=score,
        credited=[Credit(key_point=k, label=label, quotes=[q]) for k, label, q in credits],
        missed=[],
    )


def strongest(questions: list[QuestionEntry], competency: str) -> str:
    rows = coverage(questions, load_catalog(), None, 3.0)
    return evidence(next(r for r in rows if r.id == competency).strongest)


def test_troubleshooting_quotes_how_the_cause_was_narrowed_not_the_slo() -> None:
    healthy = question(2, "proj.knowing-it-was-healthy", 4.1, HEALTHY)

    assert strongest([healthy], "troubleshooting") == (
        "Q2 4.1/5: narrow down: \"Then we tested ideas one at a time; the primary's disk had "
        "filled with binary logs because the purge job had failed for a week, which the disk "
        'graphs showed."'
    )  # it quoted "99.95% of patient-record reads succeeding over 30 days."


def test_communication_quotes_keeping_people_informed_not_the_architecture() -> None:
    healthy = question(2, "proj.knowing-it-was-healthy", 4.1, HEALTHY)

    assert strongest([healthy], "communication") == (
        'Q2 4.1/5: kept informed: "Then I gave the help desk and the hospital IT contacts an '
        'update every 15 minutes."'
    )


def test_system_thinking_quotes_the_weak_point_and_names_the_point_it_evidences() -> None:
    scale = question(3, "proj.scale-and-ownership", 4.2, ARCHITECTURE)

    quote = strongest([scale], "system_thinking")

    assert quote.startswith('Q3 4.2/5: weak points: "Then replication lag')


def test_monitoring_quotes_the_signals_chosen_not_the_status_updates() -> None:
    healthy = question(2, "proj.knowing-it-was-healthy", 4.1, HEALTHY)

    assert strongest([healthy], "monitoring") == (
        'Q2 4.1/5: chosen signals: "99.95% of patient-record reads succeeding over 30 days."'
    )  # it read "kept informed: Then I gave the help desk ... an update every 15 minutes."


def test_no_weakest_words_when_every_question_scored_the_same() -> None:
    """The exceptional P3 candidate (seed 2) read "strongest: Q4 5.0/5 …" and "weakest: Q5
    5.0/5 …" for Software Engineering."""
    healthy = question(2, "proj.knowing-it-was-healthy", 5.0, HEALTHY)
    again = question(4, "proj.knowing-it-was-healthy", 5.0, HEALTHY)
    lower = question(5, "proj.knowing-it-was-healthy", 3.5, HEALTHY)

    same = next(
        r for r in coverage([healthy, again], load_catalog(), None, 3.0) if r.id == "monitoring"
    )
    mixed = next(
        r for r in coverage([healthy, lower], load_catalog(), None, 3.0) if r.id == "monitoring"
    )

    assert same.strongest is not None and same.weakest is None
    assert mixed.weakest is not None and mixed.weakest.question_number == 5
