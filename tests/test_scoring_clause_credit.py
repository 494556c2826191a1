"""A long spoken sentence chains several claims; read whole, it can be near none of the
question's points. Its coordinated clauses are read too, for the points no whole sentence
says, and the credit quotes the whole sentence."""

from __future__ import annotations

from panelist.catalog.loader import load_catalog
from panelist.config import load_settings
from panelist.scoring.credit import spoken_clauses
from panelist.scoring.embedded import factory
from panelist.scoring.text import whole_sentences

CATALOG = load_catalog()
SCORER = factory(load_settings())

# labelled in panelist/evaluation/data/key_point_sentences.jsonl (develop split)
STORY = (
    "The stateless web tier wouldn't have been the problem, we could add pods in minutes; the "
    "one Postgres primary taking every write would have hit the wall first."
)


def test_a_long_sentence_is_cut_where_a_new_clause_starts() -> None:
    said = (
        "So I was wrong on the latency, we rolled it out, and I wrote up the numbers so the "
        "next team didn't have to repeat the argument."
    )
    parts = [said[s:e] for s, e in spoken_clauses(said, whole_sentences(said))]
    assert parts == [
        "So I was wrong on the latency",
        "we rolled it out",
        "and I wrote up the numbers so the next team didn't have to repeat the argument.",
    ]


def test_a_short_sentence_is_read_whole() -> None:
    said = "We sharded by tenant, and it held."
    assert spoken_clauses(said, whole_sentences(said)) == ()


def test_a_point_said_in_one_clause_is_credited_and_quoted_by_its_sentence() -> None:
    score = SCORER.score(STORY, CATALOG.questions["proj.breaking-point"])
    hits = {hit.key_point: hit for hit in score.key_points_hit}
    assert "first-to-break" in hits
    (quote,) = hits["first-to-break"].evidence
    assert quote.text == STORY
