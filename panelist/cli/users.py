"""``panelist users``: recruiter and admin accounts for the web app."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from panelist.cli.state import state
from panelist.errors import PanelistError
from panelist.storage import Database, User, UserRole, open_database

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
            help="admin, recruiter, hiring_manager (signs off hiring decisions) or compliance "
            "(reads self-identification and the bias audit).",
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


EmailArgument = Annotated[str, typer.Argument(help="The account's login email.")]


def _change(ctx: typer.Context, email: str, change: Callable[[Database, User], str]) -> None:
    """Open the database, find ``email``'s account, apply ``change`` (which audits itself)."""
    database = None
    try:
        database = open_database(state(ctx).settings)
        message = change(database, database.accounts.get_user_by_email(email))
    except PanelistError as exc:
        raise _fail(exc) from exc
    finally:
        if database is not None:
            database.close()
    typer.echo(message)


def _ended(count: int) -> str:
    return f"{count} {'session or token' if count == 1 else 'sessions and tokens'}"


@users_app.command("reset-password")
def reset_password(
    ctx: typer.Context,
    email: EmailArgument,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
    ] = False,
) -> None:
    """Set a new password; every session and API token of the account ends."""
    password = _read_password(password_stdin)

    def change(database: Database, user: User) -> str:
        ended = database.accounts.set_password(user.id, password)
        database.audit.record("cli", "user.reset_password", user.id, {"sessions_ended": ended})
        return f"New password set for {user.email}; ended {_ended(ended)}."

    _change(ctx, email, change)


@users_app.command("disable")
def disable(ctx: typer.Context, email: EmailArgument) -> None:
    """Stop an account signing in; its sessions and API tokens end at once."""

    def change(database: Database, user: User) -> str:
        ended = database.accounts.set_disabled(user.id, True)
        database.audit.record("cli", "user.disable", user.id, {"sessions_ended": ended})
        return f"Disabled {user.email}; ended {_ended(ended)}."

    _change(ctx, email, change)


@users_app.command("enable")
def enable(ctx: typer.Context, email: EmailArgument) -> None:
    """Let a disabled account sign in again."""

    def change(database: Database, user: User) -> str:
        database.accounts.set_disabled(user.id, False)
        database.audit.record("cli", "user.enable", user.id, {})
        return f"Enabled {user.email}."

    _change(ctx, email, change)


sessions_app = typer.Typer(help="Signed-in browser sessions and API tokens.")
users_app.add_typer(sessions_app, name="sessions")


@sessions_app.command("revoke")
def revoke_sessions(ctx: typer.Context, email: EmailArgument) -> None:
    """End every session and API token of an account now (it can sign in again)."""

    def change(database: Database, user: User) -> str:
        ended = database.sessions.revoke_user(user.id)
        database.audit.record("cli", "user.sessions_revoke", user.id, {"sessions_ended": ended})
        return f"Ended {_ended(ended)} of {user.email}."

    _change(ctx, email, change)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
