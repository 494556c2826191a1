"""The hash chain on its own: an empty log, non-ASCII text, and a rewritten value."""

from __future__ import annotations

import json

from panelist.compliance.chain import GENESIS, chain, verify


def test_an_empty_log_exports_a_closing_line_that_verifies() -> None:
    exported = chain([])
    assert exported.count == 0 and exported.head == GENESIS
    verdict = verify(exported.lines)
    assert verdict.ok and verdict.count == 0


def test_non_ascii_text_is_kept_as_written_and_one_changed_character_shows() -> None:
    entries = [
        {
            "id": 1,
            "actor": "zoë@acme.example",
            "action": "interview.sign_off",
            "detail": {"note": "très bien"},
        },
        {"id": 2, "actor": "zoë@acme.example", "action": "score.override", "detail": {"new": 3}},
    ]
    exported = chain(entries)
    assert "très bien" in exported.lines[0]
    assert verify(line + "\n" for line in exported.lines).ok
    assert json.loads(exported.lines[-1])["prev"] == exported.head

    forged = [exported.lines[0].replace("très", "tres"), *exported.lines[1:]]
    verdict = verify(forged)
    assert not verdict.ok and verdict.problem is not None and verdict.problem.startswith("line 2")
