"""`panelist eval misconceptions`: is an answer wrong on the main point capped at 2, and where
does a cap fire that cannot be right?"""

from __future__ import annotations

import json
from pathlib import Path

from panelist.catalog.loader import Catalog
from panelist.evaluation.dataset import Row
from panelist.evaluation.misconceptions import (
    render_misconceptions,
    run_misconceptions,
    top_score_rows,
)
from panelist.scoring import EmbeddedScorer


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_cap_is_counted_against_the_labels_and_false_fires_are_listed(
    tmp_path: Path, semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    answers = write_jsonl(
        tmp_path / "answers.jsonl",
        [
            {
                "id": "w-1",
                "question_id": "os.load-vs-cpu",
                "answer": "Load average is how busy the CPUs are. A load of 30 on four cores "
                "means the box is hugely overcommitted on CPU. I would move this to a 32-core "
                "instance.",
                "main_point_wrong": True,
                "style": "confident_wrong",
            },
            {
                "id": "r-1",
                "question_id": "os.load-vs-cpu",
                "answer": "Load isn't CPU. It counts runnable and D-state tasks, so idle CPUs "
                "with load 30 means things are stuck on I/O. vmstat, iostat -x, then ps for "
                "D state.",
                "main_point_wrong": False,
                "style": "good_right",
                "split": "check",
            },
        ],
    )
    sentences = write_jsonl(
        tmp_path / "sentences.jsonl",
        [
            {
                "id": "s-1",
                "question_id": "os.load-vs-cpu",
                "sentence": "Load average counts tasks waiting in D state, not just the CPU.",
                "key_points": ["load-definition"],
            },
            {
                "id": "s-2",
                "question_id": "os.load-vs-cpu",
                "sentence": "I'd reboot it.",
                "key_points": [],
            },
        ],
    )
    top = Row("t-1", "os.load-vs-cpu", "", "", "Load counts D-state tasks too.", 5.0, True)
    low = Row("t-2", "os.load-vs-cpu", "", "", "Load is CPU.", 5.0, True)
    rows = top_score_rows([(top, 5.0), (low, 1.0)])
    assert rows == [top]
    results = run_misconceptions(answers, catalog, semantic, rows, sentences)
    labelled = results["labelled"]
    assert labelled["counts"] == {"tp": 1, "tn": 1}
    assert labelled["precision"] == 1.0 and labelled["recall"] == 1.0
    assert labelled["wrong_scores"]["above_2"] == 0
    assert sum(labelled["wrong_scores"]["histogram"].values()) == 1
    assert labelled["false_caps"] == 0
    assert labelled["causes"] == {"wrong: anchor lean": 1}
    # a row without a split is development; each split is counted on its own too
    splits = labelled["splits"]
    assert sorted(splits) == ["check", "development"]
    assert splits["development"]["counts"] == {"tp": 1}
    assert splits["check"]["counts"] == {"tn": 1}
    fires = results["false_fires"]
    assert fires["reference_answers"]["n"] == results["scored_questions"]
    assert fires["key_point_sentences"]["n"] == 1  # the sentence making no point is left out
    assert fires["top_score_rows"] == {
        "n": 1,
        "capped": 0,
        "rate": 0.0,
        "misconception_fires": 0,
        "fired": [],
    }
    markdown = render_misconceptions(results)
    assert "| 1.000 | 1.000 | 1 | 0 | 0 | 0 of 1 (0.000) |" in markdown
    assert "| check | 1 | 1 | – | – | 0 of 0 | 0 of 1 |" in markdown
