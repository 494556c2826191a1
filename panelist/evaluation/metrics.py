"""Agreement between predicted and human scores: Pearson r, RMSE, quadratic weighted kappa;
and the ratios the labelled-set benchmarks report."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator to 4 places, or None when there is nothing to divide by."""
    return round(numerator / denominator, 4) if denominator else None


def pearson(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Pearson r, or None when either side is constant or too short."""
    if len(a) < 2:
        return None
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.std() == 0 or y.std() == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def rmse(a: Sequence[float], b: Sequence[float]) -> float:
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(math.sqrt(np.mean((x - y) ** 2)))


def qwk(
    a: Sequence[float], b: Sequence[float], max_score: float, steps: int | None = None
) -> float | None:
    """Quadratic weighted kappa on scores rounded to ``steps`` + 1 levels of 0..max_score.

    Default levels: whole points for scales above 1 (0..5 → 6 levels), tenths for 0..1.
    """
    levels = steps if steps is not None else (int(max_score) if max_score > 1 else 10)
    scale = levels / max_score
    x = np.clip(np.rint(np.asarray(a, dtype=float) * scale), 0, levels).astype(int)
    y = np.clip(np.rint(np.asarray(b, dtype=float) * scale), 0, levels).astype(int)
    n = levels + 1
    observed = np.zeros((n, n))
    for i, j in zip(x, y, strict=True):
        observed[i, j] += 1
    expected = np.outer(np.bincount(x, minlength=n), np.bincount(y, minlength=n)) / len(x)
    weights = np.array([[(i - j) ** 2 for j in range(n)] for i in range(n)]) / (n - 1) ** 2
    denominator = float((weights * expected).sum())
    if denominator == 0:
        return None
    return float(1 - (weights * observed).sum() / denominator)
