"""``panelist interview`` (in the terminal), ``panelist interviews`` and ``panelist simulate``."""

from __future__ import annotations

import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from panelist.candidates import Candidate
from panelist.catalog.loader import Catalog
from panelist.cli.state import state as cli_state
from panelist.config import Settings
from panelist.errors import ConfigurationError
from panelist.interview.state import InterviewState, Speaker, Status, Turn, TurnRole
from panelist.reports import FORMATS, Format, build_report, render
from panelist.reports.formatting import decision_name
from panelist.service.factory import build_service
from panelist.service.interviews import InterviewService
from panelist.service.simulation import run_interview

SKIP_COMMAND = "/skip"
HINT = (
    "Answer in as many lines as you like; finish with an empty line (or Ctrl-D). "
    f"Type {SKIP_COMMAND} to skip a question, Ctrl-C to pause."
)
STYLE: dict[TurnRole, str] = {
    TurnRole.QUESTION: "cyan",
    TurnRole.FOLLOW_UP: "cyan",
    TurnRole.REPEAT: "cyan",
    TurnRole.ACKNOWLEDGEMENT: "dim",
    TurnRole.ANSWER_TO_CANDIDATE: "green",
    TurnRole.CLOSING: "magenta",
}


@contextmanager
def _service(settings: Settings, catalog: Catalog) -> Iterator[InterviewService]:
    from panelist.storage import open_database

    database = open_database(settings)
    try:
        yield build_service(settings, catalog, database.interviews)
    finally:
        database.close()


# --------------------------------------------------------------------------- interview


def _show(console: Console, turns: list[Turn], interviewer: str) -> None:
    for turn in turns:
        style = STYLE.get(turn.role, "white")
        title = interviewer if turn.role is not TurnRole.ACKNOWLEDGEMENT else None
        if turn.role is TurnRole.ACKNOWLEDGEMENT:
            console.print(f"[{style}]{turn.text}[/]")
        else:
            console.print(Panel(turn.text, title=title, title_align="left", border_style=style))


def _read_answer(console: Console) -> str | None:
    """Lines until an empty line or end of input; None when input ended with nothing typed."""
    console.print("[bold]>[/] ", end="")
    lines: list[str] = []
    while True:
        line = sys.stdin.readline()
        if line == "":
            return "\n".join(lines) if lines else None
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        if not lines and line.strip() == SKIP_COMMAND:
            return SKIP_COMMAND  # a command needs no empty line after it
        lines.append(line.rstrip("\n"))


def _converse(console: Console, service: InterviewService, interview_id: str) -> bool:
    """Ask and read until the interview ends (True) or the input ends (False)."""
    interviewer = service.settings.interviewer_name
    said = service.start(interview_id)
    while True:
        _show(console, said, interviewer)
        if service.transcript(interview_id).status is not Status.IN_PROGRESS:
            return True
        answer = _read_answer(console)
        if answer is None:
            return False
        if not sys.stdin.isatty():  # piped answers are not echoed by a terminal: show them
            console.print(answer, style="bold", highlight=False)
        if answer.strip() == SKIP_COMMAND:
            said = service.skip(interview_id)
        else:
            said = service.submit(interview_id, uuid.uuid4().hex, answer)


def _resume_hint(console: Console, interview_id: str) -> None:
    console.print("\nThe interview is saved. Resume it with:")
    console.print(f"  [bold]panelist interview --resume {interview_id}[/]", soft_wrap=True)


def interview(
    ctx: typer.Context,
    role: Annotated[
        str, typer.Option("--role", help="Role code, e.g. SRES.GEN.P5.")
    ] = "SRES.GEN.P5",
    level: Annotated[
        str | None, typer.Option("--level", help="Level P1-P6 (default: the role code's).")
    ] = None,
    candidate: Annotated[
        str | None, typer.Option("--candidate", help="The candidate's name (asked if missing).")
    ] = None,
    resume: Annotated[
        str | None, typer.Option("--resume", help="Continue the interview with this id.")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Fix the plan and wording.")] = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="The organisation whose recruiters see it in the web app (default: the only "
            "one there is).",
        ),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option("--minutes", min=5, max=240, help="Time budget (default: the role's)."),
    ] = None,
    job_description: Annotated[
        Path | None,
        typer.Option(
            "--job-description",
            help="The opening's job description (a text file): the plan weights up what it "
            "stresses.",
        ),
    ] = None,
    cv: Annotated[
        Path | None,
        typer.Option(
            "--cv",
            help="The candidate's résumé or LinkedIn text (a text file): the deep-dive starts "
            "from a project it names. Scorers never see it.",
        ),
    ] = None,
) -> None:
    """Hold an interview in the terminal. Every answer is saved as soon as it is given,
    in the same database the web app lists (Settings.effective_database_url)."""
    cli = cli_state(ctx)
    console = Console()
    with _service(_with_budget(cli.settings, minutes), cli.catalog) as service:
        if resume is not None:
            stored = service.transcript(resume)
            if stored.status is not Status.IN_PROGRESS and stored.status is not Status.CREATED:
                console.print(f"Interview {resume} is {stored.status.value}.")
                _report_hint(console, resume)
                return
            interview_id = resume
            answers = sum(1 for t in stored.turns if t.speaker is Speaker.CANDIDATE)
            console.print(
                f"Resuming the interview with {stored.candidate_name} ({stored.role_code}): "
                f"{answers} answer(s) so far are saved."
            )
        else:
            name = candidate or _ask_name(console)
            organisation_id = default_organisation(cli.settings, org)
            created = service.create(
                role,
                level,
                name,
                seed=seed,
                organisation_id=organisation_id,
                job_description=read_text_option(job_description, "--job-description"),
                resume=read_text_option(cv, "--cv"),
            )
            interview_id = created.id
            console.print(f"Interview [bold]{interview_id}[/] for {name}, {created.role_code}.")
            show_plan_warnings(console, created)
        console.print(f"[dim]{HINT}[/]\n")
        try:
            done = _converse(console, service, interview_id)
        except KeyboardInterrupt:
            _resume_hint(console, interview_id)
            raise typer.Exit(130) from None
    if done:
        _audit_assessment(cli.settings, cli.catalog, interview_id)
        console.print("\nThe interview is complete.")
        _report_hint(console, interview_id)
    else:
        _resume_hint(console, interview_id)


