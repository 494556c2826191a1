"""Fill the interviewer's templates: variant chosen by seed, quoting what the candidate said."""

from __future__ import annotations

import random
import re
import string

from panelist.interview.templates import TEMPLATES

MAX_QUOTE_WORDS = 12


class Phrasebook:
    """Chooses template variants deterministically from (seed, turn number, key)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def say(self, key: str, seq: int, **fields: str) -> str:
        variants = TEMPLATES[key]
        rng = random.Random(f"{self.seed}:{seq}:{key}")
        template = variants[rng.randrange(len(variants))]
        if "probe" in fields:
            fields.setdefault("probe_lower", _lower_first(fields["probe"]))
        return string.Formatter().vformat(template, (), _Fields(fields))


class _Fields(dict[str, str]):
    """Missing fields render as nothing rather than raising (a template may not need them)."""

    def __missing__(self, key: str) -> str:
        return ""


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def short_quote(text: str, max_words: int = MAX_QUOTE_WORDS, focus: str = "") -> str:
    """A short fragment of ``text``: the clause sharing most words with ``focus`` (the first
    clause without one), at most ``max_words`` words."""
    cleaned = " ".join(text.split()).strip(" \"'\u201c\u201d")
    clauses = [c for c in re.split(r"(?<=[.;:!?])\s|,\s(?:and|but|which|so)\s", cleaned) if c]
    wanted = set(_words(focus))
    clause = max(clauses, key=lambda c: len(wanted & set(_words(c))), default=cleaned)
    words = clause.rstrip(".;:!?").split()
    if len(words) > max_words:
        words = words[:max_words]
        return " ".join(words).rstrip(",;:") + " \u2026"
    return " ".join(words)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())
