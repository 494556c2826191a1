"""Raw signals of one answer against one target: coverage, similarity, alignment, shape.

Every signal is computed from the answer, the question and its rubric alone:
no gold score, no other candidate's answer, nothing tuned per question.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from panelist.scoring.rubric import RubricPoint, Target
from panelist.scoring.semantic import Encoder
from panelist.scoring.text import Token, content_tokens, sentences, stem, tokenize
from panelist.scoring.types import Evidence, KeyPointHit

QUESTION_WORD_WEIGHT = 0.25  # a word already in the question earns a quarter of the credit
ADHOC_HIT = 0.5  # an ad-hoc point is credited when half of its (weighted) words are there
SEMANTIC_HIT = 0.6  # cosine between a key point and an answer sentence that credits it
MAX_COUNTED_WORDS = 200  # length stops counting here: padding an answer earns nothing

_TOOL_TEXT = """
prometheus alertmanager grafana datadog pagerduty opsgenie kubernetes k8s kubectl helm
terraform ansible puppet chef docker jenkins gitlab github argo argocd spinnaker flux
elasticsearch kibana loki splunk jaeger opentelemetry zipkin nginx envoy istio linkerd
consul vault etcd redis kafka rabbitmq postgres postgresql mysql aws gcp azure ec2 s3
lambda cloudwatch bash python go java strace tcpdump perf iostat vmstat top htop netstat
dig curl git slo sli sla mttr mttd p99 p95 p50 tcp udp dns http https tls ssl ip bgp
"""
_TOOLS = frozenset(_TOOL_TEXT.split())
_COMMAND = re.compile(r"`[^`]+`|(?<!\w)--?[a-z][\w-]+|\b\w+\(\)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|ms|s|x|gb|mb|tb|k|rps|qps)?", re.I)


@dataclass(frozen=True)
class Analysis:
    signals: dict[str, float]
    hits: list[KeyPointHit]
    missed: list[str]


def _weights(stems: list[str], question: set[str]) -> dict[str, float]:
    return {s: (QUESTION_WORD_WEIGHT if s in question else 1.0) for s in stems}


def _cosine(a: Counter[str], b: Counter[str], weight: dict[str, float]) -> float:
    dot = sum(
        (1 + math.log(a[s])) * (1 + math.log(b[s])) * weight.get(s, 1.0) ** 2 for s in a if s in b
    )
    na = math.sqrt(sum(((1 + math.log(c)) * weight.get(s, 1.0)) ** 2 for s, c in a.items()))
    nb = math.sqrt(sum(((1 + math.log(c)) * weight.get(s, 1.0)) ** 2 for s, c in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def _spans(tokens: list[Token]) -> list[Evidence]:
    """Merge tokens that sit next to each other into spans (offsets into the answer)."""
    spans: list[tuple[int, int]] = []
    for token in sorted(tokens, key=lambda t: t.start):
        if spans and token.start - spans[-1][1] <= 2:
            spans[-1] = (spans[-1][0], token.end)
        else:
            spans.append((token.start, token.end))
    return [Evidence(text="", start=s, end=e) for s, e in spans]


def _quote(answer: str, evidence: list[Evidence]) -> list[Evidence]:
    return [Evidence(text=answer[e.start : e.end], start=e.start, end=e.end) for e in evidence]


def _phrase_match(phrase: str, by_stem: dict[str, list[int]], tokens: list[Token]) -> list[Token]:
    """Tokens evidencing ``phrase``: all its content words, close together, none negated."""
    words = [t.stem for t in content_tokens(tokenize(phrase))] or [stem(phrase)]
    positions = [by_stem.get(w) for w in words]
    if any(not p for p in positions):
        return []
    first = positions[0] or []
    for start in first:
        chosen = [start]
        for later in positions[1:]:
            near = [p for p in (later or []) if abs(p - start) <= len(words) + 3]
            if not near:
                break
            chosen.append(near[0])
        else:
            return [tokens[i] for i in chosen]
    return []


def _credit_point(
    point: RubricPoint,
    answer_tokens: list[Token],
    by_stem: dict[str, list[int]],
    question: set[str],
) -> tuple[float, list[Token]]:
    if point.adhoc:
        stems = list(dict.fromkeys(stem(p) for p in point.phrases))
        weights = _weights(stems, question)
        found = [s for s in stems if s in by_stem]
        total = sum(weights.values())
        strength = sum(weights[s] for s in found) / total if total else 0.0
        return strength, [answer_tokens[by_stem[s][0]] for s in found]
    for phrase in point.phrases:
        matched = _phrase_match(phrase, by_stem, answer_tokens)
        if matched:
            return 1.0, matched
    text_stems = list(dict.fromkeys(t.stem for t in content_tokens(tokenize(point.text))))
    found = [s for s in text_stems if s in by_stem and s not in question]
    share = len(found) / len(text_stems) if text_stems else 0.0
    if share >= 0.6:
        return 0.8 * share, [answer_tokens[by_stem[s][0]] for s in found]
    return 0.0, []


def analyse(answer: str, masked: str, target: Target, encoder: Encoder | None) -> Analysis:
    """All signals of ``masked`` (the answer with ignored spans blanked, same offsets)."""
    tokens = tokenize(masked)
    content = content_tokens(tokens)
    affirmed = [t for t in content if not t.negated]
    by_stem: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        if token.is_content and not token.negated:
            by_stem.setdefault(token.stem, []).append(index)

    question_stems = {t.stem for t in content_tokens(tokenize(target.question_text))}
    wanted = {stem(w) for p in target.points for w in p.phrases if " " not in w}
    wanted |= {t.stem for t in content_tokens(tokenize(target.reference))}
    _add_fuzzy(by_stem, wanted)
    topic_stems = {t.stem for t in content_tokens(tokenize(target.topic))}
    reference_stems = [t.stem for t in content_tokens(tokenize(target.reference))]
    point_stems = {
        t.stem
        for p in target.points
        for t in content_tokens(tokenize(" ".join((p.text, *p.phrases))))
    }
    answer_stems = [t.stem for t in affirmed]
    answer_counts = Counter(answer_stems)

    hits: list[KeyPointHit] = []
    missed: list[str] = []
    credited = 0.0
    total_weight = sum(p.weight for p in target.points) or 1.0
    semantic_hits = _semantic_point_strengths(masked, target, encoder)
    for point in target.points:
        strength, evidence_tokens = _credit_point(point, tokens, by_stem, question_stems)
        evidence = _spans(evidence_tokens)
        sem = semantic_hits.get(point.id)
        if sem is not None and sem[0] > strength and not point.adhoc:
            strength, evidence = sem
        threshold = ADHOC_HIT if point.adhoc else 0.5
        credited += point.weight * min(strength, 1.0)
        if strength >= threshold and evidence:
            hits.append(
                KeyPointHit(point.id, _quote(answer, evidence), round(min(strength, 1.0), 3))
            )
        else:
            missed.append(point.id)

    ref_weights = _weights(list(dict.fromkeys(reference_stems)), question_stems)
    ref_total = sum(ref_weights.values())
    align_recall = (
        sum(w for s, w in ref_weights.items() if s in answer_counts) / ref_total
        if ref_total
        else 0.0
    )
    unique_answer = set(answer_stems)
    known = set(reference_stems) | question_stems | point_stems | topic_stems
    align_precision = len(unique_answer & known) / len(unique_answer) if unique_answer else 0.0
    q_overlap = len(question_stems & unique_answer) / len(question_stems) if question_stems else 0.0
    # Length and novelty count only on-topic words (the reference's, rubric's, question's,
    # numbers and tools): padding an answer with words about nothing cannot raise them.
    novel = (unique_answer & known) - question_stems
    new_content = len(novel) / len(unique_answer) if unique_answer else 0.0
    weight_all = _weights(list(set(reference_stems) | unique_answer), question_stems)
    similarity = _cosine(answer_counts, Counter(reference_stems), weight_all)
    ref_bigrams = _bigrams(reference_stems)
    answer_bigrams = _bigrams([t.stem for t in content])
    bigram_recall = len(ref_bigrams & answer_bigrams) / len(ref_bigrams) if ref_bigrams else 0.0

    on_topic = [
        t for t in content if t.stem in known or t.text[0].isdigit() or t.text.lower() in _TOOLS
    ]
    n_content = len(on_topic)
    n_ref = max(len(reference_stems), 1)
    numbers = len(_NUMBER.findall(masked))
    tools = sum(1 for t in content if t.text.lower() in _TOOLS)
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
        signals.update(_semantic_signals(masked, target, encoder))
        signals.update(_agreement_signals(signals))
    return Analysis(signals=signals, hits=hits, missed=missed)


def _bigrams(stems: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(stems))


def _add_fuzzy(by_stem: dict[str, list[int]], wanted: set[str]) -> None:
    """Credit misspelt words ("protoype" for "prototype"): same first two letters, ratio >= 0.85."""
    by_prefix: dict[str, list[str]] = {}
    for candidate in by_stem:
        if len(candidate) >= 5:
            by_prefix.setdefault(candidate[:2], []).append(candidate)
    for word in wanted:
        if word in by_stem or len(word) < 5:
            continue
        for candidate in by_prefix.get(word[:2], ()):
            if abs(len(candidate) - len(word)) <= 2 and _close(word, candidate):
                by_stem[word] = by_stem[candidate]
                break


def _close(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.85


def _semantic_signals(masked: str, target: Target, encoder: Encoder) -> dict[str, float]:
    """Cosines of the whole answer, and of its best sentence, with the reference and question;
    and the weighted share of the rubric points that some answer sentence says (by meaning)."""
    text = " ".join(masked.split())
    if not text:
        return {
            "semantic_reference": 0.0,
            "semantic_question": 0.0,
            "semantic_best_sentence": 0.0,
            "semantic_coverage": 0.0,
            "semantic_demoted": 0.0,
        }
    spans = [" ".join(masked[s:e].split()) for s, e in sentences(masked)][:40] or [text]
    reference = target.reference or target.question_text
    points = [p.text for p in target.points]
    vectors = encoder.encode([text, reference, target.question_text, *spans, *points])
    answer, ref, question = vectors[0], vectors[1], vectors[2]
    sentence_vectors = vectors[3 : 3 + len(spans)]
    point_vectors = vectors[3 + len(spans) :]
    coverage = 0.0
    if points:
        weights = np.array([p.weight for p in target.points])
        best = (point_vectors @ sentence_vectors.T).max(axis=1)
        coverage = float((best.clip(0, 1) * weights).sum() / weights.sum())
    return {
        "semantic_reference": float(answer @ ref),
        "semantic_question": float(answer @ question),
        "semantic_best_sentence": float((sentence_vectors @ ref).max()),
        "semantic_coverage": coverage,
        "semantic_demoted": _demoted_cosine(answer, ref, question),
    }


def _agreement_signals(signals: dict[str, float]) -> dict[str, float]:
    """Products of a semantic and a lexical signal: high only when the answer says the
    reference both in its words and in its meaning (the ridge model is linear otherwise)."""
    demoted = signals["semantic_demoted"]
    return {
        "demoted_x_coverage": demoted * signals["coverage"],
        "demoted_x_recall": demoted * signals["align_recall"],
        "semantic_x_recall": signals["semantic_reference"] * signals["align_recall"],
        "semantic_coverage_x_coverage": signals["semantic_coverage"] * signals["coverage"],
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


def _semantic_point_strengths(
    masked: str, target: Target, encoder: Encoder | None
) -> dict[str, tuple[float, list[Evidence]]]:
    """For catalog key points: the best answer sentence by meaning, when no negation is in it."""
    catalog_points = [p for p in target.points if not p.adhoc]
    if encoder is None or not catalog_points:
        return {}
    spans = [
        (s, e)
        for s, e in sentences(masked)
        if masked[s:e].strip() and not any(t.negated for t in tokenize(masked[s:e]))
    ][:40]
    if not spans:
        return {}
    vectors = encoder.encode([masked[s:e] for s, e in spans] + [p.text for p in catalog_points])
    sentence_vectors, point_vectors = vectors[: len(spans)], vectors[len(spans) :]
    result: dict[str, tuple[float, list[Evidence]]] = {}
    for point, vector in zip(catalog_points, point_vectors, strict=True):
        cosines = sentence_vectors @ vector
        best = int(cosines.argmax())
        if float(cosines[best]) >= SEMANTIC_HIT:
            start, end = spans[best]
            result[point.id] = (float(cosines[best]), [Evidence("", start, end)])
    return result
