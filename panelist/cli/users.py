"""``panelist users``: recruiter and admin accounts for the web app."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from panelist.cli.state import state
from panelist.errors import PanelistError
from panelist.storage import UserRole, open_database

users_app = typer.Typer(help="Recruiter and admin accounts (passwords hashed with Argon2id).")


def _fail(exc: PanelistError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(exc.exit_code)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("create")
def create(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The login email.")],
    role: Annotated[
        UserRole,
        typer.Option(
            "--role",
            help="admin, recruiter or compliance (reads self-identification and the bias audit).",
        ),
    ],
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation name (created if new).")
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
    ] = False,
) -> None:
    """Create an account. The password is asked for without echo (or read from stdin)."""
    password = _read_password(password_stdin)
    database = None
    try:
        database = open_database(state(ctx).settings)
        organisation_id = database.accounts.ensure_organisation(org).id if org else None
        user = database.accounts.create_user(
            email, password, role=role, organisation_id=organisation_id
        )
        database.audit.record("cli", "user.create", user.id, {"email": user.email, "role": role})
    except PanelistError as exc:
        raise _fail(exc) from exc
    finally:
        if database is not None:
            database.close()
    where = f" in {org}" if org else ""
    typer.echo(f"Created {user.role} {user.email}{where} (id {user.id}).")


@users_app.command("list")
def list_users(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List accounts by email."""
    try:
        database = open_database(state(ctx).settings)
    except PanelistError as exc:
        raise _fail(exc) from exc
    try:
        users = database.accounts.list_users()
    finally:
        database.close()
    if as_json:
        typer.echo(json.dumps([user.model_dump(mode="json") for user in users]))
        return
    for user in users:
        typer.echo(f"{user.email}\t{user.role}\t{user.organisation_id or '-'}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
