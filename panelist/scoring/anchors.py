"""Where an answer stands against its question's anchors: is it wrong on the main point?

A catalog question describes its wrong answer twice: its red flags ("Treats load average
as CPU utilisation") and its anchor 1 ("Believes load average is CPU percentage; proposes
adding CPUs"). An answer wrong on the main point says such a thing, often in the rubric's
own words ("load", "CPU", "cores"), so word overlap cannot tell it from a right one. By
meaning (the sentence encoder) two leans can:

- ``claim``: one sentence of the answer, not negated, is nearer a red flag or anchor 1 than
  any key point, anchor 3-5 or sentence of the reference (cosine difference);
- ``answer``: the answer as a whole is nearer anchor 1 than anchors 3, 4 and 5.

Each alone also fires on right answers that discuss the wrong idea ("restarting one replica
does not help: it gets the full load"); both together, summing to :data:`WRONG_LEAN`, mark
the answer wrong on its main point. The scorer then caps it at anchor 2 and quotes the
sentence. A reference answer, or a paraphrase of one, never leans: its sentences are on
the right side by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from panelist.scoring.features import known_stems, on_topic_weights
from panelist.scoring.rubric import ANCHORS, Target
from panelist.scoring.semantic import Encoder, canonical
from panelist.scoring.text import content_tokens, tokenize, whole_sentences

WRONG_LEAN = 0.29  # claim + answer lean; calibration split: every grade-3+ answer < 0.27
QUOTED_RED_FLAG = -0.1  # an answer this much nearer anchors 3-5 only quotes its red flag
QUOTED_RED_FLAG_WORDS = -0.3  # the same by words (calibration split: grade 1 ≥ -0.13)
MAX_SENTENCES = 40  # as many as the semantic signals embed


@dataclass(frozen=True)
class Lean:
    """How far the answer leans to the question's wrong anchors (cosine differences)."""

    claim: float  # its most wrong sentence: nearest wrong text minus nearest right one
    answer: float  # the whole answer: anchor 1 minus the best of anchors 3-5
    start: int  # the most wrong sentence, in the answer
    end: int
    wrong: str  # the red flag or anchor it is nearest

    @property
    def main_point_wrong(self) -> bool:
        return self.claim > 0 and self.answer > 0 and self.claim + self.answer >= WRONG_LEAN


def lean(masked: str, target: Target, encoder: Encoder) -> Lean | None:
    """The answer's lean (``masked``: blanked spans say nothing), or None when the question
    has no five anchors or the answer no sentence."""
    if len(target.anchors) != ANCHORS:
        return None
    spans = sentences(masked)
    if not spans:
        return None
    texts = [canonical(masked[s:e]) for s, e in spans]
    wrong = list(target.wrong_texts)
    # a sentence saying a point as its examples do is no wrong answer, though it uses the
    # wrong answer's words: "First I'd collect the pages from the last two weeks" is near
    # "Keeps absorbing the pages" and nearer "I'd pull the incident list for the last two weeks"
    right = [*right_texts(target), *(e for p in target.points for e in p.examples)]
    vectors = encoder.encode([*texts, *wrong, *right])
    said = vectors[: len(texts)]
    wrong_vectors = vectors[len(texts) : len(texts) + len(wrong)]
    right_vectors = vectors[len(texts) + len(wrong) :]
    to_wrong = said @ wrong_vectors.T
    margin = to_wrong.max(axis=1) - (said @ right_vectors.T).max(axis=1)
    # a sentence about nothing on topic (fluff the masking missed) neither leans nor moves
    # the answer's vector, pooled as the semantic signals pool it
    weights = on_topic_weights(texts, known_stems(target))
    negated = np.array([any(t.negated for t in tokenize(text)) for text in texts])
    margin[negated | (weights == 0)] = -1.0
    best = int(np.argmax(margin))
    pooled = weights @ said
    pooled /= max(float(np.linalg.norm(pooled)), 1e-9)
    anchors = encoder.encode(list(target.anchors)) @ pooled
    start, end = spans[best]
    return Lean(
        claim=float(margin[best]),
        answer=float(anchors[0] - anchors[2:].max()),
        start=start,
        end=end,
        wrong=wrong[int(np.argmax(to_wrong[best]))],
    )


def right_texts(target: Target) -> list[str]:
    """How the question describes a right answer: its key points, anchors 3-5 and the
    reference's sentences."""
    return [
        *(p.text for p in target.points),
        *target.anchors[2:],
        *(target.reference[s:e] for s, e in whole_sentences(target.reference)),
    ]


def sentences(masked: str) -> list[tuple[int, int]]:
    """The answer's distinct sentences with words in them (masking leaves punctuation)."""
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    for s, e in whole_sentences(masked):
        text = canonical(masked[s:e])
        if text and any(c.isalnum() for c in text) and text not in seen:
            seen.add(text)
            spans.append((s, e))
    return spans[:MAX_SENTENCES]


def word_lean(masked: str, target: Target) -> float | None:
    """Without the encoder: the share of anchor 1's content words the answer says (affirmed)
    minus the best share of anchor 3's, 4's or 5's. None without five anchors."""
    if len(target.anchors) != ANCHORS:
        return None
    said = {t.stem for t in content_tokens(tokenize(masked)) if not t.negated}

    def share(anchor: str) -> float:
        stems = {t.stem for t in content_tokens(tokenize(anchor))}
        return len(stems & said) / len(stems) if stems else 0.0

    return share(target.anchors[0]) - max(share(a) for a in target.anchors[2:])
