"""Concrete claims a key point is read against by meaning, besides its own abstract text.

A key point's text says what a good answer does ("Names the component that would fail first
and why the others would not"); a concrete answer sentence ("the first thing to go would have
been the Prometheus server itself") is far from it in the model's space. A point's
*exemplars* are sentences that make the point the way a candidate would: the catalog
author's ``examples`` of the key point, and the clauses of the question's reference answer
that carry the point's evidence phrases and no other point's. They are encoded once per
question (:func:`exemplar_vectors`, cached).

For an answer to a follow-up asked for one point (``FollowUp.key_point``), the follow-up and
the answer are read as one pair against that point (:func:`asked_for`, ``credit.Reply``): "Who
outside your team did that limit depend on, and how did you make the risk visible to them?"
followed by "The shared Postgres belonged to the data team; I took them the growth graph" is
nearer the point than the follow-up alone. A reply made of the follow-up's own words ("Teams
outside my team depended on it and I made the risk visible to them.") says it back and earns
nothing (:func:`says_back`).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from panelist.scoring.rubric import RubricPoint, Target
from panelist.scoring.semantic import Encoder
from panelist.scoring.text import clauses, content_stems, content_tokens, tokenize

EXEMPLAR_HIT = 0.55  # cosine to one of a point's exemplars that credits it ...
EXEMPLAR_MARGIN = 0.1  # ... nearer it by this than any other point's exemplar or text
EXEMPLAR_WEAK_MARGIN = 0.05  # ... and a weak answer further off than for the point's text
FOLLOW_UP_LIFT = 0.08  # how much nearer a reply brings its follow-up to the point it asks for
FOLLOW_UP_HIT = 0.25  # ... or the reply's own cosine to the follow-up (a direct answer)
FOLLOW_UP_CREDIT = 0.6  # the strength of a point said in reply to its own follow-up
CLAIM_WORDS = 3  # a reply says something when this many of its words are not the prompt's
MIN_EXEMPLAR_WORDS = 4  # a reference clause shorter than this is a fragment, not a claim
CACHE_SIZE = 256

Carries = Callable[[str, RubricPoint], bool]  # whether a text holds one of a point's phrases


def reference_claims(target: Target, carries: Carries) -> dict[str, tuple[str, ...]]:
    """The reference answer's clauses that carry one point's evidence phrases and no other
    point's (a clause naming two points' terms is an example of neither), by point id."""
    points = [p for p in target.points if not p.adhoc]
    found: dict[str, list[str]] = {p.id: [] for p in points}
    reference = target.reference
    for start, end in clauses(reference):
        text = reference[start:end].strip(" ,;:-")
        if len(text.split()) < MIN_EXEMPLAR_WORDS:
            continue
        owners = [p.id for p in points if carries(text, p)]
        if len(owners) == 1:
            found[owners[0]].append(text)
    return {point_id: tuple(texts) for point_id, texts in found.items()}


def exemplar_texts(target: Target, carries: Carries) -> tuple[tuple[str, ...], ...]:
    """Each catalog point's exemplars, in the order of ``target.points`` (ad-hoc points
    left out): its author's examples, then its reference clauses."""
    claims = reference_claims(target, carries)
    return tuple(
        tuple(dict.fromkeys((*p.examples, *claims[p.id]))) for p in target.points if not p.adhoc
    )


@dataclass(frozen=True)
class PointExemplars:
    """The exemplars of each catalog point of one question, encoded (None for a point
    without any), and each point's exemplar words."""

    vectors: tuple[NDArray[np.float32] | None, ...]
    words: tuple[frozenset[str], ...]
    # each exemplar's words said and not negated, per point in the order of ``vectors``
    affirmed: tuple[tuple[frozenset[str], ...], ...] = ()


_READ: OrderedDict[tuple[int, Target], PointExemplars] = OrderedDict()


