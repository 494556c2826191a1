"""Does the answer assert a misconception of its question's main points?

A catalog key point may carry the claims a candidate wrong on that point makes, in a
candidate's words ("Load average is the CPU usage in percent"; panelist/catalog/models.py
``KeyPoint.misconceptions``). An answer asserts one when one of its sentences

- is not negated and is about the question (``scoring.anchors``' sentences and weights),
- is at least :data:`MIN_CLOSENESS` close in meaning to the misconception, and
- is nearer it by :data:`MARGIN` than to anything right the question says (its key points,
  the misconception's own point among them, anchors 3-5 and the reference's sentences:
  ``anchors.right_texts``).

A point credited elsewhere in the answer does not exempt its misconception: credit by
meaning can credit the wrong statement itself ("Zombie processes are hung processes that
are still running" credits the zombie definition). The answer holds the misconception
when, besides, it leans to anchor 1 as a whole (``anchors.Lean.answer`` above
:data:`ANSWER_LEAN`: nearer anchor 1 than anchors 3-5): a right answer that warns about
the wrong idea ("a pod that crashes on start would be restarted in a loop forever") leans
to the higher anchors. Such an answer is wrong on the main point: the scorer caps it at
anchor 2 and quotes the sentence for the reviewer. Mentioning the idea ("people read load
as CPU, it is not") is a negation and does not count; a right answer or a paraphrase of the
reference sits nearer the right texts by construction.

Thresholds are set on the graded set's calibration split (143 answers, 12 questions): of
the answers graded 3 or more, the two that assert a misconception by more than 0.18 (0.23:
"We built this for a Go API with about 40 pods"; 0.22) lean to the higher anchors (-0.16,
-0.24); the rest stay below 0.18. None of the catalog's 124 reference answers and none of
the 242 sentences of key_point_sentences.jsonl that make a point asserts one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from panelist.scoring.anchors import Lean, right_texts, sentences
from panelist.scoring.features import known_stems, on_topic_weights
from panelist.scoring.rubric import Target
from panelist.scoring.semantic import Encoder, canonical
from panelist.scoring.text import clauses, tokenize

MIN_CLOSENESS = 0.45  # cosine to the misconception: the sentence says that kind of thing
MARGIN = 0.2  # ... and is this much nearer it than to any right text of the question
ANSWER_LEAN = 0.0  # and the whole answer is nearer anchor 1 than anchors 3-5


@dataclass(frozen=True)
class Asserted:
    """A sentence of the answer that asserts a key point's misconception."""

    point: str  # the key point's id
    misconception: str
    start: int  # the sentence, in the answer
    end: int
    closeness: float  # cosine to the misconception
    margin: float  # closeness minus the nearest right text's cosine


def misconceptions(target: Target) -> list[tuple[str, str]]:
    """(point id, misconception) of every key point of ``target``."""
    return [(point.id, text) for point in target.points for text in point.misconceptions]


def asserted(masked: str, target: Target, encoder: Encoder) -> Asserted | None:
    """The answer's strongest assertion of a misconception of its question's key points, or
    None. ``masked``: blanked spans say nothing."""
    wrong = misconceptions(target)
    spans = claims_said(masked)
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


def claims_said(masked: str) -> list[tuple[int, int]]:
    """The answer's sentences and, in a longer sentence, each of its clauses (a negation in
    one clause says nothing of the others: "I'd delete the key from the repo, and tell the
    team not to commit secrets" asserts that deleting is the fix)."""
    spans = sentences(masked)
    parts = [c for c in clauses(masked) if c not in spans]
    return [*spans, *parts]


def holds(said: Asserted | None, lean: Lean | None) -> bool:
    """The answer holds the misconception it asserts: it leans to anchor 1 as a whole (or
    the question has no five anchors to lean to)."""
    return said is not None and (lean is None or lean.answer > ANSWER_LEAN)
