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
