"""Which words of a candidate's turn answer which question, when the turn also adds to an
earlier one ("Going back to the incident question: we also added a canary step afterwards").

The engine notes such a word on the turn (``Turn.adds_to``, ``Turn.aside``: see
:func:`panelist.interview.replies`); these say what each question is scored on. A turn that
only adds to an earlier question (``counted`` False, no ``aside`` span) is its aside whole.
"""

from __future__ import annotations

from panelist.interview.state import Turn


def _stripped(text: str, start: int, end: int) -> tuple[str, int]:
    """``text[start:end]`` without the white space around it, and where that begins."""
    part = text[start:end]
    lead = len(part) - len(part.lstrip())
    return part.strip(), start + lead


def aside_part(turn: Turn) -> tuple[str, int]:
    """The words ``turn`` adds to an earlier question and where they start in ``turn.text``:
    the aside's span, or the whole turn when it has none; ("", 0) for a turn adding nothing."""
    if turn.adds_to is None:
        return "", 0
    start, end = turn.aside if turn.aside is not None else (0, len(turn.text))
    return _stripped(turn.text, start, end)


def answered_part(turn: Turn) -> tuple[str, int]:
    """The words of ``turn`` that answer its own question and where they start: all of it, or
    all but an aside at its start or its end. An aside in the middle cannot be cut out in one
    piece, so then the whole turn is the answer (the detector never finds one there)."""
    if turn.aside is None or turn.adds_to is None:
        return turn.text, 0
    start, end = turn.aside
    before = turn.text[:start].strip()
    after = turn.text[end:].strip()
    if bool(before) == bool(after):
        return turn.text, 0
    return _stripped(turn.text, 0, start) if before else _stripped(turn.text, end, len(turn.text))
