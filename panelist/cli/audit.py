"""``panelist audit``: the bias audit, and the audit log exported as a hash chain.

``bias`` reads candidates' self-identification, so it runs as a compliance account (``--as``)
and is itself written to the audit log, like every ``export``.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer

from panelist.cli.state import state
from panelist.compliance import bias_report, render_bias
from panelist.compliance.chain import audit_entries, chain, verify
from panelist.compliance.crypto import cipher_from_settings
from panelist.compliance.records import audit_records, organisation_id_of
from panelist.errors import AuthError, PanelistError
from panelist.extras import require_pdf
from panelist.storage import open_database
from panelist.storage.self_id import SelfIdStore, require_compliance

audit_app = typer.Typer(help="Bias audits and the tamper-evident audit log export.")

Since = Annotated[
    datetime | None,
    typer.Option("--since", help="From this date or time (UTC), e.g. 2026-01-01."),
]


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value and value.tzinfo is None else value


def _fail(exc: PanelistError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(exc.exit_code)


@audit_app.command("bias")
def bias(
    ctx: typer.Context,
    reader: Annotated[
        str, typer.Option("--as", help="The compliance account the audit is run as (email).")
    ],
    org: Annotated[str | None, typer.Option("--org", help="Organisation name.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Only this role code.")] = None,
    since: Since = None,
    fmt: Annotated[
        Literal["md", "json", "pdf"], typer.Option("--format", help="md, json or pdf.")
    ] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (needed for pdf).")
    ] = None,
) -> None:
    """Selection/scoring rates, impact ratios and four-fifths flags by sex, race and both.

    Over the completed interviews in scope; runs as a compliance account (--as).
    """
    if fmt == "pdf" and output is None:
        raise typer.BadParameter(
            "a PDF goes to a file: add --output bias.pdf", param_hint="--output"
        )
    if fmt == "pdf":
        try:
            require_pdf("The bias report as a PDF")
        except PanelistError as exc:
            raise _fail(exc) from exc
    settings = state(ctx).settings
    database = None
    try:
        database = open_database(settings)
        store = SelfIdStore(database.engine, cipher_from_settings(settings))
        user = database.accounts.get_user_by_email(reader)
        require_compliance(user)
        organisation_id = organisation_id_of(database, org) if org else user.organisation_id
        if user.organisation_id not in (None, organisation_id):
            raise AuthError(
                f"{user.email} is the compliance account of another organisation: run the "
                "audit as one of this organisation's compliance accounts."
            )
        records = audit_records(
            database,
            store,
            user,
            organisation_id=organisation_id,
            role_code=role,
            since=_utc(since),
        )
        database.audit.record(
            user.email,
            "audit.bias",
            organisation_id,
            {
                "role": role,
                "since": since.isoformat() if since else None,
                "candidates": len(records),
            },
        )
    except PanelistError as exc:
        raise _fail(exc) from exc
    finally:
        if database is not None:
            database.close()
    filters = {"org": org, "role": role, "since": since.isoformat() if since else None}
    report = bias_report(records, filters=filters)
    if fmt == "pdf":
        assert output is not None
        from panelist.compliance.pdf import bias_pdf  # fpdf2 is the optional pdf extra

        output.write_bytes(bias_pdf(report))
        typer.echo(f"Wrote {output} ({len(report.flagged())} flagged).")
    elif output is not None:
        output.write_text(render_bias(report, fmt), encoding="utf-8")
        typer.echo(f"Wrote {output} ({len(report.flagged())} flagged).")
    else:
        typer.echo(render_bias(report, fmt), nl=False)


@audit_app.command("export")
def export(
    ctx: typer.Context,
    since: Since = None,
    actor: Annotated[str, typer.Option("--actor", help="Who exports (recorded).")] = "cli",
) -> None:
    """Every audit entry as JSON lines on stdout, each with the SHA-256 of the line before."""
    database = None
    try:
        database = open_database(state(ctx).settings)
        database.audit.record(
            actor, "audit.export", None, {"since": since.isoformat() if since else None}
        )
        exported = chain(audit_entries(database.engine, since=_utc(since)))
        # The head, kept in the log itself, is what a rewritten file cannot match.
        database.audit.record(
            actor, "audit.export.head", None, {"count": exported.count, "head": exported.head}
        )
    except PanelistError as exc:
        raise _fail(exc) from exc
    finally:
        if database is not None:
            database.close()
    for line in exported.lines:
        sys.stdout.write(line + "\n")
    typer.echo(f"{exported.count} entries, head {exported.head}", err=True)


@audit_app.command("verify")
def verify_file(
    file: Annotated[Path, typer.Argument(help="A file written by `panelist audit export`.")],
) -> None:
    """Exit 0 when the chain holds; otherwise name the first line that breaks it (exit 1)."""
    with file.open(encoding="utf-8") as lines:
        verdict = verify(lines)
    typer.echo(str(verdict), err=not verdict.ok)
    if not verdict.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
