"""``panelist report ID --format txt|md|html|json|pdf [--out FILE]`` and ``--schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console

from panelist.cli.state import state as cli_state
from panelist.errors import ConfigurationError, ReportError


def report(
    ctx: typer.Context,
    interview_id: Annotated[
        str | None, typer.Argument(help="The interview id (see `panelist interviews`).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="txt, md, html, json or pdf.")] = "txt",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the report to this file (a directory: panelist-<candidate>-<role>-"
            "<date>.<format> inside it).",
        ),
    ] = None,
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the JSON Schema of the JSON report and exit.")
    ] = False,
) -> None:
    """Write the evaluation report, HR report and recommendation of a stored interview."""
    from panelist.reports import FORMATS, Format, render, schema_json
    from panelist.service.catalogs import OrgCatalogs
    from panelist.service.outcome import effective_report
    from panelist.storage import open_database

    if schema:
        _emit(schema_json(), out)
        return
    if interview_id is None:
        raise ConfigurationError(
            "Which interview?", hint="Give its id (`panelist interviews` lists them) or --schema."
        )
    if fmt not in FORMATS:
        raise ReportError(
            f"There is no report format {fmt!r}.", hint=f"Use one of {', '.join(FORMATS)}."
        )
    if fmt == "pdf" and out is None:
        raise ReportError("A PDF report needs a file.", hint="Add --out report.pdf.")
    cli = cli_state(ctx)
    db = open_database(cli.settings)
    try:
        state = db.interviews.get(interview_id)
        built = effective_report(
            db,
            OrgCatalogs(cli.catalog, db.org_catalog).for_interview(state),  # its pinned versions
            state,
            interviewer_name=cli.settings.interviewer_name,
        )
    finally:
        db.close()
    if out is not None and out.is_dir():
        from panelist.reports.formatting import file_name

        out = out / file_name(built, fmt)
    _emit(render(built, cast(Format, fmt)), out)


def _emit(rendered: str | bytes, out: Path | None) -> None:
    if out is None:
        assert isinstance(rendered, str)
        typer.echo(rendered, nl=False)
        return
    if isinstance(rendered, bytes):
        out.write_bytes(rendered)
    else:
        out.write_text(rendered, encoding="utf-8")
    Console(stderr=True).print(f"Report written to {out}.")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
