"""Relevance of an answer to the turn it replies to (a follow-up's own text, the intro).

A direct answer to "What was the number before and after?" ("It went from 40 to 12 minutes")
shares almost no words with the planned question, yet it answers what was asked. Three
signs, the strongest wins: the prompt's own words in the answer; the kind of thing the prompt
asks for (a number, a reason, alternatives, the candidate's own part, an introduction) said
in the answer; and the answer carrying on the exchange (its words appear in the earlier
answers or the prompt). With the semantic model, the cosine of answer and prompt counts too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from panelist.scoring.semantic import Encoder, canonical
from panelist.scoring.text import content_tokens, tokenize

# Interviewer words that carry no topic ("Could you walk me through what you'd do?").
_PROMPT_FILLER = frozenset(
    [
        "know",
        "knew",
        "work",
        "worked",
        "works",
        "working",
        "think",
        "thought",
        "go",
        "went",
        "done",
        "tell",
        "walk",
        "talk",
        "give",
        "say",
        "share",
        "describe",
        "explain",
        "could",
        "would",
        "please",
        "briefly",
        "bit",
        "more",
        "little",
        "quick",
        "example",
        "specific",
        "specifically",
        "exactly",
        "actually",
        "happen",
        "happened",
        "thing",
        "part",
        "question",
        "ask",
        "asked",
        "back",
        "coming",
        "bring",
        "let",
        "understood",
        "thanks",
        "thank",
        "great",
        "interesting",
    ]
)
# What a prompt asks for, and how an answer says it.
_ASKS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(asks, re.I), re.compile(says, re.I))
    for asks, says in (
        (
            r"\b(?:number|numbers|how\s+(?:many|much|long|often|fast|big)|measur\w*|baseline|"
            r"before,?\s+and\s+after|percent\w*|metric|figure|quantif\w*|by\s+how\s+much)\b",
            r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|"
            r"thirty|forty|fifty|hundred|thousand|half|double|twice|dozen)\b",
        ),
        (
            r"\b(?:what\s+else|alternatives?|consider\w*|options?|instead|other\s+(?:ways?|"
            r"approach\w*))\b",
            r"\b(?:instead|rather\s+than|option|considered|looked\s+at|alternative|vs\.?|versus|"
            r"compared|ruled\s+out|rejected|could\s+have|either|or\s+we|too\s+\w+|would\s+have|"
            r"(?:did|would|could|was|were)n't)\b",
        ),
        (
            r"\bwhy\b|\breason\b|\bwhat\s+made\b",
            r"\b(?:because|since|so\s+that|reason|that's\s+why|which\s+meant|due\s+to|as\s+a\s+"
            r"result|given\s+that)\b",
        ),
        (
            r"\b(?:your\s+(?:own\s+)?(?:part|role|contribution)|you\s+personally|who\s+(?:did|"
            r"decided|owned|led))\b",
            r"\b(?:i|my|me|myself)\b",
        ),
        (
            r"\b(?:how\s+did\s+you\s+(?:know|tell|verify|check|confirm|find)|settle|agree\w*|"
            r"evidence|prove|validat\w*)\b",
            r"\b(?:measur\w*|dashboard\w*|graph\w*|saw|checked|metric\w*|data|alert\w*|logs?|"
            r"compared|tested|ran|agreed|showed)\b",
        ),
        (
            r"\b(?:yourself|your\s+background|introduc\w*|about\s+you|(?:begin|start)\s+with\s+you|"
            r"your\s+(?:(?:current|most\s+recent|recent|last|latest)\s+(?:or\s+)?)*"
            r"(?:role|work|job|experience)|what\s+you\s+work\s+on)\b",
            r"\b(?:i'm|i\s+am|my\s+name|i've\s+been|i\s+have\s+been|years?|currently|i\s+work|"
            r"i\s+worked|i\s+lead|i\s+led|my\s+(?:role|team|job))\b",
        ),
        (
            r"\b(?:what\s+happened|what\s+(?:did|do|would)\s+you\s+\w+|how\s+(?:would|do|did)\s+"
            r"you|first\s+step|next)\b",
            r"\b(?:i|we)\s+(?:\w+\s+){0,2}(?:\w+ed|ran|did|checked|would|'d|start\w*|look\w*)\b",
        ),
        (  # "tell me about a system you ran", "the services you were responsible for"
            r"\b(?:(?:a|one|the)\s+(?:production\s+)?system|services?\s+you)\b",
            r"\b(?:service|system|platform|cluster|pipeline|api|database|gateway|fleet|stack|"
            r"queue|cache)s?\b",
        ),
        (
            r"\b(?:architecture|components?|sketch|how\s+(?:requests?|data)\s+flows?)\b",
            r"\b(?:go(?:es)?\s+(?:to|into|through)|sends?|writes?|reads?|calls?|deploys?|"
            r"pushe?s?|starts?|feeds?|in\s+front\s+of|behind|talks?\s+to)\b|->|→",
        ),
        (
            r"\b(?:their|her|his|the\s+other)\s+(?:side|view|argument|position|concern|case)\b",
            r"\b(?:she|he|they|her|his|their|them)\b",
        ),
    )
)
TYPE_MATCH = 0.35  # the kind of thing asked for, said: not off topic, nothing more
ALL_KINDS = 0.8  # every kind of thing a prompt asks for (two or more), said
# An answer that says one of the question's key points (in its own words) is on the
# question whatever turn it replies to: "images go to ECR, Argo CD deploys them" shares no
# word with "Sketch its architecture", yet it is the architecture.
POINT_SAID = TYPE_MATCH
# ... and one that says this share of the question's key points (by weight) is plainly on
# it: "A push starts GitHub Actions on self-hosted runners in EKS, images go to ECR, Argo CD
# syncs them" read 0.39 against "sketch its architecture", a story that told detection,
# first hour and lasting change 0.45 against "Tell me about a time something broke".
POINTS_ON_TOPIC = 0.5


def points_relevance(said: float, total: float) -> float:
    """0..1: how much an answer that says key points of ``said`` weight (of ``total``) is
    about the question: none, 0; one, at least POINT_SAID; POINTS_ON_TOPIC of them, 1."""
    if said <= 0 or total <= 0:
        return 0.0
    return round(POINT_SAID + (1 - POINT_SAID) * min(said / (POINTS_ON_TOPIC * total), 1.0), 3)


OVERLAP_WORDS = 8  # a prompt's words an answer must share for full overlap
CONTINUITY_WEIGHT = 0.6  # share of the answer's words already in the exchange


class _EarlierText(Protocol):
    @property
    def masked(self) -> str: ...


def _stems(text: str) -> set[str]:
    return {t.stem for t in content_tokens(tokenize(text))}


def prompt_relevance(
    masked: str,
    prompt: str,
    earlier: Sequence[_EarlierText],
    encoder: Encoder | None,
) -> float:
    """0..1: how much ``masked`` answers ``prompt``, given the exchange's earlier answers."""
    answer = _stems(masked)
    if not answer:
        return 0.0
    asked = {s for s in _stems(prompt) if s not in _PROMPT_FILLER}
    # a long planned question cannot ask an answer to reuse most of its words: sharing
    # OVERLAP_WORDS of them is full overlap
    overlap = len(asked & answer) / min(len(asked), OVERLAP_WORDS) if asked else 0.0
    known = asked.union(*(_stems(e.masked) for e in earlier)) if earlier else asked
    continuity = len(answer & known) / len(answer)
    asks = [says for asks, says in _ASKS if asks.search(prompt)]
    said = sum(1 for says in asks if says.search(masked))
    typed = said > 0
    # each kind of thing the prompt asks for that the answer says: all of them (an
    # introduction and the system's numbers, for the intro) is a direct answer
    kinds = (
        TYPE_MATCH + (ALL_KINDS - TYPE_MATCH) * (said - 1) / (len(asks) - 1) if said > 1 else 0.0
    )
    relevance = max(
        0.9 * overlap + CONTINUITY_WEIGHT * continuity, TYPE_MATCH if typed else 0.0, kinds
    )
    if typed and continuity > 0:
        relevance = max(relevance, TYPE_MATCH + continuity)
    if encoder is not None:
        vectors = encoder.encode([" ".join(masked.split()), prompt])
        relevance = max(relevance, (float(vectors[0] @ vectors[1]) - 0.1) / 0.45)
    return round(min(max(relevance, 0.0), 1.0), 3)


