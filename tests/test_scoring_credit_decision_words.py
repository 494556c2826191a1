"""Credit from the sentence that evidences the point, and flags a hedge or a dash do not earn
(issue 12, whole answers said in hand-run P4 interviews).

A decision story scored 2.61: "We considered running our own Kafka cluster, but it would have
doubled the ops work for a team of four" and "p99 stayed under 200 ms, versus spikes to 900 ms
before" went uncredited (or quoted cut at the "but"), while "Let me tell you about the decision
to move to managed queues" was credited "alternatives rejected". A hedge inside an answer was
flagged "don't know", and a dash list inside a claim was flagged "stuffing".
"""

from __future__ import annotations

import pytest
from interview_driver import SCORER, Interview, hand_plan, said

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.state import TurnRole
from panelist.scoring import EmbeddedScorer
from panelist.scoring.semantic import load_encoder
from panelist.scoring.types import Flag, Score
from panelist.scoring.word_order import order_test

INTRO = (
    "I'm an SRE on the payments platform; the project I'm proudest of is moving our queues "
    "from self-hosted RabbitMQ to SQS last year."
)
FRAMING = "Let me tell you about the decision to move to managed queues."
KAFKA = (
    "We considered running our own Kafka cluster, but it would have doubled the ops work for a "
    "team of four."
)
OUTCOME = "p99 stayed under 200 ms, versus spikes to 900 ms before."
DECISION = (
    f"{FRAMING} We were running RabbitMQ on our own VMs for the payments platform, around "
    "2,000 messages a second, and every broker upgrade was a weekend. "
    f"{KAFKA} So we went with SQS. It meant giving up some control over ordering and we had "
    f"to make the consumers idempotent. {OUTCOME}"
)


@pytest.fixture(scope="module", params=["words", "onnx"])
def scorer(request: pytest.FixtureRequest) -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on") if request.param == "onnx" else None)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def scored(scorer: EmbeddedScorer, question_id: str, answer: str) -> Score:
    return scorer.score(answer, load_catalog().question(question_id))


def quotes(score: Score) -> dict[str, list[str]]:
    return {hit.key_point: [e.text for e in hit.evidence] for hit in score.key_points_hit}


def flags(score: Score) -> set[Flag]:
    return {f.flag for f in score.flags}


# --------------------------------------------------------------------------- the decision story


def test_the_option_and_its_reason_are_quoted_as_one_sentence(scorer: EmbeddedScorer) -> None:
    hits = quotes(scored(scorer, "proj.hardest-decision", DECISION))
    assert hits["alternatives-rejected"] == [KAFKA]


def test_a_number_set_against_the_one_before_is_the_measured_outcome(
    scorer: EmbeddedScorer,
) -> None:
    hits = quotes(scored(scorer, "proj.hardest-decision", DECISION))
    assert hits["measured-outcome"] == [OUTCOME]
    down_from = "MTTR is 12 minutes now, down from 45 before the runbooks."
    assert "measured-outcome" in quotes(scored(scorer, "proj.hardest-decision", down_from))
    planned = (  # a hand-run P4: "missed: measured outcome"
        "It was the right call: the cutover took 40 seconds of write downtime, against the "
        "four-hour maintenance window we had in the plan for pg_upgrade."
    )
    assert quotes(scored(scorer, "proj.hardest-decision", planned))["measured-outcome"] == [planned]


def test_what_the_choice_cost_said_as_giving_up_is_the_trade_off(scorer: EmbeddedScorer) -> None:
    hits = quotes(scored(scorer, "proj.hardest-decision", DECISION))
    assert hits["trade-off-accepted"] == [
        "It meant giving up some control over ordering and we had to make the consumers idempotent."
    ]


def test_one_option_chosen_over_another_because_names_the_alternative(
    scorer: EmbeddedScorer,
) -> None:
    answer = (
        "We chose SQS over self-hosted RabbitMQ because nobody on a four-person team wanted "
        "to be paged for full disks on the queue hosts again."
    )
    assert quotes(scored(scorer, "proj.hardest-decision", answer))["alternatives-rejected"] == [
        answer
    ]


