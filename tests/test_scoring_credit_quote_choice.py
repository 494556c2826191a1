"""The quote of a credited point is the sentence that says it, not the first that holds its
words (issue 12: "Evidence quotes ... the quoted span must be the one that evidences the
credited key point").

In a hand-run P5 the cardinality answer confirmed the cause in one sentence and named "head
series" only in its prevention sentence; the report quoted "To prevent it, ..." for "Confirms
with head series metrics, TSDB status or count by __name__ queries".
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.scoring import EmbeddedScorer
from panelist.scoring.semantic import load_encoder

CONFIRM = (
    "I'd confirm it by checking how many active series Prometheus holds and which metric name "
    "has the most, it will be http_requests_total."
)
FIX = "Right now I'd drop the user_id label with metric_relabel_configs."
PREVENT = (
    "To prevent it, I'd set sample_limit on each scrape job and alert when head series grow "
    "more than 20% in a day."
)


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on"))


def quotes(scorer: EmbeddedScorer, answer: str) -> dict[str, list[str]]:
    score = scorer.score(answer, load_catalog().question("cost.metrics-cardinality"))
    return {hit.key_point: [e.text for e in hit.evidence] for hit in score.key_points_hit}


def test_the_confirming_sentence_is_quoted_for_confirming(scorer: EmbeddedScorer) -> None:
    hits = quotes(scorer, f"{CONFIRM} {FIX} {PREVENT}")
    assert hits["confirm-with-tsdb"] == [CONFIRM]
    assert hits["guardrails"] == [PREVENT]


def test_without_a_confirming_sentence_the_words_keep_their_quote(scorer: EmbeddedScorer) -> None:
    hits = quotes(scorer, f"{FIX} {PREVENT}")
    assert hits["confirm-with-tsdb"] == [PREVENT]


def test_a_sentence_that_confirms_by_the_words_keeps_its_quote(scorer: EmbeddedScorer) -> None:
    said = "First I'd graph prometheus_tsdb_head_series and see it jump at the deploy."
    hits = quotes(scorer, f"{said} {FIX} {PREVENT}")
    assert hits["confirm-with-tsdb"] == [said]
