"""What counts as a claim: the parts of an answer that may earn credit, and those that may not.

An answer earns credit only for claims: words joined by grammar into statements (a
predicate, or the phrase that answers the question: "an array of pointers"). The
finders here return the spans that are not claims, by shape rather than by word lists:

- **term lists**: runs of bare terms in any layout (spaces, commas, bullets, lines, table
  cells, code blocks), with or without numbers and symbols. A bare term is an item that no
  linking word (determiner, preposition, auxiliary, pronoun, conjunction) or code syntax
  (a call, braces, a comparison) joins to anything; and an answer that is the reference's
  own words with the grammar that joined them dropped, in any layout and at any length;
- **word salads**: the reference's words in no grammatical order. English puts a noun
  phrase after "the" and an object after "of"; shuffled text breaks those bonds about
  half the time, natural answers almost never. And the reference itself is an order of
  its own words that English takes: an answer made of those words (four or more) that
  keeps few of its word pairs is that order broken, at any length. A chain of short clauses,
  each a subject and its finite verb ("workers send them to the carriers over SMPP"), is
  English in any order of its clauses, whatever the word-order model says of its words;
- **meta-answers**: describing what a good answer would contain ("I'd name the
  alternatives and why each was rejected") without giving it;
- **recitals** of the question's own level descriptors;
- **repeats**: the second and later copies of any passage;
- **generic fluff**: sentences made only of stock words, naming no step, tool, number or
  mechanism; one that names a word of the reference ("keep everyone aligned": "keep" is
  "store") is read, but it can never raise a score (``stock``, below);
- **asides**: sentences about something else (at most one word of the question's topic
  among four or more), beside a sentence that names two: padding earns nothing even in
  words no list holds.

Each kind is a list of (start, end) spans of the text; the scorer blanks them before any
signal is computed (see :func:`panelist.scoring.tricks.blank`). ``stock`` sentences are not
blanked: the scorer scores the answer without them too and keeps the lower value.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from panelist.scoring.text import STOP_WORDS, stem
from panelist.scoring.tricks import ANSWERS_CACHED, blank, merge_spans
from panelist.scoring.vocabulary import TOOL_WORDS
from panelist.scoring.word_order import order_test


def _lexicon(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_+#.'’%-]*[A-Za-z0-9_+#%]|[A-Za-z0-9_]")

# Closed-class words: the grammar that joins terms into statements.
_DETERMINERS = _lexicon("a an the every its our their my your")
_PREPOSITIONS = _lexicon(
    "of in on at for with by from into onto per via through during within between among "
    "across against towards toward upon"
)
_AUXILIARIES = _lexicon(
    "is are was were be been being am has have had having do does did can could will would "
    "shall should may might must isn't aren't wasn't weren't don't doesn't didn't can't "
    "cannot won't wouldn't shouldn't couldn't hasn't haven't hadn't it's that's there's "
    "we're they're i'm we've i've we'd i'd we'll i'll you're"
    # the same without their apostrophe, as typed in a hurry ("Constructors cant return values")
    " isnt arent wasnt werent dont doesnt didnt cant wont wouldnt shouldnt couldnt hasnt "
    "havent hadnt thats theres weve ive youre theyre"
)
_PRONOUNS = _lexicon("i we you they he she it me us them him her this that these those")
_CONJUNCTIONS = _lexicon(
    "and or but nor so because if when while whereas although though unless since until "
    "then than which who whom where why how whether once after before as to not no never "
    "without using like about up out down off over under versus vs above below beyond behind "
    "near inside outside around along many more most much few fewer less least several other "
    "another same "
    "also only each both all any some such there what"
)
LINK_WORDS: frozenset[str] = _DETERMINERS | _PREPOSITIONS | _AUXILIARIES | _PRONOUNS | _CONJUNCTIONS
# Common verbs of technical English, to find a predicate in a terse sentence that has no
# function word ("low traffic makes p99 noisy"): a finite form, or a base form after a
# pronoun, a modal or "to".
_VERBS = _lexicon(
    """
    make show stay need measure include use run return keep take give get set send receive
    read write store hold call check add remove change cause fail break start stop restart
    kill drop grow increase decrease reduce raise lower cut move shift route forward block
    allow prevent require depend mean matter cost save help let put go come see look find
    know think say tell ask answer explain become seem appear happen occur work scale deploy
    release page alert fire trigger burn spend count divide multiply compute calculate track
    record log report compare exceed reach hit miss lose gain serve handle process parse load
    fill flush sync replicate recover restore retry wait time expire evict leak crash hang
    spike drift lag queue cache buffer limit throttle shed open close connect listen bind
    point map match filter sort merge split join create delete update insert select
    contain provide support define declare assign initialize initialise pass accept reject
    detect avoid ensure guarantee protect encrypt sign verify validate test build ship
    roll revert migrate upgrade patch fix solve debug trace profile monitor watch notify
    own lead decide choose agree disagree argue learn teach review approve merge
    consume produce publish subscribe emit collect scrape aggregate sum average round
    double halve exist remain last begin end finish continue try apply affect improve
    depend rely belong refer represent indicate list name allocate free copy reference
    transmit acknowledge forward broadcast flood hear sense collide detect assume
    """
)
_IRREGULAR = _lexicon(
    """
    was were went made took gave got kept ran sent held found told saw knew thought said
    came began brought built bought caught chose drew drove fell felt fought forgot froze
    grew hid led left lost meant met paid rose sold shook slept spent stood stole stuck
    struck swept threw understood woke wore won wrote broke is are has does
    """
)
_CODE_SYNTAX = re.compile(
    r"\s==?\s|[\d)]\s*[-+*/^=<>]\s*[\d(]|\^|\w[(\[{]|[)\]}]\s*[/*+\-<>=]|[=!<>]=|=~|!~|:=|->|\|>|\$\w|\w=\w"
    # an SQL statement: its keywords in capitals, then the table or column it acts on ("ALTER
    # TABLE users ADD COLUMN email text"); keywords alone ("CREATE INDEX CONCURRENTLY") are not
    r"|\b(?:ALTER|CREATE|DROP)\s+(?:TABLE|INDEX|COLUMN|VIEW)\s+[a-z_][a-z0-9_.]*\b"
    r"|\b(?:ADD\s+COLUMN|INSERT\s+INTO|DELETE\s+FROM)\s+[a-z_][a-z0-9_.]*\b"
    r"|\bUPDATE\s+[a-z_][a-z0-9_.]*\s+SET\b|\bSELECT\b[^\n]{1,80}?\bFROM\s+[a-z_][a-z0-9_.]*\b"
)

_ITEM_SEPARATOR = re.compile(
    r"[,;|•·\t\n]|\s[-–—]\s|^\s*(?:[-*+]|\d+[.)])\s|```"
    # an item number inside a line ("… Field 2. HL/RESV/Flags Field 3. …", "1.unconfirmed",
    # "1- specification 2- design"): it starts the next item and is no word of the one before
    # it ("a 2-phase commit" keeps its number: no space after the dash)
    r"|(?:^|\s)\d{1,2}(?:[.)]\s?|-\s)(?=[A-Za-z])"
    r"|(?<=\w)[.!?](?=\s|$)",
    re.M,
)
# A separator that opens a list item: a bullet, a dash or an item number.
_ITEM_MARK = re.compile(r"^\s*(?:[-–—*+•·]|\d{1,2}[.)-])\s*$")
_LETTER = re.compile(r"[A-Za-z]")
_TERM = re.compile(r"[A-Za-z]{2}")  # a term has a word in it: a run of numbers is not a list
_SEGMENT = re.compile(r"(?:[^.!?\n]|[.!?](?!\s|$))+")  # a sentence or a line
SENTENCES_CACHED = 1024  # sentences whose text-only judgements are kept
LIST_MIN_ITEMS = 5
LIST_QUESTION_MIN_ITEMS = 13  # a question that asks for a list may get one, not a glossary
BARE_ITEM_MAX_WORDS = 4
BARE_RUN_MIN_WORDS = 5
LIST_ITEM_MAX_WORDS = 6  # one item of an asked-for list: a name or a short phrase
LONG_RUN_WORDS = 12
INNER_RUN_WORDS = 8  # no sentence this long goes without function words
LIST_LINK_SHARE = 0.1  # a run of terms: at most one linking word in ten
SALAD_MIN_BROKEN = 3  # broken bonds needed before a text is judged a salad
SALAD_BROKEN_SHARE = 0.2
# An answer made of the reference's words (at least four fifths of the larger bag shared)
# that keeps under two fifths of its adjacent word pairs, in no better order than the
# reference's, is the reference reordered. Measured on every row of ../shared/data/scoring
# and every sentence of them, the graded set and paraphrases of every reference: none so;
# of 1,065 seeded shuffles of the references, 97.9 % (docs/scoring.md).
REORDER_MIN_WORDS = 4
REORDER_SHARED_WORDS = 0.8
REORDER_KEPT_PAIRS = 0.4
# A text of five words or more, nine tenths of them the reference's, with under two fifths of
# the reference's share of linking words: its terms with the grammar dropped. Measured the same
# way: no natural answer so; of the 168 references' terms in a row, 163 (with any code syntax
# excluded; the bound is one construct in ten words). docs/scoring.md.
TERMS_MIN_WORDS = 5
TERMS_SHARED_WORDS = 0.9
TERMS_LINK_RATIO = 0.4
REPEAT_NGRAM = 6
OPENER_WORDS = 3
RECITAL_MIN_WORDS = 5
FLUFF_MIN_WORDS = 4
ASIDE_MIN_WORDS = 4
ASIDE_ANCHOR_WORDS = 2  # an on-topic sentence names two of the topic's words


@dataclass(frozen=True)
class NonClaims:
    """Spans of an answer that earn nothing, by kind."""

    term_lists: list[tuple[int, int]] = field(default_factory=list)
    salads: list[tuple[int, int]] = field(default_factory=list)
    meta: list[tuple[int, int]] = field(default_factory=list)
    recitals: list[tuple[int, int]] = field(default_factory=list)
    repeats: list[tuple[int, int]] = field(default_factory=list)
    fluff: list[tuple[int, int]] = field(default_factory=list)
    asides: list[tuple[int, int]] = field(default_factory=list)
    # stock sentences that name a word of the reference: read, never raising (not in all())
    stock: list[tuple[int, int]] = field(default_factory=list)
    # sentences that name no concrete step, tool, number, system or mechanism: read, never
    # raising (not in all()): the scorer scores the answer without them too
    vague: list[tuple[int, int]] = field(default_factory=list)

    def all(self) -> list[tuple[int, int]]:
        return [
            *self.term_lists,
            *self.salads,
            *self.meta,
            *self.recitals,
            *self.repeats,
            *self.fluff,
            *self.asides,
        ]


def find_non_claims(
    text: str,
    *,
    list_question: bool = False,
    recitals: Sequence[str] = (),
    known: frozenset[str] = frozenset(),
    topic: frozenset[str] = frozenset(),
    reference: str = "",
) -> NonClaims:
    """Every non-creditable span of ``text`` (see module doc). Spans of different kinds may
    overlap; each kind is reported on its own so its flag quotes its own evidence. ``known``
    are the stems of the reference and rubric (a stock word there is on topic); ``topic``
    adds the question's and the topic's (what an aside says none of); ``reference`` is the
    question's reference answer (its words reordered are a salad)."""
    minimum = LIST_QUESTION_MIN_ITEMS if list_question else LIST_MIN_ITEMS
    found_repeats, read = _views(text)
    repeats = list(found_repeats)
    views = [(t, list(spans)) for t, spans in read]

    def found(
        kind: Callable[[str, list[tuple[int, int]]], list[tuple[int, int]]],
    ) -> list[tuple[int, int]]:
        return merge_spans([span for t, spans in views for span in kind(t, spans)])

    return NonClaims(
        term_lists=found(
            lambda t, spans: [
                *_item_runs(t, minimum),
                *_bare_runs(t, BARE_RUN_MIN_WORDS, list_question=list_question),
                *_reference_terms(t, spans, reference),
            ]
        ),
        salads=found(lambda t, spans: _salads(t, spans, reference)),
        meta=found(lambda t, spans: [s for s in spans if is_meta(t[s[0] : s[1]])]),
        recitals=found(lambda t, spans: _recitals(t, spans, recitals)),
        repeats=repeats,
        fluff=found(lambda t, spans: [s for s in spans if is_fluff(t[s[0] : s[1]], known)]),
        # the cuts that can only lower a score read finer sentences: a run-on one may start
        # after a symbol ("… of A>C>B Generally speaking, I always try to …")
        stock=found(lambda t, spans: [s for s in _finer(t, spans) if is_fluff(t[s[0] : s[1]])]),
        asides=found(lambda t, spans: _asides(t, spans, topic)) if topic else [],
        vague=found(
            lambda t, spans: [s for s in _finer(t, spans) if names_nothing(t[s[0] : s[1]], topic)]
        )
        if topic
        else [],
    )


