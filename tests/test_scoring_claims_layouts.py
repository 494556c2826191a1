"""Real sentences in a list layout, short declaratives and SQL are claims, not term lists or
salads (issue 13: graded answers and dev rows that were flagged `stuffing`)."""

from __future__ import annotations

import pytest

from panelist.scoring.claims import find_non_claims

NOT_STUFFING = [
    # rel.expand-contract-migration, graded 4: numbered steps, the first one SQL
    "1. ALTER TABLE users ADD COLUMN email text (nullable, no default, so instant)\n"
    "2. deploy: write email_addr AND email, read email_addr\n"
    "3. backfill in batches of 10k by id range, sleep between, watch replica lag",
    # auto.self-healing-safeguards: short real sentences, a particle, "the fewer ... the fewer"
    "I'd turn it on. Three pages a month is three times someone got woken up for something a "
    "restart fixes anyway, and that's exactly the toil SRE is meant to remove. Kubernetes "
    "already restarts containers, this just extends it to nodes. If a health check fails, the "
    "pod or node is broken, so replacing it is always the right move. The fewer humans in the "
    "loop, the fewer mistakes.",
    # mohler-2.3: a contraction typed without its apostrophe
    "a constructor initializes data members but the functions actually perform tasks. "
    "Constructors cant return values either.",
]


@pytest.mark.parametrize("answer", NOT_STUFFING)
def test_sentences_in_any_layout_are_claims(answer: str) -> None:
    found = find_non_claims(answer)

    assert found.term_lists == []
    assert found.salads == []


def test_terms_numbered_with_dashes_are_still_a_term_list() -> None:
    answer = "1- specification 2- design 3- risk analysis 4- verification 5- coding 6- testing"

    assert find_non_claims(answer).term_lists != []


def test_sql_keywords_alone_in_a_run_of_terms_are_no_code() -> None:
    answer = "expand contract CREATE INDEX CONCURRENTLY backfill dual write lock_timeout"

    assert find_non_claims(answer).term_lists != []