def test_a_sentence_that_only_names_the_topic_credits_nothing(scorer: EmbeddedScorer) -> None:
    assert quotes(scored(scorer, "proj.hardest-decision", FRAMING)) == {}
    vague = "There were a lot of options and a lot of trade-offs, and in the end it all worked out."
    assert quotes(scored(scorer, "proj.hardest-decision", f"{FRAMING} {vague}")) == {}
    every_quote = [q for qs in quotes(scored(scorer, "proj.hardest-decision", DECISION)).values()
                   for q in qs]  # fmt: skip
    assert all(not q.startswith("Let me tell you") for q in every_quote)


@pytest.mark.parametrize(
    ("question_id", "answer", "point"),
    [
        ("tool.k8s-probes-pdb-limits", "I'll use a startupProbe for the slow JVM start.", "startup-probe"),
        ("proj.hardest-decision", "I'll tell you about it: we ruled out sharding because of the rewrite.", "alternatives-rejected"),
    ],
)  # fmt: skip
def test_a_sentence_that_opens_like_a_frame_and_says_something_still_credits(
    scorer: EmbeddedScorer, question_id: str, answer: str, point: str
) -> None:
    assert point in quotes(scored(scorer, question_id, answer))


def test_the_red_flag_sentence_credits_no_point(scorer: EmbeddedScorer) -> None:
    answer = "It was all a team effort so I can't really say which part of the decision was mine."
    score = scored(scorer, "proj.hardest-decision", answer)
    assert Flag.RED_FLAG in flags(score)
    assert quotes(score) == {}


def test_the_interviewer_does_not_ask_for_the_numbers_the_story_gave(catalog: Catalog) -> None:
    """It asked "What was the number before and after, and where did it come from?"."""
    interview = Interview(catalog, hand_plan(catalog, "proj.hardest-decision"), candidate="Kim")
    interview.act(INTRO)
    reply = said(interview.act(DECISION))
    asked = [text for role, text in reply if role is TurnRole.FOLLOW_UP]
    assert not any("number before and after" in text for text in asked), asked
    assert not any("what else did you consider" in text.lower() for text in asked), asked


# --------------------------------------------------------------------------- a hedge, then the answer

HEDGED = (
    "I'm not sure variance applies here, but the p99 moved from 300 to 450 ms after the deploy "
    "and stayed there, so I'd roll back."
)


def test_a_hedge_followed_by_substance_is_not_dont_know(scorer: EmbeddedScorer) -> None:
    score = scored(scorer, "data.deploy-regression", HEDGED)
    assert Flag.DONT_KNOW not in flags(score)
    assert score.value > 1.0


@pytest.mark.parametrize(
    "answer",
    ["I'm not sure, sorry.", "Not sure, but I think it depends.", "No idea, but maybe restart it."],
)
def test_doubt_with_nothing_after_it_is_still_dont_know(answer: str) -> None:
    assert Flag.DONT_KNOW in flags(
        SCORER.score(answer, load_catalog().question("data.deploy-regression"))
    )


# --------------------------------------------------------------------------- a dash list in a claim

DASHES = (
    "Is there a service mesh between them? If not, I'd check A's client side first - connection "
    "pool waits, DNS, TLS handshakes - then the server side - GC pauses, thread pool "
    "saturation, slow queries."
)


def test_a_dash_list_inside_a_claim_is_not_stuffing(scorer: EmbeddedScorer) -> None:
    score = scored(scorer, "net.inter-service-latency", DASHES)
    assert Flag.STUFFING not in flags(score)
    assert not order_test(
        "I'd check A's client side first - connection pool waits, DNS, TLS handshakes - then "
        "the server side - GC pauses, thread pool saturation, slow queries."
    ).no_better_than_shuffled


@pytest.mark.parametrize(
    "answer",
    [
        "connection pool - DNS - TLS handshake - GC pauses - thread pool saturation - slow "
        "queries - tcpdump - tracing",
        "- connection pool\n- DNS\n- TLS handshake\n- GC pauses\n- thread pools\n- slow queries",
    ],
)
def test_a_bare_list_of_terms_with_dashes_is_still_stuffing(
    scorer: EmbeddedScorer, answer: str
) -> None:
    assert Flag.STUFFING in flags(scored(scorer, "net.inter-service-latency", answer))
