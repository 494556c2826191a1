"""The root Typer app. Each area adds its commands from its own module via ``register(app)``."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from panelist import __version__
from panelist.cli.state import CliState
from panelist.config import load_settings
from panelist.errors import PanelistError

# Modules under panelist.cli that define ``register(app: typer.Typer) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "models",
    "eval",
    "db",
    "users",
    "catalog",
    "slo",
    "interview",
    "report",
    "serve",
    "audit",
    "candidates",
    "retention",
    "worker",
)

app = typer.Typer(
    name="panelist",
    help="An AI interviewer for technical hiring. Runs offline on the embedded default.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"panelist {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            help="A catalog directory that extends or overrides the built-in one "
            "(default: PANELIST_CATALOG_PATH).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    overrides = {"catalog_path": catalog} if catalog is not None else {}
    ctx.obj = CliState(settings_overrides=overrides)


for _name in COMMAND_MODULES:
    importlib.import_module(f"panelist.cli.{_name}").register(app)


def main() -> None:
    """Console entry point: user errors become a clean message and an exit code."""
    err = Console(stderr=True)
    try:
        code = app(standalone_mode=False)  # click returns a typer.Exit's code instead of raising
    except PanelistError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("Aborted.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except Exception as exc:  # click usage errors
        import click
        from typer._click.exceptions import ClickException  # typer >= 0.29 vendors click

        if isinstance(exc, (click.ClickException, ClickException)):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    if isinstance(code, int) and code != 0:
        sys.exit(code)


__all__ = ["app", "load_settings", "main"]
