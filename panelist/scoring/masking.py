"""What of an answer can earn credit: one masking, used for the scored answer and for the
earlier answers of its exchange alike.

Blanked (same length, so offsets hold): text addressed to the grader, markup, names and
gendered words (so a swap cannot move a score), and what is not a claim (term lists, word
salads, meta-answers, recited descriptors, repeats, stock fluff; see
:mod:`panelist.scoring.claims`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from panelist.scoring.claims import STOCK_WORDS, NonClaims, find_non_claims
from panelist.scoring.credit import sentences_saying_a_point
from panelist.scoring.point_roles import role_clauses, role_of
from panelist.scoring.rubric import Target
from panelist.scoring.semantic import Encoder
from panelist.scoring.text import tokenize
from panelist.scoring.tricks import (
    asks_for_list,
    blank,
    injection_spans,
    markup_spans,
    neutral_spans,
)
from panelist.scoring.vocabulary import TOOL_WORDS


@dataclass(frozen=True)
class Masked:
    """An answer and what the scorer may read of it."""

    injected: list[tuple[int, int]]  # addressed to the grader
    framed: str  # the answer less grader-addressed text and markup (red flags count here)
    unclaimed: NonClaims
    masked: str  # what earns credit
    # what relevance to the turn answered reads: ``masked`` with its asides kept. An aside is
    # off the *planned question's* topic, but the turn answered may be a follow-up or the
    # intro ("I'm on a database reliability team of four" is the intro's very subject).
    heard: str


def mask_answer(
    text: str,
    target: Target,
    descriptors: Sequence[str] = (),
    encoder: Encoder | None = None,
    prompt: str | None = None,
) -> Masked:
    """Blank what earns nothing in ``text`` (see the module doc). With ``encoder``, a
    sentence that says one of the question's points by meaning, or answers the follow-up
    ``prompt`` asks for one, is no aside (:func:`_point_is_no_aside`)."""
    injected = injection_spans(text)
    framed = blank(text, injected + markup_spans(text))
    neutral = neutral_spans(framed, known_words(target))
    readable = blank(framed, neutral)
    unclaimed = find_non_claims(
        readable,
        list_question=asks_for_list(target.question_text),
        recitals=descriptors,
        known=answer_stems(target),
        topic=topic_stems(target),
        reference=target.reference,
    )
    unclaimed = _story_is_no_aside(unclaimed, readable, target)
    kept = replace(unclaimed, asides=[])
    heard = blank(framed, neutral + kept.all())
    unclaimed = _point_is_no_aside(unclaimed, heard, target, encoder, prompt)
    return Masked(injected, framed, unclaimed, blank(framed, neutral + unclaimed.all()), heard)


def _story_is_no_aside(unclaimed: NonClaims, text: str, target: Target) -> NonClaims:
    """A sentence that says one of the question's key points by its role (an outcome, a
    lasting change, how the disagreement ended: :mod:`panelist.scoring.point_roles`) is the
    story, told in the candidate's own words, not padding beside it - however few of the
    question's words it uses ("They tuned autovacuum, and we now review those changes
    together." is how a disagreement ended)."""
    if not unclaimed.asides:
        return unclaimed
    roles = {role for role in (role_of(p.text) for p in target.points) if role is not None}
    story = [span for role in roles for span in role_clauses(role, text)]
    asides = [
        (start, end)
        for start, end in unclaimed.asides
        if not any(s < end and start < e for s, e in story)
    ]
    return replace(unclaimed, asides=asides)


def _point_is_no_aside(
    unclaimed: NonClaims,
    text: str,
    target: Target,
    encoder: Encoder | None,
    prompt: str | None = None,
) -> NonClaims:
    """A sentence that says one of the question's key points by meaning, read alone as the
    scorer reads a sentence for credit (:func:`panelist.scoring.credit.sentences_saying_a_point`),
    is the story, however few of the question's words it uses: "Honestly the first thing to
    fall over would have been our Prometheus setup." answers "which part of it would have
    broken first" in words of its own; and in a reply to the follow-up ``prompt`` asks for
    one point, a sentence that answers it: "Mostly the platform team - they owned the node
    pools." to "Who outside your team did that limit depend on, ...?" (a hand-run P5 had it
    blanked as an aside, and the reply credited nothing). ``text`` is the answer with every
    other non-claim blanked, as the scorer will read it."""
    if encoder is None or not unclaimed.asides:
        return unclaimed
    story = set(sentences_saying_a_point(text, unclaimed.asides, target, encoder, prompt))
    if not story:
        return unclaimed
    return replace(unclaimed, asides=[span for span in unclaimed.asides if span not in story])


@lru_cache(maxsize=256)  # per question: it recurs for every answer to it
def known_words(target: Target) -> frozenset[str]:
    """Lower-cased words of the question, reference, rubric and topic, the tools counted and
    the stock words: capitalised words that are no name (any other capitalised word may be)."""
    texts = [target.question_text, target.reference, target.topic]
    texts += [" ".join((p.text, *p.phrases)) for p in target.points]
    said = frozenset(t.text.lower() for text in texts for t in tokenize(text))
    # a capitalised stock word after "to" is an opener run on ("… Will continue to Generally
    # speaking, I am passionate …"), never a name: blanked, it hid where the fluff began
    return said | TOOL_WORDS | STOCK_WORDS


@lru_cache(maxsize=256)  # per question: it recurs for every answer to it
def topic_stems(target: Target) -> frozenset[str]:
    """Stems of the question, reference, rubric and topic: the words an on-topic sentence
    uses."""
    texts = [target.question_text, target.reference, target.topic]
    texts += [" ".join((p.text, *p.phrases)) for p in target.points]
    return frozenset(t.stem for text in texts for t in tokenize(text) if t.is_content)


@lru_cache(maxsize=256)  # per question: it recurs for every answer to it
def answer_stems(target: Target) -> frozenset[str]:
    """Stems of what an answer should say (reference and rubric), not of the question: a
    stock sentence that borrows the question's words ("a huge difference") is still fluff."""
    question = {t.stem for t in tokenize(target.question_text) if t.is_content}
    texts = [target.reference, *(p.text for p in target.points)]
    said = {t.stem for text in texts for t in tokenize(text) if t.is_content}
    return frozenset(said - question)
