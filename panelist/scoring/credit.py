"""Key-point credit: which rubric points an answer (or its whole exchange) says, and where.

A point is credited by one of its evidence phrases (all its words, close together, none
negated; with the semantic model, in a sentence nearer the point's claim than the bare phrase,
so "we have a status page" does not credit keeping stakeholders updated), by most of its own
words inside one sentence, or — with the semantic model — by a sentence that says it in other
words (nearer that point than any other, than the question's red flags and score-1
descriptor, and than a bare mention of any of the question's evidence phrases; not negating
the point's own words unless the point is itself a negation, as "kill -9 cannot help" is).
A sentence that calls a thing futile or dismisses it ("Killing the parent won't change
anything", "Don't bother with rate()": scoring.polarity) denies it as a negation does, by any
of these ways, unless the point itself says not to do it; a negation of what a point says not
to do is not read as the question's red flags or as a bare mention of a term, which affirm
(the model does not read the negation). The evidence is always the whole clause (or sentence) of the candidate's
words that does the crediting, never a run of matched tokens cut mid-phrase. Over an exchange
(a question and its follow-ups) each point takes its strongest credit from any answer, and the
evidence names that answer (``Evidence.turn_id``).
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from panelist.scoring import exemplars
from panelist.scoring.flags import red_flags
from panelist.scoring.framing import framing_spans
from panelist.scoring.numbers import numbers
from panelist.scoring.point_roles import ROLES, names_only_ownership, role_clauses, role_of
from panelist.scoring.polarity import avoided_stems, dismissed, dismissed_stems, inside
from panelist.scoring.quantities import quantities
from panelist.scoring.rubric import RubricPoint, Target
from panelist.scoring.semantic import Encoder
from panelist.scoring.text import (
    Token,
    claim_parts,
    clauses,
    content_stems,
    content_tokens,
    stem,
    tokenize,
    whole_sentences,
    word_form,
)
from panelist.scoring.tricks import blank, merge_spans
from panelist.scoring.types import Evidence

SEMANTIC_HIT = 0.5  # cosine between a key point and an answer sentence that credits it
SEMANTIC_MARGIN = 0.1  # ... and by how much it must be nearer that point than any other
WEAK_ANSWER_MARGIN = 0.1  # ... and than the question's red flags and its score-1 descriptor
WORD_GATE = 0.35  # a word match counts when its sentence is nearest this point by meaning
WORD_TIE = 0.05  # ... or within this of the nearest (the model cannot tell them apart)
TERM_CONTRAST = 0.0  # a phrase credits when its sentence is nearer the point than ...
MENTION = "We use {phrase}."  # ... to a bare mention of the phrase
TERSE_WORDS = 3  # a sentence with no more content words besides the phrase is all about it
ROLE_HIT = 0.9  # the strength of a point said by its role's shape (scoring.point_roles)
TEXT_SHARE_HIT = 0.6  # share of a point's own words in one sentence that credits it
MAX_SEMANTIC_SENTENCES = 40
QUOTE_ELSEWHERE = 0.2  # a quote this much nearer another point moves to this point's sentence
EXEMPLAR_SHARED_WORDS = 2  # words of a point or its exemplars a sentence credited by them says


@dataclass(frozen=True)
class PointCredit:
    """How strongly one answer says one point, and the clauses that say it."""

    strength: float
    evidence: tuple[Evidence, ...]


def weights(stems: list[str], question: set[str], question_weight: float) -> dict[str, float]:
    return {s: (question_weight if s in question else 1.0) for s in stems}


def stem_index(tokens: list[Token], target: Target) -> dict[str, list[int]]:
    """Positions of each affirmed content stem, misspellings of the rubric's words folded in;
    a hyphenated word or an identifier also stands for the rubric's words it joins
    ("pile-up" for "pile up", "tsdb_head_series" for "head series")."""
    phrase_words, wanted = _rubric_stems(target)
    by_stem: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        if token.is_content and not token.negated:
            by_stem.setdefault(token.stem, []).append(index)
            if "-" in token.text or "_" in token.text:
                for part in {stem(p) for p in re.split(r"[-_]", token.text) if len(p) > 1}:
                    if part in phrase_words and part != token.stem:
                        by_stem.setdefault(part, []).append(index)
            if 4 <= len(token.text) <= 5 and token.text[-1] in "sS":
                single = _singular(token.text)
                if single is not None and single in phrase_words and single != token.stem:
                    by_stem.setdefault(single, []).append(index)
    _add_fuzzy(by_stem, wanted)
    return by_stem


@lru_cache(maxsize=256)  # per question: it recurs for every answer to it
def _rubric_stems(target: Target) -> tuple[AbstractSet[str], AbstractSet[str]]:
    """The stems of the rubric's phrases (what a hyphenated or plural word may stand for),
    and the words a misspelling is folded into (the one-word phrases and the reference)."""
    phrase_words = {
        t.stem for p in target.points for w in p.phrases for t in content_tokens(tokenize(w))
    }
    wanted = {stem(w) for p in target.points for w in p.phrases if " " not in w}
    wanted |= {t.stem for t in content_tokens(tokenize(target.reference))}
    return phrase_words, wanted


def _singular(word: str) -> str | None:
    """The stem of a short plural's singular, where the stemmer reads them apart ("rules" is
    "rul" but "rule" stays "rule", "logs" stays "logs"): None when there is no such word."""
    lower = word.lower()
    if not (4 <= len(lower) <= 5 and lower.isalpha() and lower.endswith("s")):
        return None
    if lower.endswith(("ss", "us", "is")):
        return None
    return stem(lower[:-1])


def _add_fuzzy(by_stem: dict[str, list[int]], wanted: AbstractSet[str]) -> None:
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


@lru_cache(maxsize=65536)  # the rubric's words against an answer's: the same pairs recur
def _close(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.85


def clause_evidence(answer: str, masked: str, tokens: Sequence[Token]) -> tuple[Evidence, ...]:
    """The whole clauses of ``masked`` holding ``tokens``, quoted from ``answer``."""
    spans = clauses(masked)
    chosen: list[tuple[int, int]] = []
    for token in sorted(tokens, key=lambda t: t.start):
        span = next(((s, e) for s, e in spans if s <= token.start < e), None)
        if span is None:
            span = (token.start, token.end)
        if span not in chosen:
            chosen.append(span)
    return tuple(Evidence(answer[s:e], s, e) for s, e in chosen)


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
            split = any(
                tokens[i].stem != w and ("-" in tokens[i].text or "_" in tokens[i].text)
                for i, w in zip(chosen, words, strict=True)
            )
            if split and (len(set(chosen)) > 1 or not _joins(tokens[start], words)):
                continue  # "http_requests_total" joins "requests total", not "total requests"
            return [tokens[i] for i in chosen]
    return []


def says_phrase(text: str, phrase: str) -> bool:
    """``text`` says ``phrase``: all its content words close together, none negated ("We
    rolled the plugin back" says "rolled back")."""
    tokens = tokenize(text)
    by_stem: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        if token.is_content and not token.negated:
            by_stem.setdefault(token.stem, []).append(i)
    return bool(_phrase_match(phrase, by_stem, tokens))


def _joins(token: Token, words: list[str]) -> bool:
    """One hyphenated word or identifier stands for a phrase only with its words in order:
    "tsdb_head_series" for "head series"."""
    parts = [stem(p) for p in re.split(r"[-_]", token.text) if len(p) > 1]
    size = len(words)
    return any(parts[i : i + size] == words for i in range(len(parts) - size + 1))


def _adhoc_credit(
    point: RubricPoint,
    tokens: list[Token],
    by_stem: dict[str, list[int]],
    question: set[str],
    question_weight: float,
) -> tuple[float, list[Token]]:
    """A reference clause: the weighted share of its words said anywhere in the answer."""
    stems = list(dict.fromkeys(stem(p) for p in point.phrases))
    weight = weights(stems, question, question_weight)
    found = [s for s in stems if s in by_stem]
    total = sum(weight.values())
    strength = sum(weight[s] for s in found) / total if total else 0.0
    return strength, [tokens[by_stem[s][0]] for s in found]


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    stems: dict[str, Token]  # its affirmed content stems (the first token of each)
    said: frozenset[str] = frozenset()  # all its content stems, negated ones too


def _sentence_stems(masked: str, tokens: list[Token]) -> list[_Sentence]:
    """Each sentence with its affirmed content stems, in one pass over the tokens."""
    spans = whole_sentences(masked)
    stems: list[dict[str, Token]] = [{} for _ in spans]
    said: list[set[str]] = [set() for _ in spans]
    index = 0
    for token in tokens:
        while index < len(spans) and token.start >= spans[index][1]:
            index += 1
        if index == len(spans):
            break
        if token.start >= spans[index][0] and token.is_content:
            said[index].add(token.stem)
            if not token.negated:
                stems[index].setdefault(token.stem, token)
    return [
        _Sentence(s, e, found, frozenset(words))
        for (s, e), found, words in zip(spans, stems, said, strict=True)
    ]


def _forms(stems: Collection[str]) -> set[str]:
    """``stems`` with their inflections folded (:func:`text.word_form`: "runs" and "run")."""
    return {word_form(st) for st in stems}


def _sentence_share(
    point: RubricPoint, sentences: list[_Sentence], question: set[str]
) -> tuple[float, list[Token]]:
    """Most of a catalog point's own words, said (not negated) inside one sentence."""
    text_stems = list(dict.fromkeys(t.stem for t in content_tokens(tokenize(point.text))))
    if not text_stems:
        return 0.0, []
    best: tuple[float, list[Token]] = (0.0, [])
    asked = _forms(question)
    for sentence in sentences:
        said = {word_form(st): token for st, token in sentence.stems.items()}
        found = [
            said[form]
            for form in dict.fromkeys(word_form(st) for st in text_stems)
            if form in said and form not in asked
        ]
        share = len(found) / len(text_stems)
        if share > best[0]:
            best = (share, found)
    return best


def _catalog_credit(
    point: RubricPoint,
    sentences: list[_Sentence],
    tokens: list[Token],
    by_stem: dict[str, list[int]],
    question: set[str],
    meaning: Meaning,
    named: dict[int, str] | None = None,
    borrowed: AbstractSet[str] = frozenset(),
    dismissed_at: tuple[tuple[int, int], ...] = (),
    avoided: AbstractSet[str] = frozenset(),
) -> tuple[float, list[Token]]:
    """An evidence phrase of several words, or most of the point's own words in one sentence;
    or a one-word phrase where its sentence is (by meaning, when the model is there) about
    this point more than any other: "rotate" in "we rotate the on-call schedule weekly" is
    not the point "rotates and revokes the leaked key". Either way the phrase's sentence must
    say more than the point's term (:func:`_more_than_the_term`), or be a long sentence that
    credits another of the question's points and writes this term out as it stands
    (``named``, :func:`_used_in_a_claim`): "drop the blanket freeze for something
    risk-based, with a budget gate per service, since the pile-up after the thaw is what
    hurt us" uses "budget gate" in its case, though it is nearer "We use budget gate." by
    meaning than the point's text. A phrase made only of ``borrowed`` words (the follow-up
    the answer replies to) is the interviewer's term said back: "We'd write better action
    items next time." after "Six months later none of the action items are done." A phrase
    inside what the answer dismisses (``dismissed_at``, :mod:`polarity`: "Don't bother with
    rate()") is not said, unless the point avoids it too (``avoided``)."""
    said = [
        (p, m)
        for p in point.phrases
        if (m := _phrase_match(p, by_stem, tokens))
        and not {t.stem for t in m} <= borrowed
        and not any(inside(t.start, dismissed_at) and t.stem not in avoided for t in m)
    ]
    for phrase, matched in said:
        sentence = next((x for x in sentences if x.start <= matched[0].start < x.end), None)
        specific = (
            len(content_tokens(tokenize(phrase))) > 1
            or _compound(phrase, matched)
            or _said_as_written(phrase, matched, tokens)
        )
        if not specific and _vaguely_counted(tokens, matched[0]):
            continue  # "There were a lot of options" names no option
        if not (specific or meaning.agrees(point.id, matched[0].start)):
            continue
        if sentence is not None and _repeats_the_question(sentence, question):
            continue  # "So you are asking: ... when it gives up ..." is the question's own term
        if (
            sentence is None
            or _used_in_a_claim(phrase, sentence, named)
            or _more_than_the_term(point, phrase, matched, said, sentence, question, meaning)
        ):
            return 1.0, matched
    share, found = _sentence_share(point, sentences, question)
    if share >= TEXT_SHARE_HIT:
        return 0.8 * share, found
    return 0.0, []


_VAGUE_COUNT = (
    ("a", "lot", "of"),
    ("lots", "of"),
    ("plenty", "of"),
    ("many",),
    ("several",),
    ("various",),
    ("multiple",),
    ("different",),
    ("a", "few"),
    ("all", "sorts", "of"),
)


def _vaguely_counted(tokens: list[Token], token: Token) -> bool:
    """A one-word term counted and not named ("a lot of options", "several trade-offs",
    "various tools"): what the point asks for is which, so this says none of it."""
    index = next((i for i, t in enumerate(tokens) if t.start == token.start), None)
    if index is None:
        return False
    before = tuple(t.text.lower() for t in tokens[max(0, index - 3) : index])
    return any(before[-len(words) :] == words for words in _VAGUE_COUNT)


_OWN_SUBJECTS = frozenset({"i", "we"})


def _said_as_written(phrase: str, matched: list[Token], tokens: list[Token]) -> bool:
    """A phrase of the candidate's own act, a subject and its verb ("we decided", "i built"),
    said word for word as the catalog writes it: as specific as a phrase of two content
    words. "We decided to shard Prometheus by team" says "we decided"; "it was decided" and
    "half of our QA effort" (for "half of") do not count."""
    words = re.findall(r"[a-z0-9]+", phrase.lower())
    if len(words) != 2 or words[0] not in _OWN_SUBJECTS or len(matched) != 1:
        return False
    at = next((i for i, t in enumerate(tokens) if t.start == matched[0].start), None)
    lead = words.index(matched[0].text.lower()) if matched[0].text.lower() in words else None
    if at is None or lead is None or at < lead:
        return False
    said = [t.text.lower() for t in tokens[at - lead : at - lead + len(words)]]
    return said == words


def _repeats_the_question(sentence: _Sentence, question: set[str]) -> bool:
    """A sentence whose content words are (by ECHO_SHARE) the question's: it says the
    question back, whatever evidence phrase the question itself holds."""
    return _mostly_the_question(sentence.said, question)


def _compound(phrase: str, matched: list[Token]) -> bool:
    """A phrase of two words said as one hyphenated word ("pile-up" for "pile up"): as
    specific as the two words. A phrase that is itself one hyphenated word ("short-lived")
    stays one word."""
    words = _plain(phrase)
    return (
        " " in phrase.strip()
        and len(matched) == 1
        and "-" in matched[0].text
        and _plain(matched[0].text) == words
    )


def _more_than_the_term(
    point: RubricPoint,
    phrase: str,
    matched: list[Token],
    said: list[tuple[str, list[Token]]],
    sentence: _Sentence,
    question: set[str],
    meaning: Meaning,
) -> bool:
    """Whether the sentence of a matched evidence phrase makes the point, not only names its
    term ("We have a status page, it's hosted on Statuspage.io" names the term of "keeps
    stakeholders updated on a cadence"). It does when it holds another of the point's
    phrases sharing no word with this one ("both windows, 1h and 5m"), a word of the point's
    own text besides the phrase and the question's words ("Argo Rollouts with steps ... and
    a pause" for "shifts traffic in stages with pauses"), hardly any word besides the phrase
    ("Burn rate = error ratio / 0.001"; words under a negation count, so "... but nobody ever
    looked at it" is not terse), or, by meaning, is nearer the point's text than a
    bare mention of the phrase (``Meaning.beyond_term``). Without the model every phrase
    passes."""
    mine = {t.stem for t in matched}
    if any(
        not mine & {t.stem for t in other} and sentence.start <= other[0].start < sentence.end
        for _, other in said
    ):
        return True
    own = _forms({t.stem for t in content_tokens(tokenize(point.text))} - mine - question)
    if own & _forms(sentence.stems) - _forms(mine | question):
        return True  # "run both in parallel" says "Runs" of "Runs the new implementation ..."
    if len([st for st in sentence.said if st not in mine]) <= TERSE_WORDS:
        return True
    return meaning.beyond_term(point.id, matched[0].start, phrase)


_MEASURED_POINT = re.compile(
    r"\b(?:baseline|before\s+and\s+after|measured|outcome|number\s+before|against\s+a\s+baseline)\b",
    re.I,
)
MEASURED_CHANGE = 0.8  # a before/after pair of numbers evidences a measured-outcome point


def _measured_change(answer: str, masked: str, question: str) -> tuple[Evidence, ...]:
    """The clauses giving a number before and after ("peak lag went from 20 minutes to under
    30 seconds", "coverage went 30% → 85%"): the outcome measured against a baseline."""
    found = quantities(masked)
    spans: list[tuple[int, int]] = []
    for before in (q for q in found if q.role == "before"):
        after = next(
            (
                q
                for q in found
                if q.role == "after" and q.kind == before.kind and q.clause[0] >= before.clause[0]
            ),
            None,
        )
        if after is not None and not (before.shown in question and after.shown in question):
            for span in (before.clause, after.clause):
                if span not in spans:
                    spans.append(span)
            break
    return tuple(Evidence(answer[s:e], s, e) for s, e in spans)


def credit_points(
    answer: str,
    masked: str,
    target: Target,
    encoder: Encoder | None,
    by_stem: dict[str, list[int]],
    question_weight: float,
    prompt: str | None = None,
) -> dict[str, PointCredit]:
    """Each point's credit in one answer (``masked``: the answer with ignored spans blanked;
    ``prompt``: the interviewer turn it replies to, see :func:`exemplars.asked_for`).
    A sentence that only announces the answer's topic (scoring.framing) credits nothing; one
    that says a red flag of the question ("It was all a team effort so I can't say which part
    was mine") is no point by meaning: it is near the point's topic, saying its opposite."""
    ignored = framing_spans(masked) + _said_back(masked, target, prompt)
    if ignored:
        masked = blank(masked, ignored)
        by_stem = stem_index(tokenize(masked), target)
    flagged = _red_flag_sentences(masked, target)
    tokens = tokenize(masked)
    question = {t.stem for t in content_tokens(tokenize(target.question_text))}
    meaning = Meaning.of(masked, target, encoder, prompt)
    sentences = _sentence_stems(masked, tokens)
    asked = exemplars.asked_for(target, prompt)
    borrowed = frozenset(content_stems(asked.text)) if asked is not None else frozenset()
    futile = dismissed(masked)
    avoided = avoided_by_point(target)
    first = {
        point.id: _catalog_credit(
            point,
            sentences,
            tokens,
            by_stem,
            question,
            meaning,
            borrowed=borrowed,
            dismissed_at=futile,
            avoided=avoided[point.id],
        )
        for point in target.points
        if not point.adhoc
    }
    credits: dict[str, PointCredit] = {}
    for point in target.points:
        if point.adhoc:
            strength, found = _adhoc_credit(point, tokens, by_stem, question, question_weight)
            credits[point.id] = PointCredit(strength, clause_evidence(answer, masked, found))
            continue
        strength, found = first[point.id]
        if strength == 0.0:
            named = _claim_sentences(first, point.id, sentences, masked)
            if named:
                strength, found = _catalog_credit(
                    point,
                    sentences,
                    tokens,
                    by_stem,
                    question,
                    meaning,
                    named,
                    borrowed,
                    futile,
                    avoided[point.id],
                )
        evidence = meaning.requoted(point.id, clause_evidence(answer, masked, found), answer)
        if _dismisses(PointCredit(strength, evidence), point, avoided[point.id]):
            strength, evidence = 0.0, ()  # "Don't bother with rate(), just divide ... by ..."
        owned = role_of(point.text) is ROLES["own_role"]
        if not owned and _names_only_ownership(evidence):
            strength, evidence = 0.0, ()  # "the Redis split were mine" is not what was done
        role = _role_credit(point, answer, masked, question)
        if _dismisses(role, point, avoided[point.id]):
            role = None  # "Killing the parent won't change anything" is no stopgap
        by_meaning = meaning.credit(point.id, answer)
        if by_meaning is not None and _inside(by_meaning.evidence, flagged):
            by_meaning = None
        for candidate in (
            role,
            _measured_credit(point, answer, masked, target.question_text),
            by_meaning,
        ):
            if candidate is None or (not owned and _names_only_ownership(candidate.evidence)):
                continue
            if candidate.strength > strength:
                strength, evidence = candidate.strength, candidate.evidence
        if _wants_numbers(point) and not any(_in_numbers(e.text) for e in evidence):
            strength, evidence = 0.0, ()  # "We had plenty of headroom" is no measured limit
        credits[point.id] = PointCredit(strength, _widened(evidence, role))
    return credits


# "Knows the limit from evidence ... with numbers", "Sizes the system with real numbers",
# "Gives the context and scale in numbers"; not "ideally with numbers"
_WANTS_NUMBERS = re.compile(r"(?<!ideally\s)\b(?:with|in)\s+(?:real\s+)?numbers\b", re.I)


# Words that say the numbers are there, or where they come from, without a digit: "report the
# result with the numbers and their caveats", "load tests, saturation dashboards" (references).
_NUMBERS_NAMED = re.compile(
    r"\b(?:the\s+numbers|figures|load\s+tests\b|saturation\s+(?:dashboards?|metrics?))", re.I
)


def _in_numbers(text: str) -> bool:
    """A quote that gives numbers, or says it gives them and from what."""
    return bool(numbers(text)) or _NUMBERS_NAMED.search(text) is not None


def _wants_numbers(point: RubricPoint) -> bool:
    """The point asks for numbers, so a quote without one does not say it: "There was a lot
    of spare capacity on the brokers" names the limit's words, not the limit (issue 12)."""
    return bool(_WANTS_NUMBERS.search(point.text))


def _dismisses(credit: PointCredit | None, point: RubricPoint, avoided: AbstractSet[str]) -> bool:
    """The credit's quote dismisses what the point affirms, not what it avoids
    (:mod:`polarity`, :func:`avoided_by_point`)."""
    if credit is None:
        return False
    own = set(content_stems(point.text)) - avoided
    for evidence in credit.evidence:
        gone = dismissed_stems(evidence.text)
        if gone & own and not gone & avoided:
            return True
    return False


def _said_back(masked: str, target: Target, prompt: str | None) -> list[tuple[int, int]]:
    """In a reply to the follow-up asked for one point, the sentences that only say it back
    (``exemplars.says_back``), which credit nothing by words or by meaning: "It matters
    because the application runs as PID 1 in its container, yes." after "The application
    runs as PID 1 in its container. Why does that matter here?" holds the phrase "PID 1"
    only because the follow-up does."""
    asked = exemplars.asked_for(target, prompt)
    if asked is None:
        return []
    # the words the candidate heard, not the point's own text: "Contract tests." answers "How
    # would you know a change breaks one of the forty teams before you release it?"
    heard = frozenset([*content_stems(target.question_text), *content_stems(asked.text)])
    return [
        (s, e)
        for s, e in whole_sentences(masked)
        if exemplars.says_back(content_stems(masked[s:e]), heard)
    ]


def _red_flag_sentences(masked: str, target: Target) -> list[tuple[int, int]]:
    """The sentences holding one of the question's red-flag phrases, said and not negated."""
    if not target.red_flags:
        return []
    found = red_flags(masked, tokenize(masked), target)
    starts = [e.start for flag in found for e in flag.evidence]
    return [(s, e) for s, e in whole_sentences(masked) if any(s <= at < e for at in starts)]


def _inside(evidence: Sequence[Evidence], spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= e.start < end for e in evidence for s, end in spans)


def _widened(evidence: tuple[Evidence, ...], role: PointCredit | None) -> tuple[Evidence, ...]:
    """The role's clause when it holds every quote: "We considered running our own Kafka
    cluster" is credited by its phrase, but the option's reason ("but it would have doubled
    the ops work for a team of four") is in the sentence the role reads, so that is quoted."""
    if role is None or not evidence or len(role.evidence) != 1:
        return evidence
    (whole,) = role.evidence
    if all(whole.start <= e.start and e.end <= whole.end for e in evidence):
        return role.evidence
    return evidence


def _names_only_ownership(evidence: Sequence[Evidence]) -> bool:
    """Every quote only says whose the work was (see point_roles.names_only_ownership)."""
    return bool(evidence) and all(names_only_ownership(e.text) for e in evidence)


CLAIM_WORDS = 12  # a sentence this long that credits another point by its words makes a case


def _claim_sentences(
    first: dict[str, tuple[float, list[Token]]],
    point_id: str,
    sentences: list[_Sentence],
    masked: str,
) -> dict[int, str]:
    """The long sentences another point is credited in by its words (by start, with their
    words): there a term of this point is used in the answer's case, not named in passing."""
    found_in: dict[int, str] = {}
    for other, (strength, found) in first.items():
        if other == point_id or strength == 0.0 or not found:
            continue
        for sentence in sentences:
            if sentence.start <= found[0].start < sentence.end and (
                len(sentence.stems) >= CLAIM_WORDS
            ):
                found_in[sentence.start] = _plain(masked[sentence.start : sentence.end])
    return found_in


def _plain(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _used_in_a_claim(phrase: str, sentence: _Sentence, named: dict[int, str] | None) -> bool:
    """A term of two words or more ("budget gate", "risk-based"), said as it is written in a
    long sentence that credits another point of the question (:func:`_claim_sentences`)."""
    if not named or sentence.start not in named:
        return False
    words = _plain(phrase)
    return len(words.split()) > 1 and words in named[sentence.start]


ECHO_SHARE = 0.7  # a role clause with this share of its words from the question echoes it


def _role_credit(
    point: RubricPoint, answer: str, masked: str, question: set[str]
) -> PointCredit | None:
    """The point's role said in the candidate's own words (see scoring.point_roles); a clause
    that repeats the question ("Tell me about a time those signals told you ...") is not."""
    role = role_of(point.text)
    if role is None:
        return None
    spans = [span for span in role_clauses(role, masked) if not _echoes(masked, span, question)]
    if not spans:
        return None
    start, end = spans[0]
    start = _from_blanked_opening(answer, masked, start)
    return PointCredit(ROLE_HIT, (Evidence(answer[start:end], start, end),))


def _echoes(masked: str, span: tuple[int, int], question: set[str]) -> bool:
    return _mostly_the_question(content_stems(masked[span[0] : span[1]]), question)


def _mostly_the_question(stems: Collection[str], question: set[str]) -> bool:
    """At least ECHO_SHARE of ``stems`` are the question's own."""
    return bool(stems) and sum(stem in question for stem in stems) >= ECHO_SHARE * len(stems)


def _from_blanked_opening(answer: str, masked: str, start: int) -> int:
    """Where a clause that opens with a blanked pronoun or name ("He asks for my data first
    now") starts in the answer: at that word, not the word after it."""
    before = start
    while before > 0 and masked[before - 1].isspace():
        before -= 1
    opening = answer[before:start]
    if not opening.strip() or len(opening.split()) > 2 or re.search(r"[.!?;:]", opening):
        return start
    return before + len(opening) - len(opening.lstrip())


def _measured_credit(
    point: RubricPoint, answer: str, masked: str, question: str
) -> PointCredit | None:
    if not _MEASURED_POINT.search(point.text):
        return None
    measured = _measured_change(answer, masked, question)
    return PointCredit(MEASURED_CHANGE, measured) if measured else None


_DISTINCTION = re.compile(r"\b(?:distinguish\w*|tells?\s+apart|separat\w+|differen\w+)\b", re.I)
_NO_DIFFERENCE = re.compile(
    r"\b(?:(?:can|could|may|might)\s+be|are|is|just)\s+the\s+same\b|\bno\s+(?:real\s+)?"
    r"difference\b|\binterchangeabl\w+|\bdoes(?:n'?t|\s+not)\s+matter\s+which\b",
    re.I,
)


@dataclass(frozen=True)
class Meaning:
    """The answer's sentences against the catalog points by meaning (the semantic model).

    Besides the points, each sentence is set against what a weak answer says: the
    question's red flags and its score-1 descriptor (``weak``), so a sentence saying the
    opposite of a point ("Liveness and readiness can be the same /health endpoint") is not
    read as that point. Without an encoder it agrees with every word match and credits
    nothing itself."""

    spans: tuple[tuple[int, int], ...]
    negated: tuple[frozenset[str], ...]  # each sentence's content stems under a negation
    point_ids: tuple[str, ...]
    cosines: NDArray[np.float32] | None  # sentences x points
    sentence_vectors: NDArray[np.float32] | None = None
    encoder: Encoder | None = None
    weak: NDArray[np.float32] | None = None  # each sentence's cosine to the nearest weak answer
    point_words: tuple[frozenset[str], ...] = ()  # each point's own content stems ...
    negative_points: frozenset[str] = frozenset()  # ... the points that are a negation ...
    avoided: tuple[frozenset[str], ...] = ()  # ... and what each says not to do (avoided_by_point)
    echoes: tuple[bool, ...] = ()  # each sentence only repeats the question
    distinctions: frozenset[str] = frozenset()  # the points that tell two things apart ...
    no_difference: tuple[bool, ...] = ()  # ... and the sentences calling them the same
    terms: tuple[str, ...] = ()  # every evidence phrase of the question's points
    exemplar: NDArray[np.float32] | None = None  # sentences x points: nearest exemplar
    exemplar_words: tuple[frozenset[str], ...] = ()  # each point's exemplars' content stems
    reply: Reply | None = None  # a reply to the follow-up asked for one point
    said: tuple[frozenset[str], ...] = ()  # each sentence's content stems, not the question's
    weak_negating: NDArray[np.float32] | None = None  # cosine to a weak text that negates
    exemplar_at: NDArray[np.int64] | None = None  # sentences x points: which exemplar nearest
    exemplar_affirmed: tuple[tuple[frozenset[str], ...], ...] = ()  # what each one affirms
    sentence_of: tuple[int, ...] = ()  # each row's sentence (its own row for a sentence)

    @classmethod
    def of(
        cls, masked: str, target: Target, encoder: Encoder | None, prompt: str | None = None
    ) -> Meaning:
        points = [p for p in target.points if not p.adhoc]
        spans = _meaning_spans(masked)
        ids = tuple(p.id for p in points)
        avoided = avoided_by_point(target)
        if encoder is None or not points or not spans:
            return cls(spans, (), ids, None)
        weak = list(target.wrong_texts)
        texts = [masked[s:e] for s, e in spans] + [p.text for p in points] + weak
        vectors = encoder.encode(texts)
        sentences, rest = vectors[: len(spans)], vectors[len(spans) :]
        cosines = sentences @ rest[: len(points)].T
        weak_cosines = (sentences @ rest[len(points) :].T).max(axis=1) if weak else None
        words = [content_tokens(tokenize(masked[s:e])) for s, e in spans]  # once per sentence
        gone = dismissed(masked)  # what the answer calls futile or dismisses, by offset
        own_negated = [
            frozenset(t.stem for t in said if t.negated or inside(start + t.start, gone))
            for said, (start, _) in zip(words, spans, strict=True)
        ]
        sentence_of = _sentence_rows(spans)
        # a part denies what its sentence denies: "We didn't roll back; we spent two hours
        # reading logs until we found the bug" mitigated nothing first
        negated = tuple(own | own_negated[sentence_of[row]] for row, own in enumerate(own_negated))
        weak_negating = _weak_negating(sentences, rest[len(points) :], weak)
        stems = [[t.stem for t in said] for said in words]
        question = {t.stem for t in content_tokens(tokenize(target.question_text))}
        read = exemplars.exemplars_of(encoder, target, _carries)
        reply = Reply.of(
            stems,
            [masked[s:e] for s, e in spans],
            sentences,
            target,
            encoder,
            prompt,
            _point_targets(rest[: len(points)], read.vectors, ids),
        )
        echoes = tuple(
            _mostly_the_question(said, question) or (reply is not None and reply.said_back[row])
            for row, said in enumerate(stems)
        )  # a reply that says its follow-up back credits nothing
        return cls(
            spans,
            negated,
            ids,
            cosines,
            sentences,
            encoder,
            weak_cosines,
            tuple(frozenset(content_stems(p.text)) for p in points),
            frozenset(p.id for p in points if any(t.negated for t in tokenize(p.text))),
            tuple(avoided[p.id] for p in points),
            echoes,
            frozenset(p.id for p in points if _DISTINCTION.search(p.text)),
            tuple(bool(_NO_DIFFERENCE.search(masked[s:e])) for s, e in spans),
            tuple(dict.fromkeys(phrase for p in points for phrase in p.phrases)),
            exemplars.nearest_exemplar(sentences, read.vectors),
            read.words,
            reply,
            tuple(frozenset(said) - question for said in stems),
            weak_negating,
            exemplars.nearest_exemplar_index(sentences, read.vectors),
            read.affirmed,
            sentence_of,
        )

    def _row(self, offset: int) -> int | None:
        return next((i for i, (s, e) in enumerate(self.spans) if s <= offset < e), None)

    def beyond_term(self, point_id: str, offset: int, phrase: str) -> bool:
        """Whether the sentence at ``offset`` is about the point's claim, not only its term:
        nearer (by meaning, by ``TERM_CONTRAST``) to the point's text than to a bare mention
        of the evidence phrase it matched (``MENTION``: "We use a status page.")."""
        if self.cosines is None or self.sentence_vectors is None or self.encoder is None:
            return True
        row = self._row(offset)
        if row is None:
            return True
        term = self.encoder.encode([MENTION.format(phrase=phrase)])[0]
        cosine = float(self.cosines[row, self.point_ids.index(point_id)])
        return cosine - float(self.sentence_vectors[row] @ term) >= TERM_CONTRAST

    def agrees(self, point_id: str, offset: int, floor: float = WORD_GATE) -> bool:
        """Whether the sentence at ``offset`` is, by meaning, about this point at least as
        much as about any other point of the question, within ``WORD_TIE`` (and at least
        ``floor`` close to it)."""
        if self.cosines is None:
            return True
        row = self._row(offset)
        if row is None:
            return True
        column = self.point_ids.index(point_id)
        cosine = float(self.cosines[row, column])
        return cosine >= floor and cosine >= float(self.cosines[row].max()) - WORD_TIE

    def credit(self, point_id: str, answer: str) -> PointCredit | None:
        """The sentence nearest the point by meaning, when it says the point in other words
        (:meth:`_by_text`, else :meth:`_by_exemplar`, else a reply to the follow-up asked for
        this point)."""
        if self.cosines is None:
            return None
        column = self.point_ids.index(point_id)
        best: tuple[float, int] | None = None
        for row in range(len(self.spans)):
            cosine = float(self.cosines[row, column])
            if (best is None or cosine > best[0]) and self._by_text(row, column):
                best = (cosine, row)
        if best is None:
            best = self._nearest_exemplar(column)
        if best is None and self.reply is not None and self.reply.point_id == point_id:
            best = self.reply.best(self, column)
        if best is None:
            return None
        start, end = self.spans[best[1]]
        return PointCredit(best[0], (Evidence(answer[start:end], start, end),))

    def requoted(
        self, point_id: str, evidence: tuple[Evidence, ...], answer: str
    ) -> tuple[Evidence, ...]:
        """The quote of a point credited by its words, moved to the sentence that says it by
        meaning when the words were found in a sentence about another point: "To prevent
        it, I'd set sample_limit on each scrape job and alert when head series grow" holds
        "head series" of "confirms with head series metrics", but the answer confirmed with
        "I'd confirm it by checking how many active series Prometheus holds". The quoted
        sentence is nearer another point (text or exemplars) than this one by
        ``QUOTE_ELSEWHERE``; the sentence quoted instead is nearest this point of all the
        question's points, nearer it than the first, and admitted (:meth:`admits`). Otherwise,
        and without the model, the quote stays."""
        if self.cosines is None or len(evidence) != 1:
            return evidence
        row = self._row(evidence[0].start)
        if row is None or self.spans[row][1] < evidence[0].end:
            return evidence
        column = self.point_ids.index(point_id)
        here = self._nearness(row)
        if float(np.delete(here, column).max(initial=-1.0)) - float(here[column]) < QUOTE_ELSEWHERE:
            return evidence
        best: tuple[float, int] | None = None
        for other in range(len(self.spans)):
            near = self._nearness(other)
            cosine = float(near[column])
            if (
                other != row
                and cosine > float(here[column])
                and cosine >= float(near.max())
                and (best is None or cosine > best[0])
                and self.admits(other, column, cosine, terms=False)
            ):
                best = (cosine, other)
        if best is None:
            return evidence
        start, end = self.spans[best[1]]
        return (Evidence(answer[start:end], start, end),)

    def _nearness(self, row: int) -> NDArray[np.float32]:
        """The sentence's cosine to each point's text or nearest exemplar, the larger."""
        assert self.cosines is not None
        own: NDArray[np.float32] = self.cosines[row]
        if self.exemplar is None:
            return own
        nearest: NDArray[np.float32] = np.maximum(own, self.exemplar[row])
        return nearest

    def says_a_point(self, row: int) -> bool:
        """Whether the sentence ``row`` says one of the question's points by meaning, by the
        tests :meth:`credit` reads the point's text and its exemplars with (a reply to a
        follow-up aside): it may earn credit, whichever sentence earns it in the end."""
        if self.cosines is None:
            return False
        return any(
            self._by_text(row, column) or self._by_exemplar(row, column)
            for column in range(len(self.point_ids))
        )

    def _by_text(self, row: int, column: int) -> bool:
        """The sentence says the point in other words: close to its text (``SEMANTIC_HIT``),
        nearer to it than to any other point by a margin, and passing :meth:`admits` (not
        saying the question back, further from a weak answer, not denying the point's own
        words, about the point's claim rather than one of the question's terms)."""
        assert self.cosines is not None
        cosine = float(self.cosines[row, column])
        if self.echoes[row] or cosine < SEMANTIC_HIT:
            return False  # "Exit code 137, okay." says the question back
        others = np.delete(self.cosines[row], column)
        margin = cosine - (float(others.max()) if others.size else 0.0)
        return margin >= SEMANTIC_MARGIN and self.admits(row, column, cosine)

    def _nearest_exemplar(self, column: int) -> tuple[float, int] | None:
        """The sentence nearest one of the point's exemplars of those that say it by them
        (:meth:`_by_exemplar`), with that cosine."""
        if self.exemplar is None:
            return None
        best: tuple[float, int] | None = None
        for row in range(len(self.spans)):
            cosine = float(self.exemplar[row, column])
            if (best is None or cosine > best[0]) and self._by_exemplar(row, column):
                best = (cosine, row)
        return best

    def _by_exemplar(self, row: int, column: int) -> bool:
        """The sentence is close to one of the point's exemplars (:mod:`exemplars`,
        ``EXEMPLAR_HIT``), nearer it by ``EXEMPLAR_MARGIN`` than any other point's exemplars
        or text, passes :meth:`admits` (a weak answer must be further off, by
        ``EXEMPLAR_WEAK_MARGIN`` more), negates no word of the point's exemplars ("We don't
        need a unique constraint" is near "a unique constraint on the key" and says its
        opposite) and shares words with them (:meth:`_shares_words`)."""
        if self.exemplar is None or self.cosines is None:
            return False
        cosine = float(self.exemplar[row, column])
        if cosine < exemplars.EXEMPLAR_HIT:
            return False
        rivals = np.delete(np.maximum(self.exemplar[row], self.cosines[row]), column)
        return (
            cosine - (float(rivals.max()) if rivals.size else 0.0) >= exemplars.EXEMPLAR_MARGIN
            and self.admits(row, column, cosine - exemplars.EXEMPLAR_WEAK_MARGIN)
            and not self.negated[row]
            & (self._affirmed_near(row, column) - self._avoided_by(column))
            and self._shares_words(row, column)
        )

    def _affirmed_near(self, row: int, column: int) -> frozenset[str]:
        """What the exemplar nearest the sentence affirms (all the point's exemplar words
        when that is not known): a sentence negating one of them says its opposite, "We
        don't need a unique constraint" near "a unique constraint on the key". A word both
        negate agrees: "whose return code nobody has collected yet" near "the parent never
        collected its exit status"."""
        if self.exemplar_at is None or not self.exemplar_affirmed:
            return self.exemplar_words[column]
        index = int(self.exemplar_at[row, column])
        group = self.exemplar_affirmed[column]
        return group[index] if 0 <= index < len(group) else self.exemplar_words[column]

    def _avoided_by(self, column: int) -> frozenset[str]:
        """What the point says not to do (:func:`avoided_by_point`): an exemplar negating it makes the
        point, so a sentence negating it too is not denying the exemplars."""
        return self.avoided[column] if self.avoided else frozenset()

    def _shares_words(self, row: int, column: int) -> bool:
        """The sentence says at least ``EXEMPLAR_SHARED_WORDS`` of the words of the point or
        its exemplars besides the question's: near an exemplar by meaning alone is a mood,
        not a claim ("I love this kind of automation, to be honest" is near "automatic
        restarts amplify an outage" and says nothing of it)."""
        if not self.said:
            return True
        own = self.exemplar_words[column] | self.point_words[column]
        return len(self.said[row] & own) >= EXEMPLAR_SHARED_WORDS

    def nearest(self, row: int, column: int) -> float:
        """The sentence's cosine to the point's text or to its nearest exemplar."""
        cosine = float(self.cosines[row, column]) if self.cosines is not None else 0.0
        if self.exemplar is None:
            return cosine
        return max(cosine, float(self.exemplar[row, column]))

    def admits(self, row: int, column: int, cosine: float, *, terms: bool = True) -> bool:
        """The sentence may credit the point at ``cosine``: it does not say the question
        back, is not as near a weak answer, does not deny the point and (with ``terms``)
        is not a bare mention of one of the question's terms."""
        return (
            not self.echoes[row]
            and self._in_its_sentence(row, column)
            and not self._weak(row, cosine, column)
            and not self._denies(row, column)
            and not (terms and self._names_a_term(row, cosine, column))
        )

    def _in_its_sentence(self, row: int, column: int) -> bool:
        """A part of a sentence (:func:`_meaning_spans`) says the point only when its whole
        sentence is nearer that point than any other (its text or exemplars): read alone,
        "only one alert in four needed anyone to do anything" is near fixing the alerts, in
        a sentence about measuring how often people were woken, and "What I did was delete
        the file, add it to .gitignore" near "Deleting the file doesn't remove it" (the
        point that the secret stays in git history), in a sentence about moving it to an
        environment variable. Within ``WORD_TIE`` of the nearest let both through (develop
        split: precision 0.926 against 0.929, recall 0.824 against 0.818)."""
        if not self.sentence_of or self.sentence_of[row] == row:
            return True
        near = self._nearness(self.sentence_of[row])
        return float(near[column]) >= float(near.max())

    def _names_a_term(self, row: int, cosine: float, column: int | None = None) -> bool:
        """The sentence is nearer a bare mention of one of the question's evidence phrases
        (``MENTION``: "We use replication lag.") than the point's text: "Replication lag on
        that cluster is usually under a second, so it's a healthy setup." names the term of
        "backfills in batches, watching replication lag", it does not say it. The mentions
        are read only for a sentence that passes every other test. A mention affirms its term,
        so a negation that makes a negative point (:meth:`_against_the_affirmed`) is not one."""
        if not self.terms or self.sentence_vectors is None or self.encoder is None:
            return False
        if column is not None and self._against_the_affirmed(row, column):
            return False
        nearest = float((_mentions(self.encoder, self.terms) @ self.sentence_vectors[row]).max())
        return cosine - nearest < TERM_CONTRAST

    def _weak(self, row: int, cosine: float, column: int | None = None) -> bool:
        """The sentence is about as near a red flag or the score-1 answer as to the point.
        For a negation that makes a negative point only the weak texts that negate too are
        read (:meth:`_against_the_affirmed`)."""
        weak = self.weak
        if column is not None and self._against_the_affirmed(row, column):
            weak = self.weak_negating
        return weak is not None and float(weak[row]) >= cosine - WEAK_ANSWER_MARGIN

    def _against_the_affirmed(self, row: int, column: int) -> bool:
        """The sentence negates or dismisses what the point avoids (:func:`avoided_by_point`): then
        its nearness to what affirms the opposite (a red flag "Believes zombies can be killed
        directly", a bare mention "We use pid_max.") is the model not reading the negation,
        not the sentence saying it: "SIGKILL is pointless here, there's no running code left
        to stop" is near "kill -9 the zombies" by its words."""
        return bool(self.avoided) and bool(self.negated[row] & self.avoided[column])

    def _denies(self, row: int, column: int) -> bool:
        """The sentence negates or dismisses the point's own words ("we did not page anyone"
        for "pages the on-call", "Killing the parent won't change anything" for "kills the
        parent as a stopgap"), or calls the same what the point tells apart ("Liveness and
        readiness can be the same /health endpoint, there's no real difference between
        them" for "distinguishes readiness from liveness"). A point that itself says not to
        do something is said, not denied, by a sentence negating: "kill -9 does nothing
        because it is already dead" says "kill -9 cannot help", and "a mean of percentiles is
        not a percentile" says "percentiles cannot be averaged". A point whose examples say
        not to do something (:func:`avoided_by_point`) is said by a sentence negating that: "Liveness
        must not depend on the database" says "keeps dependencies out of liveness" (its
        example: "I want the pod out of rotation, not restarted")."""
        if self.point_ids[column] in self.negative_points:
            return False
        if self.point_ids[column] in self.distinctions and self.no_difference[row]:
            return True
        avoided = self._avoided_by(column)
        if self.negated[row] & avoided:
            return False
        return bool(self.negated[row] & (self.point_words[column] - avoided))


_MENTIONS: OrderedDict[tuple[int, tuple[str, ...]], NDArray[np.float32]] = OrderedDict()


def _sentence_rows(spans: Sequence[tuple[int, int]]) -> tuple[int, ...]:
    """Each row's sentence row: the first span holding its start (sentences come first)."""
    return tuple(next(i for i, (s, e) in enumerate(spans) if s <= start < e) for start, _ in spans)


def _meaning_spans(masked: str) -> tuple[tuple[int, int], ...]:
    """The spans read by meaning: each sentence (the first ``MAX_SEMANTIC_SENTENCES``), then
    each part of those that join several claims (:func:`text.claim_parts`). A sentence making
    two points is near neither by enough: "I'd add a v2 of the resource next to v1, keep v1
    working ..., and publish a deprecation date with at least two quarters of notice" credited
    neither versioning nor the deprecation policy in a hand-run interview. A sentence comes
    first, so an offset's row (:meth:`Meaning._row`) is its sentence's."""
    sentences = tuple((s, e) for s, e in whole_sentences(masked) if masked[s:e].strip())[
        :MAX_SEMANTIC_SENTENCES
    ]
    if not sentences:
        return ()
    last = sentences[-1][1]
    parts = tuple((s, e) for s, e in claim_parts(masked) if e <= last and masked[s:e].strip())
    return sentences + parts[:MAX_SEMANTIC_SENTENCES]


@lru_cache(maxsize=256)  # per question
def avoided_by_point(target: Target) -> dict[str, frozenset[str]]:
    """What each catalog point says not to do or calls futile, by point id: the words its
    text and its author's examples negate or dismiss (:mod:`polarity`). "Explains kill -9
    cannot help because the process is already dead" avoids kill; "Knows deleting the file
    leaves the secret in git history" avoids deleting by its example "Removing the file in a
    new commit doesn't help"; most points avoid nothing."""
    found: dict[str, frozenset[str]] = {}
    for point in target.points:
        if point.adhoc:
            continue
        found[point.id] = frozenset().union(
            *(avoided_stems(text) for text in (point.text, *point.examples))
        )
    return found


def _weak_negating(
    sentences: NDArray[np.float32], weak_vectors: NDArray[np.float32], weak: Sequence[str]
) -> NDArray[np.float32]:
    """Each sentence's cosine to the nearest weak text that itself negates (-1 when none
    does): a weak answer of the same polarity as a negating sentence."""
    rows = [i for i, text in enumerate(weak) if any(t.negated for t in tokenize(text))]
    if not rows:
        return np.full(sentences.shape[0], -1.0, dtype=np.float32)
    nearest: NDArray[np.float32] = (sentences @ weak_vectors[rows].T).max(axis=1)
    return nearest


def _carries(text: str, point: RubricPoint) -> bool:
    """``text`` holds one of the point's evidence phrases (for :mod:`exemplars`)."""
    tokens = tokenize(text)
    by_stem = stem_index(tokens, Target("", "", "", (point,)))
    return any(_phrase_match(phrase, by_stem, tokens) for phrase in point.phrases)


def sentences_saying_a_point(
    text: str,
    spans: Sequence[tuple[int, int]],
    target: Target,
    encoder: Encoder | None,
    prompt: str | None = None,
) -> list[tuple[int, int]]:
    """Those of ``spans`` (parts of ``text``'s sentences) whose sentence, read alone, says one
    of the question's points by meaning (:meth:`Meaning.says_a_point`): "Honestly the first
    thing to fall over would have been our Prometheus setup." is near the exemplar
    "Prometheus would fall over before anything else ...", though it says one word of the
    question's. Only a sentence that says ``EXEMPLAR_SHARED_WORDS`` words of one point's
    text or exemplars besides the question's is read by the model (one pass a sentence):
    credit by an exemplar needs them anyway, and a sentence about the weather has none.
    In a reply to the follow-up asked for one point (``prompt``, :func:`exemplars.asked_for`)
    every sentence is read, and one that answers the follow-up (:meth:`Reply.rows`) says
    it: "Mostly the platform team - they owned the node pools." answers "Who outside your
    team did that limit depend on?" in none of the question's words.
    Without the model, none (a one-word evidence phrase is no sign of the point: "The
    vendor's office was in Lisbon" names "vendor")."""
    points = [p for p in target.points if not p.adhoc]
    if encoder is None or not points or not spans:
        return []
    replying = exemplars.asked_for(target, prompt) is not None
    words = exemplars.exemplars_of(encoder, target, _carries).words
    own = [words[i] | frozenset(content_stems(p.text)) for i, p in enumerate(points)]
    question = frozenset(content_stems(target.question_text))
    sentences = whole_sentences(text)
    wanted: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for start, end in spans:
        whole = next(((s, e) for s, e in sentences if s <= start < e), (start, end))
        said = frozenset(content_stems(text[whole[0] : whole[1]])) - question
        if replying or any(len(said & point) >= EXEMPLAR_SHARED_WORDS for point in own):
            wanted.append(((start, end), whole))
    if not wanted:
        return []
    read = merge_spans([whole for _, whole in wanted])
    gaps = [
        (end, start) for (_, end), (start, _) in itertools.pairwise([(0, 0), *read, (len(text), 0)])
    ]
    meaning = Meaning.of(blank(text, gaps), target, encoder, prompt if replying else None)
    rows = {row for row in range(len(meaning.spans)) if meaning.says_a_point(row)}
    if meaning.reply is not None:
        rows |= meaning.reply.rows(meaning, meaning.point_ids.index(meaning.reply.point_id))
    story = [meaning.spans[row] for row in rows]
    return [span for span, (s, e) in wanted if any(a < e and s < b for a, b in story)]


def _point_targets(
    texts: NDArray[np.float32],
    exemplar_vectors: tuple[NDArray[np.float32] | None, ...],
    ids: tuple[str, ...],
) -> dict[str, NDArray[np.float32]]:
    """Each point's text and exemplars, encoded, by point id: what a reply is read against."""
    found: dict[str, NDArray[np.float32]] = {}
    for column, point_id in enumerate(ids):
        own, group = texts[column : column + 1], exemplar_vectors[column]
        found[point_id] = own if group is None else np.vstack([own, group])
    return found


BORROWED_WORDS = 2  # a sentence using this many of the follow-up's words is near it by them


@dataclass(frozen=True)
class Reply:
    """An answer to the follow-up the catalog asks for one point (``exemplars.asked_for``):
    how much nearer each sentence brings the follow-up to that point (``lift``: the
    follow-up and the sentence read as one question-and-answer pair, against the point's
    text and exemplars, less the follow-up alone), and whether it only says the prompt back
    (``exemplars.says_back``). A question and its direct answer are far apart by meaning
    (cosine 0.10-0.16 for "How did you work out where the problem was?" and the reply that
    narrows it down), but the pair is nearer the point than the question alone: "We ran it
    five times on each side and the gap was bigger than the spread between runs" lifts "How
    did you know the difference you measured was not just noise?" towards "checks the
    difference against variance" by 0.21; "It was obvious from the graph." by none."""

    point_id: str
    lift: NDArray[np.float32]
    said_back: tuple[bool, ...]
    claims: tuple[bool, ...]  # the sentence has words of its own (exemplars.says_something)
    asked: NDArray[np.float32]  # each sentence's cosine to the follow-up ...
    others: NDArray[np.float32] | None  # ... and to the question's other follow-ups
    borrows: tuple[int, ...]  # how many of the follow-up's own words each sentence uses

    @classmethod
    def of(
        cls,
        stems: Sequence[Sequence[str]],
        texts: Sequence[str],
        sentences: NDArray[np.float32],
        target: Target,
        encoder: Encoder,
        prompt: str | None,
        points: dict[str, NDArray[np.float32]],
    ) -> Reply | None:
        """``stems``, ``texts`` and ``sentences``: each sentence's content stems, text and
        vector, in order; ``points``: each point's encoded text and exemplars
        (:func:`_point_targets`)."""
        asked = exemplars.asked_for(target, prompt)
        if asked is None or asked.point_id not in points:
            return None
        wanted = points[asked.point_id]
        vectors = encoder.encode([asked.text, *(f"{asked.text} {text}" for text in texts)])
        nearest = (vectors @ wanted.T).max(axis=1)
        borrowed = exemplars.prompt_stems(target, asked)
        heard = set(content_stems(asked.text))
        prompts = encoder.encode([asked.text, *asked.others])
        cosines = sentences @ prompts.T
        return cls(
            asked.point_id,
            nearest[1:] - nearest[0],
            tuple(exemplars.says_back(said, borrowed) for said in stems),
            tuple(exemplars.says_something(said, borrowed) for said in stems),
            cosines[:, 0],
            cosines[:, 1:].max(axis=1) if asked.others else None,
            tuple(len(set(said) & heard) for said in stems),
        )

    def best(self, meaning: Meaning, column: int) -> tuple[float, int] | None:
        """The sentence that lifts the follow-up most towards its point
        (``FOLLOW_UP_LIFT``), in words of its own, passing :meth:`Meaning.admits` at its
        cosine to the point's text or nearest exemplar (the mention test is left out: a
        direct answer may be short, "A PodDisruptionBudget with minAvailable of two"); it
        credits the point at ``FOLLOW_UP_CREDIT``."""
        rows = self.rows(meaning, column)
        if not rows:
            return None
        return exemplars.FOLLOW_UP_CREDIT, max(sorted(rows), key=lambda row: float(self.lift[row]))

    def rows(self, meaning: Meaning, column: int) -> set[int]:
        """The sentences that answer the follow-up in words of their own (see :meth:`best`)."""
        return {
            row
            for row, lift in enumerate(self.lift.tolist())
            if (lift >= exemplars.FOLLOW_UP_LIFT or (lift > 0 and self._answers_it(row)))
            and self.claims[row]
            and meaning.admits(row, column, meaning.nearest(row, column), terms=False)
        }

    def _answers_it(self, row: int) -> bool:
        """The sentence is near the follow-up itself (``FOLLOW_UP_HIT``) and nearer it than
        the question's other follow-ups: "The consumer group had one partition stuck on a
        poison message, so it was retrying forever." answers "How did you work out where the
        problem was?" though it lifts the pair by none. Its nearness must be its own: a
        sentence using two of the follow-up's words ("We'd write better action items next
        time." to "... none of the action items are done. How do you prevent that?") is near
        it by those words."""
        cosine = float(self.asked[row])
        nearer = self.others is None or cosine > float(self.others[row])
        own = self.borrows[row] < BORROWED_WORDS
        return cosine >= exemplars.FOLLOW_UP_HIT and nearer and own


def _mentions(encoder: Encoder, terms: tuple[str, ...]) -> NDArray[np.float32]:
    """A bare mention of each term ("We use replication lag."), read once per question."""
    key = (id(encoder), terms)
    if key not in _MENTIONS:
        _MENTIONS[key] = encoder.encode([MENTION.format(phrase=term) for term in terms])
        if len(_MENTIONS) > CACHE_SIZE:
            _MENTIONS.popitem(last=False)
    _MENTIONS.move_to_end(key)
    return _MENTIONS[key]


@dataclass(frozen=True)
class EarlierAnswer:
    """An earlier answer of the same exchange, with ignored spans already blanked."""

    turn_id: str
    answer: str
    masked: str
    prompt: str | None = None  # the interviewer turn it replied to


def merge_exchange(
    now: dict[str, PointCredit], earlier: Sequence[tuple[str, dict[str, PointCredit]]]
) -> dict[str, PointCredit]:
    """Each point's strongest credit over the exchange; evidence from earlier answers names
    the answer it quotes. Ties go to the latest answer."""
    merged = dict(now)
    for turn_id, credits in earlier:
        for point_id, credit in credits.items():
            if credit.strength > merged.get(point_id, PointCredit(0.0, ())).strength:
                merged[point_id] = PointCredit(
                    credit.strength,
                    tuple(Evidence(e.text, e.start, e.end, turn_id) for e in credit.evidence),
                )
    return merged


_CACHE: OrderedDict[tuple[str, str, Target, int, float, str | None], dict[str, PointCredit]] = (
    OrderedDict()
)
CACHE_SIZE = 256


def cached_credits(
    answer: str,
    masked: str,
    target: Target,
    encoder: Encoder | None,
    question_weight: float,
    prompt: str | None = None,
) -> dict[str, PointCredit]:
    """:func:`credit_points` of an earlier answer, read once per exchange (cached by text)."""
    key = (answer, masked, target, id(encoder), question_weight, prompt)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    by_stem = stem_index(tokenize(masked), target)
    credits = credit_points(answer, masked, target, encoder, by_stem, question_weight, prompt)
    _CACHE[key] = credits
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return credits
