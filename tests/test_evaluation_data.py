"""The labelled sets under panelist/evaluation/data are well formed and point at real catalog ids.

These sets measure the scorer and the interviewer, so a malformed line, a duplicated id or a
key point id that the catalog does not have would silently skew every number computed from
them. Each test reads the file as it is committed and names the offending line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from panelist.catalog.loader import load_catalog
from panelist.catalog.models import Question

DATA = Path(__file__).resolve().parent.parent / "panelist" / "evaluation" / "data"

Row = dict[str, Any]


def read_jsonl(name: str) -> list[tuple[int, Row]]:
    """Every line of ``name`` as (line number, object); fails on a line that is not an object."""
    path = DATA / name
    assert path.is_file(), f"{path} is missing"
    rows: list[tuple[int, Row]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{name}:{number}: blank line"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            pytest.fail(f"{name}:{number}: not JSON ({error})")
        assert isinstance(value, dict), f"{name}:{number}: not a JSON object"
        rows.append((number, value))
    return rows


def check_fields(name: str, rows: list[tuple[int, Row]], fields: dict[str, type]) -> None:
    """Exactly ``fields`` with those types, and unique non-empty ids."""
    for number, row in rows:
        assert set(row) == set(fields), (
            f"{name}:{number}: fields {sorted(row)} != expected {sorted(fields)}"
        )
        for field, kind in fields.items():
            assert isinstance(row[field], kind), f"{name}:{number}: {field} is not {kind.__name__}"
            if kind is str:
                assert row[field].strip(), f"{name}:{number}: {field} is empty"
    ids = Counter(row["id"] for _, row in rows)
    repeated = [rid for rid, count in ids.items() if count > 1]
    assert not repeated, f"{name}: repeated ids {repeated}"


@cache
def scored_questions() -> dict[str, Question]:
    return {qid: q for qid, q in load_catalog().questions.items() if q.scored}


def sentences_of(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def mentions(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words, ignoring case."""
    pattern = r"(?<![\w])" + re.escape(phrase.lower()) + r"(?![\w])"
    return re.search(pattern, text.lower()) is not None


# --------------------------------------------------------------------- contradiction pairs

TRUE_KINDS = {"number_same_metric", "tool_scope", "fact", "same_number_two_things"}
LOOK_ALIKE_KINDS = {
    "different_attribute", "different_unit", "window_vs_latency", "different_scope",
    "different_time", "different_system", "approximation", "before_after",
    "consistent_restatement",
}  # fmt: skip


def contradiction_pairs() -> list[tuple[int, Row]]:
    name = "contradiction_pairs.jsonl"
    rows = read_jsonl(name)
    check_fields(
        name,
        rows,
        {"id": str, "earlier": str, "later": str, "contradiction": bool, "kind": str, "note": str},
    )
    return rows


def test_contradiction_pairs_are_well_formed_and_labelled_by_kind() -> None:
    rows = contradiction_pairs()
    for number, row in rows:
        kinds = TRUE_KINDS if row["contradiction"] else LOOK_ALIKE_KINDS
        assert row["kind"] in kinds, (
            f"contradiction_pairs.jsonl:{number}: kind {row['kind']!r} does not fit "
            f"contradiction={row['contradiction']} (expected one of {sorted(kinds)})"
        )
        for side in ("earlier", "later"):
            assert 1 <= sentences_of(row[side]) <= 3, f"line {number}: {side} is not 1-3 sentences"
        assert "\n" not in row["note"], f"line {number}: the note is one line"


def test_contradiction_pairs_are_half_true_half_look_alikes() -> None:
    rows = contradiction_pairs()
    labels = Counter(row["contradiction"] for _, row in rows)
    assert len(rows) >= 80
    assert abs(labels[True] - labels[False]) <= len(rows) // 10, labels
    kinds = Counter(row["kind"] for _, row in rows)
    assert set(kinds) == TRUE_KINDS | LOOK_ALIKE_KINDS, f"every kind is represented: {kinds}"


@pytest.mark.parametrize(
    ("earlier", "later", "contradiction"),
    [
        ("1h/5m burn-rate window", "300 ms", False),
        ("5 engineers", "5 minutes", False),
        ("from 30% to 85%", "11 of 12", False),
        ("Prometheus and Alertmanager for alerting", "Datadog was only there for APM", False),
        ("All our alerting ran on Prometheus", "We never ran Prometheus", True),
        ("MTTR went from 45 minutes to 12", "MTTR is about 12 minutes now", False),
        ("about forty", "42", False),
        ("I led the migration", "I joined the team after the CI migration", True),
    ],
)
def test_contradiction_pairs_hold_the_cases_seen_in_issue_12(
    earlier: str, later: str, contradiction: bool
) -> None:
    """The false contradictions a real interview produced are in the set, labelled correctly."""
    matches = [
        row
        for _, row in contradiction_pairs()
        if earlier.lower() in row["earlier"].lower() and later.lower() in row["later"].lower()
    ]
    assert matches, f"no pair with {earlier!r} earlier and {later!r} later"
    assert all(row["contradiction"] is contradiction for row in matches), matches
