"""``panelist eval bench``: every dataset file, leave-questions-out, baselines, speed.

The result is a plain dict (written as JSON and Markdown by the CLI). Baselines
use scikit-learn's TF-IDF (a dev tool) and, when installed, MiniLM cosine.
"""

from __future__ import annotations

import json
import math
import platform
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.evaluation.crossval import (
    AssessedRow,
    assess_rows,
    cross_validate,
    fit_model,
    predict,
    question_folds,
    targets_for,
)
from panelist.evaluation.dataset import Row, read_gold, read_rows
from panelist.evaluation.graded import graded_path, graded_report
from panelist.evaluation.metrics import pearson, qwk, rmse
from panelist.scoring.calibration import LEXICAL_FEATURES, SEMANTIC_FEATURES, fit, load_calibration
from panelist.scoring.embedded import SCORER_VERSION, EmbeddedScorer
from panelist.scoring.semantic import Encoder

Progress = Callable[[int], None]
UNSEEN_FILE = "saf_unseen_answers.jsonl"
TRAINING_FILE = "saf_training.jsonl"


@dataclass
class Variant:
    """One way of scoring: lexical only, or with the semantic model."""

    name: str
    scorer: EmbeddedScorer
    features: tuple[str, ...]
    assessed: dict[str, list[AssessedRow]] = field(default_factory=dict)


def agreement(
    predicted: Sequence[float | None], gold: Sequence[float], max_score: float
) -> dict[str, Any]:
    """r, RMSE and QWK of the rows that got a value (the others are counted)."""
    pairs = [(p, g) for p, g in zip(predicted, gold, strict=True) if p is not None]
    if not pairs:
        return {"n": 0, "unscored": len(gold), "r": None, "rmse": None, "qwk": None}
    p, g = [a for a, _ in pairs], [b for _, b in pairs]
    r = pearson(p, g)
    kappa = qwk(p, g, max_score)
    return {
        "n": len(pairs),
        "unscored": len(gold) - len(pairs),
        "r": None if r is None else round(r, 3),
        "rmse": round(rmse(p, g), 3),
        "qwk": None if kappa is None else round(kappa, 3),
    }


def _gold_list(rows: Sequence[Row], gold: dict[str, float]) -> list[float]:
    return [gold[r.id] for r in rows]


