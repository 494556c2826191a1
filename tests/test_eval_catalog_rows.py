"""Rubric calibration: `panelist eval score-file` rows that name a catalog question are scored
against its rubric on its 1-5 scale, as in an interview; `eval report` adds exact and
adjacent agreement; the authoring page's agreement uses the same scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panelist.catalog.loader import load_catalog
from panelist.cli.app import app
from panelist.config import Settings
from panelist.evaluation.rubric_agreement import exact_and_adjacent, rubric_agreement
from panelist.scoring.registry import get_scorer
from panelist.storage import open_database

RUNNER = CliRunner()
QUESTION = "inc.incident-command"
STRONG = (
    "I would declare an incident and take the incident commander role straight away, then "
    "assign roles: an ops lead, a comms lead and a scribe. I would freeze deploys so no one "
    "changes production while we investigate, and put mitigation first: roll back or fail "
    "over before we look for the root cause. I'd post regular status updates to executives."
)
WEAK = "I would look at the logs and try to fix it myself, then tell people when it is done."


@pytest.fixture(autouse=True)
def _own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PANELIST_DATABASE_URL", raising=False)
    monkeypatch.delenv("PANELIST_CATALOG_PATH", raising=False)
    monkeypatch.setenv("PANELIST_DATA_DIR", str(tmp_path / "data"))


def write_rows(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_a_row_naming_a_catalog_question_is_scored_against_its_rubric(tmp_path: Path) -> None:
    graded = write_rows(
        tmp_path / "graded.jsonl",
        [
            {"id": "strong", "question_id": QUESTION, "answer": STRONG, "score": 5},
            {"id": "weak", "question_id": QUESTION, "answer": WEAK, "score": 1},
        ],
    )
    out = tmp_path / "out.jsonl"

    result = RUNNER.invoke(app, ["eval", "score-file", str(graded), "--out", str(out)])

    assert result.exit_code == 0, result.output
    scored = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    question = load_catalog().question(QUESTION)
    in_an_interview = get_scorer("embedded", Settings()).score(STRONG, question)
    assert scored["strong"]["score"] == in_an_interview.value
    assert scored["strong"]["catalog_question"] is True
    assert {e["key_point"] for e in scored["strong"]["evidence"]} >= {
        "assign-roles",
        "mitigation-priority",
    }
    assert scored["weak"]["score"] < scored["strong"]["score"]

    report = RUNNER.invoke(app, ["eval", "report", str(graded), str(out), "--json"])
    assert report.exit_code == 0, report.output
    overall = json.loads(report.output)["overall"]
    assert overall["n"] == 2 and overall["r"] == 1.0
    assert overall["exact"] is not None and overall["adjacent"] >= overall["exact"]


def test_an_organisations_draft_question_can_be_calibrated_with_org(tmp_path: Path) -> None:
    base = load_catalog()
    document = base.question(QUESTION).model_dump(mode="json")
    document.update(id="acme.war-room", text="Acme's card payments fail at 9am: what now?")
    database = open_database(Settings(data_dir=tmp_path / "data"))
    org = database.accounts.ensure_organisation("Acme").id
    database.org_catalog.save(org, "question", document, author="ann@acme.io")  # a draft
    database.close()
    graded = write_rows(
        tmp_path / "graded.jsonl",
        [{"id": "a", "question_id": "acme.war-room", "answer": STRONG, "score": 4}],
    )
    out = tmp_path / "out.jsonl"

    without = RUNNER.invoke(app, ["eval", "score-file", str(graded), "--out", str(out)])
    assert "missing field(s) question, reference, max_score" in str(without.exception)

    result = RUNNER.invoke(
        app, ["eval", "score-file", str(graded), "--out", str(out), "--org", "Acme"]
    )
    assert result.exit_code == 0, result.output
    row = json.loads(out.read_text())
    assert (row["catalog_question"], row["version"]) == (True, 1)
    assert 1 <= row["score"] <= 5


def test_exact_and_adjacent_agreement_round_to_the_scale() -> None:
    assert exact_and_adjacent([4.4, 2.6, None, 1.0], [4, 4, 5, 3]) == {
        "exact": 0.333,
        "adjacent": 0.667,
    }
    assert exact_and_adjacent([None], [3]) == {"exact": None, "adjacent": None}


def test_the_authors_samples_show_where_panelist_disagrees_most() -> None:
    question = load_catalog().question(QUESTION)
    scorer = get_scorer("embedded", Settings())

    found = rubric_agreement(scorer, question, [(STRONG, 5), (WEAK, 5), (WEAK, 1)])

    assert found.n == 3
    worst = found.disagreements[0]
    assert (worst.answer, worst.grade) == (WEAK, 5)
    assert worst.gap is not None and worst.gap < -1
