"""``panelist eval bench --scorer NAME``: a scorer that is never fitted on these files (the LLM
judge) measured on each file as it is. No question was seen by it, so no cross-validation is
needed: every row is an unseen question's answer. Fallbacks are counted, not hidden."""

from __future__ import annotations

import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from panelist.evaluation.bench import agreement
from panelist.evaluation.crossval import targets_for
from panelist.evaluation.dataset import Row, read_gold, read_rows
from panelist.evaluation.rows import fell_back, score_row
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import Scorer

Progress = Callable[[int], None]
Stage = Callable[[str, int], None]


def sample(rows: Sequence[Row], limit: int | None) -> list[Row]:
    """At most ``limit`` rows, evenly spread over the file (so over its questions), in order."""
    if limit is None or limit >= len(rows):
        return list(rows)
    picks = np.linspace(0, len(rows) - 1, num=limit).round().astype(int)
    return [rows[i] for i in sorted(set(picks.tolist()))]


def _why(reason: str | None) -> str:
    """Why a row fell back, without the scorer's name (for counting alike causes)."""
    text = (reason or "unknown").split("(fallback): ", 1)[-1]
    _, _, cause = text.partition(" ")
    return (cause or text)[:80]


def run_scorer_bench(
    data_dir: Path,
    scorer: Scorer,
    embedded: EmbeddedScorer,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    on_stage: Stage | None = None,
) -> dict[str, Any]:
    """Score every ``*.jsonl`` of ``data_dir`` (or ``limit`` rows of each) with ``scorer``."""
    results: dict[str, Any] = {
        "scorer": scorer.id,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "data_dir": str(data_dir),
        "limit": limit,
        "files": {},
    }
    latencies: list[float] = []
    for path in sorted(data_dir.glob("*.jsonl")):
        rows, gold = sample(read_rows(path), limit), read_gold(path)
        if on_stage:
            on_stage(f"{scorer.id}: {path.name}", len(rows))
        targets = targets_for(rows)
        predicted: list[float | None] = []
        judged: list[float | None] = []  # the rows the scorer scored itself
        fallbacks: Counter[str] = Counter()
        for row in rows:
            started = time.perf_counter()
            target = targets[(row.question_id, row.reference, row.max_score)]
            score, value = score_row(scorer, embedded, row.answer, target)
            latencies.append(time.perf_counter() - started)
            stood_in = scorer is not embedded and fell_back(score, embedded)
            if stood_in:
                fallbacks[_why(score.reason)] += 1
            predicted.append(value)
            judged.append(None if stood_in else value)
            if progress:
                progress(1)
        truth = [gold[r.id] for r in rows]
        scale = rows[0].max_score if rows else 1.0
        results["files"][path.name] = {
            "rows": len(rows),
            "questions": len({r.question_id for r in rows}),
            "agreement": agreement(predicted, truth, scale),  # fallbacks included
            "agreement_judged": agreement(judged, truth, scale),  # the scorer's own rows
            "fallbacks": sum(fallbacks.values()),
            "fallback_reasons": dict(fallbacks.most_common(5)),
        }
    ms = np.array(latencies or [0.0]) * 1000
    results["speed"] = {
        "answers": len(latencies),
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p99_ms": round(float(np.percentile(ms, 99)), 1),
        "max_ms": round(float(ms.max()), 1),
    }
    return results