def exemplars_of(encoder: Encoder, target: Target, carries: Carries) -> PointExemplars:
    """:class:`PointExemplars` of ``target``, read once per question and encoder."""
    key = (id(encoder), target)
    if key not in _READ:
        texts = exemplar_texts(target, carries)
        flat = [text for group in texts for text in group]
        encoded = encoder.encode(flat) if flat else np.zeros((0, 0), dtype=np.float32)
        vectors: list[NDArray[np.float32] | None] = []
        at = 0
        for group in texts:
            vectors.append(encoded[at : at + len(group)] if group else None)
            at += len(group)
        words = tuple(
            frozenset(stem for text in group for stem in content_stems(text)) for group in texts
        )
        affirmed = tuple(tuple(affirmed_stems(text) for text in group) for group in texts)
        _READ[key] = PointExemplars(tuple(vectors), words, affirmed)
        if len(_READ) > CACHE_SIZE:
            _READ.popitem(last=False)
    _READ.move_to_end(key)
    return _READ[key]


def nearest_exemplar(
    sentences: NDArray[np.float32], vectors: tuple[NDArray[np.float32] | None, ...]
) -> NDArray[np.float32]:
    """Each sentence's cosine to the nearest exemplar of each point (sentences x points); -1
    for a point without exemplars."""
    nearest = np.full((sentences.shape[0], len(vectors)), -1.0, dtype=np.float32)
    for column, group in enumerate(vectors):
        if group is not None:
            nearest[:, column] = (sentences @ group.T).max(axis=1)
    return nearest


def affirmed_stems(text: str) -> frozenset[str]:
    """The content stems ``text`` says and does not negate: "The parent never called wait()
    to collect it" affirms "parent", not "collect"."""
    return frozenset(t.stem for t in content_tokens(tokenize(text)) if not t.negated)


def nearest_exemplar_index(
    sentences: NDArray[np.float32], vectors: tuple[NDArray[np.float32] | None, ...]
) -> NDArray[np.int64]:
    """Which of each point's exemplars each sentence is nearest (sentences x points); -1 for
    a point without exemplars."""
    nearest = np.full((sentences.shape[0], len(vectors)), -1, dtype=np.int64)
    for column, group in enumerate(vectors):
        if group is not None:
            nearest[:, column] = (sentences @ group.T).argmax(axis=1)
    return nearest


@dataclass(frozen=True)
class FollowUpAsked:
    """The catalog follow-up an answer replies to, and the point it was asked for."""

    point_id: str
    text: str
    others: tuple[str, ...]  # the question's other follow-ups


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def asked_for(target: Target, prompt: str | None) -> FollowUpAsked | None:
    """The follow-up ``prompt`` asks (its text inside the prompt, a lead-in before it
    allowed), when the catalog asks it for one of the question's points."""
    if not prompt:
        return None
    said = _plain(prompt)
    ids = {p.id for p in target.points if not p.adhoc}
    for text, point_id in target.follow_ups:
        if point_id in ids and _plain(text) and _plain(text) in said:
            others = tuple(other for other, _ in target.follow_ups if other != text)
            return FollowUpAsked(point_id, text, others)
    return None


ECHO_SHARE = 0.7  # a reply with this share of its words from the prompt says it back


def says_back(stems: Collection[str], prompt: Collection[str]) -> bool:
    """At least ECHO_SHARE of the reply's words are the prompt's own: it repeats the
    follow-up rather than answering it."""
    return bool(stems) and sum(stem in prompt for stem in stems) >= ECHO_SHARE * len(stems)


def says_something(stems: Collection[str], prompt: Collection[str]) -> bool:
    """The reply has CLAIM_WORDS words or more of its own (not the prompt's)."""
    return len([stem for stem in stems if stem not in prompt]) >= CLAIM_WORDS


def prompt_stems(target: Target, asked: FollowUpAsked) -> frozenset[str]:
    """The words a reply to ``asked`` may borrow without saying anything: the question's,
    the follow-up's and the asked point's own text."""
    point = next(p for p in target.points if p.id == asked.point_id)
    return frozenset(
        [
            *content_stems(target.question_text),
            *content_stems(asked.text),
            *content_stems(point.text),
        ]
    )
