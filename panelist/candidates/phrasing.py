"""Stable random streams: the same seed gives the same interview in every process."""

from __future__ import annotations

import hashlib
import random


def stable_int(*parts: object) -> int:
    """A hash that is the same in every process (unlike ``hash()``, which is salted)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def rng_for(seed: int, *parts: object) -> random.Random:
    return random.Random(seed + stable_int(*parts))