def _audit_assessment(settings: Settings, catalog: Catalog, interview_id: str) -> None:
    """Log the automated assessment, as the web app does when an interview ends."""
    from panelist.service.catalogs import OrgCatalogs
    from panelist.service.outcome import audit_assessment, effective_report
    from panelist.storage import open_database

    database = open_database(settings)
    try:
        state = database.interviews.get(interview_id)
        pinned = OrgCatalogs(catalog, database.org_catalog).for_interview(state)
        report = effective_report(
            database, pinned, state, interviewer_name=settings.interviewer_name
        )
        audit_assessment(database, state, report)
    finally:
        database.close()


def default_organisation(settings: Settings, name: str | None) -> str | None:
    """The organisation a terminal interview belongs to, so the web app lists it.

    ``--org NAME`` when given; else the one organisation the accounts belong to (the usual
    single-team install, and ``panelist demo``); None when there are no accounts yet.
    """
    from panelist.storage import open_database

    database = open_database(settings)
    try:
        if name:
            return database.accounts.ensure_organisation(name).id
        found = sorted(
            {u.organisation_id for u in database.accounts.list_users() if u.organisation_id}
        )
    finally:
        database.close()
    if len(found) > 1:
        raise ConfigurationError(
            f"There are {len(found)} organisations: which one should see this interview?",
            hint="Pass --org NAME (the name given to `panelist users create --org`).",
        )
    return found[0] if found else None


def _ask_name(console: Console) -> str:
    console.print("Candidate name: ", end="")
    name = sys.stdin.readline().strip()
    if not name:
        raise ConfigurationError("A candidate name is needed.", hint="Pass --candidate NAME.")
    return name


def _report_hint(console: Console, interview_id: str) -> None:
    console.print(
        f"Report: [bold]panelist report {interview_id}[/] (--format md|txt|html|json|pdf)",
        soft_wrap=True,
    )


# --------------------------------------------------------------------------- interviews


def interviews(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option("--status", help="Only this status.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Only this role code.")] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Candidate name or email contains.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 50,
) -> None:
    """List interviews, newest first."""
    from panelist.storage import open_database

    database = open_database(cli_state(ctx).settings)
    try:
        rows = database.interviews.list(status=status, role_code=role, search=search, limit=limit)
    finally:
        database.close()
    table = Table()
    table.add_column("id", no_wrap=True, min_width=32)
    headers = ("candidate", "role", "level", "status", "score", "recommendation", "sign-off")
    for header in (*headers, "updated"):
        table.add_column(header)
    for row in rows:
        table.add_row(
            row.id,
            row.candidate_name,
            row.role_code,
            row.level,
            row.status.value.replace("_", " "),
            "-" if row.overall_score is None else f"{row.overall_score:.2f}",
            decision_name(row.recommendation) if row.recommendation else "-",
            f"{decision_name(row.signed_decision)} by {row.signed_by}"
            if row.signed_decision
            else "pending",
            row.updated_at.strftime("%Y-%m-%d %H:%M"),
        )
    console = Console()
    console.width = max(console.width, 150)  # the id must stay whole to be copied
    console.print(table if rows else "No interviews yet. Start one with `panelist interview`.")


# --------------------------------------------------------------------------- simulate


