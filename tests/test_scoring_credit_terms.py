"""A key point's term is not its claim (issue 12, "credit that does not match the words").

With the semantic model, an evidence phrase credits its point only where its sentence says
more than the term: another phrase of the point, a word of the point's own text, hardly any
other word, or a meaning nearer the point's text than a bare mention of the phrase ("We use
an error budget."). "We had an error budget on paper but nobody ever looked at it" names the
budget and gives no number. The hard negatives are from the labelled set's ``develop`` half
(panelist/evaluation/keypoints.py), where the rule was chosen; the other sentences are
written here; `panelist eval keypoints` reports the rule on the held-out half.
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.scoring import EmbeddedScorer
from panelist.scoring.semantic import load_encoder


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on"))


def credited(scorer: EmbeddedScorer, answer: str, question_id: str) -> dict[str, list[str]]:
    score = scorer.score(answer, load_catalog().questions[question_id])
    return {hit.key_point: [e.text for e in hit.evidence] for hit in score.key_points_hit}


@pytest.mark.parametrize(
    ("question_id", "sentence", "point"),
    [
        (
            "obs.promql-availability-sli",
            "We had an error budget on paper but nobody ever looked at it.",
            "budget-number",
        ),
        (
            "code.idempotent-payment-handler",
            "We already log a request id on every call, so finance can trace which ones were "
            "duplicated.",
            "idempotency-key",
        ),
        (
            "os.zombie-processes",
            "We did hit PID exhaustion once on a CI runner, but that was a fork bomb in a test, "
            "so I'd look for whatever is spawning processes.",
            "no-kill",
        ),
        (
            "inc.blameless-postmortem",
            "Restore times for our databases were in the runbook somewhere, I think.",
            "contributing-factors",
        ),
    ],
)
def test_a_sentence_that_only_names_a_points_term_does_not_credit_it(
    scorer: EmbeddedScorer, question_id: str, sentence: str, point: str
) -> None:
    assert point not in credited(scorer, sentence, question_id)


@pytest.mark.parametrize(
    ("question_id", "sentence", "point"),
    [
        (
            "os.zombie-processes",
            "Sending kill -9 is pointless here because they're already dead; the real damage is "
            "PID exhaustion once pids.max is hit.",
            "no-kill",
        ),
        (
            "os.zombie-processes",
            "kill -9 does nothing because it is already dead.",
            "no-kill",
        ),
        (
            "obs.promql-availability-sli",
            "Our target is 99.9% over 30 days, which leaves an error budget of about 43 minutes "
            "of full outage a month.",
            "budget-number",
        ),
    ],
)
def test_a_sentence_that_makes_the_point_with_its_term_still_credits_it(
    scorer: EmbeddedScorer, question_id: str, sentence: str, point: str
) -> None:
    hits = credited(scorer, sentence, question_id)
    assert point in hits
    assert all(quote in sentence for quote in hits[point])


@pytest.mark.parametrize(
    ("question_id", "sentence", "point"),
    [
        # two of the point's phrases, sharing no word, in one sentence
        (
            "obs.promql-availability-sli",
            "I would require both windows, 1h and 5m, to be over the threshold.",
            "multi-window",
        ),
        # hardly a word besides the phrase: terse answers are written like this
        (
            "code.idempotent-payment-handler",
            "On completion, store the status and the response.",
            "replay-response",
        ),
        # a word of the point's own text ("step") besides its phrase ("argo rollouts")
        (
            "rel.canary-auto-rollback",
            "I would use Argo Rollouts with steps of 5, 25, 50 and 100% and a ten-minute pause "
            "at each.",
            "staged-traffic",
        ),
    ],
)
def test_a_terse_or_specific_sentence_credits_its_point_without_the_meaning_check(
    scorer: EmbeddedScorer, question_id: str, sentence: str, point: str
) -> None:
    assert point in credited(scorer, sentence, question_id)


def test_without_the_model_a_points_term_still_credits_it() -> None:
    """The words-only scorer has no meaning to tell a term from a claim: it is unchanged."""
    words = EmbeddedScorer(encoder=None)
    hits = credited(
        words,
        "We had an error budget on paper but nobody ever looked at it.",
        "obs.promql-availability-sli",
    )
    assert "budget-number" in hits


def test_a_plural_of_a_short_word_says_the_evidence_phrase_written_singular(
    scorer: EmbeddedScorer,
) -> None:
    """The words "rules" and "rule" stem apart ("rul", "rule"): "recording rule" went unheard."""
    sentence = (
        "I'd put the ratio into recording rules at 5m, 1h, 6h and 3d so the alerts are cheap "
        "to evaluate."
    )

    hits = credited(scorer, sentence, "obs.promql-availability-sli")

    assert hits["recording-rules"] == [sentence]


@pytest.mark.parametrize("semantic", ["on", "off"])
def test_an_identifier_is_read_for_the_words_it_joins(semantic: str) -> None:
    """A strong P5 simulated interview credited "confirms with head series metrics" by quoting
    the prevention sentence that mentions "head series growth": the metric name that says it
    was one word to the matcher."""
    answer = (
        "The label user_id put every user into its own series, so memory went from 8 to 40 GB. "
        "I checked tsdb_head_series on the Prometheus server and it had gone from 2 million to 9 "
        "million in a day. To stop it coming back we drop the label with a relabel rule and "
        "alert on head series growth per job."
    )
    hits = credited(
        EmbeddedScorer(encoder=load_encoder(semantic)), answer, "cost.metrics-cardinality"
    )
    assert hits["confirm-with-tsdb"] == [
        "I checked tsdb_head_series on the Prometheus server and it had gone from 2 million to 9 "
        "million in a day."
    ]


def test_a_config_name_said_aloud_or_a_compound_without_its_hyphen_is_its_evidence_phrase(
    scorer: EmbeddedScorer,
) -> None:
    # "sample_limit" is the point's phrase; a senior SRE in a hand-run interview said it aloud
    # ("a per-target sample limit") and the guardrail was reported missing
    answer = (
        "To prevent it, I'd add a CI check on metric label names and a per-target sample "
        "limit, so one bad deploy can't take down monitoring for everyone."
    )
    assert "guardrails" in credited(scorer, answer, "cost.metrics-cardinality")
    denied = credited(scorer, "We never set a sample limit.", "cost.metrics-cardinality")
    assert "guardrails" not in denied
    # "internet-facing" is the risk-priority point's phrase; a P3 candidate wrote it unhyphenated
    answer = (
        "I'd use a scanner like Trivy on the images to find which ones have the library, then "
        "update the dependency version in each service and redeploy. The internet facing ones "
        "first. Then I'd scan again to check."
    )
    assert "risk-priority" in credited(scorer, answer, "sec.cve-patching-fleet")


def test_a_compound_is_said_with_a_space_only_when_every_part_is_a_content_word() -> None:
    """ "write-up" read as "write up" was a bare "write", and six generic answers ("... and
    write a report for the team") were credited a point in CI; "issued-at", "d-state" too."""
    from panelist.scoring.rubric import spoken_forms

    forms = spoken_forms(["write-up", "issued-at", "d-state", "sample_limit", "internet-facing"])

    assert forms == (
        "write-up",
        "issued-at",
        "d-state",
        "sample_limit",
        "sample limit",
        "internet-facing",
        "internet facing",
    )
