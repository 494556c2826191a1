"""``panelist candidates export|erase EMAIL``: a candidate's access and erasure rights."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from panelist.cli.state import cli_database, state
from panelist.compliance.crypto import cipher_from_settings
from panelist.compliance.subject import erase_candidate, erase_interview, export_candidate
from panelist.errors import ConfigurationError

candidates_app = typer.Typer(help="A candidate's data: export it (access) or erase it.")

Email = Annotated[str, typer.Argument(help="The e-mail address the invite went to.")]
Actor = Annotated[str, typer.Option("--actor", help="Who does this (recorded in the audit log).")]


@candidates_app.command("export")
def export(
    ctx: typer.Context,
    email: Email,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON here (default: stdout).")
    ] = None,
    actor: Actor = "cli",
) -> None:
    """Everything stored about the candidate as one JSON document (GDPR access/portability)."""
    settings = state(ctx).settings
    with cli_database(ctx) as database:
        try:
            cipher = cipher_from_settings(settings)
        except ConfigurationError:
            cipher = None  # the export says the self-identification is there, encrypted
        document = export_candidate(database, email, actor=actor, cipher=cipher)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {output} ({len(document['interviews'])} interviews).", err=True)


@candidates_app.command("erase")
def erase(
    ctx: typer.Context,
    email: Email,
    log_file: Annotated[
        list[Path] | None,
        typer.Option(
            "--log-file", help="A log file of ours to scrub the name and e-mail from (repeatable)."
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    actor: Actor = "cli",
) -> None:
    """Remove the candidate's personal data everywhere; scores and decisions stay, anonymised."""
    if not yes:
        typer.confirm(f"Erase every interview sent to {email}? This cannot be undone", abort=True)
    with cli_database(ctx) as database:
        files = [*state(ctx).settings.erase_log_files, *(log_file or [])]  # configured, and named
        erased = erase_candidate(database, email, actor=actor, log_files=files)
    typer.echo(
        f"Erased {len(erased.interview_ids)} interview(s): {', '.join(erased.interview_ids)}; "
        f"{erased.log_lines_scrubbed} log line(s) scrubbed."
    )


@candidates_app.command("erase-interview")
def erase_one(
    ctx: typer.Context,
    interview_id: Annotated[str, typer.Argument(help="The interview's id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    actor: Actor = "cli",
) -> None:
    """Anonymise one interview by id (for one created without the candidate's e-mail)."""
    if not yes:
        typer.confirm(f"Erase the personal data of interview {interview_id}?", abort=True)
    with cli_database(ctx) as database:
        erase_interview(database, interview_id, actor=actor)
    typer.echo(f"Erased interview {interview_id}.")


def register(app: typer.Typer) -> None:
    app.add_typer(candidates_app, name="candidates")
