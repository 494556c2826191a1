"""Does the answer assert a misconception of its question's main points?

A catalog key point may carry the claims a candidate wrong on that point makes, in a
candidate's words ("Load average is the CPU usage in percent"; panelist/catalog/models.py
``KeyPoint.misconceptions``). An answer asserts one when one of its sentences

- is about the question (``scoring.anchors``' sentences and weights) and does not deny the
  misconception (:func:`contradicts`: a negation of its words, "Load isn't CPU"; a negation
  of something else asserts it all the same, "30 things want CPU and the four cores cannot
  keep up", and so does a sentence that denies what a misconception denies, "We never roll
  back before we know the root cause"),
- does not say the misconception's own point by its evidence phrases without repeating the
  misconception's words (:func:`_says_the_point`: "We rolled the plugin back from the
  WordPress admin, which fixed checkout in about ten minutes" says "rolled back"; it is near
  "We looked at the logs for a few hours until we found the bug, then fixed it" as the same
  kind of story, and says the point's opposite),
- is at least :data:`MIN_CLOSENESS` close in meaning to the misconception, and
- is nearer it by :data:`MARGIN` than to anything right the question says (its key points,
  the misconception's own point among them, anchors 3-5 and the reference's sentences:
  ``anchors.right_texts``), or by :data:`UNSAID_MARGIN` when the answer does not make the
  misconception's point, the sentence is no evidence of another point, and the answer as a
  whole leans to anchor 1 (:data:`UNSAID_LEAN`): "Load 30 on 4 cores, so we need more
  cores." is 0.15 nearer "Load average is CPU usage ..." than any right text, in an answer
  that says nothing right; or by :data:`UNSAID_MARGIN` when the sentence takes a stance
  (below) and earns no credit ("But rebuilding from the same commit gives you the same
  result anyway, so the real fix is to make staging test more of production's traffic",
  0.16). A sentence making one point comes as near another point's misconception ("the
  five-minute condition lets it clear almost as soon as the errors stop", 0.11) and is not
  read this way.

A sentence at least :data:`MIN_CLOSENESS` close to a misconception that calls futile or
dismisses one of its point's evidence phrases (:func:`_dismisses`) takes the misconception's
side as a stance, whatever the margins: "Rolling back without understanding the cause just
hides the problem" is as near "Mitigates first (rollback, ...)" as "Find the root cause in the
code before rolling anything back", by 0.05, and credited the point it dismisses.

A point the answer makes in a sentence that does not assert its misconception exempts it:
the answer names the wrong idea to reject it ("Deleting logs feels harmless, but rm -rf ...
on sixty hosts at once is how people wipe a server. ... then one host, then batches of
five"). Credit inside an asserting sentence does not: credit by meaning can credit the
wrong statement itself ("Zombie processes are hung processes that are still running"
credits the zombie definition). The answer holds the misconception when, besides, the
answer as a whole does not lean clearly to the higher anchors (``anchors.Lean.answer``
above :data:`ANSWER_LEAN`: anchor 1's cosine minus the best of anchors 3-5's): a right
answer that warns about the wrong idea ("a pod that crashes on start would be restarted in
a loop forever") leans to the higher anchors. A sentence that takes a stance needs no lean
(``polarity.takes_a_stance``: a conclusion, the candidate's own plan or a verdict, "if the
loyalty service is down, failing the checkout with a 500 is the right thing"): an answer
right first and wrong in its conclusion leans to the higher anchors by its right part
(-0.53 there), while a warning describes a risk. Such an answer is wrong on the main
point: the scorer caps it at anchor 2 and quotes the sentence for the reviewer. Mentioning
the idea ("people read load as CPU, it is not") is a negation and does not count; a right
answer or a paraphrase of the reference sits nearer the right texts by construction.

Thresholds are set on the graded set's calibration split (143 answers, 12 questions): of
the answers graded 3 or more, the two that assert a misconception by more than 0.18 (0.23:
"We built this for a Go API with about 40 pods"; 0.22) lean to the higher anchors (-0.16,
-0.24); the rest stay below 0.18. On misconception_answers.jsonl (issue 13: 123 answers, 61
wrong on the main point) the wrong answers that assert one while their lean stays above
anchor 1's by a little ("Blue/green is the gradual one: you move 5% of users to green",
-0.08; "If Redis dies the page just errors until it's back", -0.06) are wrong; the right
ones that come near it warn about it and lean -0.18 or lower. So :data:`ANSWER_LEAN` is -0.1,
between them and the calibration split's -0.16. None of the catalog's 124 reference answers
and none of the 290 sentences of key_point_sentences.jsonl that make a point asserts one
(``panelist eval misconceptions``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from panelist.scoring.anchors import Lean, right_texts, sentences
from panelist.scoring.credit import avoided_by_point, says_phrase
from panelist.scoring.features import known_stems, on_topic_weights
from panelist.scoring.polarity import dismissed, takes_a_stance
from panelist.scoring.rubric import RubricPoint, Target
from panelist.scoring.semantic import Encoder, canonical
from panelist.scoring.text import NEGATIONS, Token, clauses, tokenize

MIN_CLOSENESS = 0.45  # cosine to the misconception: the sentence says that kind of thing
MARGIN = 0.2  # ... and is this much nearer it than to any right text of the question
UNSAID_MARGIN = 0.15  # ... or this much, when the answer does not make its point
ANSWER_LEAN = -0.1  # and the whole answer is not clearly nearer anchors 3-5 than anchor 1
CLEAR_MARGIN = 0.4  # ... or so much nearer it than anything right that no lean excuses it
UNSAID_LEAN = 0.0  # ... or, held by UNSAID_MARGIN only, nearer anchor 1 than anchors 3-5
IN_ITS_WORDS = 0.9  # cosine: the sentence is the misconception itself, whatever else is near


@dataclass(frozen=True)
class Asserted:
    """A sentence of the answer that asserts a key point's misconception."""

    point: str  # the key point's id
    misconception: str
    start: int  # the sentence, in the answer
    end: int
    closeness: float  # cosine to the misconception
    margin: float  # closeness minus the nearest right text's cosine
    unsaid: bool = False  # held by UNSAID_MARGIN only: its point is not made (see holds)
    stance: bool = False  # the sentence concludes, recommends or endorses it (see holds)


