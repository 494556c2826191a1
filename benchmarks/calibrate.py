"""Fit the shipped calibration (panelist/scoring/calibration.json) on the dev data.

    .venv/bin/python benchmarks/calibrate.py [DATA_DIR] [--semantic off]

Fitted on mohler_dev and saf_training; saf_unseen_answers stays held out.
The lexical model is always fitted; the semantic model when the extra is installed.
Then the level models of catalog (1-5) questions, on the ``calibration`` split of
panelist/evaluation/data/graded_answers.jsonl only (``held_out`` is what eval bench reports).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.evaluation.crossval import assess_rows, fit_calibration
from panelist.evaluation.dataset import read_gold, read_rows
from panelist.evaluation.graded import assess_graded, fit_levels, read_graded
from panelist.scoring.calibration import (
    CALIBRATION_FILE,
    DEFAULT_PENALTIES,
    LEVEL_FEATURES,
    LEVEL_SEMANTIC_FEATURES,
    STORY_LEVEL_FEATURES,
    STORY_LEVEL_SEMANTIC_FEATURES,
    Calibration,
    LinearModel,
)
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.semantic import Encoder, load_encoder

REPO = Path(__file__).resolve().parent.parent
FIT_FILES = ("mohler_dev.jsonl", "saf_training.jsonl")


def _signals_only_scorer() -> EmbeddedScorer:
    """A scorer for computing signals only: its calibration is never used by assess()."""
    empty = LinearModel(features=(), mean=(), std=(), coef=(), intercept=0.0)
    return EmbeddedScorer(Calibration(empty, None, dict(DEFAULT_PENALTIES), ()))


LEVELS_SPLIT = "calibration"


def _levels(calibration: Calibration, encoder: Encoder | None) -> tuple[LinearModel, LinearModel]:
    """The level models of catalog questions (every kind, and stories: read from the key
    points and anchors only), fitted on every answer of the graded set's calibration split
    with the dev calibration just fitted (its quality is one of the general model's signals)."""
    unlevelled = replace(
        calibration, levels=None, levels_semantic=None, stories=None, stories_semantic=None
    )
    scorer = EmbeddedScorer(unlevelled, encoder)
    answers = [a for a in read_graded() if a.split == LEVELS_SPLIT]
    assessed = assess_graded(scorer, answers, load_catalog(builtin_catalog_dir()))
    semantic = encoder is not None
    general = fit_levels(scorer, assessed, LEVEL_SEMANTIC_FEATURES if semantic else LEVEL_FEATURES)
    stories = STORY_LEVEL_SEMANTIC_FEATURES if semantic else STORY_LEVEL_FEATURES
    return general, fit_levels(scorer, assessed, stories)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--semantic")]
    mode = (
        "off" if "--semantic=off" in sys.argv or "--semantic off" in " ".join(sys.argv) else "auto"
    )
    data = (
        Path(args[0]) if args and args[0] != "off" else REPO.parent / "shared" / "data" / "scoring"
    )
    rows, gold = [], {}
    for name in FIT_FILES:
        rows.extend(read_rows(data / name))
        gold.update(read_gold(data / name))
    lexical = assess_rows(_signals_only_scorer(), rows)
    encoder = load_encoder(mode)
    semantic = None
    if encoder is not None:
        scorer = _signals_only_scorer()
        scorer.encoder = encoder
        semantic = assess_rows(scorer, rows)
    calibration = fit_calibration(lexical, gold, semantic, FIT_FILES)
    levels, stories = _levels(calibration, None)
    levels_semantic, stories_semantic = (
        _levels(calibration, encoder) if encoder is not None else (None, None)
    )
    calibration = replace(
        calibration,
        levels=levels,
        levels_semantic=levels_semantic,
        stories=stories,
        stories_semantic=stories_semantic,
        levels_fitted_on=f"graded_answers.jsonl:{LEVELS_SPLIT}",
    )
    out = REPO / "panelist" / "scoring" / CALIBRATION_FILE
    out.write_text(json.dumps(calibration.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(rows)} rows, semantic={'yes' if semantic else 'no'})")


if __name__ == "__main__":
    main()
