"""What an answer is scored against: a catalog question's rubric, or an ad-hoc one.

A benchmark row has only a question, a reference answer and a scale. Its rubric
is derived from the reference (one point per clause, evidenced by the clause's
content words) so catalog questions and benchmark rows go through the same code.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

from panelist.catalog.models import Question, QuestionKind
from panelist.scoring.text import content_tokens, tokenize


@dataclass(frozen=True)
class RubricPoint:
    id: str
    text: str
    weight: float
    phrases: tuple[str, ...]  # words or short phrases that evidence the point
    adhoc: bool = False  # derived from a reference clause: credited by share of its words
    misconceptions: tuple[str, ...] = ()  # what an answer wrong on this point asserts
    examples: tuple[str, ...] = ()  # the catalog author's concrete sentences making the point


@dataclass(frozen=True)
class RedFlagRule:
    id: str
    text: str
    phrases: tuple[str, ...]


ANCHORS = 5  # a catalog question's descriptors, 1-5


@dataclass(frozen=True)
class Target:
    """One question as the scorer sees it."""

    question_id: str
    question_text: str
    reference: str
    points: tuple[RubricPoint, ...]
    max_score: float = 5.0
    min_score: float = 0.0  # the lowest score a scorable answer gets (1 on the product scale)
    kind: QuestionKind = QuestionKind.TECHNICAL
    topic: str = ""
    red_flags: tuple[RedFlagRule, ...] = field(default_factory=tuple)
    anchors: tuple[str, ...] = ()  # a catalog question's descriptors of scores 1-5, in order
    follow_ups: tuple[tuple[str, str], ...] = ()  # (text, key point) of the catalog's probes

    @property
    def scored(self) -> bool:
        return self.kind in {
            QuestionKind.PROJECT,
            QuestionKind.TECHNICAL,
            QuestionKind.SCENARIO,
            QuestionKind.BEHAVIOURAL,
        }

    @property
    def story(self) -> bool:
        """A question about the candidate's own experience (a project, an incident they
        handled, a disagreement): its reference is one example story, so another
        candidate's true story shares few of its words, and only the key points tell."""
        return self.kind in {QuestionKind.PROJECT, QuestionKind.BEHAVIOURAL}

    @property
    def wrong_texts(self) -> tuple[str, ...]:
        """How the question describes its wrong answer: its red flags and, when it has the
        five anchors, anchor 1."""
        anchor = (self.anchors[0],) if len(self.anchors) == ANCHORS else ()
        return (*(rule.text for rule in self.red_flags), *anchor)


# Clauses: split at sentence ends, semicolons, list dashes, and "and"/"or" joining clauses.
_CLAUSE_SPLIT = re.compile(r"[.;:!?\n]+|\s-\s*|\s•\s*|,\s+(?:and|or|but)\s+|\(|\)")
_MIN_CLAUSE_WORDS = 2
_MAX_POINTS = 12


def adhoc_points(reference: str) -> tuple[RubricPoint, ...]:
    """One rubric point per clause of the reference, weighted by its content words."""
    clauses: list[tuple[str, list[str]]] = []
    for raw in _CLAUSE_SPLIT.split(reference):
        clause = raw.strip(" ,-")
        words = [t.text for t in content_tokens(tokenize(clause))]
        if len(words) >= _MIN_CLAUSE_WORDS or (words and not clauses and len(reference) < 40):
            clauses.append((clause, words))
    if not clauses:
        words = [t.text for t in content_tokens(tokenize(reference))]
        if not words:
            return ()
        clauses = [(reference.strip(), words)]
    clauses = _merge_to_limit(clauses)
    total = sum(len(words) for _, words in clauses)
    return tuple(
        RubricPoint(
            id=f"ref-{index + 1}",
            text=clause,
            weight=len(words) / total,
            phrases=tuple(words),
            adhoc=True,
        )
        for index, (clause, words) in enumerate(clauses)
    )


