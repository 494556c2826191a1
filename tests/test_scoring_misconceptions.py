"""A key point's misconception, asserted by an answer leaning to anchor 1, caps it at 2.

Examples are the catalog's own misconceptions and answers of the graded set's calibration
split (panelist/evaluation/data/graded_answers.jsonl); held_out is never read here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from panelist.catalog.loader import Catalog
from panelist.catalog.models import KeyPoint
from panelist.evaluation.graded import GradedAnswer
from panelist.scoring.anchors import Lean
from panelist.scoring.embedded import WRONG_CAP, EmbeddedScorer
from panelist.scoring.misconceptions import Asserted, asserted, holds
from panelist.scoring.rubric import target_from_question
from panelist.scoring.types import Flag, FlagDetail, Score

ANCHOR_2 = 1.0 + 4.0 * WRONG_CAP
ASSERTS = "Wrong on the main point: asserts the misconception"
SENTENCES = Path(__file__).parents[1] / "panelist/evaluation/data/key_point_sentences.jsonl"


def misconception_flags(score: Score) -> list[FlagDetail]:
    return [f for f in score.flags if f.flag is Flag.RED_FLAG and f.detail.startswith(ASSERTS)]


@pytest.mark.parametrize(
    ("answer_id", "misconception", "sentence"),
    [
        # 1.824 before, unflagged: a clause of "...restart all the API pods; a rolling restart
        # clears most of these spikes"
        (
            "ga-dbg.http-5xx-spike-01",
            "Restart all the servers at once.",
            "First thing I'd do is restart all the API pods",
        ),
        # a question no misconception was written for before (data.percentiles-vs-averages)
        (
            "ga-data.percentiles-vs-averages-01",
            "The average latency is stable at 120 ms, so the API is fine and the tickets must "
            "be wrong.",
            "I'd guess the tickets come from people on bad mobile connections or from a "
            "frontend change, so I'd forward them to the web team.",
        ),
        (
            "ga-code.retry-backoff-jitter-01",
            "Retry the call in a loop forever until it succeeds.",
            "I'd keep it simple: a while True loop around the request, catch any exception and "
            "call again straight away.",
        ),
    ],
)
def test_an_answer_asserting_a_misconception_is_capped_at_2_with_its_sentence_quoted(
    semantic: EmbeddedScorer,
    catalog: Catalog,
    calibration_split: dict[str, GradedAnswer],
    answer_id: str,
    misconception: str,
    sentence: str,
) -> None:
    answer = calibration_split[answer_id]
    result = semantic.score(answer.answer, catalog.question(answer.question_id))
    [flag] = misconception_flags(result)
    assert repr(misconception) in flag.detail
    [evidence] = flag.evidence
    assert evidence.text == sentence
    assert answer.answer[evidence.start : evidence.end] == sentence
    assert result.value is not None and result.value <= ANCHOR_2


def test_the_misconception_denied_is_not_asserted(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    text = (
        "Load average is not the CPU percentage; with 85% idle the tasks are waiting on I/O, "
        "so adding cores would not help."
    )
    question = catalog.question("os.load-vs-cpu")
    assert semantic.encoder is not None
    assert asserted(text, target_from_question(question), semantic.encoder) is None
    assert misconception_flags(semantic.score(text, question)) == []


def test_a_right_answer_warning_about_the_wrong_idea_keeps_its_score(
    semantic: EmbeddedScorer, catalog: Catalog, calibration_split: dict[str, GradedAnswer]
) -> None:
    # grade 3: "And a pod that crashes on start would be restarted in a loop forever." is
    # nearer "a restart can only help" than any right text, but the answer leans to the
    # higher anchors (hidden bugs, restart limits)
    answer = calibration_split["ga-auto.self-healing-safeguards-05"]
    result = semantic.score(answer.answer, catalog.question(answer.question_id))
    assert misconception_flags(result) == []
    assert result.value is not None and result.value > ANCHOR_2


def test_an_assertion_holds_only_in_an_answer_leaning_to_anchor_1() -> None:
    said = Asserted("p", "wrong", 0, 5, closeness=0.7, margin=0.3)
    assert holds(said, Lean(claim=0.1, answer=0.05, start=0, end=5, wrong="w"))
    assert not holds(said, Lean(claim=0.1, answer=-0.2, start=0, end=5, wrong="w"))
    assert holds(said, None)  # a question without five anchors
    assert not holds(None, None)


def test_every_misconception_of_the_catalog_said_as_the_answer_scores_at_most_2(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    above = {}
    for question in catalog.questions.values():
        for point in question.key_points:
            for text in point.misconceptions:
                value = semantic.score(text, question).value
                if value is None or value > ANCHOR_2:
                    above[(question.id, text)] = value
    assert above == {}


def test_no_sentence_that_makes_a_key_point_asserts_a_misconception(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    flagged = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["key_points"]:
            result = semantic.score(row["sentence"], catalog.question(row["question_id"]))
            if misconception_flags(result):
                flagged.append(row["id"])
    assert flagged == []


def test_a_key_point_carries_at_most_four_misconceptions() -> None:
    point = {"id": "load-definition", "text": "Load counts D state.", "weight": 1.0}
    KeyPoint(**point, evidence=["d-state"], misconceptions=["Load is CPU."] * 4)
    with pytest.raises(ValidationError):
        KeyPoint(**point, evidence=["d-state"], misconceptions=["Load is CPU."] * 5)
