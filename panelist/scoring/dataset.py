"""Benchmark rows: JSONL of human-graded answers, read with errors that name the line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from panelist.errors import ScoringError

REQUIRED_FIELDS: tuple[str, ...] = ("id", "question", "reference", "answer", "max_score")


@dataclass(frozen=True)
class Row:
    id: str
    question_id: str
    question: str
    reference: str
    answer: str
    max_score: float


def _row(data: Any, path: Path, line: int) -> Row:
    where = f"{path}:{line}"
    if not isinstance(data, dict):
        raise ScoringError(f"{where}: expected a JSON object, got {type(data).__name__}.")
    missing = [name for name in REQUIRED_FIELDS if name not in data]
    if missing:
        raise ScoringError(
            f"{where}: missing field(s) {', '.join(missing)}.",
            hint=f"Every row needs {', '.join(REQUIRED_FIELDS)} (question_id is optional).",
        )
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
    )


def read_rows(path: Path) -> list[Row]:
    """Every row of a JSONL file (never its gold ``score``)."""
    if not path.is_file():
        raise ScoringError(f"{path} does not exist.", hint="Pass a JSONL file of answers.")
    rows: list[Row] = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ScoringError(
                    f"{path}:{line_number}: not valid JSON ({exc.msg} at column {exc.colno})."
                ) from exc
            rows.append(_row(data, path, line_number))
    if not rows:
        raise ScoringError(f"{path} has no rows.", hint="One JSON object per line.")
    return rows


def read_gold(path: Path) -> dict[str, float]:
    """The human ``score`` of each row id: only the report reads this, never a scorer."""
    gold: dict[str, float] = {}
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            data = json.loads(line)
            if not isinstance(data.get("score"), int | float):
                raise ScoringError(f"{path}:{line_number}: no numeric 'score' to compare with.")
            gold[str(data["id"])] = float(data["score"])
    return gold