def _merge_to_limit(clauses: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    while len(clauses) > _MAX_POINTS:
        # merge the shortest clause into its neighbour
        index = min(range(len(clauses)), key=lambda i: len(clauses[i][1]))
        other = index - 1 if index > 0 else index + 1
        first, second = sorted((index, other))
        merged = (
            clauses[first][0] + "; " + clauses[second][0],
            clauses[first][1] + clauses[second][1],
        )
        clauses = [*clauses[:first], merged, *clauses[second + 1 :]]
    return clauses


def spoken_forms(phrases: Sequence[str]) -> tuple[str, ...]:
    """The evidence phrases, each also as a candidate may write it: a config name as it is
    said aloud ("a per-target sample limit" names ``sample_limit``) and a hyphenated compound
    with a space ("the internet facing ones first" is "internet-facing"). The tokenizer keeps
    ``_`` and ``-`` inside a word, so each form is its own phrase. A compound whose parts are
    not all content words stays joined: "write-up" said as "write up" would be a bare
    "write" ("write a report for the team"), "issued-at" a bare "issued", "d-state" a bare
    "state"."""
    forms: list[str] = []
    for phrase in phrases:
        forms.append(phrase)
        spaced, joins = _JOINED.subn(" ", phrase)
        if joins and _content_words(spaced) == _content_words(phrase) + joins:
            forms.append(spaced)
    return tuple(dict.fromkeys(form for form in forms if form.strip()))


_JOINED = re.compile(r"(?<=\w)[_-](?=\w)")


def _content_words(text: str) -> int:
    return len(content_tokens(tokenize(text)))


def target_from_question(question: Question, question_text: str | None = None) -> Target:
    """The Target of a catalog question (1-5 product scale, its own key points)."""
    reference = question.reference_answer or ""
    points = tuple(
        RubricPoint(
            id=kp.id,
            text=kp.text,
            weight=kp.weight,
            phrases=spoken_forms(kp.evidence),
            misconceptions=tuple(kp.misconceptions),
            examples=tuple(kp.examples),
        )
        for kp in question.key_points
    )
    if not points and reference:
        points = adhoc_points(reference)
    return Target(
        question_id=question.id,
        question_text=question_text or question.text,
        reference=reference,
        points=points,
        max_score=question.max_score,
        min_score=1.0 if question.max_score == 5.0 and question.descriptors else 0.0,
        kind=question.kind,
        topic=question.topic,
        red_flags=tuple(
            RedFlagRule(id=rf.id, text=rf.text, phrases=tuple(rf.phrases))
            for rf in question.red_flags
        ),
        anchors=tuple(question.descriptors[k] for k in sorted(question.descriptors)),
        follow_ups=tuple((f.text, f.key_point) for f in question.follow_ups if f.key_point),
    )


_TARGETS: dict[int, tuple[weakref.ref[Question], Target]] = {}


def target_of(question: Question) -> Target:
    """:func:`target_from_question` of ``question``, built once per question object (a
    catalog's questions are immutable and live as long as it does): every answer to it is
    scored against the very same Target, so the per-question caches keyed by it find it at
    once (building one and comparing an equal one cost ~0.2 ms an answer)."""
    key = id(question)
    held = _TARGETS.get(key)
    if held is not None and held[0]() is question:
        return held[1]
    target = target_from_question(question)

    def forget(ref: weakref.ref[Question]) -> None:
        if _TARGETS.get(key, (None,))[0] is ref:
            del _TARGETS[key]

    _TARGETS[key] = (weakref.ref(question, forget), target)
    return target


def target_from_row(question_id: str, question: str, reference: str, max_score: float) -> Target:
    """The Target of a benchmark row: ad-hoc rubric from the reference, 0..max_score scale."""
    return Target(
        question_id=question_id,
        question_text=question,
        reference=reference,
        points=adhoc_points(reference),
        max_score=max_score,
        min_score=0.0,
    )
