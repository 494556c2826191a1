"""``panelist eval``: score a JSONL of answers, compare with human scores, run the benchmark."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from panelist.catalog.loader import Catalog
from panelist.cli import eval_listening
from panelist.cli.results import write_results
from panelist.cli.state import state
from panelist.config import Settings
from panelist.errors import ScoringError
from panelist.evaluation.bench import agreement, run_bench
from panelist.evaluation.dataset import Row, json_lines, read_gold, read_predictions, read_rows
from panelist.evaluation.graded import read_graded, render_graded
from panelist.evaluation.markdown import render_markdown, render_scorer_markdown
from panelist.evaluation.robustness import (
    catalog_subjects,
    dataset_subjects,
    render_robustness,
    run_robustness,
)
from panelist.evaluation.rows import score_question, score_row
from panelist.evaluation.rubric_agreement import exact_and_adjacent
from panelist.evaluation.scorer_bench import run_scorer_bench
from panelist.llm.cost import Ledger
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.embedded import factory as embedded_factory
from panelist.scoring.llm_judge import build_judge
from panelist.scoring.registry import get_scorer
from panelist.scoring.rubric import Target, target_from_row
from panelist.scoring.semantic import load_encoder
from panelist.service.catalogs import OrgCatalogs
from panelist.storage import open_database

eval_app = typer.Typer(help="Score answer files and measure agreement with human graders.")
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "scoring"
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    )


@eval_app.command("score-file")
def score_file(
    ctx: typer.Context,
    infile: Annotated[
        Path, typer.Argument(help="JSONL: id, question, reference, answer, max_score.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write one JSON result per row.")],
    scorer_name: Annotated[str, typer.Option("--scorer", help="A registered scorer.")] = "embedded",
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="An organisation whose questions (newest versions, drafts included) rows "
            "may name by question_id, beside the built-in ones.",
        ),
    ] = None,
) -> None:
    """Score every answer of IN (its `score` field, if any, is never read).

    A row whose question_id is a catalog question is scored against that question's rubric
    on its 1-5 scale, as in an interview (question and reference are then optional)."""
    settings = state(ctx).settings
    catalog = _catalog_with(ctx, org)
    rows = read_rows(infile, catalog_ids=catalog.questions.keys())
    scorer = get_scorer(scorer_name, settings)
    embedded = scorer if isinstance(scorer, EmbeddedScorer) else embedded_factory(settings)
    targets: dict[tuple[str, str, float], Target] = {}
    with out.open("w", encoding="utf-8") as handle, _progress() as progress:
        task = progress.add_task(f"scoring {infile.name}", total=len(rows))
        for row in rows:
            if row.catalog_question:
                score = score_question(scorer, row.answer, catalog.question(row.question_id))
                value = score.value
            else:
                key = (row.question_id, row.reference, row.max_score)
                if key not in targets:
                    targets[key] = target_from_row(
                        row.question_id, row.question, row.reference, row.max_score
                    )
                score, value = score_row(scorer, embedded, row.answer, targets[key])
            result = {
                "id": row.id,
                "question_id": row.question_id,
                "catalog_question": row.catalog_question,
                "version": catalog.versions.get(f"question:{row.question_id}"),
                "score": value,
                "relevance": score.relevance,
                "reason": score.reason,
                "flags": [f.flag.value for f in score.flags],
                "evidence": [
                    {"key_point": h.key_point, "text": e.text, "start": e.start, "end": e.end}
                    for h in score.key_points_hit
                    for e in h.evidence
                ],
                "scorer": score.scorer,
            }
            handle.write(json.dumps(result) + "\n")
            progress.advance(task)
    Console(stderr=True).print(f"wrote {len(rows)} scores to {out}")


def _catalog_with(ctx: typer.Context, org: str | None) -> Catalog:
    """The CLI's catalog, with ``org``'s newest roles and questions over it when named."""
    cli = state(ctx)
    if org is None:
        return cli.catalog
    database = open_database(cli.settings)
    try:
        store = database.org_catalog
        return OrgCatalogs(cli.catalog, store).authoring(store.organisation_named(org))
    finally:
        database.close()


def _catalog_rows(outfile: Path) -> set[str]:
    """The question ids score-file scored as catalog questions (their rows need no reference)."""
    return {
        str(data["question_id"])
        for _, data in json_lines(outfile)
        if isinstance(data, dict) and data.get("catalog_question")
    }


@eval_app.command("report")
def report(
    infile: Annotated[Path, typer.Argument(help="The graded JSONL (with human `score`).")],
    outfile: Annotated[Path, typer.Argument(help="The JSONL written by score-file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Pearson r, RMSE, quadratic weighted kappa, and exact and adjacent (within one point)
    agreement of the rounded scores, overall and per question."""
    rows = read_rows(infile, catalog_ids=_catalog_rows(outfile))
    gold = read_gold(infile)
    predicted = read_predictions(outfile)
    missing = [r.id for r in rows if r.id not in predicted]
    if missing:
        raise ScoringError(
            f"{outfile} has no score for {len(missing)} row(s) of {infile}, e.g. {missing[0]!r}.",
            hint="Score the same file with `panelist eval score-file`.",
        )
    max_score = rows[0].max_score

    def measures(subset: list[Row]) -> dict[str, Any]:
        scores, grades = [predicted[r.id] for r in subset], [gold[r.id] for r in subset]
        return {**agreement(scores, grades, max_score), **exact_and_adjacent(scores, grades)}

    overall = measures(rows)
    per_question: dict[str, dict[str, Any]] = {}
    for question in dict.fromkeys(r.question_id for r in rows):
        per_question[question] = measures([r for r in rows if r.question_id == question])
    if as_json:
        typer.echo(json.dumps({"overall": overall, "questions": per_question}, indent=1))
        return
    table = Table(title=f"{infile.name}: agreement with human scores")
    for column in ("question", "n", "unscored", "r", "RMSE", "QWK", "exact", "adjacent"):
        table.add_column(column, justify="left" if column == "question" else "right")
    keys = ("n", "unscored", "r", "rmse", "qwk", "exact", "adjacent")
    for question, m in [*per_question.items(), ("ALL", overall)]:
        table.add_row(question, *(_fmt(m[k]) for k in keys))
    Console().print(table)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@eval_app.command("bench")
