"""``panelist roles``, ``panelist questions``, ``panelist catalog check`` and ``panelist
catalog export|import --org`` (an organisation's catalog as YAML in the built-in layout)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from panelist.catalog.check import CheckReport, check_catalog
from panelist.catalog.documents import read_layout, write_layout
from panelist.catalog.matching import match_job_description
from panelist.catalog.models import LEVEL_CODES, QuestionKind
from panelist.catalog.render import role_json, role_markdown, role_row, sorted_roles
from panelist.cli.state import cli_database, state
from panelist.storage.org_catalog import ItemVersion

roles_app = typer.Typer(help="Role profiles: list them, or show one in full.")
catalog_app = typer.Typer(help="The catalog of roles, competencies and questions.")


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@roles_app.callback(invoke_without_command=True)
def roles(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the role profiles: code, title, family, level and what the interview covers."""
    if ctx.invoked_subcommand is not None:
        return
    catalog = state(ctx).catalog
    rows = [role_row(catalog, role) for role in sorted_roles(catalog)]
    if as_json:
        _echo_json({"roles": rows})
        return
    table = Table(title=f"Roles ({len(rows)})")
    for column in ("Code", "Title", "Family", "Level", "Aliases", "Interview competencies"):
        table.add_column(column, no_wrap=column in ("Code", "Level", "Aliases"))
    table.add_column("Target level", no_wrap=True)
    for row in rows:
        mix = row["interview_mix"]
        table.add_row(
            row["code"],
            row["title"],
            row["family"],
            row["level"],
            str(row["aliases"]),
            f"{mix['core']} core + {mix['leadership']} leadership",
            row["target_level"],
        )
    Console().print(table)


@roles_app.command("show")
def show(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Role code, e.g. SRES.GEN.P5.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_md: Annotated[bool, typer.Option("--md", help="Print Markdown source.")] = False,
    limit: Annotated[int, typer.Option(help="How many adjacent roles to list.")] = 5,
) -> None:
    """Show one role profile with the sections of the job architecture."""
    catalog = state(ctx).catalog
    if as_json:
        _echo_json(role_json(catalog, code, limit=limit))
    elif as_md:
        typer.echo(role_markdown(catalog, code, limit=limit), nl=False)
    else:
        Console().print(Markdown(role_markdown(catalog, code, limit=limit)))


