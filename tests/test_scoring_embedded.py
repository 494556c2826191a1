"""The embedded scorer on a catalog-style SRE question: values, evidence, flags, null reasons."""

from __future__ import annotations

import pytest

from panelist.catalog.models import Question
from panelist.config import load_settings
from panelist.errors import ConfigurationError, ScoringError
from panelist.scoring import EmbeddedScorer, FallbackScorer, get_scorer, scorer_names
from panelist.scoring.types import (
    ExchangeAnswer,
    Flag,
    InterviewContext,
    PriorAnswer,
    Score,
    Scorer,
)

CANARY = Question.model_validate(
    {
        "id": "deploy.canary-release",
        "kind": "technical",
        "competencies": ["deploy_release"],
        "topic": "safe releases with canaries",
        "text": "How would you roll out a risky change to a service that handles payments?",
        "reference_answer": (
            "Release it behind a canary: send 1-5% of traffic to the new version, compare its "
            "error rate and latency against the baseline with automated analysis, and promote in "
            "stages. Keep a one-command rollback ready and use feature flags to decouple deploy "
            "from release. Define abort criteria from the SLO before starting."
        ),
        "key_points": [
            {
                "id": "canary",
                "text": "Sends a small share of traffic to the new version first.",
                "weight": 1.0,
                "evidence": ["canary", "small percentage of traffic", "1% of traffic"],
            },
            {
                "id": "compare-metrics",
                "text": "Compares error rate and latency of canary against the baseline.",
                "weight": 0.8,
                "evidence": ["error rate", "latency", "compare against baseline"],
            },
            {
                "id": "rollback",
                "text": "Has a fast, rehearsed rollback.",
                "weight": 0.8,
                "evidence": ["rollback", "roll back", "revert"],
            },
            {
                "id": "feature-flags",
                "text": "Uses feature flags to decouple deploy from release.",
                "weight": 0.5,
                "evidence": ["feature flag", "feature toggle"],
            },
        ],
        "descriptors": {
            1: "Deploys everywhere at once.",
            2: "Mentions testing but no staged rollout.",
            3: "Staged rollout without clear metrics.",
            4: "Canary with metrics and rollback.",
            5: "Canary, automated analysis, rollback, flags and SLO-based abort criteria.",
        },
        "red_flags": [
            {
                "id": "yolo",
                "text": "Pushes to all servers at once.",
                "phrases": ["deploy to all servers at once", "push straight to production"],
            }
        ],
        "follow_ups": [{"text": "What would make you abort?", "key_point": "compare-metrics"}],
    }
)

GOOD = (
    "I would ship it as a canary: route 1% of traffic to the new version and compare its error "
    "rate and p99 latency against the baseline for 30 minutes using Argo Rollouts analysis. If "
    "the error rate rises above the SLO budget we roll back with one command. The risky code path "
    "sits behind a feature flag so we can turn it off without a deploy."
)
WEAK = "I would test it well and then deploy it, and watch the dashboards afterwards."


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    return EmbeddedScorer()


def test_a_complete_answer_scores_high_with_quoted_evidence(scorer: EmbeddedScorer) -> None:
    score = scorer.score(GOOD, CANARY)

    assert score.value is not None and score.value >= 3.5
    assert {hit.key_point for hit in score.key_points_hit} == {
        "canary",
        "compare-metrics",
        "rollback",
        "feature-flags",
    }
    for hit in score.key_points_hit:
        for evidence in hit.evidence:
            assert GOOD[evidence.start : evidence.end] == evidence.text
    assert score.scorer == "embedded/2.0.0"
    assert score.relevance >= 0.6
    assert 1.0 <= score.value <= 5.0


def test_a_weak_answer_scores_lower_and_misses_points(scorer: EmbeddedScorer) -> None:
    good, weak = scorer.score(GOOD, CANARY), scorer.score(WEAK, CANARY)

    assert weak.value is not None and good.value is not None
    assert weak.value < good.value - 1.0
    assert "canary" in weak.key_points_missed


def test_negated_evidence_earns_no_credit(scorer: EmbeddedScorer) -> None:
    score = scorer.score(
        "We did not use canaries and never had a rollback plan; we deploy at night.", CANARY
    )

    assert "canary" in score.key_points_missed
    assert "rollback" in score.key_points_missed


def test_empty_answer_is_not_scored_and_says_why(scorer: EmbeddedScorer) -> None:
    score = scorer.score("   ", CANARY)

    assert score.value is None
    assert score.reason == "empty answer"


def test_dont_know_gets_the_lowest_score_and_a_flag(scorer: EmbeddedScorer) -> None:
    score = scorer.score("Honestly, I don't know.", CANARY)

    assert score.value == 1.0
    assert Flag.DONT_KNOW.value in score.flag_names


def test_red_flag_phrase_is_flagged_with_evidence(scorer: EmbeddedScorer) -> None:
    answer = "I would push straight to production, it is faster than a canary."
    score = scorer.score(answer, CANARY)

    flag = next(f for f in score.flags if f.flag is Flag.RED_FLAG)
    assert flag.evidence[0].text.lower() == "push straight to production"


def test_unsupported_metric_claim_is_flagged(scorer: EmbeddedScorer) -> None:
    score = scorer.score(
        "Canary releases with automatic rollback cut our MTTR by 60% across the org.", CANARY
    )

    assert Flag.UNSUPPORTED_CLAIM.value in score.flag_names
    supported = scorer.score(
        "Canary releases with automatic rollback cut our MTTR from 50 to 20 minutes, "
        "measured over two quarters of incident data.",
        CANARY,
    )
    assert Flag.UNSUPPORTED_CLAIM.value not in supported.flag_names