_SKLEARN_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def tfidf_cosines(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """TF-IDF cosine of each (answer, reference), as scikit-learn's TfidfVectorizer defaults
    compute it (smooth idf over every answer and reference of the file, l2-normalised)."""
    docs = [Counter(_SKLEARN_TOKEN.findall(text.lower())) for pair in pairs for text in pair]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)
    idf = {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}

    def vector(doc: Counter[str]) -> dict[str, float]:
        weights = {t: c * idf[t] for t, c in doc.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    cosines = []
    for index in range(0, len(docs), 2):
        a, b = vector(docs[index]), vector(docs[index + 1])
        cosines.append(sum(w * b.get(t, 0.0) for t, w in a.items()))
    return cosines


def tfidf_baseline(rows: Sequence[Row], gold: dict[str, float]) -> dict[str, Any]:
    """TF-IDF cosine between answer and reference, fitted on the file's texts."""
    return _baseline(rows, gold, tfidf_cosines([(r.answer, r.reference) for r in rows]))


def minilm_baseline(
    rows: Sequence[Row], gold: dict[str, float], encoder: Encoder
) -> dict[str, Any]:
    answers = encoder.encode([r.answer for r in rows])
    references = encoder.encode([r.reference for r in rows])
    cosine = (answers * references).sum(axis=1)
    return _baseline(rows, gold, [float(c) for c in cosine])


def _baseline(rows: Sequence[Row], gold: dict[str, float], cosine: list[float]) -> dict[str, Any]:
    """r of the raw cosine; RMSE/QWK after a leave-questions-out linear fit of it."""
    folds = question_folds([row.question_id for row in rows])
    predicted: list[float] = [0.0] * len(rows)
    for fold in sorted(set(folds)):
        train = [i for i, f in enumerate(folds) if f != fold]
        model = fit(
            [{"cosine": cosine[i]} for i in train],
            [gold[rows[i].id] / rows[i].max_score for i in train],
            features=("cosine",),
        )
        for i, f in enumerate(folds):
            if f == fold:
                predicted[i] = model.predict_one({"cosine": cosine[i]}) * rows[i].max_score
    result = agreement(predicted, _gold_list(rows, gold), rows[0].max_score)
    r = pearson(cosine, _gold_list(rows, gold))
    result["r"] = None if r is None else round(r, 3)
    return result


def speed(scorer: EmbeddedScorer, rows: Sequence[Row]) -> dict[str, float]:
    """Answers per second and latency percentiles of score_target with the shipped calibration.

    Wall-clock latency counts the time other processes held the core; CPU time (this
    process's, the model runs on the calling thread) is the cost of scoring itself. The
    first answer to each question is reported apart too: it also embeds the question's
    reference and rubric points, which later answers find cached.
    """
    targets = targets_for(rows)
    latencies: list[float] = []
    cpu: list[float] = []
    first: list[bool] = []
    seen: set[tuple[str, str, float]] = set()
    started = time.perf_counter()
    for row in rows:
        key = (row.question_id, row.reference, row.max_score)
        first.append(key not in seen)
        seen.add(key)
        t0, c0 = time.perf_counter(), time.process_time()
        scorer.score_target(row.answer, targets[key])
        latencies.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    total = time.perf_counter() - started
    ms, cpu_ms = np.array(latencies) * 1000, np.array(cpu) * 1000
    later = cpu_ms[~np.array(first)] if not all(first) else cpu_ms
    return {
        "answers": len(rows),
        "answers_per_second": round(len(rows) / total, 1),
        "p50_ms": round(float(np.percentile(ms, 50)), 2),
        "p99_ms": round(float(np.percentile(ms, 99)), 2),
        "max_ms": round(float(ms.max()), 2),
        "cpu_p50_ms": round(float(np.percentile(cpu_ms, 50)), 2),
        "cpu_p99_ms": round(float(np.percentile(cpu_ms, 99)), 2),
        # The first answer to a question also embeds its reference and rubric points.
        "cpu_p99_later_answers_ms": round(float(np.percentile(later, 99)), 2),
        "cpu_mean_first_answer_ms": round(float(cpu_ms[np.array(first)].mean()), 2),
    }


_FIRST_SCORE = """
import json, sys
from panelist.catalog.loader import load_catalog
from panelist.config import load_settings
from panelist.scoring import get_scorer
scorer = get_scorer("embedded", load_settings(semantic=sys.argv[1]))
question = next(q for q in load_catalog().questions.values() if q.scored)
score = scorer.score(question.reference_answer or question.text, question)
print(json.dumps({"model": scorer.encoder.name if scorer.encoder else "none",
                  "value": score.value}))
"""


def startup(mode: str) -> dict[str, Any]:
    """Seconds from starting a fresh Python process to its first score (``semantic=mode``):
    wall clock, and the CPU time the process used (what other processes cannot inflate)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_SCORE, mode],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    model = json.loads(done.stdout.strip().splitlines()[-1])["model"]
    return {"model": model, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def run_bench(
    data_dir: Path,
    encoder: Encoder | None,
    progress: Progress | None = None,
    on_stage: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Benchmark every ``*.jsonl`` in ``data_dir``; see module doc."""
    files = sorted(data_dir.glob("*.jsonl"))
    data = {f.name: (read_rows(f), read_gold(f)) for f in files}
    calibration = load_calibration()
    variants = [Variant("lexical", EmbeddedScorer(calibration), LEXICAL_FEATURES)]
    if encoder is not None:
        variants.append(
            Variant("semantic", EmbeddedScorer(calibration, encoder), SEMANTIC_FEATURES)
        )
    results: dict[str, Any] = {
        "scorer": f"embedded/{SCORER_VERSION}",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "data_dir": str(data_dir),
        "files": {},
        "speed": {},
    }
    # Speed first, while the model's cache holds no answer yet (references and rubric points
    # are cached after their first answer, as they are in an interview).
    speed_rows = data[files[0].name][0] if files else []
    for variant in variants:
        if on_stage:
            on_stage(f"speed ({variant.name})", len(speed_rows))
        results["speed"][variant.name] = speed(variant.scorer, speed_rows)
    if on_stage:
        on_stage("start-up", len(variants))
    results["startup"] = {"lexical": startup("off")}
    if encoder is not None:
        results["startup"]["semantic"] = startup("on")
    for variant in variants:
        for name, (rows, _) in data.items():
            if on_stage:
                on_stage(f"{variant.name}: {name}", len(rows))
            variant.assessed[name] = assess_rows(variant.scorer, rows, progress)
    for name, (rows, gold) in data.items():
        entry: dict[str, Any] = {"rows": len(rows), "questions": len({r.question_id for r in rows})}
        gold_values = _gold_list(rows, gold)
        for variant in variants:
            predicted = cross_validate(
                variant.scorer, variant.assessed[name], gold, variant.features
            )
            entry[f"{variant.name}_lqo"] = agreement(predicted, gold_values, rows[0].max_score)
        entry["baseline_tfidf"] = tfidf_baseline(rows, gold)
        if encoder is not None:
            entry["baseline_minilm"] = minilm_baseline(rows, gold, encoder)
        mean = [float(np.mean(gold_values))] * len(rows)
        entry["baseline_mean_rmse"] = round(rmse(mean, gold_values), 3)
        results["files"][name] = entry
    if UNSEEN_FILE in data and TRAINING_FILE in data:
        _unseen_answers(results, data, variants)
    if graded_path().is_file():
        # the level of a catalog (1-5) score, with the shipped level calibration (fitted on
        # the graded set's calibration split only): held_out is the number that counts
        catalog = load_catalog(builtin_catalog_dir())
        results["graded"] = {v.name: graded_report(v.scorer, catalog) for v in variants}
    return results


def _unseen_answers(
    results: dict[str, Any],
    data: dict[str, tuple[list[Row], dict[str, float]]],
    variants: list[Variant],
) -> None:
    """saf_unseen_answers scored with a calibration fitted on saf_training (same questions)."""
    rows, gold = data[UNSEEN_FILE]
    train_gold = data[TRAINING_FILE][1]
    for variant in variants:
        model = fit_model(variant.assessed[TRAINING_FILE], train_gold, variant.features)
        predicted = predict(variant.scorer, variant.assessed[UNSEEN_FILE], model)
        results["files"][UNSEEN_FILE][f"{variant.name}_fit_on_training"] = agreement(
            predicted, _gold_list(rows, gold), rows[0].max_score
        )
