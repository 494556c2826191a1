"""Key points a hand-run P5 (a payments SRE) and P4 said in their own words, reported missed.

Each answer holds the words that failed ("They fixed the lookup and we kept the new pool" was
not read as how it ended; "We moved the feature lookups to read replicas and put a cache in
front" not as what was done; "run both in parallel for a week and compare outputs" not as a
shadow comparison; "consumer lag alert" not as a chosen signal), and each has a near miss in
the same words that does not make the point. Both scorers are checked: words only and with the
ONNX model.
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.scoring import EmbeddedScorer
from panelist.scoring.semantic import load_encoder


@pytest.fixture(scope="module", params=["words", "onnx"])
def scorer(request: pytest.FixtureRequest) -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on") if request.param == "onnx" else None)


def credited(scorer: EmbeddedScorer, question_id: str, answer: str) -> dict[str, str]:
    """The points credited, each with its first quote."""
    score = scorer.score(answer, load_catalog().question(question_id))
    return {hit.key_point: hit.evidence[0].text for hit in score.key_points_hit}


def test_which_option_was_kept_is_how_the_disagreement_ended(scorer: EmbeddedScorer) -> None:
    answer = (
        "The slow requests were all in the feature lookup, on both pools. "
        "They fixed the lookup and we kept the new pool."
    )
    hits = credited(scorer, "data.settle-disagreement", answer)
    assert hits["outcome-relationship"] == "They fixed the lookup and we kept the new pool."


@pytest.mark.parametrize(
    "answer",
    [
        "We kept half the hosts on the old pool and moved the rest to the new one.",
        "We agreed that if the new pool was faster we would keep it.",
    ],
)
def test_keeping_part_of_the_fleet_or_a_plan_to_keep_is_no_decision(
    scorer: EmbeddedScorer, answer: str
) -> None:
    assert "outcome-relationship" not in credited(scorer, "data.settle-disagreement", answer)


def test_moving_the_reads_and_a_cache_in_front_is_what_was_done(scorer: EmbeddedScorer) -> None:
    answer = "We moved the feature lookups to read replicas and put a cache in front."
    hits = credited(scorer, "proj.breaking-point", answer)
    assert hits["what-was-done"] == answer


@pytest.mark.parametrize(
    "answer",
    [
        "We could have moved the lookups to replicas, but nobody had time.",
        "We never moved anything, there was always a launch in the way.",
        # a generic verb without the part it put in
        "I put together a one-page note for their account manager with the growth forecast.",
    ],
)
def test_a_change_not_made_is_not_what_was_done(scorer: EmbeddedScorer, answer: str) -> None:
    assert "what-was-done" not in credited(scorer, "proj.breaking-point", answer)


def test_running_both_in_parallel_and_comparing_outputs_is_a_shadow_comparison(
    scorer: EmbeddedScorer,
) -> None:
    answer = "For each job type we'd run both in parallel for a week and compare outputs."
    assert "shadow-compare" in credited(scorer, "code.rewrite-or-refactor", answer)


def test_comparing_languages_is_no_shadow_comparison(scorer: EmbeddedScorer) -> None:
    answer = "The two teams compared Go and Rust for the new scheduler."
    assert "shadow-compare" not in credited(scorer, "code.rewrite-or-refactor", answer)


@pytest.mark.parametrize(
    "answer",
    ["We had a consumer lag alert.", "There was a lag dashboard per partition and per partner."],
)
def test_a_lag_alert_or_dashboard_is_a_chosen_signal(scorer: EmbeddedScorer, answer: str) -> None:
    assert "chosen-signals" in credited(scorer, "proj.knowing-it-was-healthy", answer)


def test_lag_named_without_a_signal_watched_is_no_chosen_signal(scorer: EmbeddedScorer) -> None:
    answer = "There was some lag between the two teams on who owned the consumers."
    assert "chosen-signals" not in credited(scorer, "proj.knowing-it-was-healthy", answer)


def test_hosts_that_ran_hot_are_no_comparison_and_no_ending(scorer: EmbeddedScorer) -> None:
    hits = credited(
        scorer, "data.settle-disagreement", "Two of the hosts ran hot and the rest were fine."
    )
    assert "fair-comparison" not in hits
    assert "outcome-relationship" not in hits


@pytest.mark.parametrize(
    "answer",
    [
        "Three months later we were down from thirty-five a week to five or six.",
        "Two months later wake-ups were down from about fifteen a week to three.",
    ],
)
def test_a_result_in_number_words_is_a_result(scorer: EmbeddedScorer, answer: str) -> None:
    assert "result" in credited(scorer, "beh.oncall-burnout", answer)


def test_an_impact_in_number_words_is_a_symptom(scorer: EmbeddedScorer) -> None:
    answer = (
        "For about forty minutes roughly one card payment in five was declined, mostly for "
        "customers in Germany."
    )
    assert "specific-symptom" in credited(scorer, "proj.production-failure", answer)


def test_minutes_until_someone_noticed_are_no_symptom(scorer: EmbeddedScorer) -> None:
    answer = (
        "A merchant rang our support line about twenty minutes after the first failed "
        "payment, well before anything paged."
    )
    assert "specific-symptom" not in credited(scorer, "proj.production-failure", answer)


@pytest.mark.parametrize(
    ("question_id", "point", "answer"),
    [
        (
            "proj.production-failure",
            "mitigate-then-diagnose",
            "I flipped the new pricing flag off to stop the bleeding, and only then started "
            "reading through the traces for the cause.",
        ),
        (
            "proj.production-failure",
            "lasting-change",
            "Afterwards every schema change goes through a dry run against a copy of "
            "production, and we checked three months later that nobody had bypassed it.",
        ),
        (
            "proj.breaking-point",
            "first-to-break",
            "What would have given out first is the one Postgres box behind the search API; "
            "the web tier was stateless.",
        ),
        (
            "proj.breaking-point",
            "own-part",
            "The dashboards and the runbook were my work; the cut-over was done by the three "
            "of us together.",
        ),
        (
            "proj.knowing-it-was-healthy",
            "narrow-down",
            "We undid the node image change first, then compared failing jobs per node until "
            "only the new image was left.",
        ),
    ],
)
def test_story_points_said_in_everyday_verbs(
    scorer: EmbeddedScorer, question_id: str, point: str, answer: str
) -> None:
    assert point in credited(scorer, question_id, answer)


@pytest.mark.parametrize(
    ("question_id", "point", "answer"),
    [
        ("proj.production-failure", "lasting-change", "Afterwards everyone went home early."),
        (
            "proj.breaking-point",
            "own-part",
            "The cut-over was done by the three of us together.",
        ),
    ],
)
def test_the_same_verbs_without_the_point(
    scorer: EmbeddedScorer, question_id: str, point: str, answer: str
) -> None:
    assert point not in credited(scorer, question_id, answer)
