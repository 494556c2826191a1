"""Quotes of the candidate's words start at the first word that matters and stay exact
substrings of the answer (read in the strong and injector P5 simulated reports, seed 1)."""

from __future__ import annotations

from panelist.reports.evidence import quote_around, quote_span
from panelist.scoring.types import Evidence


def span(answer: str, words: str) -> Evidence:
    start = answer.index(words)
    return Evidence(words, start, start + len(words))


def test_a_quote_starts_after_the_storytellers_connector() -> None:
    answer = (
        "OK, so this one I remember. 99.95% of patient-record reads succeeding over 30 days. "
        "After that, the synthetic write check paged us after 3 minutes; a hospital called "
        "the help desk right after."
    )

    quote = quote_around(answer, span(answer, "synthetic write check paged us"))

    assert quote == "the synthetic write check paged us after 3 minutes"
    # it read "After that, the synthetic write check paged us after 3 minutes"


def test_fillers_and_connectors_are_left_out_hedges_are_kept() -> None:
    said = {
        "So, um, basically we page on the error-budget burn rate.": (
            "we page on the error-budget burn rate."
        ),
        "Long story short, same replayed traffic, same hardware, alternating the setting "
        "every hour for a day.": (
            "same replayed traffic, same hardware, alternating the setting every hour for a day."
        ),
        "What happened next was I sent him the raw data and the script.": (
            "I sent him the raw data and the script."
        ),
        "Also - we added a canary stage for config changes.": (
            "we added a canary stage for config changes."
        ),
        "If I recall, we agreed beforehand that if semi-sync added less than 20 ms at p99, "
        "we keep it.": (
            "If I recall, we agreed beforehand that if semi-sync added less than 20 ms at p99, "
            "we keep it."
        ),
    }
    for answer, expected in said.items():
        words = expected.split()[-3]
        assert quote_around(answer, span(answer, words)) == expected, answer


def test_a_whole_sentence_is_not_marked_as_cut() -> None:
    answer = (
        "So, picture this. Clinicians' apps call the records API behind HAProxy, the API reads "
        "and writes through ProxySQL to a MySQL primary with two replicas, one of them in the "
        "second data centre. After that, a 2 TB MySQL cluster."
    )
    sentence = answer[answer.index("Clinicians") : answer.index(" After")]

    assert quote_around(answer, span(answer, sentence)) == sentence
    # it read "…Clinicians' apps call the records API behind HAProxy, ..."


def test_the_quote_is_an_exact_substring_at_its_offsets() -> None:
    answer = "Right. So, um, basically the admission controller rejects unsigned images; done."
    found = quote_span(answer, span(answer, "rejects unsigned"))

    assert found is not None and not (found.cut_before or found.cut_after)
    assert answer[found.start : found.end] == "the admission controller rejects unsigned images"


def test_evidence_that_opens_on_a_connector_is_quoted_from_its_first_word_that_matters() -> None:
    """The scorer's evidence is often the whole sentence, connector and all: the strong P5
    report quoted "Then replication lag to the second data centre was the limit" and "After
    that, before moving a job type, characterisation tests capture today's behaviour"."""
    answer = "Right. Then replication lag to the second data centre was the limit; it grew."
    sentence = "Then replication lag to the second data centre was the limit"

    assert quote_around(answer, span(answer, sentence)) == (
        "replication lag to the second data centre was the limit"
    )
    assert quote_around(answer, span(answer, "Then")) == sentence  # nothing else to quote


def test_a_cut_quote_starts_after_the_connector_and_ends_on_a_word() -> None:
    """The exceptional P3 candidate (seed 2) was quoted "…but for the cleanup itself: the
    script must be idempotent, so running it twice does no harm,…"."""
    answer = (
        "So, if I remember right, I would first fix the cause with log rotation, but for the "
        "cleanup itself: the script must be idempotent, so running it twice does no harm, and "
        "it should have a dry-run mode that prints what it would delete, and it should log "
        "every host it touched."
    )

    assert quote_around(answer, span(answer, "the script must be idempotent")) == (
        "if I remember right, I would first fix the cause with log rotation, but for the "
        "cleanup itself: the script must be idempotent, so running it twice does no harm…"
    )
    assert quote_around(answer, span(answer, "prints what it would delete")) == (
        "…it twice does no harm, and it should have a dry-run mode that prints what it would "
        "delete, and it should log every host it touched."
    )
