"""``panelist eval replies``: is a reply to a follow-up credited for the point it was asked for?

Reads labelled replies (``question_id``, the catalog ``follow_up`` asked for ``key_point``,
the candidate's ``reply``, whether it ``credited`` that point, and its ``kind``; see
panelist/evaluation/data/README.md), scores each reply as the answer to that follow-up, and
compares the credit of the asked point with the label: precision and recall of that point,
per kind of reply (``own_words`` make it; ``says_back``, ``evasive``, ``vague`` and
``other_point`` do not), per split of the questions (``keypoints.split_of``: rules may be
developed on ``develop`` only) and for both ways panelist scores: with the semantic model
(the queue's re-score) and on words only (the web request path).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from panelist.catalog.loader import Catalog
from panelist.errors import ScoringError
from panelist.evaluation.dataset import json_lines
from panelist.evaluation.keypoints import split_of, summarise
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import InterviewContext

DEFAULT_REPLIES = Path(__file__).resolve().parent / "data" / "follow_up_replies.jsonl"


@dataclass(frozen=True)
class LabelledReply:
    id: str
    question_id: str
    follow_up: str
    key_point: str
    reply: str
    credited: bool
    kind: str


def read_replies(path: Path) -> list[LabelledReply]:
    """The labelled replies of ``path``; a malformed line is an error that names it."""
    rows: list[LabelledReply] = []
    for number, row in json_lines(path):
        try:
            rows.append(
                LabelledReply(
                    id=str(row["id"]),
                    question_id=str(row["question_id"]),
                    follow_up=str(row["follow_up"]),
                    key_point=str(row["key_point"]),
                    reply=str(row["reply"]),
                    credited=bool(row["credited"]),
                    kind=str(row["kind"]),
                )
            )
        except (KeyError, TypeError) as error:
            raise ScoringError(
                f"{path}:{number} is not a labelled reply ({error}).",
                hint="Each line needs id, question_id, follow_up, key_point, reply, credited.",
            ) from error
    return rows


def measure(rows: list[LabelledReply], catalog: Catalog, scorer: EmbeddedScorer) -> dict[str, Any]:
    """Precision and recall of the asked point's credit over ``rows``, overall, per split and
    per kind, with every wrong call."""
    total = Counter[str]()
    per_split: dict[str, Counter[str]] = {}
    per_kind: dict[str, Counter[str]] = {}
    wrong: list[dict[str, Any]] = []
    for row in rows:
        question = catalog.questions.get(row.question_id)
        if question is None:
            raise ScoringError(
                f"{row.id} names question {row.question_id!r}, not in the catalog.",
                hint="Use the built-in catalog or fix the question id.",
            )
        score = scorer.score(row.reply, question, InterviewContext(prompt=row.follow_up))
        hit = next((h for h in score.key_points_hit if h.key_point == row.key_point), None)
        outcome = {(True, True): "tp", (True, False): "fn", (False, True): "fp"}.get(
            (row.credited, hit is not None), "tn"
        )
        total[outcome] += 1
        per_split.setdefault(split_of(row.question_id), Counter())[outcome] += 1
        per_kind.setdefault(row.kind, Counter())[outcome] += 1
        if outcome in {"fp", "fn"}:
            wrong.append(
                {
                    "id": row.id,
                    "kind": row.kind,
                    "key_point": row.key_point,
                    "call": "credited but not said" if outcome == "fp" else "said, missed",
                    "follow_up": row.follow_up,
                    "reply": row.reply,
                    "quote": [e.text for e in hit.evidence] if hit is not None else None,
                }
            )
    return {
        **summarise(total),
        "splits": {name: summarise(c) for name, c in sorted(per_split.items())},
        "kinds": {name: summarise(c) for name, c in sorted(per_kind.items())},
        "wrong": wrong,
    }


def run_follow_up_replies(
    path: Path, catalog: Catalog, scorers: dict[str, EmbeddedScorer]
) -> dict[str, Any]:
    """:func:`measure` for each named scorer (``semantic``, ``words``)."""
    rows = read_replies(path)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "file": str(path),
        "replies": len(rows),
        "questions": len({r.question_id for r in rows}),
        "follow_ups": len({(r.question_id, r.follow_up) for r in rows}),
        "credited": sum(r.credited for r in rows),
        "scorers": {name: measure(rows, catalog, s) for name, s in scorers.items()},
    }


def render_follow_up_replies(results: dict[str, Any]) -> str:
    """The results as Markdown (benchmarks/results/replies.md)."""

    def fmt(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    def row(name: str, c: dict[str, Any]) -> str:
        return (
            f"| {name} | {fmt(c['precision'])} | {fmt(c['recall'])} | {c.get('tp', 0)} "
            f"| {c.get('fp', 0)} | {c.get('fn', 0)} | {c.get('tn', 0)} |"
        )

    head = "| | precision | recall | TP | FP | FN | TN |\n|---|---|---|---|---|---|---|"
    lines = [
        "# Follow-up replies — is the point asked for credited?",
        "",
        f"{results['date']} · {results['file']} · {results['replies']} replies to "
        f"{results['follow_ups']} follow-ups over {results['questions']} questions · "
        f"{results['credited']} make the point",
    ]
    for name, measured in results["scorers"].items():
        lines += ["", f"## {name}", "", head, row("all", measured)]
        lines += [row(f"split {s}", c) for s, c in measured["splits"].items()]
        lines += [row(f"kind {k}", c) for k, c in measured["kinds"].items()]
        lines += ["", "Wrong calls:", ""]
        for wrong in measured["wrong"]:
            quote = f" · quoted “{' … '.join(wrong['quote'])}”" if wrong["quote"] else ""
            lines.append(
                f"- **{wrong['id']}** ({wrong['kind']}) {wrong['key_point']}: {wrong['call']}"
                f" · “{wrong['reply']}”{quote}"
            )
    return "\n".join(lines) + "\n"
