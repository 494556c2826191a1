"""A sentence that joins two claims ("..., and ...") is also read part by part, so each
claim can credit its own point; a part credits only a point its whole sentence is about."""

from __future__ import annotations

from panelist.catalog import load_catalog
from panelist.interview.phrasing import half_a_clause
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.text import claim_parts, quotable


def credited(scorer: EmbeddedScorer, answer: str, question_id: str) -> dict[str, list[str]]:
    score = scorer.score(answer, load_catalog().questions[question_id])
    return {hit.key_point: [e.text for e in hit.evidence] for hit in score.key_points_hit}


def test_the_parts_of_a_sentence_leave_out_the_word_that_joins_them() -> None:
    text = (
        "I'd add a v2 next to v1, keep v1 working underneath, and publish a deprecation date "
        "with two quarters of notice. We used Redis, Kafka, and Postgres."
    )

    parts = [text[s:e] for s, e in claim_parts(text)]

    assert parts == [
        "I'd add a v2 next to v1, keep v1 working underneath",
        "publish a deprecation date with two quarters of notice.",
    ]  # a list of three names is one part, and a sentence of one part is not listed
    assert set(claim_parts(text)) <= set(quotable(text))


def test_a_sentence_making_two_points_credits_both(semantic: EmbeddedScorer) -> None:
    """A hand-run P5 interview's "I'd add a v2 ..., and publish a deprecation date with at least
    two quarters of notice" credited neither point: the sentence was near both by too little."""
    answer = (
        "The client sends the same key on every retry of a payment, and the server keeps the "
        "key with a unique constraint so a second insert fails."
    )

    hits = credited(semantic, answer, "code.idempotent-payment-handler")

    assert hits["idempotency-key"] == ["The client sends the same key on every retry of a payment"]
    assert "atomic-record" in hits


def test_a_list_s_first_items_credit_no_point_the_sentence_is_not_about(
    semantic: EmbeddedScorer,
) -> None:
    """Read alone, "What I did was delete the file, add it to .gitignore" is near "Deleting
    the file doesn't remove it" (the secret stays in git history): a graded-2 answer that never
    rotates the key scored 2.33 with that point credited."""
    answer = (
        "What I did was delete the file, add it to .gitignore, and move the value into an "
        "environment variable set in the CI pipeline."
    )

    assert "git-history" not in credited(semantic, answer, "sec.secrets-management")


def test_the_either_half_of_an_either_or_is_no_quote() -> None:
    assert half_a_clause("I'd either import the change into code if it was right")
    assert not half_a_clause("I'd either import the change or let apply revert it")


def test_a_line_broken_before_a_lower_case_word_goes_on_in_the_same_sentence() -> None:
    """A terminal answer wrapped by hand: "... config key. We\\ncut MTTR by 60%" was two
    sentences, and the follow-up quoted "cut MTTR by 60% after the migration"."""
    from panelist.scoring.text import whole_sentences

    text = "We found a missing config key. We\ncut MTTR by 60%.\n- a canary\n- an alert"

    assert [text[s:e] for s, e in whole_sentences(text)] == [
        "We found a missing config key.",
        "We\ncut MTTR by 60%.",
        "- a canary",
        "- an alert",
    ]
