"""Story points said in a hand-run interview and reported as missed (issue 12).

Each answer is the exact text a helper said; the report claimed "missed: detection" and
"missed: measured outcome". Both scorers are checked: words only and with the ONNX model.
Each fix has a near-miss that uses the same words without making the point.
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.scoring import EmbeddedScorer
from panelist.scoring.semantic import load_encoder


@pytest.fixture(scope="module", params=["words", "onnx"])
def scorer(request: pytest.FixtureRequest) -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on") if request.param == "onnx" else None)


def credited(scorer: EmbeddedScorer, question_id: str, answer: str) -> set[str]:
    score = scorer.score(answer, load_catalog().question(question_id))
    return {hit.key_point for hit in score.key_points_hit}


def test_the_alert_that_paged_at_a_clock_time_says_how_it_was_detected(
    scorer: EmbeddedScorer,
) -> None:
    assert "detection" in credited(
        scorer, "proj.production-failure", "Our job-failure alert paged me at 1am."
    )


@pytest.mark.parametrize(
    "answer",
    [
        "We had no alert for the job, so nobody paged me at 1am.",
        "The batch job failed at 1am and I fixed it the next morning.",
    ],
)
def test_a_clock_time_without_an_alert_that_fired_is_not_detection(
    scorer: EmbeddedScorer, answer: str
) -> None:
    assert "detection" not in credited(scorer, "proj.production-failure", answer)


def test_a_count_before_and_a_count_after_is_a_measured_outcome(scorer: EmbeddedScorer) -> None:
    answer = "We had eight in the half year before, zero in the half year after."
    assert "measured-outcome" in credited(scorer, "proj.hardest-decision", answer)


def test_before_and_after_without_counts_over_a_period_is_no_outcome(
    scorer: EmbeddedScorer,
) -> None:
    answer = (
        "I argued for the rewrite before the quarter started and after a long debate we did it."
    )
    assert "measured-outcome" not in credited(scorer, "proj.hardest-decision", answer)


def test_done_when_a_scan_of_what_runs_is_clean_proves_done(scorer: EmbeddedScorer) -> None:
    for answer in [
        "We're done when a fresh scan of running digests shows no vulnerable version for two "
        "consecutive days.",
        "We call it done when the scan of running digests is empty.",
    ]:
        assert "prove-done" in credited(scorer, "sec.cve-patching-fleet", answer), answer


@pytest.mark.parametrize(
    "answer",
    [
        "We're done when every team has closed its ticket for the running services.",
        "We are never done when the scan of running images is still red.",
    ],
)
def test_done_without_a_scan_of_what_runs_does_not_prove_done(
    scorer: EmbeddedScorer, answer: str
) -> None:
    assert "prove-done" not in credited(scorer, "sec.cve-patching-fleet", answer)


def test_card_data_first_is_a_risk_priority(scorer: EmbeddedScorer) -> None:
    answer = "Prioritise internet-facing services and anything handling card data first."
    assert "risk-priority" in credited(scorer, "sec.cve-patching-fleet", answer)


def test_where_card_data_lives_is_no_priority_with_the_model() -> None:
    """Without the model any evidence phrase credits; the model reads it as a mention."""
    onnx = EmbeddedScorer(encoder=load_encoder("on"))
    answer = "The card data service is owned by the payments team and runs on an old Java image."
    assert "risk-priority" not in credited(onnx, "sec.cve-patching-fleet", answer)


def test_listing_d_state_processes_finds_them(scorer: EmbeddedScorer) -> None:
    assert "find-d-processes" in credited(
        scorer, "os.load-vs-cpu", "I'd list D-state processes with ps."
    )


def test_load_counting_tasks_in_d_state_does_not_find_them(scorer: EmbeddedScorer) -> None:
    answer = "Load average counts tasks in D state as well as runnable ones, so it is not CPU."
    assert "find-d-processes" not in credited(scorer, "os.load-vs-cpu", answer)


def test_a_volume_a_day_gives_the_scale_with_the_fleet_in_another_sentence(
    scorer: EmbeddedScorer,
) -> None:
    answer = (
        "The hardest call was moving our log pipeline off Elasticsearch. We were ingesting "
        "3 TB a day. The cluster was 40 nodes and cost too much."
    )
    assert "context-scale" in credited(scorer, "proj.hardest-decision", answer)


def test_a_size_kept_for_a_day_is_not_a_volume_a_day() -> None:
    onnx = EmbeddedScorer(encoder=load_encoder("on"))
    answer = "The hardest call was whether to keep 3 TB of debug logs for a day or drop them."
    assert "context-scale" not in credited(onnx, "proj.hardest-decision", answer)
