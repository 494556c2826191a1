"""Words with their offsets, a light stemmer, stop words, synonyms and negation.

Everything the embedded scorer knows about language lives here, small and
deterministic: no model, no download. A :class:`Token` keeps its span in the
original answer so evidence can always be quoted exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+#.'’-]*[A-Za-z0-9+#]|[A-Za-z]|\d+(?:[.,]\d+)*%?")

_STOP_TEXT = """
a about above after again against all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in
into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours
yourself yourselves also may might must shall would us etc via per e.g i.e eg ie one use
used using get gets got make makes made way ways thing things something lot lots really
much many well like
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())

NEGATIONS: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "never",
        "without",
        "neither",
        "nor",
        "none",
        "cannot",
        "can't",
        "don't",
        "didn't",
        "doesn't",
        "won't",
        "wasn't",
        "weren't",
        "isn't",
        "aren't",
        "haven't",
        "hasn't",
        "hadn't",
        "shouldn't",
        "wouldn't",
        "couldn't",
        "nothing",
        "nobody",
        "avoid",
        "avoided",
    }
)

# Groups of words that mean the same for grading; every member maps to the first stem.
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("rollback", "revert", "roll-back", "undo"),
    ("canary", "canaries", "staged-rollout", "progressive"),
    ("alert", "page", "paging", "notify", "notification"),
    ("latency", "delay", "response-time"),
    ("error", "failure", "fault", "fail"),
    ("outage", "incident", "downtime"),
    ("postmortem", "post-mortem", "retrospective", "retro", "blameless"),
    ("monitor", "observe", "observability", "telemetry"),
    ("automate", "automation", "script", "scripted", "toil"),
    ("metric", "measurement", "measure", "sli"),
    ("objective", "slo", "target"),
    ("capacity", "headroom"),
    ("scale", "scaling", "autoscale", "autoscaling"),
    ("deploy", "deployment", "release", "rollout", "ship"),
    ("config", "configuration", "setting"),
    ("test", "testing", "verify", "validate", "check"),
    ("fast", "quick", "quickly", "rapid", "speed"),
    ("big", "large", "huge"),
    ("small", "little", "tiny"),
    ("begin", "start", "initial", "initiate"),
    ("end", "finish", "terminate", "stop"),
    ("show", "display", "demonstrate"),
    ("find", "locate", "search", "lookup"),
    ("create", "build", "construct", "generate"),
    ("remove", "delete", "erase", "eliminate"),
    ("store", "save", "hold", "keep", "retain"),
    ("fixed", "constant", "static"),
    ("variable", "dynamic", "varying"),
    ("mistake", "bug", "defect"),
    ("program", "software", "code", "application"),
    ("function", "method", "procedure", "routine", "subroutine"),
    ("parameter", "argument"),
    ("send", "transmit", "sender"),
    ("receive", "receiver", "recipient"),
    ("packet", "frame", "segment", "datagram"),
    ("host", "node", "station"),
)

_SUFFIXES: tuple[str, ...] = (
    "izations",
    "ization",
    "ational",
    "fulness",
    "ousness",
    "iveness",
    "ements",
    "ement",
    "ments",
    "ment",
    "ities",
    "ness",
    "able",
    "ible",
    "ings",
    "ing",
    "ions",
    "ion",
    "ers",
    "er",
    "ies",
    "ied",
    "ly",
    "ed",
    "es",
    "s",
    "al",
    "ity",
    "ive",
    "ize",
    "ise",
    "ic",
)


@dataclass(frozen=True)
class Token:
    """One word of a text: its surface form, its stem, and where it is."""

    text: str
    stem: str
    start: int
    end: int
    negated: bool = False
    # read for every signal of every answer: worked out once, as the token is made
    is_content: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_content", _is_content(self.text))


@lru_cache(maxsize=65536)
def _is_content(word: str) -> bool:
    return (word.lower() not in STOP_WORDS and len(word) > 1) or word.isdigit()


