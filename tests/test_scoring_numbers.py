"""Numbers read from an answer's text: each once, however many the answer holds."""

from __future__ import annotations

from panelist.scoring.numbers import numbers

SAID = "We went from 1.5 million to two million requests, then 7/12 of one cluster. "


def test_a_number_word_inside_a_number_read_from_digits_is_not_read_again() -> None:
    found = numbers(SAID)

    assert [(n.text, n.value) for n in found] == [
        ("1.5 million", 1_500_000.0),  # its "million" is no number of its own
        ("two million", 2_000_000.0),
        ("7/12", 100.0 * 7 / 12),
        ("one", 1.0),
    ]


def test_a_long_answer_reads_each_copy_of_its_numbers_as_the_first() -> None:
    one = [(n.text, n.value, n.kind) for n in numbers(SAID)]

    found = numbers(SAID * 300)

    assert [(n.text, n.value, n.kind) for n in found] == one * 300
    assert [n.start for n in found[len(one) :: len(one)]] == [
        i * len(SAID) + SAID.index("1.5") for i in range(1, 300)
    ]
