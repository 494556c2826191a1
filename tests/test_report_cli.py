"""`panelist report`: a stored interview (with overrides and a sign-off) in every format."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from test_report_support import run_simulation, scratch_settings
from typer.testing import CliRunner

from panelist.catalog.loader import load_catalog
from panelist.cli.app import app
from panelist.interview.state import InterviewState
from panelist.reports import schema_json
from panelist.reports.formatting import slug
from panelist.storage import open_database

runner = CliRunner()


@pytest.fixture
def stored(tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> InterviewState:
    monkeypatch.setenv("PANELIST_SEMANTIC", "off")
    settings = scratch_settings(tmp_data_dir)
    db = open_database(settings)
    return run_simulation(db, load_catalog(settings.catalog_path), settings, "strong", 2)


def test_report_prints_the_stored_interview_as_text(stored: InterviewState) -> None:
    result = runner.invoke(app, ["report", stored.id])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Interview scorecard: {stored.candidate_name}\n")
    assert f"Candidate: {stored.candidate_name}" in result.output
    assert "Sign-off: pending sign-off" in result.output


def test_report_shows_overrides_and_sign_off_from_storage(
    stored: InterviewState, tmp_data_dir: Path
) -> None:
    db = open_database(scratch_settings(tmp_data_dir))
    asked = next(t for t in stored.turns if t.score and t.score["value"] is not None)
    assert asked.question_id is not None
    db.reviews.add_override(
        stored.id,
        question_id=asked.question_id,
        old_score=asked.score["value"] if asked.score else None,
        new_score=2.0,
        reason="answer recited the docs, probed live and could not explain",
        user_id=None,
    )
    db.reviews.sign_off(stored.id, decision="hire", note="good on-call instincts", user_id=None)
    result = runner.invoke(app, ["report", stored.id, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    jsonschema.validate(document, json.loads(schema_json()))
    assert document["overrides"][0]["new_score"] == 2.0
    assert document["overrides"][0]["reason"].startswith("answer recited the docs")
    assert document["sign_off"]["status"] == "signed"
    assert document["sign_off"]["decision"] == "hire"


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_report_writes_a_file(stored: InterviewState, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["report", stored.id, "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1_000


def test_report_schema_prints_the_json_schema() -> None:
    result = runner.invoke(app, ["report", "--schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Report"


def test_report_of_an_unknown_interview_says_so(tmp_data_dir: Path) -> None:
    result = runner.invoke(app, ["report", "does-not-exist"])
    assert result.exit_code != 0
    assert "does-not-exist" in str(result.exception)


def test_a_pdf_needs_a_file(stored: InterviewState) -> None:
    result = runner.invoke(app, ["report", stored.id, "--format", "pdf"])
    assert result.exit_code != 0
    assert "--out" in str(result.exception)


def test_report_into_a_directory_is_named_for_candidate_role_and_date(
    stored: InterviewState, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    result = runner.invoke(app, ["report", stored.id, "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert stored.started_at is not None
    day = stored.started_at.strftime("%Y-%m-%d")
    name = f"panelist-{slug(stored.candidate_name)}-{slug(stored.role_code)}-{day}.pdf"
    assert [p.name for p in out.iterdir()] == [name]
