"""Story key points said in the candidate's own words (issue 12, paraphrase credit).

The cases are the P4 interview's answers that the report called "missed: specific symptom,
lasting change" and the decision answer that scored 3.0 with two rejected alternatives and a
measured before/after. Both scorers are checked: words only, and with the ONNX model (which
must not take away what the role's shape credits).
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.scoring import EmbeddedScorer
from panelist.scoring.point_roles import ROLES, role_clauses, role_of
from panelist.scoring.semantic import load_encoder
from panelist.scoring.types import Score

INCIDENT = (
    "Last spring a config push dropped the renewal of the certificate on our payment "
    "gateway's internal load balancer. Checkouts failed for about 20 minutes for every "
    "customer. Our burn-rate alert paged me within 4 minutes. I rolled back the config push "
    "first to stop the impact, then we dug into why the cert was not renewed. Afterwards we "
    "added cert validation in the config pipeline and a canary stage, and there has been no "
    "repeat since."
)
DECISION = (
    "We had to pick how to ship audit events off the database. I proposed change data "
    "capture with Debezium. We considered dual writes from the app but rejected them because "
    "a crash between the writes loses events, and we looked at polling the table every minute "
    "but that put too much load on the primary. The downside we accepted was running Kafka "
    "Connect ourselves. Consumer lag went from 9 min to under 1 min on the lag dashboard."
)


@pytest.fixture(scope="module", params=["words", "onnx"])
def scorer(request: pytest.FixtureRequest) -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on") if request.param == "onnx" else None)


def credited(score: Score) -> dict[str, list[str]]:
    return {h.key_point: [e.text for e in h.evidence] for h in score.key_points_hit}


def test_the_incident_s_symptom_and_lasting_change_are_credited_in_own_words(
    scorer: EmbeddedScorer,
) -> None:
    hits = credited(scorer.score(INCIDENT, load_catalog().questions["proj.production-failure"]))
    assert hits["specific-symptom"] == ["Checkouts failed for about 20 minutes for every customer."]
    assert hits["lasting-change"] == [
        "Afterwards we added cert validation in the config pipeline and a canary stage, and "
        "there has been no repeat since."
    ]


def test_rejected_alternatives_and_a_before_after_are_credited(scorer: EmbeddedScorer) -> None:
    hits = credited(scorer.score(DECISION, load_catalog().questions["proj.hardest-decision"]))
    assert {"own-role", "alternatives-rejected", "trade-off-accepted", "measured-outcome"} <= set(
        hits
    )
    assert hits["alternatives-rejected"][0].startswith("We considered dual writes from the app")


@pytest.mark.parametrize(
    ("role", "clause"),
    [
        ("lasting", "We never added an alert for it, honestly."),
        ("alternatives", "We didn't consider anything else."),
        ("symptom", "Nobody noticed any impact for the 20 minutes it took."),
        ("own_role", "I wrote a lot of Python and Bash scripts to automate tasks."),
        ("hindsight", "It was a big success and I learned a lot."),
        ("outcome", "We moved 40 services to the new cluster."),
    ],
)
def test_a_negated_or_vague_clause_says_no_role(role: str, clause: str) -> None:
    assert role_clauses(ROLES[role], clause) == []


def test_a_point_s_role_is_read_from_its_catalog_text() -> None:
    points = {p.id: p.text for p in load_catalog().questions["proj.production-failure"].key_points}
    found = {
        point: (role.name if (role := role_of(text)) else None) for point, text in points.items()
    }
    assert found == {
        "specific-symptom": "symptom",
        "detection": "detection",
        "mitigate-then-diagnose": "mitigate",
        "communication": "communication",
        "lasting-change": "lasting",
    }


def test_a_one_word_evidence_phrase_needs_its_sentence_to_be_about_the_point() -> None:
    """With the model, "rotate" in a sentence about the on-call schedule is not the point
    "rotates and revokes the leaked key"; the same word in the fix itself still is."""
    question = load_catalog().questions["sec.secrets-management"]
    scorer = EmbeddedScorer(encoder=load_encoder("on"))
    near_miss = scorer.score(
        "We rotate the on-call schedule weekly, so someone would own this ticket.", question
    )
    assert "rotate-first" not in credited(near_miss)
    fix = scorer.score(
        "First I'd assume the key is compromised: rotate it, revoke the leaked one, and go "
        "through the provider's access logs for any use.",
        question,
    )
    assert "rotate-first" in credited(fix)


def test_a_data_settled_disagreement_is_credited_for_its_comparison_noise_and_aftermath(
    scorer: EmbeddedScorer,
) -> None:
    """The P4 run's Q7 was "missed: fair comparison, significance, ... outcome relationship"."""
    answer = (
        "The database team believed our pooler change caused a latency regression; I thought "
        "it was their autovacuum settings. We replayed the traffic in staging with each change "
        "on its own, three runs each. It wasn't subtle: on all seven days p99 jumped during the "
        "autovacuum window. They tuned autovacuum, and we now review those changes together."
    )
    hits = credited(scorer.score(answer, load_catalog().questions["data.settle-disagreement"]))
    assert {"fair-comparison", "significance", "outcome-relationship"} <= set(hits)


def test_the_simulated_exceptional_incident_is_credited_for_symptom_and_mitigation(
    scorer: EmbeddedScorer,
) -> None:
    """The words named by the strict xfail in tests/test_simulation_quality.py."""
    answer = (
        "Clinicians in 12 hospitals could open records but not save notes for about 35 minutes "
        "one Monday morning. First we failed writes over to the replica in the other data "
        "centre to stop the impact, before we knew the cause."
    )
    hits = credited(scorer.score(answer, load_catalog().questions["proj.production-failure"]))
    assert hits["specific-symptom"][0].startswith("Clinicians in 12 hospitals could open records")
    assert hits["mitigate-then-diagnose"][0].startswith("First we failed writes over")


def test_an_own_words_incident_and_ownership_are_credited(scorer: EmbeddedScorer) -> None:
    """From a P4 interview run by hand: "timing out" is a symptom, and "mine ... belongs to
    the search product team" separates the candidate's part from the team's."""
    incident = (
        "Last spring search started timing out for about a third of requests in eu-west for "
        "roughly 25 minutes."
    )
    hits = credited(scorer.score(incident, load_catalog().questions["proj.production-failure"]))
    assert hits["specific-symptom"][0].startswith("Last spring search started timing out")
    ownership = (
        "The indexer's backpressure code was mine, and I own the Elasticsearch clusters; the Go "
        "API belongs to the search product team."
    )
    question = load_catalog().questions["proj.scale-and-ownership"]
    assert "own-part" in credited(scorer.score(ownership, question))
    alone = "I run the Elasticsearch clusters day to day, upgrades and capacity included."
    assert "own-part" not in credited(scorer.score(alone, question))  # no team to set it apart


def test_data_gathered_to_make_a_case_is_credited_in_own_words(scorer: EmbeddedScorer) -> None:
    """From a P4 interview run by hand: this answer was credited nothing (2.0 of 5)."""
    question = load_catalog().questions["data.convince-with-numbers"]
    answer = (
        "I pulled six months of incidents: four of our seven sev-2s had retry storms against "
        "the payment provider in the timeline."
    )
    assert credited(scorer.score(answer, question))["real-numbers"][0].startswith("I pulled six")
    vague = "We talked to them a lot and eventually they agreed it mattered."
    assert "real-numbers" not in credited(scorer.score(vague, question))
