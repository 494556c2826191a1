"""Word order tells a claim from a word salad or a run of terms, over every catalog question.

Metamorphic: a catalog reference is in English order; the same words shuffled (seeded) or
laid out as a bare list are not, whatever the question. Plus the exact texts that got
through before the order test.
"""

from __future__ import annotations

import json
import random
import runpy
from pathlib import Path

import pytest
from conftest import SHARED_DATA, require

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.evaluation import transformations as tf
from panelist.evaluation.graded import read_graded
from panelist.scoring.claims import find_non_claims
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.rubric import target_from_question
from panelist.scoring.types import Flag
from panelist.scoring.word_order import MIN_WORDS, MODEL_PATH, fit, order_test

CATALOG = load_catalog(builtin_catalog_dir())
QUESTIONS = sorted(
    (
        q
        for q in CATALOG.questions.values()
        if q.reference_answer and target_from_question(q).scored
    ),
    key=lambda q: q.id,
)
REFERENCES = [(q.id, q.reference_answer or "") for q in QUESTIONS]


def test_every_catalog_reference_is_in_english_order() -> None:
    unordered = [qid for qid, reference in REFERENCES if order_test(reference).out_of_order]

    assert unordered == []


def test_shuffled_catalog_references_are_salads() -> None:
    salads = total = 0
    for qid, reference in REFERENCES:
        for seed in range(3):
            shuffled = tf.shuffled(reference, random.Random(f"{qid}:{seed}"))
            total += 1
            salads += bool(find_non_claims(shuffled).salads)

    assert salads / total >= 0.97, f"{salads} of {total}"


@pytest.mark.parametrize("layout", ["spaces", "code"])
def test_catalog_reference_terms_in_a_row_earn_at_most_the_poor_level(layout: str) -> None:
    scorer = EmbeddedScorer()
    unflagged = []
    for question in QUESTIONS:
        answer = tf.bare_list(tf.reference_terms(question.reference_answer or ""), layout)
        score = scorer.score(answer, question)
        if Flag.STUFFING not in {f.flag for f in score.flags} or (score.value or 0) > 2.0:
            unflagged.append((question.id, score.value))

    assert len(unflagged) <= 0.02 * len(QUESTIONS), unflagged


@pytest.mark.parametrize(
    "salad",
    [
        "will on function When call. signature an called, to the function signature. is "
        "closest given overloaded compiler the function the whose find function",
        "current minimum from one the time, array the Taking from at element. left to "
        "identifies a swaps right, and the remaining it element it elements with",
        "both tests; both repetition; involve they can have infinitely. They occur both they "
        "termination",
    ],
)
def test_shuffled_mohler_references_that_once_scored_full_marks_are_salads(salad: str) -> None:
    assert find_non_claims(salad).salads


def test_no_natural_graded_answer_is_out_of_order() -> None:
    unordered = [g.id for g in read_graded() if order_test(g.answer).out_of_order]

    assert unordered == []


def test_the_same_words_always_get_the_same_verdict() -> None:
    text = "that the memory of variable another in contains variable. A address"

    assert order_test(text) == order_test(text)
    assert order_test(" ".join(text.split()[: MIN_WORDS - 1])).out_of_order is False


def test_the_shipped_model_is_what_the_build_script_fits() -> None:
    require((SHARED_DATA / "mohler_dev.jsonl").is_file(), f"{SHARED_DATA} is missing")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "build_word_order.py"
    build = runpy.run_path(str(script))

    fitted = fit(build["training_texts"](SHARED_DATA))

    assert fitted == json.loads(MODEL_PATH.read_text(encoding="utf-8"))
