"""``panelist models``: what LLM is configured, and a one-call check of it."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from panelist.cli.state import state
from panelist.errors import LLMError
from panelist.llm import Completion, Message, Options, build_model
from panelist.llm.registry import backends
from panelist.llm.sync import run_sync

models_app = typer.Typer(help="The configured LLM backend (optional; panelist runs without one).")


@models_app.callback(invoke_without_command=True)
def models(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the available backends and which one is configured."""
    if ctx.invoked_subcommand is not None:
        return
    settings = state(ctx).settings
    rows = [
        {
            "backend": name,
            "configured": name == settings.llm_backend,
            "model": settings.llm_model if name == settings.llm_backend else None,
            "base_url": settings.llm_base_url if name == settings.llm_backend else None,
        }
        for name in sorted(backends())
    ]
    if as_json:
        typer.echo(json.dumps({"backends": rows, "allow_external": settings.llm_allow_external}))
        return
    table = Table(title="LLM backends")
    for column in ("backend", "configured", "model", "base_url"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["backend"]),
            "yes" if row["configured"] else "",
            str(row["model"] or ""),
            str(row["base_url"] or ""),
        )
    console = Console()
    console.print(table)
    if settings.llm_backend is None:
        console.print(
            "No LLM configured: panelist uses its embedded interviewer and scorer. "
            "Set PANELIST_LLM_BACKEND and PANELIST_LLM_MODEL to add one."
        )


@models_app.command("check")
def check(ctx: typer.Context) -> None:
    """Make one tiny call to the configured model and report its latency."""
    settings = state(ctx).settings
    model = build_model(settings)
    if model is None:
        typer.echo("No LLM configured (PANELIST_LLM_BACKEND is unset): nothing to check.")
        raise typer.Exit(1)
    messages = [Message("user", "Reply with the single word: ready")]

    async def call() -> Completion:
        try:
            return await model.complete(messages, options=Options(max_tokens=5, purpose="check"))
        finally:
            await model.aclose()

    try:
        completion = run_sync(call())
    except LLMError as exc:
        typer.echo(f"{model.backend}:{model.name} failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"{completion.backend}:{completion.model} answered {completion.text.strip()[:40]!r} "
        f"in {completion.latency_seconds * 1000:.0f} ms "
        f"({completion.usage.input_tokens} in / {completion.usage.output_tokens} out tokens)"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")
