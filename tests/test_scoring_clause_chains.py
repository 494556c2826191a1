"""A chain of short clauses is English, never a word salad (issue 13).

The word-order model judges a text by the transitions of its word classes, and a flow told
as clauses of tools and nouns it does not know ("workers send them to the carriers over
SMPP") can look no better than its own shuffles. A clause is a subject and its finite verb:
a text whose pieces are nearly all clauses is in English order. The labelled set
(tests/salads/answers.yaml: natural clause chains, lists of steps, formulas, terse runbooks
and sentences, and shuffles, bare term lists and salads of the same words) is scored with
the default scorer against the catalog questions it was written for.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.evaluation import transformations as tf
from panelist.scoring.claims import clause_chain, find_non_claims, is_clause
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import Flag

CATALOG = load_catalog(builtin_catalog_dir())
SCORER = EmbeddedScorer()  # the lexical default
LABELLED: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "salads" / "answers.yaml").read_text(encoding="utf-8")
)
NATURAL = [row for row in LABELLED if not row["stuffing"]]
# the persona's own words, as the simulated candidate said them (flagged 1.0 before)
SMS_FLOW = (
    "clients call the gateway API, messages go into RabbitMQ, workers send them to the "
    "carriers over SMPP, and delivery reports come back through another queue"
)


def _stuffed(answer: str, question_id: str) -> bool:
    score = SCORER.score(answer, CATALOG.question(question_id))
    return Flag.STUFFING in {f.flag for f in score.flags}


def test_no_natural_answer_of_the_labelled_set_is_called_stuffing() -> None:
    flagged = [row["id"] for row in NATURAL if _stuffed(row["answer"], row["question"])]

    assert len(NATURAL) >= 50
    assert flagged == []  # main flagged chain-sms-gateway, chain-mqtt, chain-acquirer


def test_shuffles_lists_and_salads_of_the_labelled_set_are_still_called_stuffing() -> None:
    tricks = [row for row in LABELLED if row["stuffing"]]
    missed = [row["id"] for row in tricks if not _stuffed(row["answer"], row["question"])]

    assert len({row["question"] for row in LABELLED}) >= 10
    # the same seven as before clause chains were read: four hand-made salads whose
    # determiners all have their nouns, two short shuffles and a glossary on a question that
    # asks for a list
    assert len(missed) <= 7, missed


def test_the_simulated_candidates_architecture_answer_is_scored_not_flagged() -> None:
    question = CATALOG.question("proj.scale-and-ownership")
    for answer in (SMS_FLOW, SMS_FLOW.capitalize() + "."):
        score = SCORER.score(answer, question)

        assert Flag.STUFFING not in {f.flag for f in score.flags}, answer
        assert find_non_claims(answer).salads == []


@pytest.mark.parametrize(
    "piece",
    [
        "workers send them to the carriers over SMPP",
        "and delivery reports come back through another queue",
        "a router picks the acquirer",
        "files land in S3 every night",
        "the kernel keeps its blocks",
        "we moved that bank's traffic to another carrier",
        "the charge runs",
    ],
)
def test_a_subject_and_its_finite_verb_make_a_clause(piece: str) -> None:
    assert is_clause(piece.split())


@pytest.mark.parametrize(
    "piece",
    [
        "over SMPP",  # a phrase
        "the size of the operand in bytes",  # a noun phrase with no verb
        "error budget burn rate recording rule",  # terms
        "the a In value named a to the",  # broken bonds
        "data is holds by it programming the value named a to the assigned structure",  # long
        # seeded shuffles of simulated candidates' sentences
        # "I'd" is a pronoun and its verb, not the verb of "their ledger"
        "their ledger I'd the card strong own onto writes revisit ordering",
        "I escalating tell do is what",  # "-ing" is no finite verb
    ],
)
def test_phrases_terms_and_broken_pieces_are_no_clauses(piece: str) -> None:
    assert not is_clause(piece.split())


def test_the_same_words_shuffled_are_no_clause_chain() -> None:
    chains = [row for row in NATURAL if clause_chain(row["answer"])]
    kept = [
        (row["id"], shuffled)
        for row in chains
        for seed in range(10)
        if (shuffled := tf.shuffled(row["answer"], random.Random(f"{row['id']}:{seed}")))
        != row["answer"]
        and clause_chain(shuffled)
    ]

    assert len(chains) >= 20
    assert kept == []
