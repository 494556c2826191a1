"""Statements that something happened, or did not: "we rolled back within 5 minutes",
"we never rolled back", "I led the migration", "I wasn't on the migration team".

Each clause is read for the events it states — a kind of act (rolling back, failing over,
paging, restoring, migrating, one's own part in the work, data lost, customers affected, a
service down), whether it is affirmed or denied, who did it, and what it was done to. Two
statements conflict (:func:`conflict`) only when they are about the same act, one affirms
and the other denies it, the actors can be the same, and what it was done to is the same
thing: "the Postgres migration" and "the Kafka migration", "the deploy" and "the schema" are
two things. A clause marked as another time or case ("since then", "at first", "later",
"until the audit", "the first outage", "the 2021 outage", "a test", "at my previous job"),
someone else's wish or a rule ("my manager wanted us never to roll back", "I wouldn't roll
back without a plan"), or a narrowed denial ("not immediately", "not alone", "from scratch",
"without a ticket") states no conflicting event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from panelist.scoring.quantities import EARLIER_ANSWERS_CACHED, frames
from panelist.scoring.text import clause_of, clauses, content_stems

_I = re.I

# act -> the words that state it (a match's end is where its object starts)
ACTS: dict[str, re.Pattern[str]] = {
    "rolling back": re.compile(
        r"\b(?:roll(?:ed|ing|s)?\s+(?:(?:the|that|this|our|it|them)\s+)?(?:\S+\s+){0,2}?back"
        r"|revert(?:ed|ing|s)?)\b",
        _I,
    ),
    "failing over": re.compile(r"\b(?:fail(?:ed|ing|s)?\s+over|failover)\b", _I),
    "paging": re.compile(
        r"\b(?:paged|pag(?:e|es|ing)\s+(?:me|us|him|her|them|the|our|whoever)|pager\s+woke"
        r"|woke\s+me)\b",
        _I,
    ),
    "restoring": re.compile(r"\brestor(?:e|ed|es|ing)\b", _I),
    "rotating credentials": re.compile(r"\brotat(?:e|ed|es|ing)\b", _I),
    "migrating": re.compile(r"\bmigrat(?:e|ed|es|ing)\b", _I),
    "shutting down": re.compile(
        r"\bshut(?:ting|s)?\s+(?:(?:the|that|our|it)\s+)?(?:\S+\s+){0,2}?down\b", _I
    ),
    "the candidate's own part in it": re.compile(
        r"\b(?:led|owned|drove|designed|built|wrote|hired|ran|worked\s+on"
        r"|(?:didn['’]t|did\s+not|never)\s+(?:lead|own|drive|design|build|write|hire|run|work\s+on)"
        r"|was\s+(?:never\s+)?(?:the|an?|on|part\s+of|involved\s+in)"
        r"|wasn'?t\s+(?:the|an?|on|part\s+of|involved\s+in)|were\s+on"
        r"|(?:had|have)\s+nothing\s+to\s+do\s+with)\b",
        _I,
    ),
    "data lost": re.compile(r"\b(?:lost|lose|losing|loses)\b", _I),
    "customers affected": re.compile(
        r"\b(?:customers?|users?|clients?)\s+(?:saw|got|hit|noticed|were\s+(?:affected|impacted))"
        r"|\bno\s+(?:customers?|users?|clients?)\s+(?:was|were)\s+(?:affected|impacted)\b",
        _I,
    ),
    "an outage": re.compile(r"\b(?:outage\s+of|went\s+down|go\s+down|was\s+down)\b", _I),
}

_NEGATION = re.compile(r"\b(?:never|not|no|nobody|nothing|none|cannot)\b|n['’]t\b", _I)
_MODAL_OR_REPORTED = re.compile(
    r"\b(?:would|wouldn'?t|should|shouldn'?t|could|couldn'?t|will|won'?t|want\w*|wish\w*"
    r"|told|asked|insist\w*|rule|polic\w*|if|unless|whenever|always)\b",
    _I,
)
_ANOTHER_CASE = re.compile(
    r"\b(?:since|at\s+first|initially|later|eventually|until|till|after|before|afterwards"
    r"|previous|last\s+job|old\s+job|the\s+week\s+before|next\s+(?:morning|week|month)"
    r"|(?:first|second|third|last|other|another|earlier)\s+(?:outage|incident|time|one|night"
    r"|week|job|company|release|migration|phase)|the\s+(?:19|20)\d\d|test|drill|rehearsal"
    r"|dry\s+run|by\s+(?:the|a|an|our|their)\s+\w+)\b",
    _I,
)
# a denial of only part of it: "not immediately", "not alone", "never from scratch"
_NARROWED = re.compile(
    r"\b(?:immediately|right\s+away|straight\s+away|alone|on\s+my\s+own|from\s+scratch"
    r"|without|at\s+all\s+times|every\s+time)\b",
    _I,
)
_SELF = re.compile(r"\b(?:i|we|my|our|us|me)\b", _I)
_NOBODY = re.compile(r"\b(?:nobody|no\s+one)\b", _I)
_OTHER = re.compile(
    r"\b(?:they|he|she|a\s+contractor|the\s+vendor|a\s+colleague|my\s+colleague|my\s+manager"
    r"|the\s+\w+\s+team|a\s+dba)\b",
    _I,
)
_OBJECT_END = re.compile(
    r"\b(?:and|but|because|so|when|while|since|as|within|after|before|until|then|which|that"
    r"|during|where|for\s+about|in\s+about)\b|[,;:.!?]",
    _I,
)
_OBJECT_WORDS = 7
_GENERIC = frozenset(
    content_stems(
        "team end whole time part thing one bit way night day morning week hour minute second "
        "month year first all every just only fix anyway myself ourselves personally about some "
        "any full straight away soon possible did do done it that incident outage roll back "
        "next immediately quickly "
        "rolling shut down january february march april may june july august september october "
        "november december monday tuesday wednesday thursday friday saturday sunday"
    )
)
_SAME_THING = {
    stem: canonical
    for canonical, words in (
        ("data", "data orders order messages message events event records record writes"),
        ("customer", "customers customer users user clients client"),
        ("call", "on-call oncall call"),
    )
    for stem in content_stems(words)
}


# one's part, by what one did: "hired two engineers" and "part of hiring" are one part
_DOING = {
    word: verb
    for verb, words in (
        ("lead", "led lead leading"),
        ("own", "owned own owning"),
        ("design", "designed design designing"),
        ("build", "built build building"),
        ("write", "wrote write writing written"),
        ("hire", "hired hire hiring"),
        ("run", "ran run running"),
    )
    for word in words.split()
}


@dataclass(frozen=True)
class EventClaim:
    """One act stated in one clause: affirmed or denied, by whom, done to what."""

    act: str
    affirmed: bool
    actor: str  # "self" (I/we), "other", or "any" (passive, nobody)
    objects: frozenset[str]
    clause: tuple[int, int]
    frames: tuple[tuple[str, str], ...]


# Arriving once the work was done denies any part in it: "I joined the team after the CI
# migration was already done", "the canary process was in place before I joined".
_DONE = (
    r"(?:was|were|had\s+been)\s+(?:already\s+|long\s+|all\s+)?(?:done|finished|completed?|over|"
    r"built|written|in\s+place|live|shipped|rolled\s+out|set\s+up|mandated)"
)
_ARRIVED = r"(?:i|we)\s+(?:only\s+)?(?:joined|started|arrived|came\s+(?:in|on\s+board)|got\s+there)"
_ARRIVED_AFTER = re.compile(
    rf"\b{_ARRIVED}\b[^.;]{{0,30}}?\bafter\s+(?P<what>(?:the|that|this|our|their)\s+[^.;,]{{1,50}}?)"
    rf"\s+{_DONE}\b"
    rf"|\b(?P<done>(?:the|that|this|our|their)\s+[^.;,]{{1,50}}?)\s+{_DONE}\b[^.;]{{0,30}}?"
    rf"\bbefore\s+{_ARRIVED}\b",
    _I,
)
_HEAD_NOUN = re.compile(r"([A-Za-z][\w-]*)\s*$")


def _arrival_claims(text: str) -> list[EventClaim]:
    """ "I joined after the CI migration was done": no part in the migration. What it names is
    its head noun and the proper names before it ("the Kafka migration": kafka, migration),
    so "the CI migration" meets "I led the migration from Jenkins" and not "the Postgres
    migration"."""
    found: list[EventClaim] = []
    for match in _ARRIVED_AFTER.finditer(text):
        what = match.group("what") or match.group("done")
        head = _HEAD_NOUN.search(what)
        if head is None:
            continue
        names = " ".join(
            w for w in what.split()[1:-1] if w[:1].isupper() and not w.isupper() and len(w) > 1
        )
        objects = _words(f"{names} {head.group(1)}")
        if not objects:
            continue
        span = clause_of(text, match.start())
        found.append(
            EventClaim(
                "the candidate's own part in it",
                False,
                "self",
                frozenset(objects),
                span,
                frames(text, span),
            )
        )
    return found