def _strip_suffix(word: str) -> str:
    w = word
    if len(w) > 4 and not w[0].isdigit():
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                if suffix in ("ies", "ied"):
                    w += "y"
                break
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
            w = w[:-1]
        if w.endswith("e") and len(w) > 4:
            w = w[:-1]
    return w


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        head = _strip_suffix(group[0])
        for word in group:
            table.setdefault(word, head)
            table.setdefault(_strip_suffix(word), head)
    return table


_SYNONYMS: dict[str, str] = _build_synonyms()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stem (``deployments`` → ``deploy``), with synonyms folded."""
    w = word.lower().strip(".-")
    if w in _SYNONYMS:
        return _SYNONYMS[w]
    stripped = _strip_suffix(w)
    return _SYNONYMS.get(stripped, stripped)


# Past forms the suffix stripper cannot reach, by the stem of their base verb: "ran" is "run"
_IRREGULAR: dict[str, str] = {
    "ran": "run",
    "wrote": "write",
    "written": "write",
    "sent": "send",
    "built": "build",
    "kept": "keep",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "found": "find",
    "chose": "choose",
    "chosen": "choose",
    "held": "hold",
    "led": "lead",
    "caught": "catch",
    "brought": "bring",
    "told": "tell",
    "thought": "think",
    "knew": "know",
    "known": "know",
    "saw": "see",
    "seen": "see",
    "fell": "fall",
    "fallen": "fall",
    "broke": "break",
    "broken": "break",
    "rose": "rise",
    "grew": "grow",
    "shrank": "shrink",
    "paid": "pay",
    "spent": "spend",
    "dug": "dig",
}


@lru_cache(maxsize=65536)
def word_form(word_stem: str) -> str:
    """A stem with the inflections the stemmer leaves folded in, for matching a point's own
    words against an answer's: a short plural or third person ("runs", "logs", "jobs": the
    stemmer keeps four-letter words whole) and an irregular past ("ran", "wrote", "kept") read
    as their base ("run", "log", "job"). Only for comparing two texts' words, never as a stem:
    "Runs the new implementation in shadow mode" and "run both in parallel" share "run"."""
    if word_stem in _IRREGULAR_STEMS:
        return _IRREGULAR_STEMS[word_stem]
    if (
        len(word_stem) == 4
        and word_stem.isalpha()
        and word_stem.endswith("s")
        and not word_stem.endswith(("ss", "us", "is"))
    ):
        return stem(word_stem[:-1])
    return word_stem


_IRREGULAR_STEMS: dict[str, str] = {stem(past): stem(base) for past, base in _IRREGULAR.items()}


# A negation reaches to the end of its clause, and never past a reason or a result: in
# "kill -9 does nothing because it is already dead", "already dead" is affirmed.
_CLAUSE_BREAK = re.compile(
    r"[.;:!?,()\n]|\s[-–—]\s|\b(?:but|however|although|though|whereas|while|because|since|"
    r"so|which|as\s+it|as\s+they|instead|rather)\b",
    re.I,
)
_NEGATION_REACH = 5  # a negation covers this many following words within its clause
# ... and stops at a preposition after the word it denies: in "this doesn't work for a
# service doing ten requests a minute" the service is not denied, only that it works.
_SCOPE_PREPOSITIONS = frozenset({"for", "with", "on", "in", "at", "from", "of", "by", "during"})


def tokenize(text: str) -> list[Token]:
    """Every word of ``text`` with its offsets; words under a negation are marked ``negated``.

    Read once per text: the question, its rubric and earlier answers are tokenised again on
    every call otherwise (a small cache keyed by text)."""
    return list(_tokens(text))


@lru_cache(maxsize=2048)
def _tokens(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    negation_until = -1
    negation_clause_end = -1
    denied = False  # a word under the current negation has been read
    bi = 0
    for index, match in enumerate(_WORD.finditer(text)):
        word = match.group(0)
        start, end = match.start(), match.end()
        lower = word.lower()
        while bi < len(breaks) and breaks[bi] < start:
            bi += 1
        negated = index <= negation_until and start < negation_clause_end
        if negated and denied and lower in _SCOPE_PREPOSITIONS:
            negation_until, negated = -1, False
        token = Token(word, stem(word), start, end, negated)
        tokens.append(token)
        denied = denied or (negated and token.is_content)
        # "n't" after the word ("don't", "isn't"), in either case
        if lower.replace("’", "'") in NEGATIONS or text[end : end + 3].lower() == "n't":
            negation_until = index + _NEGATION_REACH
            negation_clause_end = breaks[bi] if bi < len(breaks) else len(text) + 1
            denied = False
    return tuple(tokens)


def content_tokens(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.is_content]


def content_stems(text: str) -> list[str]:
    return [t.stem for t in content_tokens(tokenize(text))]


SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    for match in SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


# Sentence ends are . ! ? followed by a space or the end ("99.9%" and "e.g." inside stay),
# and line breaks; clauses also end at ; and at " - " / ", but" / ", whereas" joins.
# A line break ends a sentence unless the next line goes on in lower case: "... config key. We\n
# cut MTTR by 60%" is one sentence a terminal answer wrapped by hand.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)[.!?]+(?=\s|$)|\n+(?![ \t]*[a-z])")
_CLAUSE_END = re.compile(r";\s|\s[-–—]\s|,\s+(?=(?:but|whereas|although|though|while|yet)\b)", re.I)
_MIN_CLAUSE_WORDS = 4  # a shorter clause is quoted with its sentence


@lru_cache(maxsize=256)
def whole_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence, never split inside a number or an abbreviation."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return tuple(span for span in (_trim(text, s, e) for s, e in spans) if span[1] > span[0])


@lru_cache(maxsize=256)
def clauses(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each clause: a sentence, cut at ; / dashes / ', but' when both halves
    are long enough to stand alone. Every clause starts and ends on a word boundary."""
    return _cut(text, _CLAUSE_END)


