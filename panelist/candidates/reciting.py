"""The reciter: says what a good answer would contain, never the answer itself.

"I'd walk through the alternatives and why each was rejected, and give the before and after
numbers" - the shape of a strong answer with none of its substance. It is built from the key
points' own wording on purpose: a scorer that credits it is matching words, not knowledge.
"""

from __future__ import annotations

import random
import re

from panelist.catalog.models import KeyPoint

_PARENS = re.compile(r"\s*\([^()]*\)")
_PRONOUNS = {"their": "my"}  # "against their view"; "they"/"them" often mean the systems
_IRREGULAR_PAST = frozenset(
    [
        "made",
        "led",
        "took",
        "ran",
        "built",
        "wrote",
        "kept",
        "found",
        "set",
        "gave",
        "chose",
        "drove",
        "held",
        "got",
        "put",
        "cut",
        "saw",
        "knew",
    ]
)
_SHORT_CVC = re.compile(r"^[^aeiou]*[aeiou][bdgmnpt]$")  # drop -> dropping, set -> setting
_FRAMES = (
    "I'd talk about {p}",
    "I'd walk through {p}",
    "I'd make sure to cover {p}",
    "I'd also get into {p}",
    "a good answer would include {p}",
)
OPENERS = (
    "A good answer here has a few parts. ",
    "Let me outline how I'd answer that. ",
    "So, the way I'd structure this. ",
)
CLOSERS = (
    "And I'd back all of that up with concrete numbers from a real system.",
    "That's the structure I'd follow.",
    "Each of those with specifics, of course.",
)


def _base(word: str) -> str:
    lower = word.lower()
    if lower.endswith("ies"):
        return lower[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x|zz)es$", lower):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


def gerund(verb: str) -> str:
    """``compute`` -> ``computing``, ``set`` -> ``setting``, ``identify`` -> ``identifying``."""
    if _SHORT_CVC.match(verb):
        return verb + verb[-1] + "ing"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    return verb + "ing"


def describe(point: KeyPoint) -> str:
    """The point as a thing to talk about: "computing the SLI as a ratio of good to total"."""
    text = _PARENS.sub("", point.text).strip().rstrip(".")
    text = " ".join(_PRONOUNS.get(w, w) for w in text.split(" "))
    head, _, rest = text.partition(" ")
    low = head.lower()
    if low.endswith("ed") or low in _IRREGULAR_PAST:
        return f"how I {low} {rest}".strip()
    return f"{gerund(_base(head))} {rest}".strip()


def recite(points: list[KeyPoint], rng: random.Random) -> str:
    """An answer made of descriptions of the covered points."""
    if not points:
        return "I'd start from the basics and build up a structured answer from there."
    frames = list(_FRAMES)
    rng.shuffle(frames)
    frames.sort(key=lambda f: "also" in f)  # "I'd also ..." never comes first
    said = [frames[i % len(frames)].format(p=describe(p)) for i, p in enumerate(points)]
    body = " ".join(s[:1].upper() + s[1:] + "." for s in said)
    return rng.choice(OPENERS) + body + " " + rng.choice(CLOSERS)


def recite_follow_up(point: KeyPoint | None, asked_for: str | None, rng: random.Random) -> str:
    """A follow-up answer that promises what was asked for instead of giving it."""
    if asked_for is not None:
        return f"I'd answer that by giving {asked_for}, and I'd be precise about it."
    if point is None:
        return "I'd answer that with a concrete example and the numbers behind it."
    return rng.choice(("I'd answer that by {p}.", "Good point - there I'd focus on {p}.")).format(
        p=describe(point)
    )