@lru_cache(maxsize=EARLIER_ANSWERS_CACHED)
def event_claims(text: str) -> tuple[EventClaim, ...]:
    """Every act a clause of ``text`` states plainly (not as a rule, a wish or another case).
    Earlier answers are read again for every later one: cached by text."""
    found: list[EventClaim] = _arrival_claims(text)
    for start, end in clauses(text):
        clause = text[start:end]
        if _ANOTHER_CASE.search(clause):
            continue
        for act, pattern in ACTS.items():
            for match in pattern.finditer(clause):
                claim = _claim(text, (start, end), clause, act, match)
                if claim is not None:
                    found.append(claim)
    return tuple(found)


def _claim(
    text: str, span: tuple[int, int], clause: str, act: str, match: re.Match[str]
) -> EventClaim | None:
    before = clause[: match.start()]
    if _MODAL_OR_REPORTED.search(before):
        return None
    window = " ".join(before.split()[-5:])
    affirmed = not (_NEGATION.search(window) or _NEGATION.search(match.group(0)))
    if not affirmed and _NARROWED.search(clause):
        return None
    actor = _actor(before, clause[match.end() :])
    # what it was done to: after the act, inside it ("shut the old cluster down"), and the
    # subject before it ("the old cluster was never shut down", "our stateless services ran")
    objects = _objects(clause[match.end() :]) | _words(_inside(act, match.group(0)))
    objects |= _words(" ".join(before.split()[-4:]))
    if act == "the candidate's own part in it":
        objects |= {_DOING[w.lower()] for w in match.group(0).split() if w.lower() in _DOING}
    if act == "customers affected":
        objects |= {"customer"}
    if act == "rotating credentials" and not any(
        o.startswith(("credent", "key", "secret", "token", "password", "cert")) for o in objects
    ):
        return None
    if act == "data lost" and "data" not in objects:
        return None
    return EventClaim(act, affirmed, actor, frozenset(objects), span, frames(text, span))


