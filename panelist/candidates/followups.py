"""Answers to follow-ups: respond to what the interviewer actually asked.

A follow-up asks for something specific - the baseline behind a claim, how two statements fit
together, a concrete example, the question again, or one rubric point. :func:`what_is_asked`
reads which; :func:`follow_up_answer` gives it from the persona's facts (as far as the profile
can), or evades the way the profile would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from panelist.candidates import answers, reciting, substance, voices
from panelist.candidates.answers import Draw
from panelist.candidates.personas import Persona, gist
from panelist.candidates.profiles import Profile, Style
from panelist.catalog.loader import Catalog
from panelist.catalog.models import KeyPoint, Question

_WORD = re.compile(r"[a-z0-9]+")


class Ask(StrEnum):
    BASELINE = "baseline"  # how was that measured, compared with what?
    CONTRADICTION = "contradiction"  # earlier you said X, now Y
    CONCRETE = "concrete"  # a real example, step by step
    AGAIN = "again"  # the question again (repeat, or "coming back to what I asked")
    POINT = "point"  # one rubric point (the question's own probe, or a simpler angle)


_CUES: tuple[tuple[Ask, tuple[str, ...]], ...] = (
    (Ask.CONTRADICTION, ("fit together", "which is it", "earlier you said", "earlier it was")),
    (
        Ask.BASELINE,
        ("baseline", "how was that measured", "compared with what", "where did it start"),
    ),
    (Ask.AGAIN, ("bring us back", "what i'm asking is", "coming back to", "here it is again")),
    (Ask.CONCRETE, ("make that concrete", "one real example", "look like in practice")),
)


@dataclass(frozen=True)
class Asked:
    ask: Ask
    point: KeyPoint | None  # the rubric point the follow-up is after, when it is one


def what_is_asked(question: Question, text: str) -> Asked:
    low = " ".join(text.lower().split())
    probe = probed_point(question, text)
    for follow_up in question.follow_ups:  # the question's own probe, quoted or rephrased
        if follow_up.text.lower().rstrip("?.") in low or _overlap(low, follow_up.text) >= 0.8:
            by_id = {kp.id: kp for kp in question.key_points}
            return Asked(Ask.POINT, by_id.get(follow_up.key_point or "", probe))
    for ask, cues in _CUES:
        if any(cue in low for cue in cues):
            return Asked(ask, probe)
    return Asked(Ask.POINT, probe)


def probed_point(question: Question, probe_text: str) -> KeyPoint | None:
    """The key point a follow-up asks about: its declared point, or the closest by words."""
    words = set(_WORD.findall(probe_text.lower()))
    by_id = {kp.id: kp for kp in question.key_points}
    best: tuple[float, KeyPoint | None] = (0.0, None)
    for follow_up in question.follow_ups:
        overlap = _overlap_words(words, follow_up.text)
        if follow_up.key_point in by_id and overlap > best[0]:
            best = (overlap, by_id[follow_up.key_point])
    if best[1] is not None and best[0] >= 0.5:
        return best[1]
    for point in question.key_points:
        overlap = _overlap_words(words, point.text + " " + " ".join(point.evidence))
        if overlap > best[0]:
            best = (overlap, point)
    return best[1]


def _overlap(text: str, other: str) -> float:
    return _overlap_words(set(_WORD.findall(text.lower())), other)


def _overlap_words(words: set[str], text: str) -> float:
    other = set(_WORD.findall(text.lower()))
    return len(words & other) / max(len(other), 1)


def follow_up_answer(
    question: Question,
    text: str,
    catalog: Catalog,
    profile: Profile,
    persona: Persona,
    draw: Draw,
    earlier: tuple[str, ...] = (),
) -> str:
    """The answer to the follow-up ``text`` on ``question``; ``earlier`` holds what the
    candidate already said in this exchange (repeating it is prefaced "as I said")."""
    rng = draw.words
    asked = what_is_asked(question, text)
    if asked.ask is Ask.AGAIN:
        return answers.scored_answer(question, catalog, profile, persona, draw)
    gives = draw.cover.random() < profile.follow_up
    if profile.style is Style.OFF_TOPIC:
        return (
            "Sure, but can I ask whether the team works remotely? I'd love to know more about that."
        )
    if profile.style is Style.RECITER:
        wanted = {
            Ask.BASELINE: "the number before and after, the period and where the data came from",
            Ask.CONCRETE: "one real example with the system, my actions and the result",
            Ask.CONTRADICTION: "the context for each of the two statements",
        }.get(asked.ask)
        return reciting.recite_follow_up(asked.point, wanted, rng)
    said = _given(asked, question, persona, precise=profile.precision >= 0.5) if gives else []
    if profile.style is Style.TERSE:
        line = gist(said[0]).split(",")[0] if said else "Not sure"
        return line[:1].upper() + line[1:] + "."
    if profile.style is Style.BLUFFER:
        return _bluff_back(asked, persona)
    story = substance.is_story(question)
    hedging = profile.hedging
    if not said:
        said = [answers.vague(persona, rng, story=story)]
    elif any(said[0][:60].lower() in e.lower() for e in earlier):
        said[0] = rng.choice(("as I said, ", "like I mentioned, ", "again, ")) + said[0]
        hedging = 0.0  # nobody hedges what they have just said
    reply = voices.speak(
        persona, said, rng, hedging=hedging, closer=False, story=story, follow_up=True
    )
    if profile.style is Style.INJECTOR and rng.random() < 0.5:
        reply += " " + rng.choice(answers.INJECTIONS)
    return reply


def _given(asked: Asked, question: Question, persona: Persona, *, precise: bool) -> list[str]:
    """What the candidate gives for the ask, from the persona's facts."""
    outcome = persona.project.outcome
    if asked.ask is Ask.BASELINE:
        return [outcome.baseline if precise else outcome.headline]
    if asked.ask is Ask.CONTRADICTION:
        return [
            "sorry, I ran two different things together there",
            f"the number I'd stand by is this one: {outcome.headline}, {outcome.source}",
        ]
    if asked.ask is Ask.CONCRETE:
        story = persona.incident
        said = [f"on {persona.project.name}, {story.symptom}", story.mitigation]
        return said if precise else [gist(s) for s in said]
    if asked.point is None:
        return []
    return substance.point_substance(question, asked.point, persona, precise=precise)


def _bluff_back(asked: Asked, persona: Persona) -> str:
    if asked.ask is Ask.CONTRADICTION:
        return (
            f"Both are true, we used {persona.tools.metrics} and {persona.tools.rival} everywhere, "
            "it doesn't really matter which."
        )
    if asked.ask is Ask.BASELINE:
        return answers.BLUFFS_BACK[1]
    return answers.BLUFFS_BACK[0]
