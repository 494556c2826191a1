"""Does the answer assert a misconception of its question's main points?

A catalog key point may carry the claims a candidate wrong on that point makes, in a
candidate's words ("Load average is the CPU usage in percent"; panelist/catalog/models.py
``KeyPoint.misconceptions``). An answer asserts one when one of its sentences

- is not negated and is about the question (``scoring.anchors``' sentences and weights),
- is at least :data:`MIN_CLOSENESS` close in meaning to the misconception, and
- is nearer it by :data:`MARGIN` than to anything right the question says (its key points,
  anchors 3-5 and the reference's sentences: ``anchors.right_texts``),

and the answer does not make that key point itself (a credited point's misconception is
quoted or refuted, not held). Such an answer is wrong on the main point: the scorer caps it
at anchor 2 and quotes the sentence for the reviewer. Mentioning the idea ("people read load
as CPU, it is not") is a negation and does not count; a right answer or a paraphrase of the
reference sits nearer the right texts by construction.

Thresholds are set on the graded set's calibration split (every answer graded 3 or more:
margin ≤ 0.18 against a point it does not make).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from panelist.scoring.anchors import right_texts, sentences
from panelist.scoring.features import known_stems, on_topic_weights
from panelist.scoring.rubric import Target
from panelist.scoring.semantic import Encoder, canonical
from panelist.scoring.text import tokenize

MIN_CLOSENESS = 0.5  # cosine to the misconception: the sentence says that kind of thing
MARGIN = 0.2  # ... and is this much nearer it than to any right text of the question


@dataclass(frozen=True)
class Asserted:
    """A sentence of the answer that asserts a key point's misconception."""

    point: str  # the key point's id
    misconception: str
    start: int  # the sentence, in the answer
    end: int
    closeness: float  # cosine to the misconception
    margin: float  # closeness minus the nearest right text's cosine


def misconceptions(target: Target, credited: Collection[str] = ()) -> list[tuple[str, str]]:
    """(point id, misconception) of every key point not in ``credited``."""
    return [
        (point.id, text)
        for point in target.points
        if point.id not in credited
        for text in point.misconceptions
    ]


def asserted(
    masked: str, target: Target, encoder: Encoder, credited: Collection[str] = ()
) -> Asserted | None:
    """The answer's strongest assertion of a misconception of a key point it does not make
    (``credited``: the points it does), or None. ``masked``: blanked spans say nothing."""
    wrong = misconceptions(target, credited)
    spans = sentences(masked)
    if not wrong or not spans:
        return None
    texts = [canonical(masked[s:e]) for s, e in spans]
    right = right_texts(target)
    vectors = encoder.encode([*texts, *(text for _, text in wrong), *right])
    said = vectors[: len(texts)]
    closeness = said @ vectors[len(texts) : len(texts) + len(wrong)].T
    nearest_right = (said @ vectors[len(texts) + len(wrong) :].T).max(axis=1)
    margin = closeness - nearest_right[:, None]
    weights = on_topic_weights(texts, known_stems(target))
    negated = np.array([any(t.negated for t in tokenize(text)) for text in texts])
    held = (closeness >= MIN_CLOSENESS) & (margin >= MARGIN)
    held[negated | (weights == 0)] = False
    if not held.any():
        return None
    sentence, which = np.unravel_index(int(np.argmax(np.where(held, margin, -np.inf))), held.shape)
    start, end = spans[int(sentence)]
    point, text = wrong[int(which)]
    return Asserted(
        point=point,
        misconception=text,
        start=start,
        end=end,
        closeness=float(closeness[sentence, which]),
        margin=float(margin[sentence, which]),
    )
