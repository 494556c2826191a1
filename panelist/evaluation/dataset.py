"""Benchmark rows: JSONL of human-graded answers, read with errors that name the line."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from panelist.errors import ScoringError

REQUIRED_FIELDS: tuple[str, ...] = ("id", "question", "reference", "answer", "max_score")
# A row naming a catalog question needs only these: the question's rubric is its reference.
CATALOG_FIELDS: tuple[str, ...] = ("id", "question_id", "answer")


@dataclass(frozen=True)
class Row:
    id: str
    question_id: str
    question: str
    reference: str
    answer: str
    max_score: float
    catalog_question: bool = False  # scored against the catalog question ``question_id``


def _row(data: Any, path: Path, line: int, catalog_ids: Collection[str]) -> Row:
    where = f"{path}:{line}"
    if not isinstance(data, dict):
        raise ScoringError(f"{where}: expected a JSON object, got {type(data).__name__}.")
    in_catalog = data.get("question_id") in catalog_ids
    required = CATALOG_FIELDS if in_catalog else REQUIRED_FIELDS
    missing = [name for name in required if name not in data]
    if missing:
        raise ScoringError(
            f"{where}: missing field(s) {', '.join(missing)}.",
            hint=f"Every row needs {', '.join(REQUIRED_FIELDS)} (question_id is optional), "
            "or a question_id of a catalog question and the answer.",
        )
    if in_catalog:
        data = {"question": "", "reference": "", "max_score": 5.0, **data}
    for name in ("id", "question", "reference", "answer"):
        if not isinstance(data[name], str):
            raise ScoringError(f"{where}: field {name!r} must be a string.")
    max_score = data["max_score"]
    if isinstance(max_score, bool) or not isinstance(max_score, int | float) or max_score <= 0:
        raise ScoringError(f"{where}: max_score must be a positive number, got {max_score!r}.")
    question_id = data.get("question_id") or data["question"]
    return Row(
        id=data["id"],
        question_id=str(question_id),
        question=data["question"],
        reference=data["reference"],
        answer=data["answer"],
        max_score=float(max_score),
        catalog_question=in_catalog,
    )


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) of each non-blank line; bad JSON names its line."""
    if not path.is_file():
        raise ScoringError(f"{path} does not exist.", hint="Pass a JSONL file, one object a line.")
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield line_number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ScoringError(
                    f"{path}:{line_number}: not valid JSON ({exc.msg} at column {exc.colno})."
                ) from exc


def read_rows(path: Path, *, catalog_ids: Collection[str] = ()) -> list[Row]:
    """Every row of a JSONL file (never its gold ``score``). A row whose ``question_id`` is
    one of ``catalog_ids`` is scored against that catalog question: its ``question``,
    ``reference`` and ``max_score`` (5) are optional."""
    rows = [_row(data, path, number, catalog_ids) for number, data in json_lines(path)]
    if not rows:
        raise ScoringError(f"{path} has no rows.", hint="One JSON object per line.")
    return rows


def read_gold(path: Path) -> dict[str, float]:
    """The human ``score`` of each row id: only the report reads this, never a scorer."""
    gold: dict[str, float] = {}
    for number, data in json_lines(path):
        if not isinstance(data, dict) or not isinstance(data.get("score"), int | float):
            raise ScoringError(f"{path}:{number}: no numeric 'score' to compare with.")
        gold[str(data["id"])] = float(data["score"])
    return gold


def read_predictions(path: Path) -> dict[str, float | None]:
    """The ``score`` of each row id in a file written by ``panelist eval score-file``."""
    predictions: dict[str, float | None] = {}
    for number, data in json_lines(path):
        score = data.get("score") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or "id" not in data
            or not isinstance(score, int | float | None)
        ):
            raise ScoringError(
                f"{path}:{number}: expected an object with 'id' and a numeric or null 'score'.",
                hint="Pass the file written by `panelist eval score-file`.",
            )
        predictions[str(data["id"])] = None if score is None else float(score)
    return predictions
