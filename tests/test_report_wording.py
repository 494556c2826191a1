"""Wording a hiring manager reads in the report, from simulated and hand-run interviews."""

from __future__ import annotations

from panelist.reports.formatting import competency_score, out_of_five
from panelist.reports.models import CompetencyCoverage
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


def test_a_score_just_under_a_bar_does_not_read_as_the_bar() -> None:
    """The average P3 candidate's Deploy and Release (2.98) read "3.0/5 (not evidenced)" at a
    threshold of 3, and the strong P5 candidate's image-policy answer (3.95) read "4.0/5" but
    was not among the strengths (4/5 or more)."""
    row = CompetencyCoverage(
        id="deploy_release",
        name="Deploy and Release Services",
        group="core",
        required=True,
        status="not evidenced",
        mean_score=2.98,
        questions=[6],
    )

    assert competency_score(row) == "2.98/5 (not evidenced)"
    assert [out_of_five(v) for v in (3.95, 4.0, 4.1, 4.25, 1.0)] == [
        "3.95/5",
        "4.0/5",
        "4.1/5",
        "4.25/5",
        "1.0/5",
    ]
