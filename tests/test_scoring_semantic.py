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
    paraphrase = (
        "First only a tiny slice of users get the new build while we watch failures and "
        "response times next to the old build; if they get worse we go back to the old build."
    )
    unrelated = "I enjoy hiking in the mountains with my dog at the weekend."

    on_topic, off_topic = scorer.score(paraphrase, CANARY), scorer.score(unrelated, CANARY)

    assert on_topic.relevance > off_topic.relevance + 0.3
    assert on_topic.value is not None and off_topic.value is not None
    assert on_topic.value > off_topic.value


def test_settings_choose_the_semantic_model() -> None:
    require(semantic_available(), "the semantic extra is not installed")

    with_model = get_scorer("embedded", load_settings(semantic="on"))
    without = get_scorer("embedded", load_settings(semantic="off"))

    assert isinstance(with_model, EmbeddedScorer) and with_model.encoder is not None
    assert isinstance(without, EmbeddedScorer) and without.encoder is None
