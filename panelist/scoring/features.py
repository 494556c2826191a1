"""Raw signals of one answer against one target: coverage, similarity, alignment, shape.

Every signal is computed from the answer, the question and its rubric alone:
no gold score, no other candidate's answer, nothing tuned per question.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from panelist.scoring.credit import (
    EarlierAnswer,
    PointCredit,
    cached_credits,
    credit_points,
    merge_exchange,
    stem_index,
)
from panelist.scoring.flags import dont_know
from panelist.scoring.masking import mask_answer
from panelist.scoring.relevance import points_relevance, prompt_relevance
from panelist.scoring.rubric import Target
from panelist.scoring.semantic import Encoder, canonical
from panelist.scoring.text import content_tokens, tokenize, whole_sentences
from panelist.scoring.types import FlagDetail, InterviewContext, KeyPointHit
from panelist.scoring.vocabulary import TOOL_WORDS

QUESTION_WORD_WEIGHT = 0.25  # a word already in the question earns a quarter of the credit
ADHOC_HIT = 0.5  # an ad-hoc point is credited when half of its (weighted) words are there
MAX_EXCHANGE_CHARS = 20_000  # each earlier answer of the exchange is read this far
MAX_COUNTED_WORDS = 200  # length stops counting here: padding an answer earns nothing
MAX_SEMANTIC_SENTENCES = 40  # an answer's first 40 distinct sentences are embedded
SEMANTIC_SIGNALS = (
    "semantic_reference",
    "semantic_question",
    "semantic_best_sentence",
    "semantic_coverage",
    "semantic_demoted",
)

_COMMAND = re.compile(r"`[^`]+`|(?<!\w)--?[a-z][\w-]+|\b\w+\(\)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|ms|s|x|gb|mb|tb|k|rps|qps)?", re.I)


@dataclass(frozen=True)
class Analysis:
    signals: dict[str, float]  # the exchange's (this answer's when it has no earlier ones)
    hits: list[KeyPointHit]
    missed: list[str]
    own_signals: dict[str, float]  # this answer's alone (for its relevance and flags)
    prompt_relevance: float | None = None  # against the turn it replies to, when known
    dont_know: FlagDetail | None = None  # the answer says it has no answer (no point credited)


def _weights(stems: list[str], question: AbstractSet[str]) -> dict[str, float]:
    return {s: (QUESTION_WORD_WEIGHT if s in question else 1.0) for s in stems}


def _cosine(a: Counter[str], b: Counter[str], weight: dict[str, float]) -> float:
    dot = sum(
        (1 + math.log(a[s])) * (1 + math.log(b[s])) * weight.get(s, 1.0) ** 2 for s in a if s in b
    )
    na = math.sqrt(sum(((1 + math.log(c)) * weight.get(s, 1.0)) ** 2 for s, c in a.items()))
    nb = math.sqrt(sum(((1 + math.log(c)) * weight.get(s, 1.0)) ** 2 for s, c in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def analyse(
    answer: str,
    masked: str,
    target: Target,
    encoder: Encoder | None,
    context: InterviewContext | None = None,
    *,
    heard: str | None = None,
) -> Analysis:
    """All signals of ``masked`` (the answer with ignored spans blanked, same offsets).

    With ``context.exchange`` (earlier answers to this question and its follow-ups) the
    key points and text signals are the exchange's: a point said in any answer counts, and
    its evidence names that answer. ``own_signals`` are this answer's alone, and
    ``prompt_relevance`` measures ``heard`` (``masked`` with its asides kept, see
    :class:`panelist.scoring.masking.Masked`) against ``context.prompt`` (the turn it replies
    to).

    An answer that says it has no answer ("I'm not sure, I think I've said what I know about
    that": ``flags.dont_know``) credits no point, though its words may come near one.

    A question that is not scored (the intro) has its rubric's key points credited by no
    answer: its answers' relevance and flags are all that is read of them, so the credit
    is not worked out (no hits, nothing missed, a coverage of 0).
    """
    earlier = [
        EarlierAnswer(e.turn_id, text, _mask_ignored(text, target, encoder, e.prompt), e.prompt)
        for e in (context.exchange if context else [])
        if (text := e.answer[:MAX_EXCHANGE_CHARS]).strip()
    ]
    prompt = context.prompt if context else None
    credits: dict[str, PointCredit] = {}
    no_answer = dont_know(masked)
    if target.scored:
        by_stem = stem_index(tokenize(masked), target)
        credits = credit_points(
            answer, masked, target, encoder, by_stem, QUESTION_WORD_WEIGHT, prompt
        )
        if no_answer is not None:
            credits = {point: PointCredit(0.0, ()) for point in credits}
    own = _signals(masked, target, encoder, credits)
    if earlier:
        merged = merge_exchange(
            credits,
            [
                (
                    e.turn_id,
                    cached_credits(
                        e.answer, e.masked, target, encoder, QUESTION_WORD_WEIGHT, e.prompt
                    ),
                )
                for e in earlier
                if target.scored and dont_know(e.masked) is None
            ],
        )
        combined = "\n\n".join([*(e.masked for e in earlier), masked])
        signals = _signals(combined, target, encoder, merged)
    else:
        merged, signals = credits, own
    hits: list[KeyPointHit] = []
    missed: list[str] = []
    for point in target.points if target.scored else ():
        credit = merged[point.id]
        threshold = ADHOC_HIT if point.adhoc else 0.5
        if credit.strength >= threshold and credit.evidence:
            hits.append(
                KeyPointHit(point.id, list(credit.evidence), round(min(credit.strength, 1.0), 3))
            )
        else:
            missed.append(point.id)
    relevance = prompt_relevance(heard or masked, prompt, earlier, encoder) if prompt else None
    if relevance is not None:  # the question's own points, said, are on it whatever was asked
        said = sum(
            p.weight
            for p in target.points
            if (c := credits.get(p.id)) is not None
            and c.evidence
            and c.strength >= (ADHOC_HIT if p.adhoc else 0.5)
        )
        total = sum(p.weight for p in target.points)
        relevance = max(relevance, points_relevance(said, total))
    return Analysis(
        signals=signals,
        hits=hits,
        missed=missed,
        own_signals=own,
        prompt_relevance=relevance,
        dont_know=no_answer,
    )


_MASKED: OrderedDict[tuple[str, Target, int, str | None], str] = OrderedDict()
MASKED_CACHED = 256  # each earlier answer of an exchange, again at every follow-up


def _mask_ignored(
    text: str, target: Target, encoder: Encoder | None, prompt: str | None = None
) -> str:
    """An earlier answer masked exactly as the scored answer is (see scoring.masking), as a
    reply to the turn it answered (``prompt``)."""
    key = (text, target, id(encoder), prompt)
    if key not in _MASKED:
        _MASKED[key] = mask_answer(text, target, encoder=encoder, prompt=prompt).masked
        if len(_MASKED) > MASKED_CACHED:
            _MASKED.popitem(last=False)
    _MASKED.move_to_end(key)
    return _MASKED[key]


def _signals(
    masked: str, target: Target, encoder: Encoder | None, credits: dict[str, PointCredit]
) -> dict[str, float]:
    """The text signals of ``masked`` against ``target``, coverage from ``credits``."""
    tokens = tokenize(masked)
    content = content_tokens(tokens)
    affirmed = [t for t in content if not t.negated]
    side = _reference_side(target.question_text, target.reference)
    question_stems, reference_stems = side.question_stems, side.reference_stems
    answer_stems = [t.stem for t in affirmed]
    answer_counts = Counter(answer_stems)
    total_weight = sum(p.weight for p in target.points) or 1.0
    credited = sum(
        p.weight * min(credits[p.id].strength, 1.0) for p in target.points if p.id in credits
    )

    ref_weights, ref_total = side.weights, side.total
    align_recall = (
        sum(w for s, w in ref_weights.items() if s in answer_counts) / ref_total
        if ref_total
        else 0.0
    )
    unique_answer = set(answer_stems)
    known = known_stems(target)
    align_precision = len(unique_answer & known) / len(unique_answer) if unique_answer else 0.0
    q_overlap = len(question_stems & unique_answer) / len(question_stems) if question_stems else 0.0
    # Length and novelty count only on-topic words (the reference's, rubric's, question's,
    # numbers and tools): padding an answer with words about nothing cannot raise them.
    novel = (unique_answer & known) - question_stems
    new_content = len(novel) / len(unique_answer) if unique_answer else 0.0
    weight_all = _weights(list(set(reference_stems) | unique_answer), question_stems)
    similarity = _cosine(answer_counts, side.counts, weight_all)
    ref_bigrams = side.bigrams
    answer_bigrams = _bigrams([t.stem for t in content])
    bigram_recall = len(ref_bigrams & answer_bigrams) / len(ref_bigrams) if ref_bigrams else 0.0

    on_topic = [
        t for t in content if t.stem in known or t.text[0].isdigit() or t.text.lower() in TOOL_WORDS
    ]
    n_content = len(on_topic)
    n_ref = max(len(reference_stems), 1)
    numbers = len(_NUMBER.findall(masked))
    tools = sum(1 for t in content if t.text.lower() in TOOL_WORDS)
    commands = len(_COMMAND.findall(masked))
    signals: dict[str, float] = {
        "coverage": credited / total_weight,
        "similarity": similarity,
        "align_recall": align_recall,
        "align_precision": align_precision,
        "question_overlap": q_overlap,
        "new_content": new_content,
        "log_length": math.log1p(min(n_content, MAX_COUNTED_WORDS)),
        "length_ratio": min(n_content / n_ref, 3.0) / 3.0,
        "specificity": min(1.0, (numbers + tools + commands) / 5.0),
        "negated_share": sum(t.negated for t in on_topic) / n_content if n_content else 0.0,
        "bigram_recall": bigram_recall,
    }
    if encoder is not None:
        signals.update(_semantic_signals(masked, target, encoder, known))
        signals.update(_agreement_signals(signals))
    return signals


def _bigrams(stems: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(stems))


@dataclass(frozen=True)
class _ReferenceSide:
    """What :func:`_signals` reads of a question and its reference answer: the same for every
    answer to the question, so worked out once per question (read only)."""

    question_stems: frozenset[str]
    reference_stems: list[str]  # content stems in order
    counts: Counter[str]  # of reference_stems
    bigrams: set[tuple[str, str]]  # of reference_stems
    weights: dict[str, float]  # each distinct reference stem's, in order
    total: float  # their sum


@lru_cache(maxsize=1024)
def _reference_side(question_text: str, reference: str) -> _ReferenceSide:
    question_stems = frozenset(t.stem for t in content_tokens(tokenize(question_text)))
    reference_stems = [t.stem for t in content_tokens(tokenize(reference))]
    weights = _weights(list(dict.fromkeys(reference_stems)), question_stems)
    return _ReferenceSide(
        question_stems,
        reference_stems,
        Counter(reference_stems),
        _bigrams(reference_stems),
        weights,
        sum(weights.values()),
    )


def _semantic_signals(
    masked: str, target: Target, encoder: Encoder, known: frozenset[str]
) -> dict[str, float]:
    """Cosines of the answer, and of its best sentence, with the reference and question; and
    the weighted share of the rubric points that some answer sentence says (by meaning).

    One model pass per distinct sentence (the reference, question and points are cached):
    the answer's vector is the sentences' vectors pooled, each weighted by its on-topic
    words (see :func:`on_topic_weights`). So by construction repeating a sentence changes
    nothing (each distinct sentence counts once), and a sentence with no word of the
    question, reference or rubric (padding, fluff the masking missed) moves no signal.
    """
    said = [canonical(masked[s:e]) for s, e in whole_sentences(masked)]
    spans = list(dict.fromkeys(s for s in said if s))[:MAX_SEMANTIC_SENTENCES]
    if not spans:
        return dict.fromkeys(SEMANTIC_SIGNALS, 0.0)
    weights = on_topic_weights(spans, known)
    reference = target.reference or target.question_text
    points = [p.text for p in target.points]
    vectors = encoder.encode([reference, target.question_text, *spans, *points])
    ref, question = vectors[0], vectors[1]
    sentence_vectors = vectors[2 : 2 + len(spans)]
    point_vectors = vectors[2 + len(spans) :]
    pooled = weights @ sentence_vectors
    answer = pooled / max(float(np.linalg.norm(pooled)), 1e-9)
    counted = sentence_vectors[weights > 0]
    coverage = 0.0
    if points:
        point_weights = np.array([p.weight for p in target.points])
        best = (point_vectors @ counted.T).max(axis=1)
        coverage = float((best.clip(0, 1) * point_weights).sum() / point_weights.sum())
    return {
        "semantic_reference": float(answer @ ref),
        "semantic_question": float(answer @ question),
        "semantic_best_sentence": float((counted @ ref).max()),
        "semantic_coverage": coverage,
        "semantic_demoted": _demoted_cosine(answer, ref, question),
    }


@lru_cache(maxsize=256)
def known_stems(target: Target) -> frozenset[str]:
    """The stems an on-topic answer uses: the question's, reference's, rubric's and topic's
    (read once per target: it recurs for every answer to the question)."""
    texts = [target.question_text, target.topic, target.reference]
    texts.extend(" ".join((p.text, *p.phrases)) for p in target.points)
    return frozenset(t.stem for text in texts for t in content_tokens(tokenize(text)))


def on_topic_weights(spans: list[str], known: frozenset[str]) -> np.ndarray[Any, Any]:
    """Each sentence's share of the answer's on-topic words (stems of the question,
    reference, rubric or topic, numbers, tools). With none anywhere (an answer from another
    domain) every sentence weighs the same, so relevance can still tell it is off topic."""
    counts = np.array(
        [
            sum(
                t.stem in known or t.text[0].isdigit() or t.text.lower() in TOOL_WORDS
                for t in content_tokens(tokenize(span))
            )
            for span in spans
        ],
        dtype=np.float32,
    )
    if not counts.any():
        counts[:] = 1.0
    weights: np.ndarray[Any, Any] = counts / counts.sum()
    return weights


def _agreement_signals(signals: dict[str, float]) -> dict[str, float]:
    """Products of a semantic and a lexical signal: high only when the answer says the
    reference both in its words and in its meaning (the ridge model is linear otherwise)."""
    demoted = signals["semantic_demoted"]
    return {
        "demoted_x_coverage": demoted * signals["coverage"],
        "demoted_x_recall": demoted * signals["align_recall"],
        "semantic_x_recall": signals["semantic_reference"] * signals["align_recall"],
        "semantic_coverage_x_coverage": signals["semantic_coverage"] * signals["coverage"],
        # agreement climbs faster than the cosine near a paraphrase of the reference
        "semantic_reference_sq": signals["semantic_reference"] ** 2,
    }


def _demoted_cosine(
    answer: np.ndarray[Any, Any], reference: np.ndarray[Any, Any], question: np.ndarray[Any, Any]
) -> float:
    """Cosine of answer and reference once the question's direction is taken out of both:
    restating the question earns nothing (question demotion, by meaning)."""
    a = answer - (answer @ question) * question
    r = reference - (reference @ question) * question
    norm = float(np.linalg.norm(a) * np.linalg.norm(r))
    return float(a @ r) / norm if norm > 1e-9 else 0.0
