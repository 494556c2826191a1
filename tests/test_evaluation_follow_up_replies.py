"""``panelist eval replies`` counts the asked point's credit against the label of each reply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from panelist.catalog.loader import load_catalog
from panelist.errors import ScoringError
from panelist.evaluation.follow_up_replies import (
    read_replies,
    render_follow_up_replies,
    run_follow_up_replies,
)
from panelist.scoring.embedded import EmbeddedScorer

PDB = "During a node drain, what guarantees some pods stay up?"


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def reply(number: int, text: str, credited: bool, kind: str) -> dict[str, object]:
    return {
        "id": f"fur-tool.k8s-probes-pdb-limits-{number:02d}",
        "question_id": "tool.k8s-probes-pdb-limits",
        "follow_up": PDB,
        "key_point": "pdb",
        "reply": text,
        "credited": credited,
        "kind": kind,
        "note": "",
    }


def test_a_reply_making_the_point_is_a_true_positive_and_a_vague_one_a_true_negative(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "replies.jsonl",
        [
            reply(1, "A PodDisruptionBudget with minAvailable of two.", True, "own_words"),
            reply(2, "Nothing really, it just works out.", False, "vague"),
        ],
    )
    results = run_follow_up_replies(path, load_catalog(), {"words": EmbeddedScorer(encoder=None)})
    words = results["scorers"]["words"]
    assert (words["tp"], words.get("fp", 0), words.get("tn", 0)) == (1, 0, 1)
    assert words["kinds"]["vague"]["tn"] == 1
    assert "## words" in render_follow_up_replies(results)


def test_a_reply_without_its_label_is_an_error_naming_the_line(tmp_path: Path) -> None:
    row = reply(1, "A PodDisruptionBudget.", True, "own_words")
    del row["credited"]
    with pytest.raises(ScoringError, match=r"replies\.jsonl:1 "):
        read_replies(write(tmp_path / "replies.jsonl", [row]))