@roles_app.command("match")
def match(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(help="A file with the job description, or - for standard input.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Which catalog role a job description describes, at what level, and why."""
    text = _read_source(source)
    result = match_job_description(text, state(ctx).catalog)
    if as_json:
        _echo_json(
            {
                "fits": result.fits,
                "min_confidence": result.min_confidence,
                "level": result.level,
                "level_reasons": result.level_reasons,
                "nearest_family": result.nearest_family,
                "message": result.message,
                "matches": [asdict(m) for m in result.matches],
            }
        )
        return
    console = Console()
    console.print(result.message)
    reasons = "; ".join(result.level_reasons)
    console.print(f"Level: {result.level or 'unknown'} ({reasons})")
    table = Table(title="Role families, best first")
    for column in ("Role", "Title", "Confidence", "Why"):
        table.add_column(column, no_wrap=column in ("Role", "Confidence"))
    for m in result.matches:
        table.add_row(m.role_code, m.title, f"{m.confidence:.2f}", "\n".join(m.reasons))
    console.print(table)


def _read_source(source: str) -> str:
    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise typer.BadParameter(
                f"{source} is not a file; give the job description's file, or - to read stdin."
            )
        text = path.read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        raise typer.BadParameter("The job description is empty; paste its text, title first.")
    return text


def _check_level(level: str | None) -> str | None:
    if level is not None and level not in LEVEL_CODES:
        raise typer.BadParameter(f"{level!r} is not a level; use one of {', '.join(LEVEL_CODES)}.")
    return level


def questions(
    ctx: typer.Context,
    competency: Annotated[
        str | None, typer.Option("--competency", "-c", help="Only questions evidencing this id.")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            "-l",
            help="Only questions suiting this level (P1-P6).",
            callback=_check_level,
        ),
    ] = None,
    kind: Annotated[
        QuestionKind | None, typer.Option("--kind", "-k", help="Question kind.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the question bank, filtered by competency, level and kind."""
    catalog = state(ctx).catalog
    if competency is not None:
        catalog.competency(competency)  # an unknown id fails with the known ones listed
    found = catalog.questions_for(
        level=level, competency=competency, kinds=[kind] if kind is not None else None
    )
    if as_json:
        _echo_json({"questions": [q.model_dump(mode="json") for q in found]})
        return
    table = Table(title=f"Questions ({len(found)})")
    for column in ("Id", "Kind", "Competencies", "Levels", "Topic"):
        table.add_column(column, no_wrap=column != "Topic", overflow="fold")
    for q in found:
        table.add_row(q.id, q.kind.value, "\n".join(q.competencies), " ".join(q.levels), q.topic)
    Console().print(table)


def _print_report(report: CheckReport, where: str) -> None:
    console = Console(highlight=False, soft_wrap=True)
    for problem in report.problems:
        console.print(str(problem), markup=False)
    if report.problems:
        console.print(f"{len(report.problems)} problem(s) in {where}.", markup=False)
        return
    summary = report.summary()
    comps: Any = summary["competencies"]
    kinds: Any = summary["questions_by_kind"]
    counts: Any = summary["scored_questions_by_competency"]
    console.print(
        f"OK: {where}: {summary['roles']} roles, {comps['core']} core tenets + "
        f"{comps['leadership']} leadership skills, {summary['level_rules']} level rules, "
        f"{summary['questions']} questions.",
        markup=False,
    )
    console.print(
        "Questions by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.items()), markup=False
    )
    console.print(
        "Scored questions per competency: " + ", ".join(f"{k} {n}" for k, n in counts.items()),
        markup=False,
    )


@catalog_app.command("check")
def check(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A user catalog directory, checked layered over the built-in one "
            "(default: --catalog / PANELIST_CATALOG_PATH, else the built-in catalog alone)."
        ),
    ] = None,
    standalone: Annotated[
        bool, typer.Option("--standalone", help="Check PATH on its own, without the built-ins.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Report every problem in the catalog as file:line: message — what to do. Exit 1 if any."""
    target = path if path is not None else state(ctx).settings.catalog_path
    report = check_catalog(target, standalone=standalone)
    where = "the built-in catalog" if target is None else str(target)
    if standalone and target is not None:
        where += " (standalone)"
    elif target is not None:
        where += " over the built-in catalog"
    if as_json:
        _echo_json(
            {
                "ok": report.ok,
                "checked": where,
                "problems": [
                    {"location": str(p.source), "message": p.message, "hint": p.hint}
                    for p in report.problems
                ],
                "summary": report.summary(),
            }
        )
    else:
        _print_report(report, where)
    if not report.ok:
        raise typer.Exit(1)


OrgOption = Annotated[
    str, typer.Option("--org", help="The organisation's name (as in `panelist users create`).")
]
DirArgument = Annotated[Path, typer.Argument(help="A directory in the built-in catalog layout.")]


@catalog_app.command("export")
def export(ctx: typer.Context, org: OrgOption, directory: DirArgument) -> None:
    """Write the organisation's live roles and questions to DIR in the built-in layout
    (roles/CODE.yaml, questions/ID.yaml): what `panelist catalog check DIR` and
    `panelist catalog import` read."""
    with cli_database(ctx) as database:
        store = database.org_catalog
        documents = store.documents(store.organisation_named(org), live_only=True)
    written = write_layout(directory, documents)
    typer.echo(
        f"Exported {len(documents.roles)} role(s) and {len(documents.questions)} question(s) "
        f"of {org} to {directory} ({len(written)} files)."
    )


@catalog_app.command("import")
def import_(
    ctx: typer.Context,
    org: OrgOption,
    directory: DirArgument,
    draft: Annotated[
        bool, typer.Option("--draft", help="Store new versions as drafts instead of live.")
    ] = False,
) -> None:
    """Read DIR (checked like `panelist catalog check DIR`) into the organisation's catalog
    (created if new): every changed item becomes a new version."""
    documents = read_layout(directory)
    with cli_database(ctx) as database:
        organisation_id = database.accounts.ensure_organisation(org).id
        saved = database.org_catalog.save_all(
            organisation_id, documents, author="cli", status="draft" if draft else "live"
        )
        database.audit.record(
            "cli", "catalog.import", organisation_id, {"versions": [_label(v) for v in saved]}
        )
    unchanged = len(documents.roles) + len(documents.questions) - len(saved)
    for version in saved:
        typer.echo(f"  {_label(version)} ({version.status})")
    typer.echo(f"Imported {len(saved)} new version(s) into {org}; {unchanged} unchanged.")


def _label(version: ItemVersion) -> str:
    return f"{version.kind} {version.item_id} v{version.version}"


def register(app: typer.Typer) -> None:
    app.add_typer(roles_app, name="roles")
    app.command("questions")(questions)
    app.add_typer(catalog_app, name="catalog")
