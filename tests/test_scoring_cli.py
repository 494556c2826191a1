"""`panelist eval score-file / report / bench` on real graded rows, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED_DATA, require
from typer.testing import CliRunner

from panelist.cli.app import app

RUNNER = CliRunner()


@pytest.fixture
def graded(tmp_path: Path) -> Path:
    """40 rows of mohler_dev (4 questions) as a small graded file."""
    require((SHARED_DATA / "mohler_dev.jsonl").is_file(), f"{SHARED_DATA} is missing")
    lines = (SHARED_DATA / "mohler_dev.jsonl").read_text().splitlines()
    by_question: dict[str, list[str]] = {}
    for line in lines:
        by_question.setdefault(json.loads(line)["question_id"], []).append(line)
    picked = [row for rows in list(by_question.values())[:4] for row in rows[:10]]
    path = tmp_path / "graded.jsonl"
    path.write_text("\n".join(picked) + "\n")
    return path


def test_score_file_writes_one_result_per_row_without_reading_gold(
    graded: Path, tmp_path: Path
) -> None:
    rows = [json.loads(line) for line in graded.read_text().splitlines()]
    blinded = tmp_path / "blinded.jsonl"
    blinded.write_text("\n".join(json.dumps({**r, "score": 999}) for r in rows) + "\n")
    out, out_blinded = tmp_path / "out.jsonl", tmp_path / "out-blinded.jsonl"

    first = RUNNER.invoke(app, ["eval", "score-file", str(graded), "--out", str(out)])
    second = RUNNER.invoke(app, ["eval", "score-file", str(blinded), "--out", str(out_blinded)])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in results] == [r["id"] for r in rows]
    assert out.read_text() == out_blinded.read_text()  # the gold score changes nothing
    for result, row in zip(results, rows, strict=True):
        assert result["score"] is None or 0 <= result["score"] <= row["max_score"]
        for evidence in result["evidence"]:
            assert row["answer"][evidence["start"] : evidence["end"]] == evidence["text"]


def test_report_prints_agreement_overall_and_per_question(graded: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    RUNNER.invoke(app, ["eval", "score-file", str(graded), "--out", str(out)])

    result = RUNNER.invoke(app, ["eval", "report", str(graded), str(out), "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["overall"]["n"] == 40
    assert -1 <= report["overall"]["r"] <= 1
    assert report["overall"]["rmse"] >= 0
    assert len(report["questions"]) == 4


def test_bad_input_names_the_line_and_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"id": "a", "question": "q", "reference": "r", "answer": "x", "max_score": 5})
        + "\n"
        + json.dumps({"id": "b", "question": "q", "answer": "x", "max_score": 5})
        + "\n"
    )

    result = RUNNER.invoke(app, ["eval", "score-file", str(bad), "--out", str(tmp_path / "o")])

    assert result.exit_code != 0
    assert "bad.jsonl:2: missing field(s) reference" in str(result.exception)


def test_bench_cross_validates_by_question_and_writes_results(graded: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    graded.rename(data / "small.jsonl")

    result = RUNNER.invoke(
        app,
        [
            "eval",
            "bench",
            str(data),
            "--semantic",
            "off",
            "--name",
            "t",
            "--out-dir",
            str(tmp_path),
        ],
    )

    assert result.exit_code == 0, result.output
    results = json.loads((tmp_path / "t.json").read_text())
    entry = results["files"]["small.jsonl"]
    assert entry["rows"] == 40 and entry["questions"] == 4
    assert entry["lexical_lqo"]["n"] + entry["lexical_lqo"]["unscored"] == 40
    assert results["speed"]["lexical"]["p99_ms"] > 0
    assert "| small.jsonl | 40 | 4 |" in (tmp_path / "t.md").read_text()