def test_contradiction_with_an_earlier_answer_quotes_both(scorer: EmbeddedScorer) -> None:
    earlier = PriorAnswer(
        "intro",
        "Tell me about yourself.",
        "I led a team of 15 engineers and we cut incident response time by 60%.",
    )
    answer = (
        "With canaries and automated rollback my team of 20 engineers shipped daily, "
        "and cloud costs dropped by 60%."
    )
    score = scorer.score(answer, CANARY, InterviewContext(prior_answers=[earlier]))

    contradictions = [f for f in score.flags if f.flag is Flag.CONTRADICTION]
    assert contradictions
    for flag in contradictions:
        assert flag.evidence[0].text in answer
        assert flag.evidence[1].text in earlier.answer


def test_exclusive_tool_claim_contradicting_another_tool_is_flagged(
    scorer: EmbeddedScorer,
) -> None:
    earlier = PriorAnswer(
        "obs", "How do you monitor?", "We were standardized on Datadog for all our monitoring."
    )
    answer = "Our alerting was primarily Prometheus and Alertmanager, with canary analysis."
    score = scorer.score(answer, CANARY, InterviewContext(prior_answers=[earlier]))

    flag = next(f for f in score.flags if f.flag is Flag.CONTRADICTION)
    assert "Prometheus" in flag.evidence[0].text
    assert "Datadog" in flag.evidence[1].text


def test_score_round_trips_through_a_dict(scorer: EmbeddedScorer) -> None:
    score = scorer.score(GOOD, CANARY)

    assert Score.from_dict(score.to_dict()) == score


def test_registry_builds_the_embedded_scorer() -> None:
    settings = load_settings(semantic="off")

    scorer = get_scorer("embedded", settings)

    assert "embedded" in scorer_names()
    assert isinstance(scorer, Scorer)
    assert scorer.score(GOOD, CANARY).value is not None
    with pytest.raises(ConfigurationError, match="no scorer"):
        get_scorer("nope", settings)


class _Broken:
    id = "broken"
    version = "0.0.1"

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        raise ScoringError("the judge returned nonsense")


def test_fallback_records_which_scorer_scored_and_why(scorer: EmbeddedScorer) -> None:
    combined = FallbackScorer(_Broken(), scorer)

    score = combined.score(GOOD, CANARY)

    assert score.value == scorer.score(GOOD, CANARY).value
    assert score.scorer == "embedded/2.0.0"
    assert score.reason is not None and "broken failed: the judge returned nonsense" in score.reason
    assert score.signals["fallback"] == 1.0


SEED_001_INTRO = (
    "A key achievement there was improving our critical service uptime from 99.9% to 99.99%. "
    "We also managed to reduce our average incident response time by 60% through a "
    "combination of enhanced observability and a more robust incident management process."
)
SEED_001_AUTOMATION = (
    "We were seeing a 60% reduction in response time, which was great. We integrated our "
    "alerting system (primarily Prometheus and Alertmanager) with a custom-built Slack bot. "
    "This bot would pull relevant metrics and logs from our observability stack (Datadog and "
    "Grafana) based on the alert signature."
)


def test_seed_001_alerting_and_observability_stacks_are_two_scopes_not_a_contradiction(
    scorer: EmbeddedScorer,
) -> None:
    context = InterviewContext(prior_answers=[PriorAnswer("intro", "Intro", SEED_001_INTRO)])

    score = scorer.score(SEED_001_AUTOMATION, CANARY, context)

    # "alerting (primarily Prometheus)" and "metrics and logs from Datadog" are two scopes
    # (issue 12), and "60% … response time" repeats the intro's claim
    assert Flag.CONTRADICTION.value not in score.flag_names
    assert Flag.UNSUPPORTED_CLAIM.value in score.flag_names  # "60% reduction", no baseline


def test_a_negation_stops_at_the_preposition_after_the_word_it_denies() -> None:
    from panelist.scoring.text import tokenize

    def denied(text: str) -> list[str]:
        return [t.text for t in tokenize(text) if t.negated and t.is_content]

    assert denied("This doesn't work for a service doing ten requests a minute") == ["work"]
    assert denied("We did not page anyone for the outage") == ["page", "anyone"]
    assert denied("The checkout is not on the critical path") == ["critical", "path"]


def test_a_short_reply_to_a_follow_up_is_not_flagged_too_short() -> None:
    """ "Call wait on them." answered "And what should the parent do?" directly, and was
    flagged "Too short … ask a follow-up": the follow-up had just been asked, and the
    exchange is judged as a whole. The same words as a whole answer are still too short."""
    scorer = EmbeddedScorer()
    earlier = ExchangeAnswer(
        "t1",
        CANARY.text,
        "Canary first, 1% of traffic, and compare the error rate against the baseline.",
    )
    context = InterviewContext(exchange=[earlier], prompt="And if the canary looks bad?")

    reply = scorer.score("Roll it back.", CANARY, context)
    alone = scorer.score("Roll it back.", CANARY)

    assert Flag.TOO_SHORT not in {f.flag for f in reply.flags}
    assert Flag.TOO_SHORT in {f.flag for f in alone.flags}
