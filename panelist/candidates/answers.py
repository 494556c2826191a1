"""Answers composed from the question bank: rubric points, reference sentences, distractors.

Which key points an answer covers is drawn from a random stream keyed by the seed and the
question only (not the profile), so on one seed a stronger profile covers a superset of what
a weaker one covers; wording comes from a second stream.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from panelist.candidates import phrasing
from panelist.candidates.personas import Persona
from panelist.candidates.profiles import Profile, Style
from panelist.catalog.loader import Catalog
from panelist.catalog.models import KeyPoint, Question


@dataclass(frozen=True)
class Draw:
    """The random streams for one reply."""

    cover: random.Random  # which points are covered (profile-independent)
    words: random.Random  # wording choices


def covered_points(question: Question, profile: Profile, draw: Draw) -> list[KeyPoint]:
    chances = [draw.cover.random() for _ in question.key_points]
    return [kp for kp, c in zip(question.key_points, chances, strict=True) if c < profile.coverage]


def point_sentence(point: KeyPoint, question: Question, profile: Profile, draw: Draw) -> str:
    reference = phrasing.reference_sentence(point, question.reference_answer or "")
    if reference is not None and draw.words.random() < profile.verbatim:
        return reference
    return phrasing.paraphrase(point, draw.words)


def distractor_sentences(
    question: Question, catalog: Catalog, count: int, rng: random.Random
) -> list[str]:
    """Sentences about other questions' rubric points: plausible words, wrong question."""
    others = sorted(
        (q for q in catalog.questions.values() if q.key_points and q.id != question.id),
        key=lambda q: q.id,
    )
    out: list[str] = []
    for _ in range(count if others else 0):
        point = rng.choice(rng.choice(others).key_points)
        out.append(phrasing.first_person(point) + ".")
    return out


def red_flag_sentence(question: Question, rng: random.Random) -> str | None:
    phrased = [(rf, p) for rf in question.red_flags for p in rf.phrases]
    if not phrased:
        return None
    _, phrase = rng.choice(phrased)
    template = rng.choice(
        ("Honestly, I'd go with {p}.", "What I always do is {p}.", "{P}, simple as that.")
    )
    return template.format(p=phrase, P=phrase[:1].upper() + phrase[1:])


def rubric_answer(
    question: Question,
    catalog: Catalog,
    profile: Profile,
    persona: Persona,
    draw: Draw,
    *,
    opener: bool = True,
) -> str:
    """An answer to a scored question in the profile's quality and style."""
    rng = draw.words
    points = covered_points(question, profile, draw)
    if profile.style is Style.TERSE:
        return _terse(points, question, rng)
    if profile.style is Style.OFF_TOPIC:
        return _off_topic(question, catalog, persona, rng)
    # One reference sentence can carry several points: say it once.
    body = list(dict.fromkeys(point_sentence(p, question, profile, draw) for p in points))
    body += distractor_sentences(question, catalog, profile.distractors, rng)
    if not body:
        body.append(rng.choice(phrasing.VAGUE))
    if rng.random() < profile.red_flag:
        flag = red_flag_sentence(question, rng)
        if flag:
            body.insert(rng.randint(0, len(body)), flag)
    rng.shuffle(body)
    used: set[str] = set()
    parts = [
        phrasing.join_lead(phrasing.lead(rng, profile.hedging, i, used), s)
        for i, s in enumerate(body)
    ]
    if profile.style is Style.BLUFFER:
        parts = _bluff(parts, persona, rng)
    if profile.style is Style.INJECTOR:
        parts.insert(rng.randint(0, len(parts)), rng.choice(phrasing.INJECTIONS))
    if len(points) == 0 and profile.coverage < 0.1 and rng.random() < 0.5:
        parts.insert(0, rng.choice(phrasing.DONT_KNOW))
    opening = rng.choice(phrasing.OPENERS)
    return phrasing.join_lead(opening if opener else "", " ".join(parts))


def _terse(points: list[KeyPoint], question: Question, rng: random.Random) -> str:
    if not points:
        return rng.choice(("Depends.", "Check the logs.", "Not sure.", "Restart it, probably."))
    return phrasing.plain_evidence(points[0], rng).capitalize() + "."


def _off_topic(question: Question, catalog: Catalog, persona: Persona, rng: random.Random) -> str:
    chatter = rng.choice(
        (
            f"That reminds me of the team offsite at {persona.company}, we did a cooking class.",
            "I've been getting into trail running lately, it really clears the head.",
            "Funny enough, I was reading about the history of the telegraph last week.",
            "To be honest I'm more interested in what the office setup and perks look like.",
        )
    )
    borrowed = distractor_sentences(question, catalog, 2, rng)
    return " ".join([chatter, *borrowed])


def _bluff(parts: list[str], persona: Persona, rng: random.Random) -> list[str]:
    """Buzzwords, an unsupported metric and a tool claim that contradicts the intro."""
    metric = rng.choice(("MTTR", "incidents", "cloud costs", "toil", "latency"))
    claims = [
        rng.choice(phrasing.BUZZWORDS),
        f"That alone cut {metric} by {rng.choice((60, 70, 80, 90))}% across the board.",
    ]
    if rng.random() < 0.5:
        claims.append(
            f"We were standardized on {persona.other_monitoring_tool} for all our monitoring."
        )
    confident = [phrasing.join_lead(rng.choice(phrasing.CONFIDENT), parts[0]), *parts[1:]]
    return [claims[0], *confident, *claims[1:]]


def follow_up_answer(
    question: Question,
    probe_point: KeyPoint | None,
    profile: Profile,
    persona: Persona,
    draw: Draw,
) -> str:
    """An answer that addresses the probe when the profile can (the probed point, else vague)."""
    rng = draw.words
    addressed = probe_point is not None and draw.cover.random() < profile.follow_up
    if profile.style is Style.TERSE:
        return _terse([probe_point] if addressed and probe_point else [], question, rng)
    if profile.style is Style.OFF_TOPIC:
        return (
            "Sure, but can I ask whether the team works remotely? I'd love to know more about that."
        )
    if not addressed or probe_point is None:
        text = rng.choice(phrasing.VAGUE)
        if profile.style is Style.BLUFFER:
            text = f"Easy: we automated all of it, and it cut toil by {rng.choice((50, 75))}%."
        return text
    reference = phrasing.reference_sentence(probe_point, question.reference_answer or "")
    if reference is not None and rng.random() < profile.verbatim:
        said = (
            [reference, phrasing.paraphrase(probe_point, rng)]
            if profile.coverage >= 0.7
            else [reference]
        )
    else:
        said = [phrasing.paraphrase(probe_point, rng)]
    opener = rng.choice(("Good point. ", "Right, ", "Yes. ", ""))
    text = phrasing.join_lead(opener, " ".join(said))
    if profile.style is Style.INJECTOR and rng.random() < 0.5:
        text += " " + rng.choice(phrasing.INJECTIONS)
    return text