def simulate(
    ctx: typer.Context,
    profile: Annotated[
        str,
        typer.Option(
            "--profile",
            help="exceptional, strong, average, weak, poor, bluffer, injector, off-topic, terse, "
            "reciter.",
        ),
    ],
    seed: Annotated[int, typer.Option("--seed", help="Seed for the plan and the candidate.")] = 1,
    role: Annotated[str, typer.Option("--role", help="Role code.")] = "SRES.GEN.P5",
    level: Annotated[str | None, typer.Option("--level", help="Level P1-P6.")] = None,
    minutes: Annotated[
        int | None,
        typer.Option("--minutes", min=5, max=240, help="Time budget (default: the role's)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Report format: txt, md, html, json or pdf.")
    ] = "txt",
    out: Annotated[Path | None, typer.Option("--out", help="Write the report here.")] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the interview in the user database.")
    ] = False,
    llm_candidate: Annotated[
        bool,
        typer.Option(
            "--llm-candidate",
            help="Let the configured LLM play the candidate (the template candidate of the "
            "same profile answers whenever the model fails).",
        ),
    ] = False,
) -> None:
    """Interview a simulated candidate through the real service and print the report."""
    from panelist.candidates import simulated_candidate
    from panelist.candidates.llm_candidate import LLMCandidate
    from panelist.llm import build_model

    if fmt not in FORMATS:
        raise ConfigurationError(f"Unknown format {fmt!r}.", hint="Use txt, md, html, json or pdf.")
    if fmt == "pdf" and out is None:
        raise ConfigurationError("A PDF report needs a file.", hint="Add --out report.pdf.")
    cli = cli_state(ctx)
    candidate: Candidate = simulated_candidate(profile, seed, cli.catalog)
    if llm_candidate:
        model = build_model(cli.settings)
        if model is None:
            raise ConfigurationError(
                "--llm-candidate needs a configured model.",
                hint="Set PANELIST_LLM_BACKEND and PANELIST_LLM_MODEL (see docs/llm.md).",
            )
        candidate = LLMCandidate(
            model, profile=profile, name=candidate.name, fallback=candidate.reply
        )
    with tempfile.TemporaryDirectory(prefix="panelist-simulate-") as scratch:
        settings = cli.settings if save else _scratch_settings(cli.settings, Path(scratch))
        with _service(_with_budget(settings, minutes), cli.catalog) as service:
            created = service.create(
                role, level, candidate.name, quality_profile=candidate.profile, seed=seed
            )
            show_plan_warnings(Console(stderr=True), created)
            final = run_interview(service, created.id, candidate)
    _emit_report(final, cli.catalog, fmt, out, interviewer=cli.settings.interviewer_name)
    if save:
        Console(stderr=True).print(f"Saved as interview {final.id}.")


def _with_budget(settings: Settings, minutes: int | None) -> Settings:
    if minutes is None:
        return settings
    return settings.model_copy(update={"interview_minutes": minutes})


def show_plan_warnings(console: Console, state: InterviewState) -> None:
    """What the planner says the recruiter must know (budget too short for the level...),
    and what a job description or résumé changed in the plan."""
    for warning in state.plan.warnings:
        console.print(f"[yellow]Plan:[/] {warning}", highlight=False)
    for emphasis in state.plan.emphasis:
        console.print(
            f"[cyan]Plan:[/] the job description stresses {emphasis.competency} "
            f"({', '.join(emphasis.evidence)}): weight {emphasis.base_weight:g} -> "
            f"{emphasis.weight:g}.",
            highlight=False,
        )
    if state.plan.resume is not None and state.plan.resume.opening:
        console.print(
            f"[cyan]Plan:[/] the deep-dive opens on the résumé: {state.plan.resume.opening}.",
            highlight=False,
        )


def read_text_option(path: Path | None, option: str) -> str | None:
    """The text of the file ``option`` names (answers come on stdin, so no ``-``)."""
    if path is None:
        return None
    if not path.is_file():
        raise typer.BadParameter(f"{path} is not a file; give {option} a text file.")
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        raise typer.BadParameter(f"{path} is empty; {option} needs the text to read.")
    return text


def _scratch_settings(settings: Settings, directory: Path) -> Settings:
    url = f"sqlite:///{directory / 'simulate.db'}"
    return settings.model_copy(update={"data_dir": directory, "database_url": url})


def _emit_report(
    state: InterviewState, catalog: Catalog, fmt: str, out: Path | None, *, interviewer: str
) -> None:

    report = build_report(state, catalog, interviewer_name=interviewer)
    rendered = render(report, cast(Format, fmt))
    if out is not None:
        if isinstance(rendered, bytes):
            out.write_bytes(rendered)
        else:
            out.write_text(rendered, encoding="utf-8")
        Console(stderr=True).print(f"Report written to {out}.")
        return
    if isinstance(rendered, bytes):
        raise ConfigurationError("A PDF report needs a file.", hint="Add --out report.pdf.")
    typer.echo(rendered)


def register(app: typer.Typer) -> None:
    app.command("interview")(interview)
    app.command("interviews")(interviews)
    app.command("simulate")(simulate)
