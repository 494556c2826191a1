"""``panelist eval contradictions``: precision and recall of contradiction detection.

Reads labelled statement pairs (``earlier``, ``later``, ``contradiction``, ``kind``, ``note``;
see panelist/evaluation/data/README.md), runs the scorer's contradiction check on the later
statement with the earlier one as a prior answer (exactly as in an interview), and counts
true/false positives and negatives overall and per kind, listing every wrong call.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from panelist.catalog.loader import Catalog
from panelist.errors import ScoringError
from panelist.evaluation.metrics import ratio
from panelist.scoring.contradiction import prior_contradictions, self_contradictions
from panelist.scoring.types import PriorAnswer

DEFAULT_PAIRS = Path(__file__).resolve().parent / "data" / "contradiction_pairs.jsonl"
TARGETS = {"precision": 0.95, "recall": 0.7}
NEIGHBOURS = 6  # each reference answer is checked against the six before it


def false_flags(catalog: Catalog, answers: list[str]) -> dict[str, Any]:
    """Contradictions raised where none can be: within each catalog reference answer and
    each given answer, and between each reference answer and its neighbours (different
    questions' model answers state different systems' numbers, never one candidate's)."""
    references = [q.reference_answer for q in catalog.questions.values() if q.reference_answer]
    flagged: list[dict[str, Any]] = []
    for text in references + answers:
        for flag in self_contradictions(text):
            flagged.append({"within": text[:120], "detail": flag.detail})
    pairs = 0
    for index, text in enumerate(references):
        earlier = [
            PriorAnswer(str(j), "", references[j]) for j in range(max(0, index - NEIGHBOURS), index)
        ]
        pairs += len(earlier)
        for flag in prior_contradictions(text, earlier):
            flagged.append({"between": [e.text for e in flag.evidence], "detail": flag.detail})
    return {
        "answers": len(references) + len(answers),
        "reference_pairs": pairs,
        "flags": len(flagged),
        "flagged": flagged,
    }


@dataclass(frozen=True)
class Pair:
    id: str
    earlier: str
    later: str
    contradiction: bool
    kind: str
    note: str


def read_pairs(path: Path) -> list[Pair]:
    """The labelled pairs of ``path``; a malformed line is an error that names it."""
    if not path.is_file():
        raise ScoringError(
            f"{path} does not exist.",
            hint="Pass a JSONL of labelled pairs (earlier, later, contradiction, kind, note).",
        )
    pairs: list[Pair] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pairs.append(
                Pair(
                    id=str(row["id"]),
                    earlier=str(row["earlier"]),
                    later=str(row["later"]),
                    contradiction=bool(row["contradiction"]),
                    kind=str(row.get("kind", "")),
                    note=str(row.get("note", "")),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ScoringError(
                f"{path}:{number} is not a labelled pair ({error}).",
                hint="Each line needs id, earlier, later and contradiction (true/false).",
            ) from error
    return pairs


def run_contradictions(
    path: Path, catalog: Catalog | None = None, answers: list[str] | None = None
) -> dict[str, Any]:
    """Precision, recall and the wrong calls of the contradiction check on ``path``."""
    pairs = read_pairs(path)
    outcomes: dict[str, Counter[str]] = {}
    wrong: list[dict[str, Any]] = []
    started = time.perf_counter()
    for pair in pairs:
        prior = PriorAnswer("earlier", "", pair.earlier, turn_id="earlier")
        found = prior_contradictions(pair.later, [prior])
        flagged = bool(found)
        outcome = {
            (True, True): "tp",
            (True, False): "fn",
            (False, True): "fp",
            (False, False): "tn",
        }[(pair.contradiction, flagged)]
        outcomes.setdefault(pair.kind, Counter())[outcome] += 1
        if outcome in {"fp", "fn"}:
            wrong.append(
                {
                    "id": pair.id,
                    "kind": pair.kind,
                    "call": "false positive" if outcome == "fp" else "missed",
                    "earlier": pair.earlier,
                    "later": pair.later,
                    "detail": found[0].detail if found else None,
                    "note": pair.note,
                }
            )
    elapsed = time.perf_counter() - started
    total: Counter[str] = sum(outcomes.values(), Counter())
    precision = ratio(total["tp"], total["tp"] + total["fp"])
    recall = ratio(total["tp"], total["tp"] + total["fn"])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "file": str(path),
        "pairs": len(pairs),
        "contradictions": sum(p.contradiction for p in pairs),
        "precision": precision,
        "recall": recall,
        "targets": TARGETS,
        "met": precision is not None
        and recall is not None
        and precision >= TARGETS["precision"]
        and recall >= TARGETS["recall"],
        "counts": dict(total),
        "kinds": {kind: dict(c) for kind, c in sorted(outcomes.items())},
        "ms_per_pair": round(1000 * elapsed / max(len(pairs), 1), 3),
        "wrong": wrong,
        "false_flags": false_flags(catalog, answers or []) if catalog is not None else None,
    }


def render_contradictions(results: dict[str, Any]) -> str:
    """The results as Markdown (benchmarks/results/contradictions.md)."""

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    counts = results["counts"]
    lines = [
        "# Contradiction detection — labelled statement pairs",
        "",
        f"{results['date']} · {results['file']} · {results['pairs']} pairs "
        f"({results['contradictions']} contradictions) · "
        f"{results['ms_per_pair']} ms per pair",
        "",
        "| precision | recall | TP | FP | FN | TN | target | met |",
        "|---|---|---|---|---|---|---|---|",
        f"| {pct(results['precision'])} | {pct(results['recall'])} | {counts.get('tp', 0)} "
        f"| {counts.get('fp', 0)} | {counts.get('fn', 0)} | {counts.get('tn', 0)} "
        f"| precision ≥ {TARGETS['precision']}, recall ≥ {TARGETS['recall']} "
        f"| {'yes' if results['met'] else 'no'} |",
        "",
        "## Per kind",
        "",
        "| kind | TP | FN | FP | TN |",
        "|---|---|---|---|---|",
    ]
    for kind, c in results["kinds"].items():
        lines.append(
            f"| {kind} | {c.get('tp', 0)} | {c.get('fn', 0)} | {c.get('fp', 0)} | {c.get('tn', 0)} |"
        )
    extra = results.get("false_flags")
    if extra is not None:
        lines += [
            "",
            "## Where no contradiction can be",
            "",
            f"{extra['flags']} flag(s) within {extra['answers']} answers (every catalog reference "
            "answer and every answer of the graded data) and between "
            f"{extra['reference_pairs']} pairs of different questions' reference answers.",
        ]
        lines += [f"- {f['detail']}" for f in extra["flagged"]]
    lines += ["", "## Wrong calls", ""]
    if not results["wrong"]:
        lines.append("None.")
    for row in results["wrong"]:
        lines += [
            f"- **{row['id']}** ({row['kind']}, {row['call']}): earlier “{row['earlier']}” · "
            f"later “{row['later']}”"
            + (f" · flagged: {row['detail']}" if row["detail"] else "")
            + f" · label note: {row['note']}",
        ]
    return "\n".join(lines) + "\n"
