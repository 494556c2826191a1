"""A competency's strongest and weakest words are the words credited for a key point that
evidences it (the catalog's ``KeyPoint.competency``), named by that point; a competency none of
whose points was credited quotes nothing (read in the simulated P3 and P5 reports)."""

from __future__ import annotations

from panelist.catalog.loader import load_catalog
from panelist.reports.competencies import coverage
from panelist.reports.formatting import competency_score, evidence
from panelist.reports.models import CompetencyCoverage, Credit, EvidenceQuote, QuestionEntry

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
    number: int,
    question_id: str,
    score: float,
    credits: list[tuple[str, str, str]],
    missed: list[str] | None = None,
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
        missed=missed or [],
    )


def row(questions: list[QuestionEntry], competency: str) -> CompetencyCoverage:
    return next(r for r in coverage(questions, load_catalog(), None, 3.0) if r.id == competency)


def strongest(questions: list[QuestionEntry], competency: str) -> str:
    return evidence(row(questions, competency).strongest)


def weakest(questions: list[QuestionEntry], competency: str) -> str:
    return evidence(row(questions, competency).weakest)


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


def test_system_thinking_quotes_its_heaviest_credited_point() -> None:
    scale = question(3, "proj.scale-and-ownership", 4.2, ARCHITECTURE)

    quote = strongest([scale], "system_thinking")

    assert quote.startswith("Q3 4.2/5: data flow: \"…Clinicians' apps call the records API")


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


OWN_PART = "I believe I wrote the new alert rules and the runbooks; a colleague did the dashboards."
UPDATES = "I think I gave the help desk and the hospital IT contacts an update every 15 minutes."


def test_communication_does_not_quote_the_candidates_own_part() -> None:
    """The strong P3 report (seed 2) read, for Communication, "weakest: Q3 2.52/5: own part:
    "I believe I wrote the new alert rules and the runbooks; a colleague did the dashboards."":
    the breaking-point question's point for Communication is how the risk was explained to the
    dependencies' owners, which the answer missed."""
    healthy = question(2, "proj.knowing-it-was-healthy", 4.1, HEALTHY)
    breaking = question(
        3,
        "proj.breaking-point",
        2.52,
        [("own-part", "own part", OWN_PART)],
        missed=["first to break", "measured limit", "what was done", "dependencies and people"],
    )

    assert weakest([healthy, breaking], "communication") == (
        "Q3 2.52/5: nothing credited; missed: dependencies and people"
    )
    assert strongest([breaking], "org_knowledge") == f'Q3 2.52/5: own part: "{OWN_PART}"'


def test_troubleshooting_quotes_nothing_when_narrowing_down_was_not_credited() -> None:
    """The weak P3 report (seed 1) read, for Troubleshooting, "strongest: Q2 3.45/5: kept informed:
    "I think I gave the help desk and the hospital IT contacts an update every 15 minutes.";
    missed: narrow down, closed the gap"."""
    healthy = question(
        2,
        "proj.knowing-it-was-healthy",
        3.45,
        [("kept-informed", "kept informed", UPDATES)],
        missed=["narrow down", "closed the gap"],
    )

    troubleshooting = row([healthy], "troubleshooting")

    assert troubleshooting.strongest is None and troubleshooting.weakest is None
    assert strongest([healthy], "communication") == f'Q2 3.45/5: kept informed: "{UPDATES}"'


def test_troubleshooting_quotes_another_question_that_credited_a_point_for_it() -> None:
    healthy = question(
        2,
        "proj.knowing-it-was-healthy",
        3.5,
        [("kept-informed", "kept informed", UPDATES)],
        missed=["narrow down", "closed the gap"],
    )
    zombie = question(
        4,
        "os.zombie-processes",
        3.0,
        [("no-kill", "no kill", "kill -9 does nothing because it is already dead.")],
        missed=["fix parent", "pid1 init"],
    )

    assert strongest([healthy, zombie], "troubleshooting") == (
        'Q4 3.0/5: no kill: "kill -9 does nothing because it is already dead."'
    )
    assert weakest([healthy, zombie], "troubleshooting") == "-"  # Q2 scored higher


def test_security_quotes_the_image_signing_though_it_shares_no_word_with_it() -> None:
    gate = question(
        5,
        "sec.image-policy-gate",
        3.8,
        [
            ("scan-sign", "scan sign", "Every image is scanned with Trivy and signed with cosign."),
            ("automated-patching", "automated patching", "Renovate opens the rebuild PRs."),
        ],
        missed=["enforce at admission", "exceptions", "audit then enforce"],
    )

    assert strongest([gate], "security_compliance") == (
        'Q5 3.8/5: scan sign: "Every image is scanned with Trivy and signed with cosign."; '
        "missed: enforce at admission, exceptions"
    )
    assert strongest([gate], "automation") == (
        'Q5 3.8/5: automated patching: "Renovate opens the rebuild PRs."'
    )
    assert strongest([gate], "deploy_release") == "-"  # audit-then-enforce was missed


def test_every_built_in_key_point_names_the_competency_it_evidences() -> None:
    catalog = load_catalog()
    untagged = [
        f"{q.id}:{k.id}"
        for q in catalog.questions.values()
        for k in q.key_points
        if not k.competency
    ]
    assert untagged == []


def test_a_competency_with_nothing_quoted_says_what_its_status_rests_on() -> None:
    """A P5 report read "Deploy and Release Services [required]: 3.42/5 (evidenced)" with no
    words under it: no point for it was credited, so "evidenced" came from the question's
    score alone, and the reader could not tell."""
    row = CompetencyCoverage(
        id="deploy_release",
        name="Deploy and Release Services",
        group="core",
        required=True,
        technical=True,
        status="evidenced",
        mean_score=3.42,
        questions=[5],
        strongest=None,
        weakest=None,
    )
    quoted = row.model_copy(
        update={"strongest": EvidenceQuote(question_number=5, score=3.42, quote="x")}
    )

    assert competency_score(row) == (
        "3.42/5 (evidenced by the score of Q5; no key point for it credited)"
    )
    assert competency_score(row.model_copy(update={"questions": [5, 8]})).startswith(
        "3.42/5 (evidenced by the scores of Q5 and Q8;"
    )
    assert competency_score(quoted) == "3.42/5 (evidenced)"
