"""Milliseconds are not a title: "ms" after a number is a unit, and masking it had merged
two sentences into one (a hand-run P5, 2026-12-02: the reply to "How did you know the
difference you measured was not just noise?" earned nothing)."""

from __future__ import annotations

from panelist.catalog.loader import load_catalog
from panelist.config import load_settings
from panelist.scoring.embedded import factory
from panelist.scoring.masking import mask_answer
from panelist.scoring.rubric import target_of
from panelist.scoring.types import ExchangeAnswer, InterviewContext

QUESTION = load_catalog().questions["data.settle-disagreement"]
FIRST = (
    "We agreed that an A/B run would settle it: half the pods of the tracking API with the "
    "sidecar, half without, for a week of real traffic. The p99 with the sidecar was about 4 ms "
    "higher, well inside our 300 ms latency objective."
)
FOLLOW_UP = "How did you know the difference you measured was not just noise?"
REPLY = (
    "We ran it as two separate weeks with the arms swapped, and the gap was the same both weeks, "
    "3 to 5 ms. We also compared the day-to-day variation of p99 within each arm, which was "
    "about 1 ms, so a 4 ms difference stood well clear of it."
)


def test_a_unit_after_a_number_is_kept_and_ends_its_sentence() -> None:
    masked = mask_answer(REPLY, target_of(QUESTION)).masked
    assert "3 to 5 ms. We also" in masked
    assert "a 4 ms difference" in masked


def test_a_title_before_a_name_is_still_blanked() -> None:
    said = "I took it to Ms Patel, who ran the platform team."
    masked = mask_answer(said, target_of(QUESTION)).masked
    assert "Ms" not in masked and "Patel" not in masked


def test_the_reply_about_noise_credits_the_check_against_variance() -> None:
    scorer = factory(load_settings())
    context = InterviewContext(
        exchange=[ExchangeAnswer("a1", QUESTION.text, FIRST)], prompt=FOLLOW_UP
    )
    score = scorer.score(REPLY, QUESTION, context)
    assert "significance" in {hit.key_point for hit in score.key_points_hit}