def _inside(act: str, said: str) -> str:
    """The words between an act's verb and its particle: "rolled *the config change* back"."""
    words = said.split()
    return " ".join(words[1:-1]) if act in ("rolling back", "shutting down") else ""


def _actor(before: str, after: str) -> str:
    if _NOBODY.search(before):
        return "any"
    if _SELF.search(before):
        return "self"
    if _OTHER.search(before) or re.search(r"^\s*\w*\s*by\s+(?:the|a|an)\s+\w+", after, _I):
        return "other"
    return "any"


def _objects(after: str) -> set[str]:
    end = _OBJECT_END.search(after)
    words = (after[: end.start()] if end else after).split()[:_OBJECT_WORDS]
    return _words(" ".join(words))


def _words(text: str) -> set[str]:
    raw = " ".join(
        _DOING.get(w.lower(), w)
        for w in text.replace("-", " ").split()
        if not _NEGATION.fullmatch(w) and not _NEGATION.search(w[-3:])
    )
    stems = {_SAME_THING.get(s, s) for s in content_stems(raw)}
    return {s for s in stems if s not in _GENERIC and not s[:1].isdigit()}


def conflict(a: EventClaim, b: EventClaim) -> bool:
    """Both about one act done to one thing, one affirming it and the other denying it
    (their frames — when, where, which employer — are the caller's to compare)."""
    if a.act != b.act or a.affirmed == b.affirmed:
        return False
    if "other" in (a.actor, b.actor):
        return False
    if not a.objects or not b.objects:
        return True  # "we never rolled back" denies every rollback of that story
    shared = a.objects & b.objects
    return bool(shared) and not (a.objects - shared and b.objects - shared)
