"""A key point said in other words, and what must not pass for it (issue 12).

With the semantic model a sentence credits the point it is nearest by meaning when it is
close to the point's text, nearer to it than to any other point of the question, and nearer
to it than to what a weak answer says (the question's red flags and its score-1 descriptor);
a sentence that negates the point's own words, or calls them futile or dismisses them
(scoring.polarity), credits nothing unless the point itself says not to do that. The labelled sentences here are from the ``develop`` half of
panelist/evaluation/data/key_point_sentences.jsonl, where the rule was chosen; the denials
are written here. `panelist eval keypoints` reports the rule on the held-out half.
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
            "tool.k8s-probes-pdb-limits",
            "I'd tell the cluster that at most one of these pods may be voluntarily evicted at "
            "any moment, and spread the replicas so no two share a node or zone.",
            "pdb",
        ),
        (
            "sec.secrets-management",
            "That key has been readable by anyone with repo access for three years, so right now "
            "I issue a replacement, deploy it, kill the old one at the provider and look through "
            "their audit trail for calls we didn't make.",
            "rotate-first",
        ),
        (
            "rel.expand-contract-migration",
            "Even a cheap ALTER needs a brief exclusive grab on the table, and if it waits behind "
            "some hour-long report query every write queues up behind it, so I make it give up "
            "after a couple of seconds and retry; new indexes get built without blocking writes.",
            "lock-safety",
        ),
        (
            "beh.oncall-burnout",
            "Anything that paged without anyone needing to act either went away or became a "
            "daytime task, and the disk-space warnings were replaced by an alert on users "
            "actually seeing errors.",
            "fix-alerts",
        ),
    ],
)
def test_a_point_said_in_other_words_is_credited_with_the_sentence_that_says_it(
    scorer: EmbeddedScorer, question_id: str, sentence: str, point: str
) -> None:
    hits = credited(scorer, sentence, question_id)
    assert point in hits
    assert hits[point] == [sentence]


@pytest.mark.parametrize(
    ("question_id", "sentence", "point"),
    [
        (
            "sec.secrets-management",
            "Removing it in a new commit doesn't take it out of the old commits, and anyone who "
            "cloned the repo in the last three years still has it.",
            "git-history",
        ),
        (
            "os.zombie-processes",
            "kill -9 does nothing to them because there's no running process left to receive the "
            "signal, what hurts is that each one still holds a PID.",
            "no-kill",
        ),
        (
            "alert.multiwindow-burn-rate",
            "This doesn't work for a service doing ten requests a minute, two failures look like "
            "a massive burn, so there I'd require a minimum number of requests before it can fire.",
            "low-traffic",
        ),
        (  # the point's example says "out of rotation, not restarted": a negation of that
            "tool.k8s-probes-pdb-limits",
            "Liveness must not depend on the database or Kafka; a dependency outage should pull "
            "pods out of the Service, not restart all of them.",
            "readiness-vs-liveness",
        ),
    ],
)
def test_a_point_made_through_a_negation_is_credited(
    scorer: EmbeddedScorer, question_id: str, sentence: str, point: str
) -> None:
    assert point in credited(scorer, sentence, question_id)


@pytest.mark.parametrize(
    ("question_id", "sentence", "point"),
    [
        (
            "sec.secrets-management",
            "We did not rotate or revoke the leaked key.",
            "rotate-first",
        ),
        (
            "tool.k8s-probes-pdb-limits",
            "We never set a PodDisruptionBudget and never spread the replicas across nodes.",
            "pdb",
        ),
        (
            "auto.self-healing-safeguards",
            "The controller never stopped acting and never paged a human, however many pods "
            "looked bad.",
            "stop-and-escalate",
        ),
        # a thing called futile or dismissed is denied, by words, by role and by meaning
        (
            "os.zombie-processes",
            "Killing the parent won't change anything, the zombies stay until the host reboots.",
            "fix-parent",
        ),
        (
            "os.zombie-processes",
            "PID 1 in the container doesn't need to do anything special, the kernel reaps "
            "orphans by itself.",
            "pid1-init",
        ),
        (
            "obs.promql-availability-sli",
            "Don't bother with rate(), just divide the error counter by the total counter as "
            "they are.",
            "ratio-from-counters",
        ),
        (
            "alert.multiwindow-burn-rate",
            "I don't see the point of separate tickets and pages, everything that fires goes to "
            "the on-call phone.",
            "severity-routing",
        ),
        (
            "code.idempotent-payment-handler",
            "I wouldn't bother comparing the body of a retried request with the original, if the "
            "key matches we just run it.",
            "payload-mismatch",
        ),
    ],
)
def test_a_sentence_denying_a_point_does_not_credit_it(
    scorer: EmbeddedScorer, question_id: str, sentence: str, point: str
) -> None:
    assert point not in credited(scorer, sentence, question_id)


@pytest.mark.parametrize(
    ("question_id", "sentence", "point"),
    [
        (
            "alert.multiwindow-burn-rate",
            "Burn rate is the number of errors per minute, so I'd page at 100 errors a minute.",
            "burn-rate-definition",
        ),
        (
            "code.idempotent-payment-handler",
            "Once the key's been seen, a second request should just run the charge again, the "
            "processor will sort out duplicates.",
            "payload-mismatch",
        ),
        (
            "os.zombie-processes",
            "Just run kill -9 on the zombie PIDs, SIGKILL can't be caught or ignored so they'll "
            "be gone.",
            "no-kill",
        ),
        (
            "rel.expand-contract-migration",
            "I'd do expand and contract: add the new column, move everything over, and drop the "
            "old column later in a separate release.",
            "dual-write",
        ),
    ],
)
def test_a_wrong_or_weak_answer_on_the_points_topic_does_not_credit_it(
    scorer: EmbeddedScorer, question_id: str, sentence: str, point: str
) -> None:
    assert point not in credited(scorer, sentence, question_id)


def test_a_sentence_that_only_names_a_term_of_the_question_is_not_its_point(
    scorer: EmbeddedScorer,
) -> None:
    """Nearer "We use replication lag." than "Backfills existing rows in batches ...", so it
    names the term, and says nothing of how the backfill is done."""
    hits = credited(
        scorer,
        "Replication lag on that cluster is usually under a second, so it's a healthy setup.",
        "rel.expand-contract-migration",
    )

    assert "batched-backfill" not in hits


def test_a_negation_its_nearest_example_shares_does_not_deny_the_point() -> None:
    """ "nobody has collected yet" negates a word of the zombie point's examples, but the
    example it is nearest negates it too ("the parent never collected ..."): the sentence says
    the point. Every exemplar word used to count, so it credited nothing."""
    scorer = EmbeddedScorer(encoder=load_encoder("on"))
    answer = (
        "It's a finished process whose return code nobody has collected yet, so the kernel "
        "keeps a tiny slot for it until the parent asks."
    )
    score = scorer.score(answer, load_catalog().question("os.zombie-processes"))
    assert "zombie-definition" in {hit.key_point for hit in score.key_points_hit}
