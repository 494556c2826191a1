"""``panelist db``: migrate the configured database and show its schema revision."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from panelist.cli.state import state
from panelist.errors import PanelistError
from panelist.storage import migrate
from panelist.storage.engine import make_engine, normalise_url

db_app = typer.Typer(help="The database: SQLite in the data directory or PANELIST_DATABASE_URL.")


def _fail(exc: PanelistError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(exc.exit_code)


@db_app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Option(help="The revision to migrate to.")] = "head",
) -> None:
    """Apply the Alembic migrations (creates the SQLite file and its directory if needed)."""
    try:
        url = normalise_url(state(ctx).settings.effective_database_url)
        engine = make_engine(url)
        try:
            before = migrate.current_revision(engine)
            migrate.upgrade(engine, revision)
            after = migrate.current_revision(engine)
        finally:
            engine.dispose()
    except PanelistError as exc:
        raise _fail(exc) from exc
    shown = url.render_as_string(hide_password=True)
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
    try:
        url = normalise_url(state(ctx).settings.effective_database_url)
        engine = make_engine(url)
        try:
            revision = migrate.current_revision(engine)
        finally:
            engine.dispose()
    except PanelistError as exc:
        raise _fail(exc) from exc
    head = migrate.head_revision()
    shown = url.render_as_string(hide_password=True)
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
