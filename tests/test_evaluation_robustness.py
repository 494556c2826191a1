"""`panelist eval robustness`: the metamorphic relations on a sample, through the real CLI,
and the seeded transformations it applies."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from conftest import SHARED_DATA, require
from typer.testing import CliRunner

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.cli.app import app
from panelist.evaluation import transformations as tf
from panelist.evaluation.robustness import (
    LEVELS,
    NEVER_RAISES,
    catalog_subjects,
    dataset_subjects,
    run_robustness,
)
from panelist.scoring import EmbeddedScorer

RUNNER = CliRunner()
CATALOG = load_catalog(builtin_catalog_dir())


@pytest.fixture
def rows_dir(tmp_path: Path) -> Path:
    """Eight rows of each dataset file (the benchmark runs on all of them)."""
    require((SHARED_DATA / "mohler_dev.jsonl").is_file(), f"{SHARED_DATA} is missing")
    for path in sorted(SHARED_DATA.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()[:8]
        (tmp_path / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_tricks_never_raise_a_score_on_rows_and_catalog_references(rows_dir: Path) -> None:
    subjects = dataset_subjects(rows_dir) + catalog_subjects(CATALOG, limit=6)

    results = run_robustness(EmbeddedScorer(), subjects, {"data_dir": str(rows_dir)})

    for name in NEVER_RAISES:
        relation = results["relations"][name]
        assert relation["checked"] > 0, name
        assert relation["violations"] == 0, relation["examples"]
    assert set(results["relations"]) == {*NEVER_RAISES, *LEVELS}


def test_the_cli_writes_json_and_markdown(rows_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"

    result = RUNNER.invoke(
        app,
        [
            "eval",
            "robustness",
            str(rows_dir),
            "--limit",
            "3",
            "--semantic",
            "off",
            "--out-dir",
            str(out),
        ],
    )

    assert result.exit_code == 0, result.output
    data = json.loads((out / "robustness.json").read_text())
    assert data["relations"]["injection"]["checked"] > 0
    assert "| injection | never raises |" in (out / "robustness.md").read_text()


def test_a_directory_without_rows_says_what_to_pass(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["eval", "robustness", str(tmp_path), "--semantic", "off"])

    assert result.exit_code != 0
    assert "no *.jsonl" in str(result.exception) + result.output


def test_transformations_are_seeded_and_keep_the_words() -> None:
    text = "The SLI is good events over valid events. Alert on the burn rate, not the ratio."

    assert tf.shuffled(text, random.Random(1)) == tf.shuffled(text, random.Random(1))
    assert sorted(tf.shuffled(text, random.Random(2)).split()) == sorted(text.split())
    assert len(tf.INJECTIONS) >= 10
    for layout in tf.LAYOUTS:
        listed = tf.bare_list(tf.reference_terms(text), layout)
        assert "burn" in listed and "SLI" in listed


def test_a_name_swap_pair_differs_only_in_who() -> None:
    one, other = tf.name_swap_pair("He said his alert fired.", random.Random(3))

    assert one != other
    assert "She said her alert fired." in other
