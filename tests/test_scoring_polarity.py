"""What a sentence calls futile or dismisses, besides the words a negation covers (issue 12)."""

from __future__ import annotations

import pytest

from panelist.scoring.polarity import avoided_stems, dismissed, dismissed_stems
from panelist.scoring.text import stem


@pytest.mark.parametrize(
    ("sentence", "thing"),
    [
        # the thing before a futility predicate
        ("Killing the parent won't change anything, the zombies stay until the host reboots.",
         "Killing the parent"),
        ("SIGKILL is pointless here, there's no running code left to stop.", "SIGKILL"),
        ("kill -9 does nothing to them because there's no running process left.", "kill -9"),
        ("PID 1 in the container doesn't need to do anything special, the kernel reaps "
         "orphans by itself.", "PID 1 in the container"),
        # ... and the thing after a dismissal, where "with", "of" and "for" end a negation
        ("Don't bother with rate(), just divide the error counter by the total counter.",
         "rate"),
        ("I don't see the point of separate tickets and pages, everything goes to the phone.",
         "separate tickets and pages"),
        ("No need for a startup probe, just let liveness restart it until it comes up.",
         "a startup probe"),
        # a wrong answer's "rolling back" was credited as mitigating first
        ("Rolling back without understanding the cause just hides the problem.",
         "Rolling back without understanding the cause"),
        ("A restart only masks the bug, so I would find the leak.", "A restart"),
    ],
)  # fmt: skip
def test_a_thing_called_futile_or_dismissed_is_found(sentence: str, thing: str) -> None:
    assert [sentence[s:e].strip() for s, e in dismissed(sentence)] == [thing]


def test_a_sentence_that_dismisses_nothing_has_no_dismissed_words() -> None:
    assert dismissed("We added a PodDisruptionBudget with minAvailable of two.") == ()
    assert dismissed_stems("Pages fell to six a week and the team felt better.") == frozenset()


def test_a_point_avoids_what_its_text_negates_to_the_end_of_the_clause() -> None:
    # the negation reaches past "with" in a point's text: not reaping with wait() avoids wait
    point = "Defines a zombie as an exited process whose parent has not reaped it with wait()."
    assert {stem("reaped"), stem("wait")} <= avoided_stems(point)
    assert stem("parent") not in avoided_stems(point)
    assert stem("kill") in avoided_stems("Explains kill -9 cannot help; the cost is PIDs.")
