"""``panelist slo``: SLOs as code -> Prometheus rules, a Grafana dashboard, and a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from panelist.cli.state import state
from panelist.errors import ConfigurationError
from panelist.observability.dashboard import write_dashboard
from panelist.observability.rules import write_rules
from panelist.observability.slo_report import PrometheusClient, SloAttainment, slo_report
from panelist.observability.slo_spec import (
    SloSpec,
    default_spec_text,
    duration_seconds,
    load_spec,
)

slo_app = typer.Typer(help="SLOs as code: Prometheus rules, Grafana dashboard, attainment report.")

SpecOption = Annotated[
    Path | None,
    typer.Option(
        "--spec", help="An SLO spec YAML (default: PANELIST_SLO_SPEC_PATH, else the built-in)."
    ),
]


def _spec(ctx: typer.Context, path: Path | None) -> SloSpec:
    return load_spec(path, state(ctx).settings)


@slo_app.command("spec")
def spec_command() -> None:
    """Print the built-in SLO spec: a starting point for your own."""
    typer.echo(default_spec_text(), nl=False)


@slo_app.command("rules")
def rules_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the rule file to.")],
    spec: SpecOption = None,
) -> None:
    """Write Prometheus recording rules and multi-window burn-rate alerts."""
    path = write_rules(_spec(ctx, spec), out)
    typer.echo(f"wrote {path}")


@slo_app.command("dashboard")
def dashboard_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The dashboard JSON file to write.")],
    spec: SpecOption = None,
) -> None:
    """Write a Grafana dashboard (datasource chosen by a template variable)."""
    path = write_dashboard(_spec(ctx, spec), out)
    typer.echo(f"wrote {path}")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.3f}%"


def _table(rows: list[SloAttainment]) -> Table:
    table = Table(title=f"SLO attainment over {rows[0].window}" if rows else "SLO attainment")
    for column in ("SLO", "objective", "attained", "budget left", "≈ events", "status"):
        table.add_column(column, justify="left" if column in ("SLO", "status") else "right")
    for row in rows:
        table.add_row(
            row.name,
            _percent(row.objective),
            _percent(row.attainment),
            _percent(row.budget_remaining),
            "-" if row.events is None else f"{row.events:,.0f}",
            row.status if row.reason is None else f"{row.status}: {row.reason}",
        )
    return table


@slo_app.command("report")
def report_command(
    ctx: typer.Context,
    prometheus: Annotated[
        str, typer.Option("--prometheus", help="Prometheus base URL, e.g. http://127.0.0.1:9090.")
    ],
    window: Annotated[
        str | None, typer.Option("--window", help="Window like 30d (default: the spec's).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    spec: SpecOption = None,
) -> None:
    """Attainment and remaining error budget of every SLO, from Prometheus."""
    chosen = _spec(ctx, spec)
    if window is not None:
        try:
            duration_seconds(window)
        except ValueError as exc:
            raise ConfigurationError(f"--window {exc}.") from exc
    client = PrometheusClient(prometheus)
    try:
        rows = slo_report(chosen, client, window)
    finally:
        client.close()
    if as_json:
        payload = {
            "service": chosen.service,
            "prometheus": prometheus,
            "slos": [r.as_dict() for r in rows],
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    Console().print(_table(rows))


def register(app: typer.Typer) -> None:
    app.add_typer(slo_app, name="slo")
