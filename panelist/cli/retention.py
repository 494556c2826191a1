"""``panelist retention run|set|show``: how long interviews are kept, and anonymising after it."""

from __future__ import annotations

from typing import Annotated

import typer

from panelist.cli.state import cli_database
from panelist.compliance.records import organisation_id_of
from panelist.compliance.retention import run_retention
from panelist.storage.policies import MIN_RETENTION_MONTHS, PolicyStore

retention_app = typer.Typer(
    help="Retention per organisation (default 12 months, minimum 6) and the candidate notice."
)
Actor = Annotated[str, typer.Option("--actor", help="Who does this (recorded in the audit log).")]


@retention_app.command("run")
def run(ctx: typer.Context, actor: Actor = "retention") -> None:
    """Anonymise every interview older than its organisation's retention period (idempotent).

    The job workers run it once a day on their own; this runs it now.
    """
    with cli_database(ctx) as database:
        done = run_retention(database, actor=actor)
    typer.echo(f"Anonymised {len(done.anonymised)} interview(s) past retention.")


@retention_app.command("set")
def set_policy(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="Organisation name.")],
    months: Annotated[
        int | None,
        typer.Option("--months", help=f"Retention in months (at least {MIN_RETENTION_MONTHS})."),
    ] = None,
    notice: Annotated[
        str | None, typer.Option("--notice", help="Your own paragraph for the candidate notice.")
    ] = None,
    contact: Annotated[
        str | None,
        typer.Option("--contact", help="Where candidates ask for an alternative or accommodation."),
    ] = None,
    actor: Actor = "cli",
) -> None:
    """Change an organisation's retention period, notice paragraph or contact (audited)."""
    with cli_database(ctx) as database:
        organisation_id = organisation_id_of(database, org)
        policy = PolicyStore(database.engine).set(
            organisation_id, by=actor, retention_months=months, notice_text=notice, contact=contact
        )
        changed = {
            k: v
            for k, v in {
                "retention_months": months,
                "notice_text": notice,
                "contact": contact,
            }.items()
            if v is not None
        }
        database.audit.record(actor, "policy.update", organisation_id, changed)
    typer.echo(
        f"{org}: retention {policy.retention_months} months, contact {policy.contact or '-'}"
    )


@retention_app.command("show")
def show(
    ctx: typer.Context, org: Annotated[str, typer.Argument(help="Organisation name.")]
) -> None:
    """The organisation's retention period, notice paragraph and contact."""
    with cli_database(ctx) as database:
        policy = PolicyStore(database.engine).get(organisation_id_of(database, org))
    typer.echo(f"retention_months: {policy.retention_months}")
    typer.echo(f"contact: {policy.contact or '-'}")
    typer.echo(f"notice_text: {policy.notice_text or '-'}")
    updated = f"{policy.updated_at:%Y-%m-%d} by {policy.updated_by}" if policy.updated_at else "-"
    typer.echo(f"updated: {updated}")


def register(app: typer.Typer) -> None:
    app.add_typer(retention_app, name="retention")