# How a catalog question describes its answers, weak and strong (its five anchors and red
# flags), is about its subject too: a weak answer in its own words ("Honestly on-call is
# supposed to be hard, that's what we signed up for") is far from the question's wording
# and the reference but near anchor 1, while text from another domain is near none of them.
# Built-in catalog, every scored question: the answer's best cosine to them, for the
# robustness set's off-topic texts (cooking, football, ...), at most 0.29; for the on-topic
# graded answers the question's wording put below 0.2 ("On-call is supposed to be hard",
# "We were getting paged a lot by disk space alerts", "I'm not sure how state works"),
# 0.38 to 0.59.
SUBJECT_CLOSE = 0.35  # this close to an anchor or red flag: the answer is about the question
SUBJECT_SPAN = 0.5  # cosine SUBJECT_CLOSE is relevance 0.2 (the off-topic bound), 0.75 is 1


def subject_relevance(masked: str, descriptions: Sequence[str], encoder: Encoder) -> float:
    """0..1: how much ``masked`` is about the question by how the question describes its
    answers (``descriptions``: its anchors and red flags): relevance 0.2, the off-topic
    bound, at a cosine of :data:`SUBJECT_CLOSE`, 1 at a cosine of 0.75."""
    text = canonical(masked)
    if not descriptions or not any(c.isalnum() for c in text):
        return 0.0
    vectors = encoder.encode([text, *descriptions])
    closest = float((vectors[1:] @ vectors[0]).max())
    return round(min(max(0.2 + (closest - SUBJECT_CLOSE) / SUBJECT_SPAN, 0.0), 1.0), 3)