# A sentence also joins claims with ", and" / ", plus" / ", then" ("I'd add a v2 next to v1,
# keep v1 working ..., and publish a deprecation date"); the joining word is left out.
_PART_END = re.compile(rf"{_CLAUSE_END.pattern}|,\s+(?:and|plus|then|and\s+then)\s+(?=\w)", re.I)


def claim_parts(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each part of a sentence that joins two or more claims: its clauses
    (:func:`clauses`), also cut at ", and" / ", plus" / ", then" when both halves are long
    enough to stand alone. A sentence of one part is not listed."""
    whole = set(whole_sentences(text))
    return tuple(span for span in _cut(text, _PART_END) if span not in whole)


def quotable(text: str) -> tuple[tuple[int, int], ...]:
    """Every span a quote of the candidate's words may be: a clause (:func:`clauses`) or a
    part of a sentence joining several claims (:func:`claim_parts`)."""
    return tuple(dict.fromkeys(clauses(text) + claim_parts(text)))


def _cut(text: str, at: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for s, e in whole_sentences(text):
        cuts = list(at.finditer(text, s, e))
        pieces: list[tuple[int, int]] = []
        begin = s
        if cuts:
            starts = [word.start() for word in _WORD.finditer(text, s, e)]
        for cut in cuts:
            piece = _trim(text, begin, cut.start())
            rest = _trim(text, cut.end(), e)
            if (
                _words(starts, piece) >= _MIN_CLAUSE_WORDS
                and _words(starts, rest) >= _MIN_CLAUSE_WORDS
            ):
                pieces.append(piece)
                begin = cut.end()
        pieces.append(_trim(text, begin, e))
        spans.extend(p for p in pieces if p[1] > p[0])
    return tuple(spans)


def clause_of(text: str, offset: int) -> tuple[int, int]:
    """The clause holding ``offset`` (the whole text when it holds no clause)."""
    for s, e in clauses(text):
        if s <= offset < e:
            return s, e
    return _trim(text, 0, len(text))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;)"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _words(starts: list[int], span: tuple[int, int]) -> int:
    """How many of the sentence's words (by their start offsets) begin inside the span: two
    binary searches, so cutting a long sentence at each of its dashes stays linear."""
    return bisect_left(starts, span[1]) - bisect_left(starts, span[0])
