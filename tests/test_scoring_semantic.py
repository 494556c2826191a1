"""The optional MiniLM model (semantic extra): loaded offline, adds meaning-based signals."""

from __future__ import annotations

import pytest
from conftest import require
from test_scoring_embedded import CANARY, GOOD

from panelist.config import load_settings
from panelist.scoring import EmbeddedScorer, get_scorer
from panelist.scoring.semantic import load_encoder, semantic_available

pytestmark = pytest.mark.semantic


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    require(semantic_available(), "the semantic extra is not installed: pip install '.[semantic]'")
    return EmbeddedScorer(encoder=load_encoder("on"))


def test_semantic_signals_are_added_and_recorded(scorer: EmbeddedScorer) -> None:
    score = scorer.score(GOOD, CANARY)

    assert score.signals["semantic"] == 1.0
    assert score.signals["semantic_reference"] > 0.5
    assert score.value is not None and score.value >= 3.5


def test_meaning_counts_when_the_words_differ(scorer: EmbeddedScorer) -> None:
    paraphrase = "We send one percent of requests to the new version first."
    unrelated = "I enjoy hiking in the mountains with my dog at the weekend."

    with_model = scorer.score(paraphrase, CANARY)
    words_only = EmbeddedScorer().score(paraphrase, CANARY)
    off_topic = scorer.score(unrelated, CANARY)

    hit = next(h for h in with_model.key_points_hit if h.key_point == "canary")
    assert hit.evidence[0].text == paraphrase
    assert "canary" in words_only.key_points_missed
    assert with_model.value is not None and words_only.value is not None
    assert with_model.value > words_only.value
    assert with_model.relevance > off_topic.relevance


def test_settings_choose_the_semantic_model() -> None:
    require(semantic_available(), "the semantic extra is not installed")

    with_model = get_scorer("embedded", load_settings(semantic="on"))
    without = get_scorer("embedded", load_settings(semantic="off"))

    assert isinstance(with_model, EmbeddedScorer) and with_model.encoder is not None
    assert isinstance(without, EmbeddedScorer) and without.encoder is None


def test_restating_the_question_earns_no_demoted_similarity(scorer: EmbeddedScorer) -> None:
    restated = "How would I roll out a risky change to a service that handles payments? Carefully."

    echo = scorer.score(restated, CANARY).signals
    good = scorer.score(GOOD, CANARY).signals

    # The plain cosine credits the echo of the question; the demoted one hardly does.
    assert echo["semantic_demoted"] < echo["semantic_reference"] - 0.2
    assert good["semantic_demoted"] > echo["semantic_demoted"] + 0.3
    assert good["demoted_x_coverage"] > echo["demoted_x_coverage"]
