"""``panelist db``: migrate the configured database and show its schema revision."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy import Engine

from panelist.cli.state import state
from panelist.errors import PanelistError
from panelist.storage import migrate
from panelist.storage.engine import make_engine, normalise_url, unreachable_as_storage_error

db_app = typer.Typer(help="The database: SQLite in the data directory or PANELIST_DATABASE_URL.")
T = TypeVar("T")


def _on_database(ctx: typer.Context, action: Callable[[Engine], T]) -> tuple[str, T]:
    """Run ``action`` on the configured database; returns its URL (no password) and result."""
    try:
        url = normalise_url(state(ctx).settings.effective_database_url)
        engine = make_engine(url)
        try:
            with unreachable_as_storage_error(url):
                result = action(engine)
        finally:
            engine.dispose()
    except PanelistError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from exc
    return url.render_as_string(hide_password=True), result


@db_app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Option(help="The revision to migrate to.")] = "head",
) -> None:
    """Apply the Alembic migrations (creates the SQLite file and its directory if needed)."""

    def run(engine: Engine) -> tuple[str | None, str | None]:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine, revision)
        return before, migrate.current_revision(engine)

    shown, (before, after) = _on_database(ctx, run)
    if before == after:
        typer.echo(f"{shown} is already at revision {after}.")
    else:
        typer.echo(f"{shown} upgraded from {before or 'an empty database'} to {after}.")


@db_app.command("current")
def current(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the database URL, its schema revision and whether it is up to date."""
    shown, revision = _on_database(ctx, migrate.current_revision)
    head = migrate.head_revision()
    if as_json:
        payload = {"url": shown, "revision": revision, "head": head, "current": revision == head}
        typer.echo(json.dumps(payload))
        return
    typer.echo(f"database: {shown}")
    if revision == head:
        typer.echo(f"revision: {revision} (head)")
    else:
        typer.echo(f"revision: {revision or 'none'} (head is {head}: run `panelist db upgrade`)")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
