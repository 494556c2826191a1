"""Credit that matches the words: whole-clause quotes, negation, the exchange as one unit,
and relevance against the turn actually answered (issue 12's wordings)."""

from __future__ import annotations

import re

import pytest

from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import Question
from panelist.scoring import EmbeddedScorer
from panelist.scoring.flags import unsupported_claims
from panelist.scoring.text import quotable
from panelist.scoring.types import ExchangeAnswer, Flag, InterviewContext, Score


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    return EmbeddedScorer()


def question(catalog: Catalog, question_id: str) -> Question:
    return catalog.questions[question_id]


def hit(score: Score, point: str) -> list[str]:
    return [e.text for h in score.key_points_hit if h.key_point == point for e in h.evidence]


def test_kill_does_nothing_because_it_is_already_dead_evidences_no_kill(
    catalog: Catalog, scorer: EmbeddedScorer
) -> None:
    answer = (
        "A zombie has already exited and its parent never called wait() on it. "
        "kill -9 does nothing because it is already dead; the real risk is PID exhaustion."
    )

    score = scorer.score(answer, question(catalog, "os.zombie-processes"))

    assert "no-kill" not in score.key_points_missed
    assert any("already dead" in quote for quote in hit(score, "no-kill"))


def test_a_negation_still_keeps_a_point_out() -> None:
    catalog = load_catalog()
    answer = "Zombies are not already dead, so kill -9 on the zombies clears them."

    score = EmbeddedScorer().score(answer, question(catalog, "os.zombie-processes"))

    assert "no-kill" in score.key_points_missed


def test_every_quote_is_whole_clauses_of_the_answer_never_cut_mid_word(
    catalog: Catalog, scorer: EmbeddedScorer
) -> None:
    for q in catalog.questions.values():
        answer = q.reference_answer
        if not answer or not q.key_points:
            continue
        score = scorer.score(answer, q)
        edges = quotable(answer)
        starts, ends = {s for s, _ in edges}, {e for _, e in edges}
        for h in score.key_points_hit:
            for evidence in h.evidence:
                assert answer[evidence.start : evidence.end] == evidence.text
                assert evidence.start in starts and evidence.end in ends, (q.id, evidence.text)
                before = answer[evidence.start - 1 : evidence.start]
                after = answer[evidence.end : evidence.end + 1]
                assert not re.match(r"\w", before) and not re.match(r"\w", after)


def test_the_issue_s_half_quote_is_now_its_whole_sentence(scorer: EmbeddedScorer) -> None:
    catalog = load_catalog()
    answer = (
        "We moved the log pipeline from Fluentd to Fluent Bit into Prometheus via recording "
        "rules) and about two minutes of extra delay. The p99 dropped from 900 ms to 250 ms "
        "over the next quarter, measured on the Grafana latency panel."
    )

    score = scorer.score(answer, question(catalog, "proj.hardest-decision"))

    for h in score.key_points_hit:
        for evidence in h.evidence:
            assert evidence.text[0].isupper() or evidence.start == 0
            assert not evidence.text.startswith("ent Bit")
    assert any("dropped from 900 ms" in q for q in hit(score, "measured-outcome"))


def test_the_outcome_given_as_a_before_and_after_pair_is_credited(
    catalog: Catalog, scorer: EmbeddedScorer
) -> None:
    answer = (
        "I chose batching on the producer over adding partitions. Peak consumer lag went from "
        "20 minutes to under 30 seconds after the change."
    )

    score = scorer.score(answer, question(catalog, "proj.hardest-decision"))

    assert "measured-outcome" not in score.key_points_missed
    assert hit(score, "measured-outcome") == [
        "Peak consumer lag went from 20 minutes to under 30 seconds after the change."
    ]


# ------------------------------------------------------------------ the exchange is one unit


FIRST = (
    "The hardest call was batching on the producer instead of adding partitions, because "
    "partitions meant a risky migration. It cut lag by 60%."
)
FOLLOW_UP = "How do you know it worked? What was the number before and after?"
SECOND = "Lag was 20 minutes at peak before, and about 30 seconds after, from the Grafana panel."


