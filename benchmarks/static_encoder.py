"""A static token-embedding encoder in place of the ONNX MiniLM: does it keep the accuracy?

    PYTHONPATH=. .venv/bin/python benchmarks/static_encoder.py TABLE_DIR [DATA_DIR] --out /tmp/static

Issue 13 asks for a default install of at most 200 MB; numpy + onnxruntime + model.onnx are
most of it. A static encoder (one vector per WordPiece token, a text = the mean of its rows,
unit length) needs numpy only. ``scripts/distill_static_minilm.py`` makes the table from the
bundled MiniLM; this runs ``eval bench``'s leave-questions-out benchmark with it as the
scorer's encoder (``StaticEncoder`` has the ``semantic.Encoder`` interface) and writes
``<out>/static_encoder.{json,md}`` (and, with ``--robustness``, ``eval robustness``'s
relations as ``static_robustness.{json,md}``): r / RMSE / QWK per file for words only and with the
static encoder, the raw cosine of answer and reference, the graded set's level targets,
speed, and the encoder's load time. The file the table holds is not shipped: the measured
numbers (docs in the report) said it does not reach the targets the MiniLM does.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.evaluation.bench import run_bench
from panelist.evaluation.graded import read_graded
from panelist.evaluation.robustness import (
    catalog_subjects,
    dataset_subjects,
    render_robustness,
    run_robustness,
)
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.semantic import MODEL_DIR, canonical
from panelist.scoring.wordpiece import WordPiece

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "scoring"
MAX_TOKENS = 4096  # a lookup costs nothing per token: read the whole answer


class StaticEncoder:
    """Texts → the unit-length mean of their WordPiece tokens' rows of ``embeddings.npy``."""

    def __init__(self, table_dir: Path, vocab: Path = MODEL_DIR / "vocab.txt") -> None:
        self.name = f"static ({table_dir.name})"
        self._table = np.load(table_dir / "embeddings.npy").astype(np.float32)
        self._tokenizer = WordPiece.from_file(vocab, MAX_TOKENS)
        self._cache: dict[str, NDArray[np.float32]] = {}

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        return np.stack([self._vector(canonical(t)) for t in texts])

    def _vector(self, text: str) -> NDArray[np.float32]:
        found = self._cache.get(text)
        if found is None:
            ids = self._tokenizer.encode(text)[1:-1]  # no [CLS] / [SEP]: tokens only
            found = np.zeros(self._table.shape[1], dtype=np.float32)
            if ids:
                mean = self._table[ids].mean(axis=0)
                norm = float(np.linalg.norm(mean))
                if norm > 0.0:
                    found = (mean / norm).astype(np.float32)
            self._cache[text] = found
        return found


def cell(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "–"
    return f"{entry['r']:.3f} / {entry['rmse']:.3f} / {entry['qwk']:.3f}"


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# Static encoder ({results['encoder']}) in the embedded scorer",
        "",
        f"{results['date']} · {results['data_dir']} · r / RMSE / QWK, leave-questions-out "
        "(5 folds by question). Encoder load + first text: "
        f"{results['encoder_load_s']} s.",
        "",
        "| file | words only | with the static encoder | static cosine (raw) |",
        "|---|---|---|---|",
    ]
    for name, entry in results["files"].items():
        lines.append(
            f"| {name} | {cell(entry.get('lexical_lqo'))} | {cell(entry.get('semantic_lqo'))} "
            f"| {cell(entry.get('baseline_minilm'))} |"
        )
    lines += ["", "| variant | CPU p50 ms | CPU p99 ms |", "|---|---:|---:|"]
    for variant, speed in results["speed"].items():
        lines.append(f"| {variant} | {speed['cpu_p50_ms']} | {speed['cpu_p99_ms']} |")
    graded = results.get("graded", {})
    if graded:
        lines += [
            "",
            "| variant | held_out mean by grade 1-5 | exact or adjacent | main-point-wrong > 2 "
            "| targets met |",
            "|---|---|---:|---|:---:|",
        ]
        for variant, report in graded.items():
            held = report["held_out"]
            means = " / ".join(str(held["mean_by_grade"][g]) for g in sorted(held["mean_by_grade"]))
            wrong = held["main_point_wrong"]
            lines.append(
                f"| {variant} | {means} | {held['exact_or_adjacent']} "
                f"| {wrong['above_2']} of {wrong['n']} ({wrong['max']}) "
                f"| {'yes' if held['targets_met'] else 'no'} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path, help="directory holding embeddings.npy")
    parser.add_argument("data", type=Path, nargs="?", default=DATA)
    parser.add_argument("--out", type=Path, required=True, help="directory for the results")
    parser.add_argument(
        "--robustness",
        action="store_true",
        help="also eval robustness's relations with this encoder (static_robustness.{json,md})",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    encoder = StaticEncoder(args.table)
    encoder.encode(["A first text to load the table."])
    load_s = round(time.perf_counter() - started, 2)
    results = run_bench(args.data, encoder)
    results.pop("startup", None)  # run_bench starts the shipped (ONNX) model, not this one
    results["encoder"] = encoder.name
    results["encoder_load_s"] = load_s
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "static_encoder.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "static_encoder.md").write_text(markdown(results))
    print(markdown(results))
    if args.robustness:
        catalog = load_catalog(builtin_catalog_dir())
        questions = catalog_subjects(catalog, None)
        subjects = dataset_subjects(args.data, None) + questions
        meta = {"data_dir": str(args.data), "catalog": len(questions), "limit": None}
        found = run_robustness(
            EmbeddedScorer(encoder=encoder),
            subjects,
            meta,
            seed=13,
            graded=(catalog, read_graded()),
        )
        (args.out / "static_robustness.json").write_text(json.dumps(found, indent=2) + "\n")
        (args.out / "static_robustness.md").write_text(render_robustness(found))
        print(render_robustness(found).split("## ")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
