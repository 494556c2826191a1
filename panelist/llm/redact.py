"""Remove a candidate's name and email from text before it leaves the machine."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text: str, *, names: list[str] | tuple[str, ...] = ()) -> str:
    """Replace emails with ``[email]`` and each name (and its parts) with ``[candidate]``."""
    out = EMAIL.sub("[email]", text)
    parts: set[str] = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        parts.add(name)
        parts.update(p for p in name.split() if len(p) >= 3)
    for part in sorted(parts, key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(part)}\b", "[candidate]", out, flags=re.IGNORECASE)
    return out
