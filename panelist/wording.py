"""Words for people, shared by the scorer's flag details and the reports.

>>> counted(1, "content word"), counted(2, "content word")
('1 content word', '2 content words')
"""

from __future__ import annotations


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``1 answer``, ``3 answers``: the number with its noun, never ``answer(s)``.

    ``plural`` for a noun that does not take an "s" (``counted(2, "child", "children")``).
    """
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"
