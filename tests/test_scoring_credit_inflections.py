"""A point's own words match the answer's whatever their inflection (issue 12).

"Runs the new implementation in shadow mode and compares outputs with the old one" was not
credited by a sentence that "ran" the jobs and was "comparing outputs": the stemmer keeps
four-letter words whole ("runs") and does not know irregular pasts ("ran"), so the point's
verb was not found beside its evidence phrase.
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.scoring import EmbeddedScorer
from panelist.scoring.semantic import load_encoder
from panelist.scoring.text import stem, word_form


@pytest.mark.parametrize(
    ("said", "written"),
    [("run", "Runs"), ("ran", "runs"), ("jobs", "job"), ("wrote", "writes"), ("kept", "keeps")],
)
def test_inflections_of_one_word_have_one_form(said: str, written: str) -> None:
    assert word_form(stem(said)) == word_form(stem(written))


@pytest.mark.parametrize(("one", "other"), [("bus", "bu"), ("this", "thi"), ("runs", "rune")])
def test_different_words_keep_their_forms(one: str, other: str) -> None:
    assert word_form(stem(one)) != word_form(stem(other))


def test_the_point_s_verb_in_another_tense_makes_the_phrase_more_than_a_term() -> None:
    scorer = EmbeddedScorer(encoder=load_encoder("on"))
    answer = (
        "We ran last month's billing jobs through the new code as well and were comparing "
        "outputs every night."
    )
    score = scorer.score(answer, load_catalog().question("code.rewrite-or-refactor"))
    assert "shadow-compare" in {hit.key_point for hit in score.key_points_hit}
