"""``panelist interview``, ``interviews`` and ``simulate`` as a user runs them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panelist.cli.app import app
from panelist.config import load_settings
from panelist.errors import ConfigurationError, StorageError
from panelist.interview.state import InterviewState, Status
from panelist.storage import open_database

ANSWERS = [
    "I'm Kim. At Acme I migrated our billing service to Kubernetes and ran its on-call.",
    "We moved it one service at a time behind canaries,\nwith SLO dashboards and a rollback plan.",
    "The first outage was DNS: we caught it from the error-rate alert and rolled back.",
    "We ran game days every quarter and tracked the action items to closure.",
]
MAIN = "from panelist.cli.app import main; main()"


@pytest.fixture
def env(tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("PANELIST_SEMANTIC", "off")
    monkeypatch.delenv("PANELIST_DATABASE_URL", raising=False)
    return {**os.environ, "PANELIST_DATA_DIR": str(tmp_data_dir), "PANELIST_SEMANTIC": "off"}


def stored_interviews(data_dir: Path, migrate: bool = True) -> list[InterviewState]:
    database = open_database(load_settings(data_dir=data_dir), migrate_sqlite=migrate)
    try:
        return [database.interviews.get(row.id) for row in database.interviews.list()]
    finally:
        database.close()


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def answers_stored(data_dir: Path) -> list[str]:
    """What the interview process has saved so far, read without ever writing: the watcher
    must not take the database's write lock (or race the process's own migration)."""
    if not (data_dir / "panelist.db").exists():
        return []
    try:
        found = stored_interviews(data_dir, migrate=False)
    except StorageError:  # the interview process is still creating the schema
        return []
    return [t.text for s in found for t in s.candidate_turns()]


def has_answers(data_dir: Path, count: int) -> bool:
    return len(answers_stored(data_dir)) == count


def _default_ctrl_c() -> None:
    """In the child: Ctrl-C as in a terminal, even when this test runs where SIGINT is ignored
    (a background job without job control), which the child would otherwise inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_interview(env: dict[str, str], *args: str, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, "interview", *args],
        stdin=subprocess.PIPE,
        stdout=out.open("wb"),
        stderr=subprocess.STDOUT,
        env=env,
        preexec_fn=_default_ctrl_c,
    )


def say(process: subprocess.Popen[bytes], answer: str) -> None:
    assert process.stdin is not None
    process.stdin.write(answer.encode() + b"\n\n")  # an empty line ends a multi-line answer
    process.stdin.flush()


@pytest.mark.slow
def test_a_killed_interview_resumes_with_every_answer_it_was_given(
    env: dict[str, str], tmp_data_dir: Path, tmp_path: Path
) -> None:
    first = start_interview(env, "--candidate", "Kim Lee", "--seed", "3", out=tmp_path / "1.log")
    for count, answer in enumerate(ANSWERS[:3], start=1):
        say(first, answer)
        wait_for(partial(has_answers, tmp_data_dir, count), f"answer {count} to be saved")
    first.send_signal(signal.SIGKILL)
    first.wait(10)

    [killed] = stored_interviews(tmp_data_dir)
    assert [t.text for t in killed.candidate_turns()] == ANSWERS[:3]
    second = start_interview(env, "--resume", killed.id, out=tmp_path / "2.log")
    say(second, ANSWERS[3])
    assert second.stdin is not None
    second.stdin.close()  # end of input: the session stops and says how to resume
    assert second.wait(60) == 0

    [resumed] = stored_interviews(tmp_data_dir)
    assert [t.text for t in resumed.candidate_turns()] == ANSWERS
    assert resumed.status is Status.IN_PROGRESS
    log = (tmp_path / "2.log").read_text()
    assert "Resuming the interview with Kim Lee" in log and "3 answer(s)" in log
    assert f"panelist interview --resume {killed.id}" in log


@pytest.mark.slow
def test_ctrl_c_saves_and_prints_how_to_resume(
    env: dict[str, str], tmp_data_dir: Path, tmp_path: Path
) -> None:
    process = start_interview(env, "--candidate", "Kim", out=tmp_path / "c.log")
    say(process, ANSWERS[0])
    wait_for(lambda: len(answers_stored(tmp_data_dir)) == 1, "the first answer")

    process.send_signal(signal.SIGINT)

    assert process.wait(30) == 130
    [saved] = stored_interviews(tmp_data_dir)
    assert f"panelist interview --resume {saved.id}" in (tmp_path / "c.log").read_text()


def test_a_whole_interview_in_the_terminal_then_listed(env: dict[str, str]) -> None:
    runner = CliRunner()
    skips = "".join(f"{SKIP}\n" for SKIP in ["/skip"] * 40)

    result = runner.invoke(
        app, ["interview", "--candidate", "Ada", "--seed", "1"], input=ANSWERS[0] + "\n\n" + skips
    )

    assert result.exit_code == 0, result.output
    assert "finish with an empty line" in result.output
    assert "The interview is complete." in result.output
    assert "panelist report " in result.output
    listing = runner.invoke(app, ["interviews"])
    assert "Ada" in listing.output and "completed" in listing.output
    assert "SRES.GEN.P5" in listing.output
    # the automated assessment is in the audit log, as for an interview in the browser
    from panelist.config import load_settings
    from panelist.storage import open_database

    database = open_database(load_settings())
    try:
        (scored,) = [e for e in database.audit.entries(limit=50) if e.action == "interview.scored"]
    finally:
        database.close()
    assert scored.actor == "panelist" and scored.detail["status"] == "completed"
    assert scored.detail["questions"] and "recommendation" in scored.detail


def test_interviews_says_how_to_start_when_there_are_none(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["interviews"])

    assert "No interviews yet" in result.output


def test_simulate_prints_the_report_and_keeps_nothing_without_save(
    env: dict[str, str], tmp_data_dir: Path
) -> None:
    result = CliRunner().invoke(
        app, ["simulate", "--profile", "weak", "--seed", "2", "--format", "md"]
    )

    assert result.exit_code == 0, result.output
    assert "## Recommendation: " in result.output
    assert not (tmp_data_dir / "panelist.db").exists()


def test_simulate_save_and_pdf(env: dict[str, str], tmp_data_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    pdf = tmp_path / "r.pdf"

    saved = runner.invoke(
        app,
        [
            "simulate",
            "--profile",
            "strong",
            "--seed",
            "5",
            "--save",
            "--format",
            "pdf",
            "--out",
            str(pdf),
        ],
    )

    assert saved.exit_code == 0, saved.output
    assert pdf.read_bytes().startswith(b"%PDF")
    [state] = stored_interviews(tmp_data_dir)
    assert state.quality_profile == "strong" and state.status is Status.COMPLETED
    refused = runner.invoke(app, ["simulate", "--profile", "strong", "--format", "pdf"])
    assert isinstance(refused.exception, ConfigurationError)
    assert "--out" in str(refused.exception)