_Spans = tuple[tuple[int, int], ...]


@lru_cache(maxsize=ANSWERS_CACHED)  # an answer is judged once for each target
def _views(text: str) -> tuple[_Spans, tuple[tuple[str, _Spans], ...]]:
    """The copies of passages in ``text``, and the texts every kind is judged on (each with
    its sentences): ``text`` without the copies, and with them when there are any."""
    # Copies are found first and every other kind is judged without them: a passage said
    # again can change no judgement of the first copy (it may join the copy's last sentence).
    repeats = merge_spans(repeat_spans(text))
    repeats = _sentence_repeats(text, repeats) if repeats else repeats
    said, text = text, blank(text, repeats)
    # Every kind is judged with the copies and without them, and either finding counts: a
    # passage said again can neither hide a trick nor turn the first copy into one.
    views = [text, said] if repeats else [text]
    return tuple(repeats), tuple((t, tuple(_segments(t))) for t in views)


def _segments(text: str) -> list[tuple[int, int]]:
    """Sentences and lines, split where a sentence starts without a full stop."""
    segments = [
        _trim(text, start, end)
        for m in _SEGMENT.finditer(text)
        for start, end in _run_on_sentences(text, m.start(), m.end())
    ]
    return [(s, e) for s, e in segments if e > s]


