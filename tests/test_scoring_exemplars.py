"""Key points read against concrete claims and against the follow-up asked for them (issue 12).

A key point's own text is abstract ("Says what was changed or decided"); the sentences that
make it in a real answer are concrete. The cases here are from a hand-run P5 interview on the
built-in catalog with the default semantic scorer, where each was reported "missed", and from
the ``develop`` half of panelist/evaluation/data/key_point_sentences.jsonl.
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.scoring import EmbeddedScorer
from panelist.scoring.credit import _carries
from panelist.scoring.exemplars import asked_for, reference_claims, says_back
from panelist.scoring.rubric import RubricPoint, Target, target_from_question
from panelist.scoring.semantic import load_encoder
from panelist.scoring.text import content_stems
from panelist.scoring.types import ExchangeAnswer, InterviewContext

DEPENDENCIES = (
    "Who outside your team did that limit depend on, and how did you make the risk visible to them?"
)
NOISE = "How did you know the difference you measured was not just noise?"
THREE_TEAMS = "Six months in, three teams still call the old version. What now?"
FLEET_P99 = "Each of your 10 hosts reports a p99. How do you get the fleet p99?"


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on"))


def credited(
    scorer: EmbeddedScorer, answer: str, question_id: str, prompt: str | None = None
) -> dict[str, list[str]]:
    context = InterviewContext(prompt=prompt) if prompt else None
    score = scorer.score(answer, load_catalog().questions[question_id], context)
    return {hit.key_point: [e.text for e in hit.evidence] for hit in score.key_points_hit}


def test_a_vague_or_evasive_reply_to_the_follow_up_earns_nothing(scorer: EmbeddedScorer) -> None:
    """A reply near the follow-up's topic that brings it no nearer its point: under
    FOLLOW_UP_HIT (a cosine of 0.25 to the follow-up) both were credited."""
    assert "significance" not in credited(
        scorer, "It was obvious from the graph.", "data.settle-disagreement", NOISE
    )
    assert "fix-parent" not in credited(
        scorer,
        "The parent just needs to be written better, cleaner code basically.",
        "os.zombie-processes",
        "What must the parent process do in its code to stop creating zombies?",
    )


@pytest.mark.parametrize("semantic", ["on", "off"])
def test_the_follow_ups_own_words_said_back_credit_nothing(semantic: str) -> None:
    """On the words-only path too (the web request path): "PID 1" and "action items" are the
    follow-up's terms, not the candidate's."""
    scorer = EmbeddedScorer(encoder=load_encoder(semantic))
    pid1 = "The application runs as PID 1 in its container. Why does that matter here?"
    echo = "It matters because the application runs as PID 1 in its container, yes."
    assert credited(scorer, echo, "os.zombie-processes", pid1) == {}
    overdue = "Six months later none of the action items are done. How do you prevent that?"
    vague = "We'd write better action items next time."
    assert "action-items" not in credited(scorer, vague, "inc.blameless-postmortem", overdue)


@pytest.mark.parametrize(
    ("question_id", "prompt", "answer", "point"),
    [
        (
            "data.settle-disagreement",
            NOISE,
            "The 1.5 ms gap was stable day by day, and the spread between days was under half "
            "a millisecond.",
            "significance",
        ),
        (
            "code.platform-api-evolution",
            THREE_TEAMS,
            "I'd find out why they haven't moved, pair with them on the change, and only turn v1 "
            "off once their calls have stopped entirely.",
            "safe-shutdown",
        ),
    ],
)
def test_direct_replies_to_follow_ups_credit_their_point(
    scorer: EmbeddedScorer, question_id: str, prompt: str, answer: str, point: str
) -> None:
    assert point in credited(scorer, answer, question_id, prompt)


def test_a_reply_that_says_the_follow_up_back_earns_nothing(scorer: EmbeddedScorer) -> None:
    echo = "Teams outside my team depended on it and I made the risk visible to them."
    assert credited(scorer, echo, "proj.breaking-point", DEPENDENCIES) == {}


def test_a_reply_to_a_follow_up_counts_for_the_exchange(scorer: EmbeddedScorer) -> None:
    question = load_catalog().questions["code.platform-api-evolution"]
    earlier = ExchangeAnswer(
        "t2",
        THREE_TEAMS,
        "We'd turn the old version off for an hour a week first so they notice, and remove it "
        "when the dashboard shows no calls for a month.",
    )
    later = "Most of them moved within the quarter anyway."
    score = scorer.score(
        later, question, InterviewContext(exchange=[earlier], prompt="Anything else?")
    )
    hits = {hit.key_point: hit for hit in score.key_points_hit}
    assert [e.turn_id for e in hits["safe-shutdown"].evidence] == ["t2"]


def test_a_first_person_phrase_said_as_written_credits_its_point(scorer: EmbeddedScorer) -> None:
    hits = credited(
        scorer, "We decided to shard Prometheus by team, with Thanos on top.", "proj.breaking-point"
    )
    assert hits == {
        "what-was-done": ["We decided to shard Prometheus by team, with Thanos on top."]
    }
    built = "I built the alert rules and the migration plan myself; rolling it out to the teams was shared work."
    assert "own-part" in credited(scorer, built, "proj.breaking-point")
    assert "what-was-done" not in credited(
        scorer, "It was decided somewhere above us, I never heard why.", "proj.breaking-point"
    )


def test_a_sentence_near_one_of_the_points_exemplars_credits_it(scorer: EmbeddedScorer) -> None:
    answer = (
        "Page if two percent of the month's allowance goes in an hour, page again if five "
        "percent goes in six hours, and for the slow leak, ten percent over three days just "
        "goes to the team's queue for working hours."
    )
    assert "workbook-numbers" in credited(scorer, answer, "alert.multiwindow-burn-rate")


def test_a_sentence_negating_the_words_of_an_exemplar_does_not_credit_it(
    scorer: EmbeddedScorer,
) -> None:
    answer = (
        "We don't need a unique constraint, checking whether the key exists before inserting "
        "is enough."
    )
    assert credited(scorer, answer, "code.idempotent-payment-handler") == {}


def test_exemplars_are_the_reference_clauses_of_one_point_only() -> None:
    point = RubricPoint("queue", "Puts a queue in front of the slow dependency.", 1.0, ("queue",))
    other = RubricPoint("replicas", "Moves reads to replicas.", 1.0, ("replica",))
    target = Target(
        "q",
        "What did you do?",
        "We put a queue in front of the payment provider. Reads went to a replica, and the "
        "queue drained overnight. Fine.",
        (point, other),
    )
    assert reference_claims(target, _carries) == {
        "queue": ("We put a queue in front of the payment provider.",),
        "replicas": (),
    }


def test_the_follow_up_is_found_in_the_prompt_with_its_lead_in() -> None:
    target = target_from_question(load_catalog().questions["proj.breaking-point"])
    asked = asked_for(target, "Thanks, that helps. " + DEPENDENCIES)
    assert asked is not None and asked.point_id == "dependencies-and-people"
    assert asked_for(target, "Can you say more about that?") is None
    assert asked_for(target, None) is None


def test_says_back_counts_the_prompts_own_words() -> None:
    prompt = set(content_stems(DEPENDENCIES))
    assert says_back(content_stems("Teams outside my team depended on it."), prompt)
    assert not says_back(
        content_stems("Mostly the product teams owning label cardinality."), prompt
    )


def test_a_mood_near_an_exemplar_credits_nothing(scorer: EmbeddedScorer) -> None:
    """A grade-1 answer of the graded set's calibration split (self-healing automation that
    replaces on any failed check) opened "I love this kind of automation, to be honest.",
    which the exemplars credited "amplification" (strength 0.58) and lifted the answer above
    2; a sentence credited by an exemplar must say words of the point or its exemplars."""
    answer = (
        "I love this kind of automation, to be honest. The best on-call is the one where "
        "nothing pages you."
    )
    assert "amplification" not in credited(scorer, answer, "auto.self-healing-safeguards")


def test_a_direct_reply_is_credited_though_it_lifts_the_pair_by_little(
    scorer: EmbeddedScorer,
) -> None:
    """A P5 hand run: "How did you work out where the problem was?" answered by naming the
    stuck partition lifted the pair towards "narrow down" by 0.01 only, and the report said
    "missed: narrow down"; the sentence is near the follow-up by its own words (0.30)."""
    reply = (
        "We compared the tracking events table with the carrier webhooks. The webhooks were "
        "still arriving, so the input was fine, but the consumer lag on the Kafka topic had "
        "grown to about six hours. The consumer group had one partition stuck on a poison "
        "message, so it was retrying forever."
    )
    asked = "One more angle on this: how did you work out where the problem was?"

    hits = credited(scorer, reply, "proj.knowing-it-was-healthy", asked)

    assert hits["narrow-down"] == [
        "The consumer group had one partition stuck on a poison message, so it was retrying "
        "forever."
    ]


def test_naming_the_points_term_in_reply_is_not_saying_the_follow_up_back(
    scorer: EmbeddedScorer,
) -> None:
    """ "Contract tests." answered "How would you know a change breaks one of the forty teams
    before you release it?" and was blanked as said back, because the point's own text
    ("contract tests") was counted among the words the candidate had heard."""
    reply = (
        "Contract tests. Each big client team keeps a small suite of the calls they rely on in "
        "our repo, and CI runs them against every build of the API."
    )
    asked = "How would you know a change breaks one of the forty teams before you release it?"

    assert "contract-tests" in credited(scorer, reply, "code.platform-api-evolution", asked)


def test_a_reply_that_says_it_has_no_answer_credits_nothing(scorer: EmbeddedScorer) -> None:
    # a hand-run SWEB P5: this reply to the game-day follow-up was credited "risk framing"
    nothing = "I'm not sure, I think I've said what I know about that."
    vp_says_no = "The VP of engineering says no. What do you bring to the next conversation?"
    assert credited(scorer, nothing, "chaos.game-day", vp_says_no) == {}
    # ... and an earlier such reply adds nothing to the exchange
    question = load_catalog().questions["chaos.game-day"]
    earlier = ExchangeAnswer("t2", vp_says_no, nothing)
    score = scorer.score(
        "We would start in staging.", question, InterviewContext(exchange=[earlier])
    )
    assert all(e.turn_id != "t2" for hit in score.key_points_hit for e in hit.evidence)
