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
    HAND_RUNS,
    read_sentences,
    render_keypoints,
    row_split,
    run_keypoints,
    split_of,
)
from panelist.scoring import EmbeddedScorer


def test_the_develop_half_is_every_other_labelled_question() -> None:
    """Of the 22 questions first labelled, every other one; a question labelled since is
    develop (it was written to develop against), so no held-out question ever moves."""
    rows = read_sentences(DEFAULT_SENTENCES)
    labelled = {row.question_id for row in rows if row.split != HAND_RUNS}
    questions = sorted(labelled - ADDED_TO_DEVELOP)
    assert len(questions) == 22
    assert frozenset(questions[0::2]) | ADDED_TO_DEVELOP == DEVELOP_QUESTIONS
    assert {split_of(q) for q in questions[1::2]} == {"report"}
    assert {split_of(q) for q in ADDED_TO_DEVELOP} == {"develop"}


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


def test_hand_run_sentences_are_a_held_out_split_of_their_own() -> None:
    """What people said in interviews run by hand, labelled before any rule saw it, is
    reported apart: it joins neither half of the questions it is about."""
    rows = [r for r in read_sentences(DEFAULT_SENTENCES) if r.split == HAND_RUNS]
    assert len(rows) >= 20
    assert {row_split(r) for r in rows} == {HAND_RUNS}
