"""``panelist eval contradictions``, ``keypoints`` and ``misconceptions``: how well the scorer
listens.

Each measures one judgement against a labelled set we wrote (panelist/evaluation/data/) and
writes ``<name>.json`` and ``<name>.md`` under benchmarks/results/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from panelist.cli.results import write_results
from panelist.cli.state import state
from panelist.evaluation.contradictions import (
    DEFAULT_PAIRS,
    render_contradictions,
    run_contradictions,
)
from panelist.evaluation.dataset import read_gold, read_rows
from panelist.evaluation.follow_up_replies import (
    DEFAULT_REPLIES,
    render_follow_up_replies,
    run_follow_up_replies,
)
from panelist.evaluation.keypoints import DEFAULT_SENTENCES, render_keypoints, run_keypoints
from panelist.evaluation.misconceptions import (
    DEFAULT_ANSWERS,
    render_misconceptions,
    run_misconceptions,
    top_score_rows,
)
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.semantic import load_encoder

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "scoring"

OutDir = Annotated[
    Path, typer.Option("--out-dir", help="Where to write the .json and .md results.")
]


def contradictions(
    ctx: typer.Context,
    pairs: Annotated[
        Path, typer.Argument(help="JSONL of labelled pairs: earlier, later, contradiction.")
    ] = DEFAULT_PAIRS,
    data_dir: Annotated[
        Path,
        typer.Option(
            help="Graded answers (*.jsonl) that must raise no contradiction in themselves."
        ),
    ] = DEFAULT_DATA,
    out_dir: OutDir = RESULTS_DIR,
) -> None:
    """Precision and recall of contradiction detection on labelled statement pairs, and the
    flags raised where none can be (catalog reference answers, graded answers)."""
    catalog = state(ctx).catalog
    answers = [row.answer for path in sorted(data_dir.glob("*.jsonl")) for row in read_rows(path)]
    results = run_contradictions(pairs, catalog, answers)
    write_results(out_dir, "contradictions", results, render_contradictions(results))


def keypoints(
    ctx: typer.Context,
    sentences: Annotated[
        Path, typer.Argument(help="JSONL of labelled sentences: question_id, sentence, key_points.")
    ] = DEFAULT_SENTENCES,
    semantic: Annotated[
        str | None, typer.Option(help="auto | on | off (default: PANELIST_SEMANTIC).")
    ] = None,
    out_dir: OutDir = RESULTS_DIR,
) -> None:
    """Precision and recall of key-point credit, per point, on labelled candidate sentences."""
    settings = state(ctx).settings
    scorer = EmbeddedScorer(encoder=load_encoder(semantic or settings.semantic))
    results = run_keypoints(sentences, state(ctx).catalog, scorer)
    write_results(out_dir, "keypoints", results, render_keypoints(results))


def misconceptions(
    ctx: typer.Context,
    answers: Annotated[
        Path,
        typer.Argument(help="JSONL of labelled answers: question_id, answer, main_point_wrong."),
    ] = DEFAULT_ANSWERS,
    data_dir: Annotated[
        Path,
        typer.Option(
            help="Graded answers (*.jsonl): those at the top of their scale must not be capped."
        ),
    ] = DEFAULT_DATA,
    semantic: Annotated[
        str | None, typer.Option(help="auto | on | off (default: PANELIST_SEMANTIC).")
    ] = None,
    out_dir: OutDir = RESULTS_DIR,
) -> None:
    """Answers wrong on the main point capped at 2: precision and recall of the cap on labelled
    answers, the wrong answers' scores, and false caps on reference answers, key-point
    sentences and top-graded answers."""
    settings = state(ctx).settings
    catalog = state(ctx).catalog
    scorer = EmbeddedScorer(encoder=load_encoder(semantic or settings.semantic))
    graded = []
    for path in sorted(data_dir.glob("*.jsonl")):
        gold = read_gold(path)
        graded += [(row, gold[row.id]) for row in read_rows(path, catalog_ids=catalog.questions)]
    results = run_misconceptions(answers, catalog, scorer, top_score_rows(graded))
    write_results(out_dir, "misconceptions", results, render_misconceptions(results))


def replies(
    ctx: typer.Context,
    labelled: Annotated[
        Path,
        typer.Argument(help="JSONL of labelled replies: follow_up, key_point, reply, credited."),
    ] = DEFAULT_REPLIES,
    out_dir: OutDir = RESULTS_DIR,
) -> None:
    """Precision and recall of the credit a reply to a follow-up earns for the point it was
    asked for, with the semantic model (the queue's re-score) and on words only (the web
    request path)."""
    scorers = {
        "semantic": EmbeddedScorer(encoder=load_encoder("on")),
        "words": EmbeddedScorer(encoder=None),
    }
    results = run_follow_up_replies(labelled, state(ctx).catalog, scorers)
    write_results(out_dir, "replies", results, render_follow_up_replies(results))


def register(app: typer.Typer) -> None:
    """Add the listening benchmarks to ``panelist eval``."""
    app.command("contradictions")(contradictions)
    app.command("keypoints")(keypoints)
    app.command("misconceptions")(misconceptions)

    app.command("replies")(replies)
