"""The reference is an order of its own words that English takes: the same words reordered,
or its terms with the grammar dropped, earn nothing at any length (the exact answers that
once got through on ../shared/data/scoring), while real answers in those words keep theirs."""

from __future__ import annotations

import pytest
from conftest import SHARED_DATA, require

from panelist.evaluation.crossval import targets_for
from panelist.evaluation.dataset import read_rows
from panelist.scoring.claims import find_non_claims, reordered, ungrammatical_terms
from panelist.scoring.embedded import EmbeddedScorer

SIZE_OF = "The memory address of its operand."
MEMORY = "A location in memory that can store a value."
MEMBERS = "Data members (attributes) and member functions."


@pytest.mark.parametrize(
    ("salad", "reference"),
    [
        ("value. store a can that A memory location in", MEMORY),
        ("member and Data functions. (attributes) members", MEMBERS),
        (
            "portions desired To software product. of of behaviour the simulate the",
            "To simulate the behaviour of portions of the desired software product.",
        ),
        ("The operand. of size bytes in its", "The size in bytes of its operand."),
        ("the All dimensions, one. the except first", "All the dimensions, except the first one."),
    ],
)
def test_a_short_shuffle_of_the_reference_is_a_salad(salad: str, reference: str) -> None:
    assert reordered(salad, reference)
    assert find_non_claims(salad, reference=reference).salads


@pytest.mark.parametrize(
    ("answer", "reference"),
    [
        ("the size of operand in bytes", "The size in bytes of its operand."),
        # keeps 2 of 6 pairs, in better order than the reference: once scored 0 of 5
        ("The size of an operand in bytes.", "The size in bytes of its operand."),
        ("Member functions and data members.", MEMBERS),
        ("all dimensions, excluding the first one.", "All the dimensions, except the first one."),
        (MEMORY, MEMORY),
    ],
)
def test_a_real_answer_in_the_references_words_is_a_claim(answer: str, reference: str) -> None:
    assert find_non_claims(answer, reference=reference).all() == []


@pytest.mark.parametrize(
    ("terms", "reference"),
    [
        (
            "testing stage influence both coding phase solution refinement",
            "The testing stage can influence both the coding stage (phase 5) and the solution "
            "refinement stage (phase 7)",
        ),
        (
            "Variables declared anywhere program inside function local outside functions global",
            "Variables can be declared anywhere in a program. They can be declared inside a "
            "function (local variables) or outside the functions (global variables)",
        ),
        (
            "```\nrecursion step defined incorrectly base case included\n```",
            "If the recursion step is defined incorrectly, or if the base case is not included.",
        ),
        (
            "Diameter\ndecreases\nfactor\n10\ne.g\n300m\n30m",
            "Diameter decreases by a factor of 10, e.g 300m to 30m.",
        ),
    ],
)
def test_the_references_terms_without_its_grammar_are_a_list(terms: str, reference: str) -> None:
    assert ungrammatical_terms(terms, reference)
    assert find_non_claims(terms, reference=reference).term_lists


def test_a_number_at_the_end_of_a_list_is_the_lists() -> None:
    answer = "- source port\n- destination port\n- length\n- checksum\n- header\n- 16"

    assert find_non_claims(answer).term_lists == [(2, len(answer))]


def test_no_dataset_answer_is_called_its_reference_reordered_or_its_terms() -> None:
    require((SHARED_DATA / "mohler_dev.jsonl").is_file(), f"{SHARED_DATA} is missing")
    called = [
        (row.id, row.answer)
        for path in sorted(SHARED_DATA.glob("*.jsonl"))
        for row in read_rows(path)
        if reordered(row.answer, row.reference) or ungrammatical_terms(row.answer, row.reference)
    ]

    assert called == []


def test_a_stock_sentence_that_names_a_reference_word_raises_nothing() -> None:
    # "keep" is read as "store": the fluff once lifted this answer from 3.43 to 3.617
    require((SHARED_DATA / "mohler_dev.jsonl").is_file(), f"{SHARED_DATA} is missing")
    rows = read_rows(SHARED_DATA / "mohler_dev.jsonl")
    target = next(t for (qid, *_), t in targets_for(rows).items() if qid == "mohler-1.5")
    answer = "Variable can be a integer or a string in a program."
    fluff = (
        " Generally speaking, I always try to follow best practices and keep everyone aligned."
        " Generally speaking, good collaboration with stakeholders helps us move the needle."
        " Overall, we should always strive for continuous improvement."
    )
    scorer = EmbeddedScorer()

    padded_value = scorer.score_target(answer + fluff, target).value
    assert padded_value is not None
    assert padded_value <= (scorer.score_target(answer, target).value or 0.0)