def misconceptions(target: Target) -> list[tuple[str, str]]:
    """(point id, misconception) of every key point of ``target``."""
    return [(point.id, text) for point in target.points for text in point.misconceptions]


def asserted(
    masked: str,
    target: Target,
    encoder: Encoder,
    credited: Mapping[str, Sequence[tuple[int, int]]] | None = None,
) -> Asserted | None:
    """The answer's strongest assertion of a misconception of its question's key points, or
    None. ``masked``: blanked spans say nothing; ``credited``: the evidence spans of each key
    point credited in the answer (same offsets), see :func:`_made_elsewhere`."""
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
    unsaid = np.array(
        [
            [_unsaid(credited or {}, point, spans[row]) for point, _ in wrong]
            for row in range(len(spans))
        ]
    )
    # a stance taken in a sentence that earns no credit (a credited sentence is a point made)
    stance = np.array(
        [
            takes_a_stance(text) and not _credited_in(credited or {}, span)
            for text, span in zip(texts, spans, strict=True)
        ]
    )[:, None]
    held = (closeness >= MIN_CLOSENESS) & (
        (margin >= MARGIN) | ((margin >= UNSAID_MARGIN) & (unsaid | stance))
    )
    # a sentence dismissing what the misconception's point prescribes takes the
    # misconception's side, however near the point's own text the model puts it
    points = {point.id: point for point in target.points}
    avoided = avoided_by_point(target)
    gone = [[text[s:e] for s, e in dismissed(text)] for text in texts]  # once per sentence
    dismissing: NDArray[np.bool_] = np.array(
        [
            [
                _dismisses(things, points.get(point), avoided.get(point, frozenset()))
                for point, _ in wrong
            ]
            for things in gone
        ]
    )
    against: NDArray[np.bool_] = dismissing & (closeness >= MIN_CLOSENESS)
    held |= against
    held[weights == 0] = False
    # the negation test only where the meaning already holds (most pairs are far apart)
    phrases = {point.id: point.phrases for point in target.points}
    for row, column in zip(*np.nonzero(held & ~against), strict=True):
        point, text = wrong[column]
        held[row, column] = not contradicts(texts[row], text) and not _says_the_point(
            texts[row], text, phrases.get(point, ())
        )
    dismissed_rows = np.asarray(against.any(axis=1), dtype=bool)
    stance = stance | dismissed_rows[:, None]
    for column, (point, _) in enumerate(wrong):
        if held[:, column].any() and _made_elsewhere(
            credited or {}, point, [spans[row] for row in np.nonzero(held[:, column])[0]]
        ):
            held[:, column] = False
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
        unsaid=bool(margin[sentence, which] < MARGIN and not stance[sentence, 0]),
        stance=bool(stance[sentence, 0]),
    )


def _dismisses(gone: Sequence[str], point: RubricPoint | None, avoided: frozenset[str]) -> bool:
    """One of the things a sentence calls futile or dismisses (``gone``, :mod:`polarity`)
    holds an evidence phrase of ``point``, one the point itself does not say to avoid
    (``avoided``, ``credit.avoided_by_point``): "Rolling back without understanding the cause
    just hides the problem" dismisses "roll back" of "Mitigates first (rollback, ...)"; "kill
    -9 does nothing" dismisses no phrase of "kill the parent"."""
    if point is None or not gone:
        return False
    return any(
        says_phrase(thing, phrase)
        for phrase in point.phrases
        if not {t.stem for t in tokenize(phrase) if t.is_content} & avoided
        for thing in gone
    )