def test_a_point_said_in_an_earlier_answer_counts_and_names_that_answer(
    catalog: Catalog, scorer: EmbeddedScorer
) -> None:
    q = question(catalog, "proj.hardest-decision")
    context = InterviewContext(exchange=[ExchangeAnswer("t-3", q.text, FIRST)], prompt=FOLLOW_UP)

    alone = scorer.score(SECOND, q)
    together = scorer.score(SECOND, q, context)

    assert "alternatives-rejected" in alone.key_points_missed
    assert "alternatives-rejected" not in together.key_points_missed
    (evidence,) = [
        e
        for h in together.key_points_hit
        if h.key_point == "alternatives-rejected"
        for e in h.evidence
    ]
    assert evidence.turn_id == "t-3"
    assert FIRST[evidence.start : evidence.end] == evidence.text
    assert together.value is not None and alone.value is not None
    assert together.value > alone.value


def test_the_baseline_given_in_the_follow_up_clears_unsupported_claim(
    catalog: Catalog, scorer: EmbeddedScorer
) -> None:
    q = question(catalog, "proj.hardest-decision")
    first = scorer.score(FIRST, q)
    assert Flag.UNSUPPORTED_CLAIM.value in first.flag_names

    context = InterviewContext(exchange=[ExchangeAnswer("t-3", q.text, FIRST)], prompt=FOLLOW_UP)
    second = scorer.score(SECOND, q, context)

    assert Flag.UNSUPPORTED_CLAIM.value not in second.flag_names


def test_an_unsupported_claim_left_in_the_exchange_is_quoted_from_its_answer() -> None:
    exchange = [ExchangeAnswer("t-3", "Q", "It cut lag by 60%, which was great.")]

    (flag,) = unsupported_claims("We also added alerts on consumer lag.", exchange)

    (evidence,) = flag.evidence
    assert evidence.turn_id == "t-3"
    assert evidence.text == "It cut lag by 60%"  # the claim's clause, not the remark after it


def test_a_direct_answer_to_a_follow_up_is_never_off_topic(
    catalog: Catalog, scorer: EmbeddedScorer
) -> None:
    q = question(catalog, "proj.hardest-decision")
    context = InterviewContext(exchange=[ExchangeAnswer("t-3", q.text, FIRST)], prompt=FOLLOW_UP)

    score = scorer.score("It went from 40 to 12 minutes.", q, context)

    assert Flag.OFF_TOPIC.value not in score.flag_names
    assert score.relevance >= 0.2


def test_an_intro_answer_is_relevant_to_the_intro_prompt(
    catalog: Catalog, scorer: EmbeddedScorer
) -> None:
    intro = next(q for q in catalog.questions.values() if q.kind.value == "intro")
    prompt = "To start, could you tell me a bit about yourself and what you work on now?"
    answer = (
        "I'm Dana, a senior SRE at Northwind with eight years in operations. Most recently I "
        "rebuilt our log pipeline, which handles two terabytes a day."
    )

    without = scorer.score(answer, intro)
    with_prompt = scorer.score(answer, intro, InterviewContext(prompt=prompt))

    assert with_prompt.relevance >= 0.2
    assert with_prompt.relevance >= without.relevance
    assert Flag.OFF_TOPIC.value not in with_prompt.flag_names


def test_an_off_topic_answer_to_a_follow_up_is_still_off_topic(
    catalog: Catalog, scorer: EmbeddedScorer
) -> None:
    q = question(catalog, "proj.hardest-decision")
    context = InterviewContext(exchange=[ExchangeAnswer("t-3", q.text, FIRST)], prompt=FOLLOW_UP)

    score = scorer.score(
        "Outside work I mostly think about sourdough and cycling, honestly.", q, context
    )

    assert score.relevance < 0.2
    assert Flag.OFF_TOPIC.value in score.flag_names
