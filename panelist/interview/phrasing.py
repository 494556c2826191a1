"""Fill the interviewer's templates: variant chosen by seed, quoting what the candidate said."""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence

from panelist.interview.templates import TEMPLATES

MAX_QUOTE_WORDS = 18


class Phrasebook:
    """Chooses template variants deterministically from (seed, turn number, key)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def say(self, key: str, seq: int, *, avoid: Sequence[str] = (), **fields: str) -> str:
        """A variant of ``key`` filled with ``fields``; none that was already said in one of
        ``avoid`` (the last things said, latest first) while another variant is left, so two
        acknowledgements in a row never read the same ("Understood - ..." twice)."""
        variants = TEMPLATES[key]
        rng = random.Random(f"{self.seed}:{seq}:{key}")
        start = rng.randrange(len(variants))
        order = [variants[(start + i) % len(variants)] for i in range(len(variants))]
        last = _opening(avoid[0]) if avoid else ""
        tiers = (  # unlike all of them and opening otherwise, else unlike all, else the last
            [t for t in order if not any(_fills(t, s) for s in avoid) and _opening(t) != last],
            [t for t in order if not any(_fills(t, s) for s in avoid)],
            [t for t in order if not any(_fills(t, s) for s in avoid[:1])],
        )
        order = next((tier for tier in tiers if tier), order)
        if "probe" in fields:  # never "Let me follow up: follow one request from the user ..."
            order = [t for t in order if not _echoes(t, fields["probe"])] or order
            fields.setdefault("probe_lower", _lower_first(fields["probe"]))
        return string.Formatter().vformat(order[0], (), _Fields(fields))


def _echoes(template: str, probe: str) -> bool:
    """Whether the template's own words say the probe's first word again ("Let me follow up:"
    before "Follow one request from the user to the database and back.")."""
    first = re.findall(r"[a-z']+", probe.lower())[:1]
    fixed = " ".join(part for part, *_ in string.Formatter().parse(template)).lower()
    return bool(first) and len(first[0]) > 3 and re.search(rf"\b{first[0][:5]}", fixed) is not None


def _opening(text: str) -> str:
    """The first word ("Thanks" of "Thanks, noted."), to start two turns in a row differently."""
    words = re.findall(r"[a-z']+", text.lower())
    return words[0] if words else ""


def _fills(template: str, text: str) -> bool:
    """Whether ``text`` is ``template`` filled in: its fixed words all there, in order."""
    fixed = [part for part, *_ in string.Formatter().parse(template) if part.strip()]
    at = 0
    for part in fixed:
        found = text.find(part, at)
        if found == -1:
            return False
        at = found + len(part)
    return bool(fixed)


class _Fields(dict[str, str]):
    """Missing fields render as nothing rather than raising (a template may not need them)."""

    def __missing__(self, key: str) -> str:
        return ""


def _lower_first(text: str) -> str:
    """``text`` with its first letter lower-cased after a lead-in ("Let me follow up: a deploy
    went out ..."), unless the first word is a name one letter long ("B is not slow" is
    service B) or "I"."""
    first = re.match(r"[A-Za-z]+(?:'\w+)?", text)
    if first is not None and len(first.group(0).split("'")[0]) == 1 and first.group(0) != "A":
        return text
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def whole_clause(text: str, focus: str = "", max_words: int = MAX_QUOTE_WORDS) -> str:
    """A whole sentence or clause of ``text`` to quote, or "" when none is short enough.

    With ``focus``: the shortest whole piece sharing most words with it; without: the first
    sentence that fits, else the first clause. Clauses split at ";", ":" and ", and/but/so".
    Never a phrase cut mid-way: what is longer than ``max_words`` is not quoted at all.
    """
    cleaned = " ".join(text.split()).strip(" \"'\u201c\u201d")
    sentences = _sentences(cleaned)
    pieces = sentences + [c for c in _clauses(cleaned) if c not in sentences]
    fitting = [
        p
        for p in pieces
        if 3 <= len(p.split()) <= max_words
        and not half_a_clause(_tidy(p), cut=p not in sentences)  # never "If we have SBOMs"
    ]
    if not fitting:
        return ""
    wanted = set(_words(focus))
    best = fitting[0]
    if wanted:
        overlap = [len(wanted & set(_words(p))) for p in fitting]
        top = max(overlap)
        if top:
            best = min(
                (p for p, o in zip(fitting, overlap, strict=True) if o == top),
                key=lambda p: len(p.split()),
            )
    return _tidy(best)


def clause_around(text: str, start: int, end: int, max_words: int = MAX_QUOTE_WORDS) -> str:
    """The whole sentence (else clause, else a list's first item) of ``text`` holding
    ``text[start:end]``; "" if too long, or if it does not stand on its own (see
    :func:`stands_alone`). Never a clause ending on a colon, which announces what follows
    rather than saying it. Never a list cut before its last item: in "I'd run vmstat 1 to see
    the b column and wa, iostat -x for device await and utilisation, and ps -eo ..." the
    clause before ", and ps" is half a list, and "I'd run vmstat 1 to see the b column and
    wa" (its first item, with its subject) is what is quoted."""
    sentences = _sentences(text)
    for pieces in (sentences, _clauses(text), _first_items(text)):
        cursor = 0
        for piece in pieces:
            at = text.find(piece, cursor)
            if at == -1:
                continue
            cursor = at + len(piece)
            if piece.endswith(":"):
                continue  # "We measured it by cost and by incidents:" only announces what follows
            if at < end and start < at + len(piece) and 3 <= len(piece.split()) <= max_words:
                tidy = _tidy(piece)
                if (
                    stands_alone(tidy)
                    and not half_a_clause(tidy, cut=pieces is not sentences)
                    and not _cut_list(text, at + len(piece), tidy)
                    and not _last_item(text, at)
                    and not _shares_a_subject(piece)
                ):
                    return tidy
    return ""


# a coordinated clause that goes on with the subject of the one before: "and took it to their
# lead and my manager" (of "I wrote a one-page capacity note ..., and took it to ...") has no
# subject of its own; "and we added a payload-size check" has one
_SUBJECTLESS = re.compile(
    r"^(?:and|but|so|then)\s+(?!(?:i|we|you|they|he|she|it|the|a|an|this|that|these|those|our|"
    r"my|their|his|her|its|there|nobody|everyone|someone|each|every|all|both|some|no|one|"
    r"[\d$€£])\b)[a-z]",
)


# a clause that only says when or on what condition ("If we have SBOMs for the images" of
# "If we have SBOMs for the images, and we did ..., you query those for the library"): its
# main clause is elsewhere
_SUBORDINATE = re.compile(
    r"^(?:if|unless|when|whenever|once|because|although|though|while|whereas|since|until|"
    r"before|after|as long as|as soon as|even if|even though|whether|so that|in case)\b",
    re.IGNORECASE,
)
# a noun phrase with a relative clause and no verb of its own ("flags that never get
# removed", the thing a colon announced): a verb after the relative clause makes it a clause
# ("the part that broke first was the cache")
_NOUN_THEN_RELATIVE = re.compile(
    r"^(?:(?:the|a|an|our|my|their|some|all|any|old|those|these)\s+)?(?:[\w'-]+\s+){0,3}?"
    r"(?:that|which|who|nobody|no one)\s+(?P<rest>.*)$",
    re.IGNORECASE,
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|did|does|will|would|can|could|made|makes|took|takes|"
    r"became|caused|meant|means|went|broke|cost|gave|saved)\b",
    re.IGNORECASE,
)
_PREPOSITIONS = frozenset(
    [
        "on",
        "in",
        "at",
        "of",
        "for",
        "with",
        "by",
        "from",
        "to",
        "about",
        "into",
        "over",
        "under",
        "after",
        "before",
        "like",
        "than",
        "and",
        "but",
        "so",
        "all",
    ]
)
_SUBJECT_FIRST = re.compile(r"^(?:i|we|you|they|he|she|it|there)\b", re.IGNORECASE)


_EITHER = re.compile(r"\beither\b", re.I)
_OR = re.compile(r"\bor\b", re.I)


def half_a_clause(piece: str, *, cut: bool = True) -> bool:
    """Whether ``piece`` is not a clause a person would repeat: a condition or time clause
    cut from its sentence (``cut``: not a whole sentence), the "either" half of an
    "either ... or" cut from its "or", or a noun phrase whose only verb
    is in its relative clause ("flags that never get removed")."""
    piece = piece.strip()
    if cut and _SUBORDINATE.match(piece):
        return True
    if cut and _EITHER.search(piece) and not _OR.search(piece):
        return True  # "I'd either import the change into code if it was right", its "or" cut
    if _SUBJECT_FIRST.match(piece):
        return False  # "we found that the cache was cold": a subject and its verb
    found = _NOUN_THEN_RELATIVE.match(piece)
    if found is None:
        return False
    head = piece[: found.start("rest")].split()[:-1]
    if not head or head[-1].lower() in _PREPOSITIONS:
        return False  # "that" a determiner: "On that team of 12 SREs", "with that we cut ..."
    if any(_FINITE.fullmatch(w) or _SUBJECT_FIRST.fullmatch(w) for w in head):
        return False  # "the cache was what broke first"
    rest = found.group("rest").split()
    return not any(_FINITE.fullmatch(w.strip(",.")) for w in rest[2:])


def _shares_a_subject(piece: str) -> bool:
    return _SUBJECTLESS.match(piece.strip()) is not None


def _announced(text: str, at: int) -> bool:
    """Whether the list at ``at`` follows a colon: its items are what the clause before
    announced ("two sets of IAM" of "... doubles the platform work: two sets of IAM,
    networking, ..."), none a claim of its own."""
    return text[:at].rstrip().endswith(":")


def _last_item(text: str, at: int) -> bool:
    """Whether the piece at ``at`` is the last item of a list, without the subject the list
    began with: "and posted in the incident channel" of "In the first hour I moved that one
    job ..., reran the failed settlement batch by hand, and posted in the incident channel"."""
    before = text[:at]
    joined = re.search(r",\s+(?:and|or)\s+$", before) or (
        re.search(r",\s+$", before) if re.match(r"(?:and|or)\s", text[at:]) else None
    )
    if joined is None:
        return False
    opening = max(before.rfind(". ", 0, joined.start()), before.rfind(": ", 0, joined.start()))
    return ", " in before[opening + 1 : joined.start()]


def _cut_list(text: str, after: int, piece: str) -> bool:
    """Whether ``piece`` (ending at ``after`` in ``text``) lists items with commas and the
    list goes on after it (", and ps -eo ..."): half a list, not a whole clause; or ends on
    the first item of a list that a preposition opened and the next words close ("I'd present
    it as a one-page comparison with cost" of "... with cost, expected downtime avoided and
    the people needed, and let the CTO choose")."""
    if ", " in piece and re.match(r",\s+(?:and|or)\s", text[after:]) is not None:
        return True
    return _OPENED_LIST.search(piece) is not None and _LIST_CLOSES.match(text[after:]) is not None


# a piece ending on a preposition and one or two words ("with cost"), and what follows it
# closing a list ("cost, expected downtime avoided and the people needed,"): its first item
_OPENED_LIST = re.compile(
    r"\b(?:with|of|for|on|in|by|about|like|including|between|from)\s+(?:[\w'-]+\s+)?[\w'-]+$",
    re.IGNORECASE,
)
_LIST_CLOSES = re.compile(r",\s+[^,.;:!?]*?\s(?:and|or)\s[^,.;:!?]+(?:[,.;:!?]|$)")


def _first_items(text: str) -> list[str]:
    """The first item of each list cut by the clause split ("I'd run vmstat 1 to see the b
    column and wa" of "I'd run vmstat 1 ..., iostat -x for ..., and ps ...")."""
    items = []
    cursor = 0
    for clause in _clauses(text):
        at = text.find(clause, cursor)
        if at == -1:
            continue
        cursor = at + len(clause)
        if _cut_list(text, cursor, clause) and not _announced(text, at):
            items.append(clause.split(", ")[0])
    return items


# Words that say nothing on their own in a quote: "I'd find it" is a half phrase.
_EMPTY_WORDS = frozenset(
    [
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "we",
        "we'd",
        "we'll",
        "we're",
        "you",
        "he",
        "she",
        "they",
        "it",
        "its",
        "it's",
        "that",
        "this",
        "these",
        "those",
        "them",
        "there",
        "here",
        "one",
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "do",
        "does",
        "did",
        "would",
        "could",
        "should",
        "will",
        "can",
        "may",
        "might",
        "just",
        "then",
        "also",
    ]
)
_TRAILING_PRONOUN = re.compile(r"\b(?:it|that|this|them|one|there|those|these)$", re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(?:maybe|probably|perhaps|possibly|i\s+guess|i\s+think|i\s+suppose|i\s+believe|"
    r"not\s+sure|might|i'?d\s+say|sort\s+of|kind\s+of|or\s+something)\b",
    re.IGNORECASE,
)
# an opening that leans on the clause before it: "if not, they record an exception ..."
_LEANS_BACK = re.compile(
    r"^(?:if\s+(?:not|so)|otherwise|else|which|in\s+that\s+case|that\s+way)\b", re.IGNORECASE
)
MIN_QUOTE_CONTENT_WORDS = 3
# a clause opening on a lower-case wh-word is an item of what came before ("One slide: what
# the outage cost us, what each option would have saved, ..."), not a statement of its own
_WH_ITEM = re.compile(r"^(?:what|how|which|who|whom|whose|why|where|when)\b")


def stands_alone(piece: str) -> bool:
    """Whether an acknowledgement may quote ``piece``: three words that carry meaning, not
    ending on a pronoun whose referent is elsewhere ("I'd find it"), not opening on words
    that lean on the clause before ("if not, ...") or on a lower-case wh-word ("what the
    outage cost us"), and no hedge ("I think it was probably
    DNS" is not what to play back as the candidate's claim)."""
    words = [w for w in re.findall(r"[a-z0-9'’-]+", piece.lower()) if w not in _EMPTY_WORDS]
    if len(words) < MIN_QUOTE_CONTENT_WORDS or _LEANS_BACK.match(piece.strip()):
        return False
    if _WH_ITEM.match(piece.strip()):
        return False
    return not _TRAILING_PRONOUN.search(piece.rstrip(" .!?")) and not _HEDGE.search(piece)


_LEAD_IN = (  # words that join a clause to the one before: not part of what is quoted
    r"^(?:(?:and|but|so|also|then|first|second|finally|on top of that|beyond that|in short"
    r"|(?:like|as) i (?:said|mentioned)|already said|as mentioned"
    r"|oh|um|uh|er|well|right(?!\s+(?:now|away)\b)|okay|ok|anyway|yeah)"  # a rambler's fillers
    # ("Oh and we posted"), but "Right now I'd drop those two labels" keeps its "Right now"
    r"\s*,?\s+)+"
)
# an aside after the point ("..., I should have said", "..., sorry"): not part of the quote
_TRAILING_ASIDE = re.compile(
    r"(?:,\s*(?:i should have said(?: that)?|i always get that wrong|sorry|honestly"
    r"|to be (?:fair|honest)|you know|by the way|actually))+$",
    re.IGNORECASE,
)


def _tidy(piece: str) -> str:
    piece = " ".join(piece.split()).rstrip(".;:!?, ").strip(" \"'\u201c\u201d")
    piece = re.sub(_LEAD_IN, "", piece, flags=re.IGNORECASE)
    piece = _TRAILING_ASIDE.sub("", piece)
    if piece.count("(") != piece.count(")"):
        return ""  # never half a parenthesis
    return piece


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def _clauses(text: str) -> list[str]:
    parts = re.split(r"(?<=[.;:!?])\s+|,\s+(?=(?:and|but|so)\s)", text.strip())
    return [p.strip() for p in parts if p and p.strip()]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())
