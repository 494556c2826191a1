"""The static encoder that benchmarks/static_encoder.py measures in place of the ONNX MiniLM."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import numpy as np

from panelist.scoring.semantic import MODEL_DIR
from panelist.scoring.wordpiece import WordPiece

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "static_encoder.py"


def _encoder(tmp_path: Path, rows: dict[str, list[float]]) -> Any:
    vocab = WordPiece.from_file(MODEL_DIR / "vocab.txt").vocab
    table = np.zeros((len(vocab), 2), dtype=np.float16)
    for token, row in rows.items():
        table[vocab[token]] = row
    np.save(tmp_path / "embeddings.npy", table)
    return runpy.run_path(str(SCRIPT))["StaticEncoder"](tmp_path)


def test_a_text_is_the_unit_mean_of_its_tokens_rows(tmp_path: Path) -> None:
    encoder = _encoder(tmp_path, {"disk": [3.0, 0.0], "full": [0.0, 1.0]})

    vector = encoder.encode(["The disk is full."])[0]

    assert np.allclose(vector, np.array([3.0, 1.0]) / np.sqrt(10.0), atol=1e-6)


def test_word_order_is_lost_and_a_text_without_known_rows_is_zero(tmp_path: Path) -> None:
    encoder = _encoder(tmp_path, {"disk": [3.0, 0.0], "full": [0.0, 1.0]})

    disk_full, full_disk, nothing = encoder.encode(["disk full", "full disk", "Nothing here."])

    assert np.array_equal(disk_full, full_disk)
    assert not nothing.any()