def _made_elsewhere(
    credited: Mapping[str, Sequence[tuple[int, int]]],
    point: str,
    asserting: Sequence[tuple[int, int]],
) -> bool:
    """The answer makes ``point`` by evidence outside every sentence ``asserting`` its
    misconception: a right answer that names the wrong idea to reject it ("Deleting logs
    feels harmless, but rm -rf ... on sixty hosts at once is how people wipe a server. ...
    then one host, then batches of five"). Credit inside an asserting sentence is no such
    sign: credit by meaning can credit the wrong statement itself ("Zombie processes are
    hung processes that are still running" credits the zombie definition)."""
    return any(
        not any(s < end and start < e for start, end in asserting)
        for s, e in credited.get(point, ())
    )


def _credited_in(credited: Mapping[str, Sequence[tuple[int, int]]], span: tuple[int, int]) -> bool:
    """Some key point is credited by evidence inside the sentence ``span``."""
    start, end = span
    return any(s < end and start < e for found in credited.values() for s, e in found)


def _unsaid(
    credited: Mapping[str, Sequence[tuple[int, int]]], point: str, span: tuple[int, int]
) -> bool:
    """The sentence ``span`` may assert ``point``'s misconception by the smaller
    :data:`UNSAID_MARGIN`: the answer does not make ``point`` (it is not credited), and the
    sentence is no evidence for another key point either (a sentence making one point often
    comes near the misconception of another)."""
    start, end = span
    return point not in credited and not any(
        s < end and start < e for found in credited.values() for s, e in found
    )


ECHOED = 2  # content words of the misconception a sentence saying its point may not repeat


def _says_the_point(said: str, wrong: str, phrases: tuple[str, ...]) -> bool:
    """``said`` says the misconception's own point by one of its evidence ``phrases`` and
    repeats fewer than :data:`ECHOED` of the misconception's words: it is the right story of
    the same kind ("We rolled the plugin back ..., which fixed checkout" shares only "fixed"
    with "We looked at the logs for a few hours until we found the bug, then fixed it"). One
    that echoes the misconception ("Load average is basically the CPU run queue, so 30 things
    want CPU") asserts it though it names a right term."""
    if not any(says_phrase(said, phrase) for phrase in phrases):
        return False
    claim = {t.stem for t in tokenize(wrong) if t.is_content}
    return len(claim & {t.stem for t in tokenize(said) if t.is_content}) < ECHOED


def contradicts(said: str, wrong: str) -> bool:
    """``said`` denies the claim ``wrong``: it negates a word ``wrong`` affirms ("Load isn't
    CPU") or closes on a negation ("people call blue/green gradual, it isn't"). A negation of
    something else ("the four cores cannot keep up") denies nothing of it, and neither does
    denying what ``wrong`` denies ("We never roll back until we know the root cause")."""
    tokens = tokenize(said)
    claim = [t for t in tokenize(wrong) if t.is_content]
    # a stem the claim both affirms and negates ("errors" ... "never fails") says nothing
    affirmed = {t.stem for t in claim if not t.negated} - {t.stem for t in claim if t.negated}
    if any(t.negated and t.is_content and t.stem in affirmed for t in tokens):
        return True
    return any(
        _negator(t) and (i + 1 == len(tokens) or not tokens[i + 1].negated)
        for i, t in enumerate(tokens)
    )


def _negator(token: Token) -> bool:
    return token.text.lower().replace("\u2019", "'") in NEGATIONS


def claims_said(masked: str) -> list[tuple[int, int]]:
    """The answer's sentences and, in a longer sentence, each of its clauses (a negation in
    one clause says nothing of the others: "I'd delete the key from the repo, and tell the
    team not to commit secrets" asserts that deleting is the fix), but not its questions."""
    spans = sentences(masked)
    whole = set(spans)
    parts = [c for c in clauses(masked) if c not in whole]
    return [span for span in (*spans, *parts) if not _asks(masked, span)]


def _asks(masked: str, span: tuple[int, int]) -> bool:
    """The span is a question: it asks, it asserts nothing ("I'd want to know what the pain
    is first: is it maintenance time, or just that people dislike it?")."""
    return masked[span[0] : span[1]].rstrip().endswith("?")


def holds(said: Asserted | None, lean: Lean | None) -> bool:
    """The answer holds the misconception it asserts: as a whole it does not lean clearly to
    anchors 3-5 (or the question has no five anchors to lean to). One asserted by the
    smaller margin of an unmade point must lean to anchor 1 (:data:`UNSAID_LEAN`); one
    nearer the misconception than anything right by :data:`CLEAR_MARGIN` holds whatever the
    lean ("RUM sees every user, so we do not need synthetic probes at all" said as the whole
    answer, whose first half credits a strength of RUM), and so does one said in its own words
    (:data:`IN_ITS_WORDS`: "35 ms is within noise, so there is nothing to decide; p99 always
    jumps around" is 0.27 nearer itself than the point of comparing with normal variation,
    which it also comes near, and scored 2.04 unflagged)."""
    if said is None:
        return False
    if lean is None:
        return not said.unsaid
    if (said.stance and not said.unsaid) or said.margin >= CLEAR_MARGIN:
        return True  # a stance taken, or the misconception said nearly in its own words
    if said.closeness >= IN_ITS_WORDS:
        return True
    return lean.answer > (UNSAID_LEAN if said.unsaid else ANSWER_LEAN)