def _finer(text: str, segments: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``segments`` split again where a sentence starts after any word without a full stop
    (after a capital or a symbol too: :data:`_RUN_ON_ANY`)."""
    finer = [
        _trim(text, a, b)
        for start, end in segments
        for a, b in _run_on_sentences(text, start, end, loose=True)
    ]
    return [(s, e) for s, e in finer if e > s]


def _sentence_repeats(text: str, repeats: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``repeats`` grown over the opener left before a copied sentence ("Honestly," before a
    copy): at most three words that start the sentence, the rest of it copied and at least
    twice as long. (A first copy is six words or more: it is never an opener.)"""
    grown = list(repeats)
    for start, end in _segments(text):
        words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
        copied = [any(s <= a and b <= e for s, e in repeats) for a, b in words]
        if True not in copied:
            continue
        lead = copied.index(True)
        opener = 0 < lead <= OPENER_WORDS and len(words) - lead >= 2 * lead
        if (
            opener
            and all(copied[lead:])
            and not _ends_copy(text, words[:lead], words[lead][0], repeats)
        ):
            grown.append((start, words[lead][0]))
    return merge_spans(grown)


def _ends_copy(
    text: str, lead: list[tuple[int, int]], copy_start: int, repeats: list[tuple[int, int]]
) -> bool:
    """The words before a copy are the copy's own last words: the end of the first copy of
    a passage said again ("…Will continue to -WHILE…Will continue to"), not an opener."""
    span = next(((s, e) for s, e in repeats if s <= copy_start < e), None)
    if span is None:
        return False
    tail = [m.group(0).lower() for m in _WORD.finditer(text, *span)][-len(lead) :]
    return tail == [text[a:b].lower() for a, b in lead]


_RUN_ON = re.compile(r"(?<=[a-z0-9%)\];}])\s+(?=[A-Z][a-z]+\b)")
# after any word: a capital or a symbol ("… probability of A>C>B Generally speaking, …")
_RUN_ON_ANY = re.compile(r"(?<=\S)\s+(?=[A-Z][a-z]+\b)")


def _run_on_sentences(
    text: str, start: int, end: int, *, loose: bool = False
) -> list[tuple[int, int]]:
    """A segment split where a new sentence starts without a full stop before it ("…before
    it is finalized Generally speaking, …"): a capitalised opener or stock word after a
    lower-case word. A capitalised function word ("To", "It", "Our") only starts a sentence;
    names and tools in capitals do not split ("I" does not either: it is always capitalised).
    ``loose``: after any word (a capital, a symbol: "… so X<Y<Z Personally, …"), and before
    any opener's shape too: a capitalised adverb in -ly or a capitalised word and a comma."""
    cuts = [start]
    for match in (_RUN_ON_ANY if loose else _RUN_ON).finditer(text, start, end):
        word = re.match(r"[A-Za-z]+", text[match.end() : end])
        lower = word.group(0).lower() if word else ""
        if word and (
            lower in _SENTENCE_OPENERS
            or stem(word.group(0)) in _GENERIC
            or (
                loose and (lower.endswith("ly") or text[match.end() + word.end() :].startswith(","))
            )
        ):
            cuts.append(match.end())
    cuts.append(end)
    return list(itertools.pairwise(cuts))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---------------------------------------------------------------------- words and links


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


@lru_cache(maxsize=65536)  # asked of every word of every segment, in each view of the answer
def _is_link(word: str) -> bool:
    return word.lower().replace("’", "'") in LINK_WORDS


def _lemma(word: str) -> str:
    for suffix, keep in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            base = word[: -len(suffix)] + keep
            if base in _VERBS or (suffix == "es" and base + "e" in _VERBS):
                return base
            if suffix == "ed" and len(base) > 2 and base[-1] == base[-2] and base[:-1] in _VERBS:
                return base[:-1]
    return word


def finite_verbs(words: list[str]) -> int:
    """How many words read as a predicate's verb (see :data:`_VERBS`)."""
    count = 0
    for index, word in enumerate(words):
        lower = word.lower()
        previous = words[index - 1].lower() if index else ""
        if previous in _DETERMINERS or lower in LINK_WORDS:
            continue
        if (
            lower in _IRREGULAR
            or lower != _lemma(lower)
            or (
                lower in _VERBS
                and (previous in _PRONOUNS or previous in _AUXILIARIES or previous == "to")
            )
        ):
            count += 1
    return count


def is_bare(text: str) -> bool:
    """No linking word and no code syntax: nothing joins these words into a statement."""
    return not any(_is_link(m.group(0)) for m in _words(text)) and not _CODE_SYNTAX.search(text)


# ---------------------------------------------------------------------- term lists


@lru_cache(maxsize=16)
def _separators(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each item separator: the item and bare runs of one text read the same
    ones (the pattern tries a line start at every character, so it is found once)."""
    return tuple((m.start(), m.end()) for m in _ITEM_SEPARATOR.finditer(text))


# The finders below that read the answer's text alone (not the question's) are cached by
# text: an answer is judged once for each target it is scored against, and a third of the
# calls on an interview's answers repeat a text judged a moment before.
@lru_cache(maxsize=ANSWERS_CACHED)
def _item_runs(text: str, minimum: int) -> tuple[tuple[int, int], ...]:
    """``minimum`` or more consecutive bare items between separators (commas, bullets, lines,
    table cells, code fences, sentence ends). Bare numbers inside or at the end of a run are
    the list's too (they do not count towards ``minimum``)."""
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    tail = 0  # where the run's last item, a number included, ends
    position = 0
    bounds = [*_separators(text), (len(text), len(text))]
    for sep_start, sep_end in bounds:
        item_start, item = position, text[position:sep_start]
        position = sep_end
        words = _words(item)
        if not words:
            continue  # an empty cell or a blank line does not end a list
        end = item_start + words[-1].end()
        if not _TERM.search(item):
            tail = end if run else tail  # nor does a bare number: it is one of its items
            continue
        lone = len(words) == 1  # one word between separators is a term, whatever it is
        if len(words) <= BARE_ITEM_MAX_WORDS and (lone or is_bare(item)):
            run.append((item_start + words[0].start(), end))
            tail = end
            continue
        spans.extend(_close(run, tail, minimum))
        run = []
    spans.extend(_close(run, tail, minimum))
    return tuple(spans)


def _close(run: list[tuple[int, int]], tail: int, minimum: int) -> list[tuple[int, int]]:
    return [(run[0][0], max(run[-1][1], tail))] if len(run) >= minimum else []


def _reference_terms(
    text: str, segments: list[tuple[int, int]], reference: str
) -> list[tuple[int, int]]:
    """The whole text when it is the reference's words with the grammar that joined them
    dropped (:func:`ungrammatical_terms`). Only the whole: a line of a natural answer may be
    a heading or a list item in the reference's words ("Data Link Layer service classes")."""
    if not reference or not segments:
        return []
    whole = (segments[0][0], segments[-1][1])
    return [whole] if ungrammatical_terms(text[whole[0] : whole[1]], reference) else []


def ungrammatical_terms(text: str, reference: str) -> bool:
    """Five words or more (with a letter: list numbers aside), nine tenths of them the
    reference's, and under two fifths of the reference's share of linking words: its terms
    in a row, however few or many. Code and formulas have their own syntax."""
    said = [w for w in _WORD.findall(text) if _LETTER.search(w)]
    if len(said) < TERMS_MIN_WORDS:
        return False
    own = _reference_words(reference)
    lowered = [w.lower() for w in said]
    # the words of the reference's bag bound how many are shared: most answers fail on that
    if sum(w in own.bag for w in lowered) < TERMS_SHARED_WORDS * len(said):
        return False
    if len(_CODE_SYNTAX.findall(text)) * 10 >= len(said):
        return False
    shared = Counter(lowered) & own.bag
    if sum(shared.values()) < TERMS_SHARED_WORDS * len(said):
        return False
    links = sum(_is_link(w) for w in said) / len(said)
    return links <= TERMS_LINK_RATIO * own.links / len(own.words)


@dataclass(frozen=True)
class _Reference:
    """What the salad and term-list tests read of a question's reference answer: the same for
    every answer to the question, so worked out once (it cost as much as the answer's own)."""

    words: tuple[str, ...]  # as written
    lowered: tuple[str, ...]
    bag: Counter[str]  # of the lowered words
    pairs: frozenset[tuple[str, str]]  # adjacent lowered words
    links: int  # how many words are linking words


@lru_cache(maxsize=1024)
def _reference_words(reference: str) -> _Reference:
    words = tuple(w.group(0) for w in _WORD.finditer(reference))
    lowered = tuple(w.lower() for w in words)
    return _Reference(
        words,
        lowered,
        Counter(lowered),
        frozenset(itertools.pairwise(lowered)),
        sum(_is_link(w) for w in words),
    )


@lru_cache(maxsize=1024)
def _reference_order(reference: str) -> float:
    """The word-order model's z of the reference (see :func:`reordered`)."""
    return order_test(reference, REORDER_MIN_WORDS).z


@lru_cache(maxsize=ANSWERS_CACHED)
def _bare_runs(text: str, minimum: int, *, list_question: bool) -> tuple[tuple[int, int], ...]:
    """A sentence or line of ``minimum`` words or more that at most one linking word (or
    verb) per ten joins: "sum rate http_requests_total code 5xx ratio 30d error budget".
    A piece between commas inside a sentence is judged so only from ``INNER_RUN_WORDS``
    words: a terse clause ("…, hit 30 stateless API pods, …") is part of a statement."""
    found: list[tuple[int, int]] = []
    position = 0
    hard_before = True
    opened = True  # the first piece starts the text (a heading or the first item)
    for sep_start, sep_end in [*_separators(text), (len(text), len(text))]:
        piece_start, piece = position, text[position:sep_start]
        separator = text[sep_start:sep_end]
        hard_after = sep_start == len(text) or not separator.strip(" \t.!?\n`-*+0123456789)")
        position = sep_end
        whole, hard_before = hard_before and hard_after, hard_after
        words: list[str] = _WORD.findall(piece)
        least = minimum if whole else max(minimum, INNER_RUN_WORDS)
        bare = len(words) >= least and _terse(piece, words, list_question)
        # An item of a list the question asks for ("- support real time data traffic",
        # "1. determine queuing model"): one short enumerated thing, not a run of terms.
        item = list_question and opened and len(words) <= LIST_ITEM_MAX_WORDS
        opened = bool(_ITEM_MARK.match(separator)) or "\n" in separator
        if bare and not item and not _CODE_SYNTAX.search(piece):
            matches = _words(piece)  # a run is rare: its offsets are read only then
            found.append((piece_start + matches[0].start(), piece_start + matches[-1].end()))
    return tuple(found)


def _terse(piece: str, words: list[str], list_question: bool) -> bool:
    """At most one linking word (or verb, in a short sentence) per ten words of ``piece``."""
    links = sum(_is_link(w) for w in words) + piece.count(": ")
    if len(words) < LONG_RUN_WORDS:  # a short terse sentence may have only its verb
        links += finite_verbs(words)
    # a long sentence is an eighth links or more; a list question may get a long list
    share = 8 if len(words) >= LONG_RUN_WORDS and not list_question else 10
    return links * share <= len(words)


# ---------------------------------------------------------------------- clauses

# A clause is a subject and a finite verb: "workers send them to the carriers", "the kernel
# keeps its blocks", "we moved that bank's traffic". English builds a flow or a story as a
# chain of such clauses in any order; a shuffle of the same words breaks them. The word-order
# model judges a whole text by its transitions and cannot see them when the nouns and verbs are
# words it does not know ("w-s send", "over ACRONYM"): a text whose pieces are nearly all such
# clauses is in English order whatever the model says (:func:`clause_chain`).
_CLAUSE_PIECE = re.compile(r"[,;:]\s|[.!?](?=\s|$)|\n|\s[-–—]\s|\(|\)")
_CLAUSE_OPENERS = _lexicon(
    "and or but so then because if when while whereas although though unless since until "
    "once after before as where which who also first next finally"
)
_SUBJECT_PRONOUNS = _lexicon("i we you they he she it")
_SUBJECT_DETERMINERS = _DETERMINERS | _lexicon(
    "each all both some any no one two three four five six seven eight nine ten this that "
    "these those"
)
# what follows a verb whose object or complement comes next: a noun phrase, a pronoun, a
# preposition or a particle ("picks the acquirer", "parses them", "land in", "come back")
_AFTER_VERB = (
    _DETERMINERS
    | _PREPOSITIONS
    | _lexicon("them it us him her me you back out up down off over away")
)
_NOT_FINITE = _lexicon("be been being having")
# a pronoun and its verb in one word: a clause of its own, never the verb of a noun before it
_PRONOUN_CONTRACTIONS = frozenset(w for w in _AUXILIARIES if "'" in w and not w.endswith("n't"))
SUBJECT_MAX_WORDS = 3  # "delivery reports", "the cgroup OOM killer"
CLAUSE_MIN_WORDS = 3
CLAUSE_MAX_WORDS = 12  # a short clause: a longer piece is judged by its order, not its head
CHAIN_MIN_CLAUSES = 2
CHAIN_CLAUSE_SHARE = 0.75  # of its pieces: at most one in four may be a phrase ("over SMPP")


def is_clause(words: Sequence[str]) -> bool:
    """``words`` open with a subject and its finite verb: a pronoun and a verb ("we moved"),
    or a noun phrase of at most three words and a verb (an auxiliary, a known verb, or any
    word in "-s"/"-ed" or after a plural subject that an object, a preposition or a particle
    follows: "a router picks the acquirer", "files land in S3")."""
    lowered = [w.lower().replace("’", "'") for w in words]
    start = 0
    while start < len(lowered) and lowered[start] in _CLAUSE_OPENERS:
        start += 1
    words, lowered = words[start:], lowered[start:]
    if not CLAUSE_MIN_WORDS <= len(words) <= CLAUSE_MAX_WORDS or broken_bonds(list(words))[1]:
        return False
    if lowered[0] in _SUBJECT_PRONOUNS:
        verb = lowered[1]
        return verb not in _NOT_FINITE and (
            verb in _AUXILIARIES
            or (verb.isalpha() and verb not in LINK_WORDS and not verb.endswith("ing"))
        )
    first = 1 if lowered[0] in _SUBJECT_DETERMINERS or lowered[0].isdigit() else 0
    for index in range(first + 1, min(first + SUBJECT_MAX_WORDS, len(words) - 1) + 1):
        if _is_link(words[index - 1]):
            return False  # the subject ended without a verb ("the size of", "tests for")
        if _finite_after_subject(lowered, index):
            return True
    return False


def _finite_after_subject(lowered: Sequence[str], index: int) -> bool:
    verb, subject = lowered[index], lowered[index - 1]
    if verb in _NOT_FINITE or verb in _PRONOUN_CONTRACTIONS:
        return False
    if verb in _AUXILIARIES or verb in _IRREGULAR or _lemma(verb) != verb:
        return True
    plural = subject.endswith("s") and not subject.endswith("ss")
    if not verb.isalpha() or verb in LINK_WORDS:
        return False
    if verb in _VERBS and plural:
        return True  # "clients call", "messages go"
    after = lowered[index + 1] if index + 1 < len(lowered) else None
    inflected = verb.endswith("s") or verb.endswith("ed")
    return (inflected or plural) and after in _AFTER_VERB


@lru_cache(maxsize=ANSWERS_CACHED)
def clause_chain(text: str) -> bool:
    """``text`` is a chain of clauses: two pieces or more between commas, semicolons and
    sentence ends, three in four of them a subject and its finite verb (:func:`is_clause`)."""
    pieces = [words for piece in _CLAUSE_PIECE.split(text) if (words := _WORD.findall(piece))]
    if len(pieces) < CHAIN_MIN_CLAUSES:
        return False
    clauses = sum(is_clause(words) for words in pieces)
    return clauses >= CHAIN_MIN_CLAUSES and clauses >= CHAIN_CLAUSE_SHARE * len(pieces)


# ---------------------------------------------------------------------- word salads

_STRICT_DETERMINERS = _lexicon("a an the every its our their my your")
_STRICT_PREPOSITIONS = _lexicon("of in on at for with by from into onto per via")
_BONDING = _STRICT_DETERMINERS | _STRICT_PREPOSITIONS
# After "the": a noun phrase. Words that cannot start one break the bond.
_NOT_AFTER_DETERMINER = (
    LINK_WORDS
    - _lexicon("only other same most more all each few several such no any some")
    # quantities and comparatives: "the fewer humans in the loop, the fewer mistakes", "the much
    # larger header", "the many retries", "the less it pages"
    - _lexicon("much many fewer less least")
    - _lexicon("do while if for")  # "a do...while", "the for loop", "an if statement"
) | _lexicon("that's it's")
# An object pronoun before a preposition that ends a clause makes it a particle, not a bond
# left open: "I'd turn it on.", "we switched them off", "log her in".
_PARTICLE_OBJECTS = _lexicon("it them him her me us")
# After "of": a noun phrase, a pronoun or a gerund; not a verb, a conjunction or "of".
_NOT_AFTER_PREPOSITION = (
    _STRICT_PREPOSITIONS
    | (_AUXILIARIES - _lexicon("being having"))
    | _lexicon("and or but nor so because if then than also not")
)
# Words that open a sentence and are written in capitals only there ("The", "In", "It").
_OPENERS = _lexicon(
    "the a an in on at for with by from of it this these those there we they if when"
)


_SENTENCE_OPENERS = (_OPENERS | LINK_WORDS) - {"i"}


def broken_bonds(words: list[str]) -> tuple[int, int]:
    """(closed-class words that demand a follower, how many lack a fitting one).

    A capitalised opener ("The", "It") inside a sentence is a broken bond too: shuffled
    sentences put their first words in the middle."""
    bonds = broken = 0
    cores = [w.rstrip(".,;:!?") for w in words]
    # a writer who never capitalises a sentence is not shuffled for it
    capitalises = any(
        w[-1:] in ".!?" and n[:1].isupper() for w, n in zip(words, cores[1:], strict=False)
    )
    last = len(words) - 1
    for index, raw in enumerate(words):
        core = cores[index]
        # "A", "IS" in capitals are names (nodes A and C, an IS), not the article and verb
        word = core if core.isupper() else core.lower()
        if word in _BONDING:  # most words are none of these: their follower is not read
            ends_clause = core != raw or index == last
            follower = None if ends_clause else cores[index + 1]
            next_word = None if not follower else "" if follower.isupper() else follower.lower()
            bonds += 1
            if word in _STRICT_DETERMINERS:
                # "its a fast protocol": "it's" spelt without its apostrophe, a verb
                contraction = word == "its" and next_word in _STRICT_DETERMINERS | {"not"}
                broken += not contraction and (
                    next_word is None or next_word in _NOT_AFTER_DETERMINER
                )
            elif next_word is None and index and cores[index - 1].lower() in _PARTICLE_OBJECTS:
                pass  # "turn it on.": a verb's particle after its object
            else:
                broken += next_word is None or next_word in _NOT_AFTER_PREPOSITION
        # a sentence end before a lower-case word (not "e.g.": four letters or more)
        if capitalises and raw[-1:] in ".!?" and len(core) > 3 and core.isalpha():
            after = cores[index + 1] if index < last else ""
            if after.isalpha() and after.islower():
                bonds += 1
                broken += 1
        if index and word in _OPENERS and core[:1].isupper() and core[1:].islower():
            previous = words[index - 1]
            if previous.isalpha() and previous.islower():
                bonds += 1
                broken += 1
    return bonds, broken


def _salads(
    text: str, segments: list[tuple[int, int]], reference: str = ""
) -> list[tuple[int, int]]:
    """Segments in no grammatical order: their determiners and prepositions lack their noun
    phrase, or their order is no better than a shuffle of the same words
    (:mod:`panelist.scoring.word_order`), or the answer is the reference's words out of the
    reference's order (:func:`reordered`).

    Judged over the whole answer first (a shuffle scatters sentence ends too), then per
    segment for a salad appended to a real answer. The order test is for the whole answer
    only: one natural sentence is too short for it to be sure (a twentieth of the dev
    answers' sentences of 6-20 words look no better than their shuffles)."""
    if _broken(text) or _unordered(text) or reordered(text, reference):
        return [(s, e) for s, e in segments]
    return [(start, end) for start, end in segments if _broken(text[start:end])]


@lru_cache(maxsize=ANSWERS_CACHED)
def _unordered(text: str) -> bool:
    """In no better order than its own shuffles, no chain of clauses (:func:`clause_chain`:
    the model cannot see those made of words it does not know), and either making English's
    rare transitions (a salad) or with hardly a linking word (terms in a row: a list)."""
    test = order_test(text)
    if not test.no_better_than_shuffled or clause_chain(text):
        return False
    if test.out_of_order:
        return True
    words: list[str] = _WORD.findall(text)
    if len(_CODE_SYNTAX.findall(text)) * 10 >= len(words):
        return False  # a formula or code has its own syntax ("rate = 9/10 = 0.9")
    return sum(_is_link(w) for w in words) <= LIST_LINK_SHARE * len(words)


def reordered(text: str, reference: str) -> bool:
    """``text`` is made of the reference's words (four fifths of the larger bag shared, four
    words or more), keeps under two fifths of the reference's adjacent word pairs and its
    order is no better than the reference's under the word-order model: the reference's
    order, which English takes, broken - whatever the text's length. A paraphrase keeps its
    clauses' pairs; an answer in the candidate's own words shares too few words."""
    if not reference:
        return False
    said = [w.lower() for w in _WORD.findall(text)]
    if len(said) < REORDER_MIN_WORDS:
        return False
    own = _reference_words(reference)
    least = REORDER_SHARED_WORDS * max(len(said), len(own.lowered))
    if sum(w in own.bag for w in said) < least:  # a bound on the words shared, and cheaper
        return False
    if sum((Counter(said) & own.bag).values()) < least:
        return False
    kept = sum(pair in own.pairs for pair in itertools.pairwise(said))
    if kept >= REORDER_KEPT_PAIRS * (len(said) - 1):
        return False
    # and no better English than the reference's own order ("The size of an operand in
    # bytes." for "The size in bytes of its operand." keeps 2 of 6 pairs, and is better)
    return order_test(text, REORDER_MIN_WORDS).z < _reference_order(reference)


@lru_cache(maxsize=SENTENCES_CACHED)  # the whole answer and each of its sentences
def _broken(text: str) -> bool:
    """Determiners and prepositions without their noun phrase, often enough to be a salad."""
    bonds, broken = broken_bonds(_raw_words(text))
    return broken >= SALAD_MIN_BROKEN and broken >= SALAD_BROKEN_SHARE * bonds


def _raw_words(text: str) -> list[str]:
    """Words with the punctuation that ends them (a sentence end tells an opener apart)."""
    return [core for w in text.split() if (core := w.strip("([{'\"“”"))]


# ---------------------------------------------------------------------- meta-answers

_META = re.compile(
    r"^\W*(?:(?:so|then|first|next|also|and|finally|here)\W+)*"
    r"(?:i(?:'d|’d|\s+would|\s+will|'ll|’ll|\s+can|\s+could|\s+should|\s+want\s+to|\s+plan\s+to)"
    r"|we(?:'d|’d|\s+would|\s+will|\s+should)|my\s+answer\s+(?:would|will|should)"
    r"|(?:a|the)\s+(?:good\s+|strong\s+|complete\s+|full\s+|ideal\s+)?answer\s+(?:would|should|will)"
    r"|you\s+(?:should|would)|one\s+(?:should|would))"
    r"(?:\s+(?:also|then|first|clearly|briefly|really|definitely|want\s+to|need\s+to|try\s+to|"
    r"make\s+sure\s+(?:to|that\s+i)|be\s+sure\s+to))*"
    r"\s+(?:name|give|mention|describe|explain|discuss|list|cover|outline|walk\s+(?:\w+\s+)?through|"
    r"state|provide|share|include|talk\s+about|present|detail|quantify|point\s+out|lay\s+out|"
    r"go\s+over|go\s+through|summari[sz]e|identify|specify|touch\s+on|bring\s+up|clarify|justify|"
    r"highlight|show|address|spell\s+out|set\s+out|cite|add|"
    r"back\s+(?:all\s+)?(?:of\s+)?(?:it|this|that|those|them)\s+up|"
    r"support\s+(?:it|this|that)|"
    r"say\s+(?:something|a\s+bit|a\s+little|a\s+few\s+words|a\s+word|more)\s+about)\b",
    re.I,
)
_META_NOUNS = frozenset(
    stem(w)
    for w in _lexicon(
        """
    alternative alternatives option options number numbers baseline baselines context scale
    tradeoff tradeoffs trade-off trade-offs outcome outcomes result results impact metric metrics
    detail details specific specifics example examples reason reasons reasoning why step steps
    approach approaches decision decisions lesson lessons learned learnt data evidence
    measurement measurements situation problem problems solution solutions each rejected chosen
    considered before after improvement improvements risk risks mitigation mitigations role
    responsibility responsibilities timeline stakeholder stakeholders requirement requirements
    constraint constraints assumption assumptions pro pros con cons happened went wrong right
    key main relevant important concrete clear overall point points aspect aspects factor
    factors thing things part parts everything anything something what how who where which
    picked pick chose choose weighed weigh compared compare numbers figure figures fact facts
    concretely specifically clearly briefly exactly precisely my our their plan plans
    consideration considerations criteria criterion quantified quantify measured measure
    outcome success failure lessons takeaway takeaways background motivation goal goals
    """
    )
)
_DIGIT = re.compile(r"\d")


# Talk about the answer itself: what it would "include" or "cover", whatever the object. Such a
# sentence describes an answer to the grader; it asserts nothing about any system.
_ANSWER_TALK = re.compile(
    r"^\W*(?:(?:so|then|first|next|also|and|finally|here)\W+)*"
    r"(?:(?:a|the|my)\s+(?:good\s+|strong\s+|complete\s+|full\s+|ideal\s+)?answer\s+"
    r"(?:would|should|will)\s+(?:also\s+)?(?:include|cover|mention|contain|name|touch\s+on)"
    # "A good answer here would describe how the incident was detected, …": what a good answer
    # does, whatever the verb (not "would be", which may go on to give one)
    r"|(?:a|the)\s+(?:good|strong|complete|full|ideal|great|solid|perfect)\s+answer\s+"
    r"(?:here\s+|to\s+(?:this|that)(?:\s+question)?\s+)?(?:would|should|will|must)\s+"
    r"(?:also\s+)?(?!be\b)[a-z]+"
    r"|i(?:'d|’d|\s+would|\s+will|'ll|’ll)\s+(?:also\s+)?(?:make\s+sure\s+to|be\s+sure\s+to)\s+"
    r"(?:cover|mention|include|touch\s+on|talk\s+about|bring\s+up|address|name))\b"
    # "I'd walk through explaining…", "there I'd focus on describing…": the answer's parts
    r"|\b(?:i(?:'d|’d|\s+would|\s+will|'ll|’ll)|i\s+want\s+to)\s+(?:also\s+)?"
    r"(?:walk\s+(?:you\s+)?through|talk\s+about|focus\s+on|go\s+(?:over|through)|cover|touch\s+on)"
    r"\s+(?:\w+ly\s+)?(?!being\b|having\b)[a-z]+ing\b"
    # "I always make sure detection, mitigation and follow-up actions are covered": topics
    # covered, as in an answer (not "covered by runbooks", which says what covers them)
    r"|\bmake\s+sure\s+(?:that\s+)?[^.;:]{0,80}?\b(?:are|is|get|gets)\s+(?:all\s+)?"
    r"(?:covered|addressed|mentioned|included)\b(?!\s+(?:by|in|with)\b)",
    re.I,
)


_SPEAKER = (
    r"(?:i(?:'d|’d|\s+would|\s+will|'ll|’ll|\s+can|\s+could|\s+want\s+to)|let\s+me"
    r"|we(?:'d|’d|\s+would|\s+will))\s+(?:(?:also|then|first|briefly|really|just)\s+)*"
)
# Verbs whose only sense is talk about a topic: what follows them is the topic, never a
# statement about it ("I'd talk about how I narrowed the cause down" says nothing of how).
_TALK = (
    r"(?:talk|speak|say\s+(?:something|a\s+bit|a\s+little|a\s+few\s+words|a\s+word|more))"
    r"\s+about|speak\s+to|talk\s+through|get\s+into|go\s+into|touch\s+(?:on|upon)|"
    r"elaborate\s+on|expand\s+on"
)
# Verbs of telling, which may be an act in the story when said to someone ("I'd explain why we
# froze releases to the product team").
_TELL = r"describe|explain|discuss|mention|outline|lay\s+out|spell\s+out"
# Verbs that also name an act in the story ("walk through what changed" with the team, "focus
# on how requests are routed"): about the answer only when the topic is the speaker's own doing.
_TOUR = r"walk\s+(?:you\s+)?through|go\s+(?:over|through)|cover|focus\s+on|show|dig\s+into"
_WH = r"(?:\w+ly\s+)?(?:how|what|why|which|where|when|whether)\b"
_GERUND = r"(?:\w+ly\s+)?(?!being\b|having\b|nothing\b|something\b|anything\b)[a-z]+ing\b"
_FIRST_PERSON = r"\s+(?:i|we|my|our|me|us)\b"
# The topic of a talk: a question of the speaker's ("how I…", "why we…") or an act named but
# not described ("rebuilding base images…").
_OPENING = (
    r"^\W*(?:(?:so|then|first|next|also|and|finally|here|there|good|great|fair|point|ok|okay|"
    r"well|right|sure|now|after|that)\W+)*"
)
_TALK_TOPIC = re.compile(
    _OPENING + _SPEAKER + r"(?:" + _TALK + r")\s+(?:" + _WH + r"|" + _GERUND + r")"
    r"|" + _OPENING + _SPEAKER + r"(?:" + _TOUR + r")\s+" + _WH + r"(?:\s+\w+)?" + _FIRST_PERSON,
    re.I,
)
_TELL_TOPIC = re.compile(
    _OPENING + _SPEAKER + r"(?:" + _TELL + r")\s+(?:" + _WH + r"|" + _GERUND + r")", re.I
)
# Talk about the answer as such, whatever else the sentence holds: "I'd answer that by…", "the
# way I'd structure this", "a good answer here has a few parts", "that's the structure I'd follow".
_ABOUT_ANSWER = re.compile(
    r"\b(?:i(?:'d|’d|\s+would|\s+will|'ll|’ll|\s+can)|let\s+me|we'd)\s+(?:also\s+)?"
    r"answer\s+(?:that|this|it|the\s+question|your\s+question)\s+(?:\w+ly\s+)?(?:by|with)\b"
    r"|\b(?:how|the\s+way)\s+(?:i|we)(?:'d|’d|\s+would|\s+will)\s+"
    r"(?:answer|structure|frame)\s+(?:that|this|it|the|my|an?)\b"
    r"|\bstructure\s+(?:i|we)(?:'d|’d|\s+would|\s+will)\s+(?:follow|use)\b"
    r"|\b(?:a|the|my)\s+(?:good\s+|strong\s+|complete\s+|full\s+|ideal\s+)?answer\s+"
    r"(?:here\s+|to\s+this\s+)?(?:has|would\s+have|needs|contains|consists)\b",
    re.I,
)
# Someone the telling is addressed to in the story: an act of the answer, not a description.
_ADDRESSEE = re.compile(
    r"\b(?:to|with)\s+(?:the\s+|my\s+|our\s+|their\s+|a\s+|an\s+)?(?:\w+\s+)?"
    r"(?:team|teams|manager|managers|stakeholders?|pm|dba|customers?|users?|engineers?|lead|"
    r"them|him|her|everyone|people|leadership|vp|cto|director|owners?|developers?|"
    r"colleagues?|clients?|business|product|execs?|executives?|on-call)\b",
    re.I,
)


@lru_cache(
    maxsize=SENTENCES_CACHED
)  # each sentence of an answer, for each target it is scored against
def is_meta(segment: str) -> bool:
    """A sentence that says what it would tell, without telling it: the meta-verb's objects are
    placeholders ("the alternatives", "the numbers", "why each was rejected"), no number; or
    talk about the answer itself ("a good answer would include…", "I'd make sure to cover…",
    "I'd talk about how I…", "I'd answer that by…"). A sentence that also gives something of
    its own (a number, code, a colon and what follows it) or that is said to someone in the
    story is not one."""
    if _ANSWER_TALK.search(segment):
        return True
    if _ABOUT_ANSWER.search(segment):
        return True
    concrete = _DIGIT.search(segment) or _CODE_SYNTAX.search(segment) or ":" in segment
    if not concrete and (
        _TALK_TOPIC.search(segment)
        or (_TELL_TOPIC.search(segment) and not _ADDRESSEE.search(segment))
    ):
        return True
    match = _META.search(segment)
    if match is None or _DIGIT.search(segment) or _CODE_SYNTAX.search(segment):
        return False
    rest = [
        stem(w.group(0))
        for w in _words(segment[match.end() :])
        if w.group(0).lower() not in STOP_WORDS and not _is_link(w.group(0))
    ]
    if not rest:
        return True
    placeholders = sum(r in _META_NOUNS for r in rest)
    return placeholders * 2 >= len(rest) * 1 and placeholders >= 1


# ---------------------------------------------------------------------- asides


def _on_topic(text: str, topic: frozenset[str]) -> tuple[int, int]:
    """(content words, how many of them are the topic's stems or numbers); stock phrases
    ("at the end of the day") are no words, and a stock word is the topic's only when the
    topic has it and it is not stock ("really" is no mention of a "real" number)."""
    stems = _content_stems(text)
    on = sum(number or (s in topic and s not in _GENERIC) for number, s in stems)
    return len(stems), on


@lru_cache(maxsize=SENTENCES_CACHED)  # the same sentence is asked of every target's topic
def _content_stems(text: str) -> tuple[tuple[bool, str], ...]:
    """(is a number, stem) of each content word of ``text``, stock phrases aside."""
    words: list[str] = _WORD.findall(_STOCK_PHRASE.sub(" ", text))
    return tuple(
        (w[0].isdigit(), stem(w)) for w in words if not _is_link(w) and w.lower() not in STOP_WORDS
    )


def _asides(
    text: str, segments: list[tuple[int, int]], topic: frozenset[str]
) -> list[tuple[int, int]]:
    """Sentences of four or more content words with at most one of the topic's, when
    another sentence names two or more. An answer all of another domain is judged whole:
    it is off topic, not padded."""
    counted = [(span, *_on_topic(text[span[0] : span[1]], topic)) for span in segments]
    if not any(on >= ASIDE_ANCHOR_WORDS for _, _, on in counted):
        return []
    return [span for span, words, on in counted if words >= ASIDE_MIN_WORDS and on <= 1]


# ---------------------------------------------------------------------- recitals


@lru_cache(
    maxsize=SENTENCES_CACHED
)  # each sentence, for the recitals of every target and for fluff
def _stems(text: str) -> tuple[str, ...]:
    # findall: _WORD has no groups, so each item is the whole word (one call, no Match objects)
    words: list[str] = _WORD.findall(text)
    return tuple(stem(w) for w in words if w.lower() not in STOP_WORDS and not _is_link(w))


@lru_cache(maxsize=1024)
def _recital_pairs(recitals: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """The adjacent stems of a question's descriptors (the same for every answer to it)."""
    return frozenset(pair for r in recitals for pair in itertools.pairwise(_stems(r)))


def _recitals(
    text: str, segments: list[tuple[int, int]], recitals: Sequence[str]
) -> list[tuple[int, int]]:
    """Segments copied from the question's own descriptors: most of their word pairs are the
    descriptor's, in its order."""
    if not recitals:
        return []
    pairs = _recital_pairs(tuple(recitals))
    found: list[tuple[int, int]] = []
    for start, end in segments:
        stems = _stems(text[start:end])
        own = list(itertools.pairwise(stems))
        if len(stems) >= RECITAL_MIN_WORDS and sum(p in pairs for p in own) >= 0.7 * len(own):
            found.append((start, end))
    return found


# ---------------------------------------------------------------------- repeats


def repeat_spans(text: str) -> list[tuple[int, int]]:
    """Second and later copies of any passage: every run of six words seen before, and an
    answer that is one shorter passage over and over."""
    words = _words(text)
    keys = [w.group(0).lower() for w in words]
    period = _period(keys)
    tail: list[tuple[int, int]] = []
    if period is not None:  # one passage over and over: judge its first copy alone
        tail = [(words[period].start(), len(text))]
        words, keys = words[:period], keys[:period]
    seen: set[tuple[str, ...]] = set()
    marked = [False] * len(words)
    for index in range(len(keys) - REPEAT_NGRAM + 1):
        gram = tuple(keys[index : index + REPEAT_NGRAM])
        if gram in seen:
            for j in range(index, index + REPEAT_NGRAM):
                marked[j] = True
        else:
            seen.add(gram)
    spans: list[tuple[int, int]] = []
    for index, is_marked in enumerate(marked):
        if not is_marked:
            continue
        start, end = words[index].start(), words[index].end()
        if spans and index > 0 and marked[index - 1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans + tail


def _period(keys: list[str]) -> int | None:
    """The length of the passage an answer repeats whole (2 or more times), if it does."""
    n = len(keys)
    for period in range(1, n // 2 + 1):
        if n % period == 0 and all(keys[i] == keys[i - period] for i in range(period, n)):
            return period
    return None


# ---------------------------------------------------------------------- generic fluff

STOCK_WORDS: frozenset[str] = _lexicon(
    """
    always usually often generally really truly very strongly deeply highly extremely
    honestly overall basically believe think feel care love enjoy passionate committed
    dedicated driven motivated excited proud focused focus focusing
    best good great important key critical crucial essential vital excellent strong solid
    quality practices mindset culture attitude
    team teams people stakeholder stakeholders everyone colleague colleagues partner partners
    communicate communication collaborate collaboration cooperate transparency transparent
    honest clearly effective effectively efficient efficiently proactive proactively
    ensure deliver delivering delivered results outcome outcomes
    success successful succeed goal goals mission vision
    continuous continuously improvement growth grow learning adaptable
    flexible agile holistic synergy synergies leverage leveraging alignment aligned
    world-class cutting-edge innovative innovation paradigm seamless seamlessly
    business businesses organisation organization company
    hard smart together matter matters priority priorities prioritize prioritise
    strive striving effort efforts responsibility ownership accountable accountability
    trust respect needle situation situations depends dependent context
    thoughtful thoughtfully appropriate appropriately necessary various different
    """
)
_GENERIC = frozenset(stem(w) for w in STOCK_WORDS)


_STOCK_PHRASE = re.compile(
    r"\b(?:at\s+the\s+end\s+of\s+the\s+day|to\s+be\s+(?:fair|honest)|in\s+my\s+(?:experience|"
    r"opinion|view)|generally\s+speaking|all\s+in\s+all|make[sd]?\s+a\s+(?:huge|big|real)\s+"
    r"difference|in\s+the\s+long\s+(?:run|term)|move\s+the\s+needle|at\s+scale|day\s+to\s+day|"
    r"end\s+to\s+end|going\s+forward|it\s+depends|in\s+the\s+end|in\s+the\s+loop|"
    r"on\s+top\s+of\s+(?:things|it|everything))\b",
    re.I,
)


def is_stock(word_stem: str) -> bool:
    """A stock word of generic fluff ("passionate", "stakeholders"): not content by itself."""
    return word_stem in _GENERIC


def is_fluff(segment: str, known: frozenset[str] = frozenset()) -> bool:
    """Four or more content words, at least two thirds of them stock words, and none of the
    others a word of the question (``known`` stems); no number or code."""
    other = _fluff_others(segment)
    return other is not None and not any(s in known for s in other)


@lru_cache(maxsize=4096)  # each segment is asked twice: with the question's stems, and without
def _fluff_others(segment: str) -> tuple[str, ...] | None:
    """The stems of ``segment`` that are no stock word when it is fluff whatever the question
    (four content words or more, two thirds of them stock, no number or code), else None."""
    if _DIGIT.search(segment) or _CODE_SYNTAX.search(segment):
        return None
    stems = [*_stems(_STOCK_PHRASE.sub(" ", segment))] + ["stock"] * len(
        _STOCK_PHRASE.findall(segment)
    )
    other = tuple(s for s in stems if s not in _GENERIC and s != "stock")
    enough = len(stems) >= FLUFF_MIN_WORDS
    return other if enough and 3 * len(other) <= len(stems) else None


# ---------------------------------------------------------------------- vague sentences

# Verbs and nouns that name no step or thing of their own, whatever the question ("try to
# follow", "keep everyone aligned", "stay on top of things"): a question that uses one
# ("the following events", "keep the data") does not make a sentence with it concrete.
_LIGHT = frozenset(
    stem(w)
    for w in _lexicon(
        """
    try tries tried trying follow follows followed following keep keeps kept keeping
    stay stays stayed take takes took taken give gives gave given go goes went gone come
    comes came help helps helped work works worked working want wants wanted need needs
    needed see sees saw seen look looks looked think thinks thought know knows knew known
    feel feels felt say says said tell tells told put puts let lets seem seems seemed
    become becomes became mean means meant start starts started find finds found
    everyone everybody everything someone somebody anything anyone nothing nobody
    sure bit part whole big small huge little able
    """
    )
)
VAGUE_GENERIC_SHARE = 0.5  # half its words stock or light or more: it leans on no thing
VAGUE_MIN_WORDS = 4  # as fluff and asides: a shorter one may carry the stance ("No, it is not.")
SHORT_VAGUE_WORDS = 2  # ... unless every word is stock or light ("stay on top of things")
# A word shaped like a name of a system, not of English: two capitals ("TCP", "HHHTTT"), a
# capital inside it ("McCabe", "setState"), or a digit, underscore, dot or symbol inside it.
_TECHNICAL_SHAPE = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]|\w[\d_.#+/]\w?|\d")
_NUMBER_WORD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundreds?|thousands?|millions?|billions?|twice|half|double|triple|dozens?|"
    r"percent|first|second|third)\b",
    re.I,
)
_SYMBOL_LETTER = re.compile(r"\b[B-HJ-Z]\b|(?<=\w\s)A\b")  # "event B", "then A": a symbol


@lru_cache(maxsize=SENTENCES_CACHED)  # the same sentence is asked of every target's topic
def names_nothing(segment: str, topic: frozenset[str]) -> bool:
    """A sentence of four or more content words that names no concrete step, tool, number,
    system or mechanism: no digit, number word or code; no word shaped like a system's name
    (:data:`_TECHNICAL_SHAPE`) or a symbol ("event B"); no named tool; and none of its words
    a word of the question's ``topic`` (question, reference, rubric) other than a stock word
    or a light verb or noun (:data:`_LIGHT`: "try to follow", "everyone"); and at least
    half its words such stock or light words (a sentence of other words the question does not
    use may still name a mechanism: "Duplicates can happen due to retransmission"). Fluff no
    list holds ("I always try to follow best practices and keep everyone aligned") is one; the
    scorer scores an answer without such sentences too and keeps the lower value, so padding
    in any words never raises a score."""
    if _DIGIT.search(segment) or _CODE_SYNTAX.search(segment) or _SYMBOL_LETTER.search(segment):
        return False
    words = [
        w
        for w in _WORD.findall(_STOCK_PHRASE.sub(" ", segment))
        if not _is_link(w) and w.lower() not in STOP_WORDS
    ]
    stock = len(_STOCK_PHRASE.findall(segment))  # "in the loop": a stock word, said in three
    said = len(words) + stock
    if said < SHORT_VAGUE_WORDS or _NUMBER_WORD.search(segment):
        return False
    generic = stock
    for word in words:
        if _TECHNICAL_SHAPE.search(word) or word.lower() in TOOL_WORDS:
            return False
        word_stem = stem(word)
        light = word_stem in _GENERIC or word_stem in _LIGHT
        if not light and _names_topic(word, word_stem, topic):
            return False
        generic += light
    if said < VAGUE_MIN_WORDS:
        return generic == said  # "For me, we really want to stay on top of things."
    return VAGUE_GENERIC_SHARE * said <= generic


def _names_topic(word: str, word_stem: str, topic: frozenset[str]) -> bool:
    """``word`` is a word of the topic, or a part of one of its compounds ("duplex" of
    "full-duplex"), or has one as a part."""
    compounds = _compound_parts(topic)
    return (
        word_stem in topic
        or word_stem in compounds
        or any(stem(p) in topic or stem(p) in compounds for p in _parts(word))
    )


@lru_cache(maxsize=256)  # per question: it recurs for every sentence of every answer to it
def _compound_parts(topic: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(p) for word in topic for p in _parts(word))


def _parts(word: str) -> list[str]:
    """The parts of a compound ("full-duplex": "full", "duplex") of three letters or more."""
    return [p for p in re.split(r"[-/]", word) if len(p) >= 3] if "-" in word or "/" in word else []
