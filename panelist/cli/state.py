"""What every command can reach: settings built once, and the catalog they point to."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import typer

from panelist.catalog.loader import Catalog, load_catalog
from panelist.config import Settings, load_settings
from panelist.errors import PanelistError

if TYPE_CHECKING:
    from panelist.storage import Database


@dataclass
class CliState:
    settings_overrides: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def settings(self) -> Settings:
        return load_settings(**self.settings_overrides)

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog(self.settings.catalog_path)


def state(ctx: typer.Context) -> CliState:
    """The CliState of this invocation (built by the root callback)."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):  # invoked without the root callback (tests)
        obj = CliState()
        ctx.find_root().obj = obj
    return obj


@contextmanager
def cli_database(ctx: typer.Context) -> Iterator[Database]:
    """The database of this invocation, closed afterwards; a PanelistError raised inside is
    printed as ``error: …`` and ends the command with its exit code (as ``main`` does, so a
    command invoked on its own, e.g. by CliRunner, says the same)."""
    from panelist.storage import open_database

    database = None
    try:
        database = open_database(state(ctx).settings)
        yield database
    except PanelistError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from exc
    finally:
        if database is not None:
            database.close()
