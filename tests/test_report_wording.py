"""Wording a hiring manager reads in the report, from simulated and hand-run interviews."""

from __future__ import annotations

from panelist.scoring.flags import too_short
from panelist.wording import counted


def test_the_too_short_flag_says_its_count_in_words_not_word_s() -> None:
    two = too_short("Use Redis.", 2)
    one = too_short("Redis.", 1)

    assert two is not None and two.detail.startswith("Only 2 content words: too little to judge")
    assert one is not None and one.detail.startswith("Only 1 content word: too little to judge")
    # it read "Only 2 content word(s)"


def test_counts_take_their_plural() -> None:
    assert [counted(0, "answer"), counted(1, "answer"), counted(3, "answer")] == [
        "0 answers",
        "1 answer",
        "3 answers",
    ]
    assert counted(2, "child", "children") == "2 children"