def bench(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Argument(help="A directory of graded JSONL files.")
    ] = None,
    semantic: Annotated[
        str | None,
        typer.Option(help="auto | on | off (default: PANELIST_SEMANTIC)."),
    ] = None,
    name: Annotated[str, typer.Option(help="Results file name (without extension).")] = "bench",
    out_dir: Annotated[
        Path, typer.Option("--out-dir", help="Where to write <name>.json and <name>.md.")
    ] = RESULTS_DIR,
    scorer_name: Annotated[
        str,
        typer.Option(
            "--scorer",
            help="embedded (leave-questions-out, baselines, speed) or another registered scorer, "
            "e.g. llm, measured as it is on every row.",
        ),
    ] = "embedded",
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="With --scorer other than embedded: at most N rows a file."),
    ] = None,
) -> None:
    """Benchmark a scorer on every file: the embedded one leave-questions-out with baselines
    and speed; another (the LLM judge) on every row as it is, counting its fallbacks."""
    directory = data_dir or DEFAULT_DATA
    if not directory.is_dir() or not any(directory.glob("*.jsonl")):
        raise ScoringError(
            f"{directory} has no *.jsonl files.",
            hint="Pass the directory of graded answers, e.g. ../shared/data/scoring.",
        )
    settings = state(ctx).settings
    with _progress() as progress:
        task = progress.add_task("benchmark", total=None)

        def stage(description: str, total: int) -> None:
            progress.reset(task, total=total, description=description)

        def advance(n: int) -> None:
            progress.advance(task, n)

        if scorer_name == "embedded":
            encoder = load_encoder(semantic or settings.semantic)
            results = run_bench(directory, encoder, advance, stage)
            markdown_of = render_markdown
        else:
            results = _bench_other(settings, scorer_name, directory, limit, advance, stage)
            markdown_of = render_scorer_markdown
    markdown = markdown_of(results)
    if "graded" in results:
        markdown += render_graded(results["graded"])
    write_results(out_dir, name, results, markdown)


@eval_app.command("robustness")
def robustness(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Argument(help="A directory of JSONL rows (default ../shared/data/scoring)."),
    ] = None,
    semantic: Annotated[
        str | None, typer.Option(help="auto | on | off (default: PANELIST_SEMANTIC).")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="At most N rows a file and N catalog questions (a sample)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the generated transformations.")] = 13,
    name: Annotated[str, typer.Option(help="Results file name (without extension).")] = (
        "robustness"
    ),
    out_dir: Annotated[
        Path, typer.Option("--out-dir", help="Where to write <name>.json and <name>.md.")
    ] = RESULTS_DIR,
) -> None:
    """Metamorphic relations (tricks never raise a score; shuffles, bare lists, recited
    descriptors and off-topic text stay low; paraphrases stay high) over every row of DIR
    and every scored catalog question's reference answer."""
    directory = data_dir or DEFAULT_DATA
    if not directory.is_dir() or not any(directory.glob("*.jsonl")):
        raise ScoringError(
            f"{directory} has no *.jsonl files.",
            hint="Pass the directory of graded answers, e.g. ../shared/data/scoring.",
        )
    app_state = state(ctx)
    scorer = EmbeddedScorer(encoder=load_encoder(semantic or app_state.settings.semantic))
    catalog = catalog_subjects(app_state.catalog, limit)
    subjects = dataset_subjects(directory, limit) + catalog
    meta = {"data_dir": str(directory), "catalog": len(catalog), "limit": limit}
    with _progress() as progress:
        task = progress.add_task("robustness (questions)", total=len(subjects))
        results = run_robustness(
            scorer,
            subjects,
            meta,
            lambda n: progress.advance(task, n),
            seed=seed,
            graded=(app_state.catalog, read_graded()),
        )
    write_results(out_dir, name, results, render_robustness(results))


def _bench_other(
    settings: Settings,
    scorer_name: str,
    directory: Path,
    limit: int | None,
    advance: Callable[[int], None],
    stage: Callable[[str, int], None],
) -> dict[str, Any]:
    """``eval bench --scorer NAME``; for the LLM judge, with its calls, tokens and cost."""
    ledger = Ledger() if scorer_name == "llm" else None
    scorer = (
        build_judge(settings, ledger=ledger)
        if ledger is not None
        else get_scorer(scorer_name, settings)
    )
    embedded = embedded_factory(settings)
    results = run_scorer_bench(
        directory, scorer, embedded, limit=limit, progress=advance, on_stage=stage
    )
    if ledger is not None:
        results["llm_usage"] = ledger.summary(None)
    return results


def register(app: typer.Typer) -> None:
    eval_listening.register(eval_app)
    app.add_typer(eval_app, name="eval")
