"""Fit the shipped calibration (panelist/scoring/calibration.json) on the dev data.

    .venv/bin/python benchmarks/calibrate.py [DATA_DIR]

Fitted on mohler_dev and saf_training; saf_unseen_answers stays held out.
The lexical model is always fitted; the semantic model when the extra is installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from panelist.evaluation.crossval import assess_rows, fit_calibration
from panelist.evaluation.dataset import read_gold, read_rows
from panelist.scoring.calibration import (
    CALIBRATION_FILE,
    DEFAULT_PENALTIES,
    Calibration,
    LinearModel,
)
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.semantic import load_encoder

REPO = Path(__file__).resolve().parent.parent
FIT_FILES = ("mohler_dev.jsonl", "saf_training.jsonl")


def _signals_only_scorer() -> EmbeddedScorer:
    """A scorer for computing signals only: its calibration is never used by assess()."""
    empty = LinearModel(features=(), mean=(), std=(), coef=(), intercept=0.0)
    return EmbeddedScorer(Calibration(empty, None, dict(DEFAULT_PENALTIES), ()))


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data" / "scoring"
    rows, gold = [], {}
    for name in FIT_FILES:
        rows.extend(read_rows(data / name))
        gold.update(read_gold(data / name))
    lexical = assess_rows(_signals_only_scorer(), rows)
    encoder = load_encoder("auto")
    semantic = None
    if encoder is not None:
        scorer = _signals_only_scorer()
        scorer.encoder = encoder
        semantic = assess_rows(scorer, rows)
    calibration = fit_calibration(lexical, gold, semantic, FIT_FILES)
    out = REPO / "panelist" / "scoring" / CALIBRATION_FILE
    out.write_text(json.dumps(calibration.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(rows)} rows, semantic={'yes' if semantic else 'no'})")


if __name__ == "__main__":
    main()
