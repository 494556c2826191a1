"""How a persona talks: openings, connectors, asides and habits, applied to what they say.

A voice changes the wording only, never the substance: the same sentences come out concise,
rambling, as a story, in a second language, or hedged.
"""

from __future__ import annotations

import random
import re
from functools import cache

from panelist.candidates.personas import Persona, Voice, load_personas
from panelist.catalog.loader import load_catalog

_OPENERS: dict[Voice, tuple[str, ...]] = {
    Voice.CONCISE: ("", "", "Sure. "),
    Voice.RAMBLING: ("So, yeah, ", "OK, so, um, ", "Right, so this is a good one. "),
    Voice.STORYTELLER: ("OK, so. ", "Right. ", "Good one. "),
    Voice.NON_NATIVE: ("OK. ", "Yes, so. ", ""),
    Voice.HEDGING: ("Hm, let me think. ", "OK, I think ", "So, if I remember right, "),
}
_CONNECTORS: dict[Voice, tuple[str, ...]] = {
    Voice.CONCISE: ("", "", "Then ", "Also, "),
    Voice.RAMBLING: ("And then, ", "And the other thing is, ", "Also - ", "Oh, and ", "So "),
    Voice.STORYTELLER: ("Then ", "After that, ", "And ", "So ", "Now, "),
    Voice.NON_NATIVE: ("Also ", "Then ", "And ", "After, "),
    Voice.HEDGING: ("I think ", "Then, probably, ", "Also, I believe ", "And I guess "),
}
# A storyteller tells stories as stories; other answers get the plain connectors.
_STORY_OPENERS = (
    "So, picture this. ",
    "Let me tell you how that went. ",
    "OK, so this one I remember. ",
)
_STORY_CONNECTORS = (
    "What happened next was ",
    "Then ",
    "After that, ",
    "And ",
    "Long story short, ",
)
_CLOSERS: dict[Voice, tuple[str, ...]] = {
    Voice.CONCISE: ("",),
    Voice.RAMBLING: ("So yeah, that's roughly it.", "I could go on, but that's the main thing."),
    Voice.STORYTELLER: ("That's how I see it.", ""),
    Voice.NON_NATIVE: ("I hope this answers the question.", ""),
    Voice.HEDGING: ("But I might be wrong on some details.", "That's how I remember it, anyway."),
}
HEDGES = ("I think ", "Maybe ", "I'm not completely sure, but ", "I guess ")
STORY_HEDGES = ("If I remember right, ", "I think ", "If I recall, ")  # about one's own past
FOLLOW_UP_LEADS = ("", "", "Right. ", "Sure. ", "Yes - ", "Good question. ")
_SELF_LEADING = frozenset({"first", "then", "also", "and", "but", "so", "finally", "after"})


_COMMON = frozenset(
    ("the", "this", "that", "then", "and", "but", "so", "we", "our", "it", "in", "on", "if", "when")
)


@cache
def _names() -> frozenset[str]:
    """Capitalised words the catalog and the personas use mid-sentence: names to keep."""
    texts = [q.reference_answer or "" for q in load_catalog().questions.values()]
    texts += [p.model_dump_json() for p in load_personas()]
    found = re.findall(r"(?<=[a-z,] )([A-Z][\w'-]+)", " ".join(texts))
    return frozenset(w for w in found if w.lower() not in _COMMON)


def join_lead(prefix: str, sentence: str) -> str:
    """``prefix`` + ``sentence``, lower-casing the sentence's first word unless it is a name."""
    first = sentence.split(" ", 1)[0]
    if not prefix or first.rstrip(",").lower() in _SELF_LEADING:
        return sentence
    if prefix.rstrip().endswith((".", "!", "?")):
        return prefix + sentence[:1].upper() + sentence[1:]
    keep = first in ("I", "I'd", "I'm", "I've") or any(c.isupper() for c in first[1:])
    keep = keep or first.rstrip(",.;:") in _names()
    return prefix + (sentence if keep else sentence[:1].lower() + sentence[1:])


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _second_language(sentence: str, rng: random.Random) -> str:
    """A second-language habit now and then: a dropped article, "is" for "it is"."""
    roll = rng.random()
    if roll < 0.3:
        return re.sub(r"\b(the|a) (?=\w)", "", sentence, count=1)
    if roll < 0.4:
        return re.sub(r"\bit is\b", "is", sentence, count=1)
    return sentence


def speak(
    persona: Persona,
    said: list[str],
    rng: random.Random,
    *,
    hedging: float = 0.0,
    opener: bool = True,
    closer: bool = True,
    story: bool = False,
    connected: bool = True,
    follow_up: bool = False,
) -> str:
    """The sentences in the persona's voice, with ``hedging`` the chance of an extra hedge."""
    voice = persona.voice
    telling = story and voice is Voice.STORYTELLER
    openers = _STORY_OPENERS if telling else _OPENERS[voice]
    if follow_up:
        openers = FOLLOW_UP_LEADS
    connectors = _STORY_CONNECTORS if telling else _CONNECTORS[voice]
    parts: list[str] = []
    used: set[str] = set()
    rambles = voice is Voice.RAMBLING and len(said) > 1 and rng.random() < 0.4
    aside_at = rng.randrange(1, len(said)) if rambles else -1
    for index, raw in enumerate(said):
        sentence = _sentence(raw)
        if voice is Voice.NON_NATIVE:
            sentence = _second_language(sentence, rng)
        if rng.random() < hedging:
            lead = rng.choice(STORY_HEDGES if story else HEDGES)
        elif index == 0 or not connected:
            lead = rng.choice(openers) if opener and index == 0 else ""
        else:
            fresh = [c for c in connectors if not c or c not in used]
            lead = rng.choice(fresh or [""])
            used.add(lead)
        parts.append(join_lead(lead, sentence))
        if index == aside_at:
            parts.append(f"Side note, {persona.aside}, but anyway.")
    if closer and len(said) > 2:
        parts.append("And that's the story." if telling else rng.choice(_CLOSERS[voice]))
    return " ".join(p for p in parts if p)
