"""`panelist eval keypoints` reports every figure per split: rules are chosen on one half of
the labelled questions and measured on the other."""

from __future__ import annotations

import json
from pathlib import Path

from panelist.catalog.loader import load_catalog
from panelist.evaluation.keypoints import (
    ADDED_TO_DEVELOP,
    DEFAULT_SENTENCES,
    DEVELOP_QUESTIONS,
    read_sentences,
    render_keypoints,
    run_keypoints,
    split_of,
)
from panelist.scoring import EmbeddedScorer


def test_the_develop_half_is_every_other_labelled_question() -> None:
    """... of the first labelled questions; those added later all went to develop."""
    labelled = {row.question_id for row in read_sentences(DEFAULT_SENTENCES)}
    assert ADDED_TO_DEVELOP <= labelled
    questions = sorted(labelled - ADDED_TO_DEVELOP)
    assert frozenset(questions[0::2]) | ADDED_TO_DEVELOP == DEVELOP_QUESTIONS
    assert {split_of(q) for q in questions[1::2]} == {"report"}


def test_each_split_has_its_own_precision_recall_and_hard_negatives(tmp_path: Path) -> None:
    rows = [
        {
            "id": "z-1",
            "question_id": "os.zombie-processes",
            "sentence": "Sending kill -9 is pointless because they're already dead.",
            "key_points": ["no-kill"],
            "kind": "plain",
        },
        {
            "id": "z-2",
            "question_id": "os.zombie-processes",
            "sentence": "I'd just reboot the host.",
            "key_points": [],
            "kind": "wrong",
        },
        {
            "id": "l-1",
            "question_id": "os.load-vs-cpu",
            "sentence": "Load average counts tasks waiting in D state, not just the CPU.",
            "key_points": ["load-definition"],
            "kind": "plain",
        },
    ]
    path = tmp_path / "sentences.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    results = run_keypoints(path, load_catalog(), EmbeddedScorer())
    develop, report = results["splits"]["develop"], results["splits"]["report"]
    assert (develop["sentences"], develop["hard_negatives"]) == (2, 1)
    assert (report["sentences"], report["hard_negatives"]) == (1, 0)
    assert develop["kinds"]["plain"]["tp"] == 1
    assert "| develop | 1 |" in render_keypoints(results)
