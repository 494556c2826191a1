"""What each number of an answer is about: (holder, attribute, value, unit, role, frame).

"checkout p99 went from 800 ms to 300 ms" holds two ``latency:p99`` quantities of the
checkout path (roles ``before`` and ``after``); "a 1h/5m burn-rate alert" holds two
``window`` lengths, which are not latencies; "a team of 15 engineers" is a count of people
held by a team; "when I left, the org was forty engineers" is framed at leaving. Numbers
are found by :mod:`panelist.scoring.numbers`; :mod:`panelist.scoring.contradiction`
compares only quantities that agree on all of this. Each text is read once (cached).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from panelist.scoring import quantity_words as lex
from panelist.scoring.numbers import Number, numbers
from panelist.scoring.text import STOP_WORDS, clause_of, stem, whole_sentences

# Texts whose numbers (and, in scoring.tools and scoring.events, tools and acts) are kept: the
# contradiction check reads every earlier answer of an interview again at each new answer, so
# the cache holds the earlier answers of the live interviews a process serves (1,000
# interviews of ~7 answers: ~7,000 texts), about 2 KB each across the three (~35 MB at most).
# At 512 a server with 1,000 live interviews re-read them on every answer: a fifth of its CPU.
EARLIER_ANSWERS_CACHED = 16384

MAX_CHARS = 20_000


@dataclass(frozen=True)
class Quantity:
    """One number of an answer and what it is about."""

    value: float  # in the unit's base (seconds, bytes, per second, percent points, items)
    shown: str  # as written ("300 ms")
    kind: str  # percent | time | count | money | size | rate | ratio | year | plain
    unit: str  # "s", "%", the counted thing ("people", "node"), "usd", ...
    role: str  # value | before | after | change | target | threshold | window | compared |
    # part (of a larger whole, or added to it) | condition (a point on a scale: "at 150 services")
    attribute: str | None  # latency:p99, availability, mttr, people, duration, ...
    holder: str | None  # team, org, cluster, api, ... (whose attribute)
    subject: frozenset[str]  # words narrowing the holder down ("checkout", "kafka", "lumen")
    definite: bool  # "that cluster", "the rotation": refers to one already named
    frames: tuple[tuple[str, str], ...]  # (time|year|env|employer, value)
    approximate: bool
    hypothetical: bool
    identified_as: str | None  # "The 40% was the drop in alert volume": what it was
    inferred: bool  # the attribute is read from the unit alone ("4 TB" is a size)
    clause: tuple[int, int]  # the whole clause holding it (offsets into the answer)
    span: tuple[int, int]  # the number itself (offsets into the answer)
    anaphoric: bool  # a change credited to "that", "it", "this": to what the answer said before
    whole_at_least: float | None = None  # a part's whole is at least this ("the other two": 3)
    # a time of each one of many ("each canary step ran for 90 seconds", "90 seconds per
    # node"): how long one of them takes, never how long the whole took
    each: bool = False
    # what took the time, its head noun ("the canary analysis ran" -> "analysis"; "the
    # cutover of each database took" -> "cutover"): another head is another thing
    head: str | None = None

    @property
    def comparable(self) -> bool:
        """A statement of fact about a named attribute (not a window or an example)."""
        return (
            self.attribute is not None
            and not self.hypothetical
            and not (self.kind == "count" and self.value < 2)  # "one person", "one of us"
            and self.role in {"value", "before", "after", "change", "target", "threshold"}
        )


@lru_cache(maxsize=EARLIER_ANSWERS_CACHED)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every number of ``text`` (its first 20,000 characters), read once and cached by text."""
    text = text[:MAX_CHARS]
    said = numbers(text)
    ranged = _ranges(said, text)
    found = [
        _read(text, ranged.get(i, number), ranged=i in ranged) for i, number in enumerate(said)
    ]
    return tuple(_unpaired_before(_share_units(found, text)))


# "four to five minutes", "3-4 days", "two or three hours": one span of a value, not a change
_RANGE_GAP = re.compile(r"\s*(?:to|-|–|or)\s*", re.IGNORECASE)
_CHANGE_OPENS = re.compile(r"\b(?:from|between)\s+(?:about\s+|around\s+|roughly\s+)?$", re.I)


def _ranges(said: list[Number], text: str) -> dict[int, Number]:
    """The numbers that are the two ends of a range, by index: a bare lower end takes the
    upper end's unit ("four to five minutes" is two times, not four services and a time
    that went to five minutes). "went from four to five minutes" is a change, not a range."""
    ends: dict[int, Number] = {}
    for i, (low, high) in enumerate(itertools.pairwise(said)):
        if not _RANGE_GAP.fullmatch(text[low.end : high.start]) or low.kind not in {
            "plain",
            high.kind,
        }:
            continue
        if _CHANGE_OPENS.search(text[max(0, low.start - 20) : low.start]) or high.kind == "plain":
            continue
        if low.kind == "plain":
            low = replace(
                low, kind=high.kind, unit=high.unit, value=low.value * _written_scale(high)
            )
        ends[i], ends[i + 1] = low, high
    return ends


def _written_scale(number: Number) -> float:
    """The factor of a number's unit as written ("five minutes" → 60, "20 ms" → 0.001)."""
    digits = re.match(r"\s*(\d+(?:,\d{3})*(?:\.\d+)?)", number.text)
    written = float(digits.group(1).replace(",", "")) if digits else 0.0
    words = number.text.split()
    for size in range(len(words) - 1, 0, -1) if not digits else ():
        plain = [n for n in numbers(" ".join(words[:size])) if n.kind == "plain"]
        if plain:  # "twenty five minutes": the longest run of number words before the unit
            written = plain[0].value
            break
    return number.value / written if written else 1.0


def _unpaired_before(found: list[Quantity]) -> list[Quantity]:
    """A "before" with no "after" of the same attribute in the text is just its value then
    ("the outage went on for four hours before we got the database back")."""
    afters = {q.attribute for q in found if q.role == "after"}
    return [
        replace(q, role="value") if q.role == "before" and q.attribute not in afters else q
        for q in found
    ]


def _read(text: str, number: Number, *, ranged: bool = False) -> Quantity:
    start, end = number.start, number.end
    clause = clause_of(text, start)
    before = text[max(clause[0], start - 60) : start]
    after = text[end : min(clause[1], end + 60)]
    kind, unit = number.kind, number.unit
    if kind == "plain":
        kind, unit = _counted(text, clause, start, after)
    role = "value" if ranged else _role(text, clause, before, after, kind)
    whole_at_least: float | None = None
    if role == "value" and kind == "count":
        role, whole_at_least = _place(before, after, number.value)
    elif kind == "count" and role in {"before", "after"} and _affected(before):
        role, whole_at_least = "part", number.value  # "took down 40 nodes before we paused"
    approximate = (
        ranged
        or number.approximate
        or bool(lex.APPROX_BEFORE.search(before))
        or bool(lex.APPROX_AFTER.search(after))
        or bool(re.match(r"^\s*(?:-|–|to)\s*\d", after) and role == "value")
    )
    attribute, holder_span = _attribute(
        text, clause, start, end, kind, unit, role, before, number.text
    )
    holder, subject, definite = _holder(text, clause, start, end, holder_span, kind, unit)
    inferred = attribute in _INFERRED and holder_span is None and kind != "count"
    head = None
    if attribute == "duration":
        subject |= _doer(text, clause, start)
        head = _doer_head(text, clause, start)
    each = kind == "time" and bool(_EACH.search(text[clause[0] : clause[1]]))
    identified = (
        lex.IDENTIFIED.match(text[end : clause[1]]) if _starts_clause(text, clause, start) else None
    )
    return Quantity(
        value=number.value,
        shown=number.text,
        kind=kind,
        unit=unit,
        role=role,
        attribute=attribute,
        holder=holder,
        subject=subject,
        definite=definite,
        frames=frames(text, clause),
        approximate=approximate,
        hypothetical=bool(lex.HYPOTHETICAL.search(text[clause[0] : start])),
        identified_as=identified.group("what") if identified else None,
        inferred=inferred,
        clause=clause,
        each=each,
        head=head,
        span=(start, end),
        anaphoric=role == "change" and _credited_to_anaphor(text[clause[0] : start]),
        whole_at_least=whole_at_least,
    )


def _credited_to_anaphor(head: str) -> bool:
    """ "That alone cut MTTR by 60%", "and it cut toil by 75%": the change is the effect of
    whatever the answer described before, so two of them in two answers are two effects."""
    verbs = list(lex.CHANGE_VERB.finditer(head))
    return bool(verbs) and lex.ANAPHORIC_AGENT.search(head[: verbs[-1].start()]) is not None


def _affected(before: str) -> bool:
    """The count is what an event touched ("broke the builds of 40 services"), not one end of
    a before/after ("migrated from 40 nodes to 12")."""
    return bool(lex.AFFECTED_BEFORE.search(before)) and not (
        lex.FROM_BEFORE.search(before) or lex.ARROW_BEFORE.search(before)
    )


def _place(before: str, after: str, value: float) -> tuple[str, float | None]:
    """A count's place in what it counts: the whole ("value"), a part of a larger whole with
    the least that whole can be ("the other two regions": 3, "40 of those nodes": 40, the
    ones an event touched: "broke the builds of 40 services"), an
    addition to it ("20 more nodes"), or a point on a scale ("crossed 6 minutes at around 150
    services")."""
    if lex.REMAINDER_BEFORE.search(before):
        return "part", value + 1
    if lex.SUBSET_BEFORE.search(before) or lex.PARTITIVE_AFTER.match(after) or _affected(before):
        return "part", value
    if lex.ADDED_BEFORE.search(before) or lex.ADDED_AFTER.match(after):
        return "part", None
    scale = lex.SCALE_POINT_BEFORE.search(before)
    if scale is not None and not lex.STATE_LEAD.match(scale.group("lead") or ""):
        return "condition", None
    return "value", None


def _starts_clause(text: str, clause: tuple[int, int], start: int) -> bool:
    """The number opens its clause ("That 40% was…", "Five minutes was…")."""
    head = text[clause[0] : start].strip().lower()
    return head in {"", "the", "that", "those", "this", "these", "our", "my"}


def _counted(text: str, clause: tuple[int, int], start: int, after: str) -> tuple[str, str]:
    """ "15 engineers" → (count, people); "three of us" → people; a bare "to eight" after
    "pages went from fifty" → alert (the counted noun named just before)."""
    words = re.findall(r"[A-Za-z][\w'-]*", after[:40])[:3]
    # "two of our three regions", "300 of those nodes" count regions and nodes; "four out of
    # eleven incidents" is a proportion, read as two plain numbers (scoring.credit pairs them)
    if lex.PARTITIVE_AFTER.match(after) and not re.match(r"\s*out\b", after, re.I):
        for word in re.findall(r"[A-Za-z][\w'-]*|\d[\d,.]*", after[:50])[:6]:
            lower = word.lower()
            if lower in lex.COUNTED and lower != "us":
                return "count", lex.COUNTED[lower]
            if lower not in lex.PARTITIVE_SKIP and not _number_word(lower):
                break
    for index, word in enumerate(words):
        lower = word.lower()
        if lower == "of" and index + 1 < len(words) and words[index + 1].lower() == "us":
            return "count", "people"
        if lower in lex.COUNTED and lower != "us":
            return "count", lex.COUNTED[lower]
        if lower in lex.COUNT_SKIP:
            continue
        break
    if words and words[0].lower() not in STOP_WORDS | {"a", "per"}:
        return "plain", ""  # "three postmortems": counts something we do not track
    if lex.WE_WERE_BEFORE.search(text[clause[0] : start]):
        return "count", "people"  # "we were five on the platform team"
    preceding = re.findall(r"[A-Za-z][\w'-]*", text[clause[0] : start])[-10:]
    for word in reversed(preceding):
        lower = word.lower()
        if lower in lex.COUNTED and lower != "us":
            return "count", lex.COUNTED[lower]
    return "plain", ""


def _number_word(word: str) -> bool:
    """ "three", "300", "hundred": a word of a number."""
    return word[0].isdigit() or bool(numbers(word))


def _role(text: str, clause: tuple[int, int], before: str, after: str, kind: str) -> str:
    if kind == "time" and lex.WINDOW_AFTER.search(after):
        return "window"
    if kind == "time" and lex.WINDOW_BEFORE.search(before):
        return "window"
    if (
        kind == "time"
        and lex.FOR_BEFORE.search(before)
        and lex.ALERT_CONTEXT.search(text[clause[0] : clause[1]])
    ):
        return "window"  # "for: 5m" in an alert rule
    if lex.THRESHOLD_BEFORE.search(before) or lex.TRIGGER_AFTER.search(after):
        return "threshold"
    if lex.FROM_BEFORE.search(before[-16:]) or (
        lex.BEFORE_AFTER.search(after) and not lex.ARROW_BEFORE.search(before)
    ):
        return "before"
    if lex.ARROW_BEFORE.search(before[-18:]) and re.search(r"\d|\bfrom\b", before):
        return "after"
    if re.search(r"\bby\s*(?:about\s+|around\s+|roughly\s+)?[~≈]?\s*[$€£]?$", before, re.I) and (
        lex.CHANGE_VERB.search(before)
    ):
        return "change"
    if kind in {"percent", "ratio", "time", "size", "rate", "money"} and lex.CHANGE_NOUN.search(
        after
    ):
        return "change"  # "30% fewer pages", "about 4 ms higher": a difference, not a level
    if re.search(r"\b(?:vs\.?|versus)\s*$", before, re.I) or re.match(
        r"^\s*(?:vs\.?|versus)\b", after, re.I
    ):
        return "compared"
    near = before[-40:] + " " + after[:25]
    if lex.TARGET_NEAR.search(near):
        return "target"
    when = _nearest_time_word(before, after[:25])
    if when is not None:
        return when
    if lex.COMPARISON.search(near):
        return "compared"
    return "value"


def _nearest_time_word(before: str, after: str) -> str | None:
    """ "2% before the fix and 0.1% after": the before/after word nearest the number."""
    best: tuple[int, str] | None = None
    for role, pattern in (("before", lex.BEFORE_WORDS), ("after", lex.AFTER_WORDS)):
        for match in pattern.finditer(before):
            distance = len(before) - match.end()
            if best is None or distance < best[0]:
                best = (distance, role)
        following = pattern.search(after)
        if following is not None and (best is None or following.start() < best[0]):
            best = (following.start(), role)
    return None if best is None else best[1]


_BIND_BEFORE_WORDS = 8  # "checkout p99 was sitting at roughly 300 ms"
_BIND_AFTER_WORDS = 3  # "300 ms p99", "40% of the monthly error budget"


_INFERRED = frozenset({"duration", "throughput", "availability", "size"})


def _doer(text: str, clause: tuple[int, int], start: int) -> frozenset[str]:
    """What took the time: the words before the duration verb ("the outage itself lasted",
    "rolling back took", "the move to Aurora took")."""
    head = text[clause[0] : start]
    verb = re.search(
        r"\b(?:took|takes|take|lasted|lasts|went\s+on|spent|ran|was|were)\b", head, re.I
    )
    if verb is None:
        return frozenset()
    words = re.sub(r"\broll(?:ing|ed)?\s+back\b", "rollback", head[: verb.start()], flags=re.I)
    words = re.sub(r"\bfail(?:ing|ed)?\s+over\b", "failover", words, flags=re.I)
    return frozenset(
        _fold(w.lower())
        for w in re.findall(r"[A-Za-z][\w-]*", words)
        if w.lower() not in STOP_WORDS | lex.GENERIC | lex.DETERMINERS | lex.VERBS
        and w.lower() not in {"itself", "whole", "full", "even", "still"}
    )


_EACH = re.compile(r"\b(?:each|every|per|apiece)\b", re.I)
_TOOK = re.compile(r"\b(?:took|takes|take|lasted|lasts|went\s+on|ran|runs|spent)\b", re.I)


def _doer_head(text: str, clause: tuple[int, int], start: int) -> str | None:
    """The head noun of what took the time: the last word of the noun phrase before the
    duration verb, or the word before its "of" ("the cutover of each database")."""
    head = text[clause[0] : start]
    verb = _TOOK.search(head)
    if verb is None:
        return None
    said = re.sub(r"\broll(?:ing|ed)?\s+back\b", "rollback", head[: verb.start()], flags=re.I)
    said = re.sub(r"\bfail(?:ing|ed)?\s+over\b", "failover", said, flags=re.I)
    words = re.findall(r"[A-Za-z][\w-]*", said)
    if "of" in (w.lower() for w in words):
        words = words[: [w.lower() for w in words].index("of")]
    content = [
        w.lower()
        for w in words
        if w.lower() not in STOP_WORDS | lex.GENERIC | lex.DETERMINERS | lex.VERBS
        and w.lower() not in {"itself", "whole", "full", "even", "still", "each", "every"}
    ]
    return _fold(content[-1]) if content else None


def _binds(text: str, a_start: int, a_end: int, start: int, end: int) -> bool:
    """An attribute word names this number: shortly before it within the sentence part, or
    right after it with no punctuation between."""
    if a_end <= start:
        between = text[a_end:start]
        return len(re.findall(r"\w+", between)) <= _BIND_BEFORE_WORDS and not re.search(
            r"[;:.!?]", between
        )
    between = text[end:a_start]
    return len(re.findall(r"\w+", between)) <= _BIND_AFTER_WORDS and not re.search(
        r"[,;:.!?()]", between
    )


def _attribute(
    text: str,
    clause: tuple[int, int],
    start: int,
    end: int,
    kind: str,
    unit: str,
    role: str,
    before: str,
    shown: str,
) -> tuple[str | None, tuple[int, int] | None]:
    """The nearest attribute word of the clause that this kind of number can measure."""
    if kind == "count":
        return unit, None
    if kind == "year":
        return "year", None
    best: tuple[int, str, int, int] | None = None
    for name, pattern, kinds in lex.ATTRIBUTE_RES:
        fits = kind in kinds or (role == "change" and kind in {"percent", "ratio"})
        if name == "availability" and role == "change":
            fits = False
        if not fits:
            continue
        for match in pattern.finditer(text, clause[0], clause[1]):
            if match.start() <= start < match.end():
                continue
            if not _binds(text, match.start(), match.end(), start, end):
                continue
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, name, match.start(), match.end())
    if best is not None:
        name = best[1]
        if lex.SPREAD_OF.search(text[clause[0] : best[2]]):
            return None, None  # "the day-to-day variation of p99 ... about 1 ms" is no p99
        if name == "latency":  # "p99 latency", "median latency": the percentile says which
            qualifier = re.search(
                r"\b(p50|p90|p95|p99|median)\W+\w*\W*$", text[clause[0] : best[2]], re.I
            )
            if qualifier:
                name = f"latency:{'p50' if qualifier.group(1).lower() == 'median' else qualifier.group(1).lower()}"
        return name, (best[2], best[3])
    if kind == "time" and (lex.DURATION_BEFORE.search(before) or shown.endswith("-long")):
        return "duration", None
    if kind == "rate":
        return "throughput", None
    if kind == "percent" and role == "target":
        return "availability", None  # "we set the SLO at 99.5%"
    if kind == "size":
        return "size", None
    return None, None


def _holder(
    text: str,
    clause: tuple[int, int],
    start: int,
    end: int,
    attribute_span: tuple[int, int] | None,
    kind: str,
    unit: str,
) -> tuple[str | None, frozenset[str], bool]:
    """The thing holding the attribute, the words narrowing it down, and whether it is
    referred to as one already named ("that cluster")."""
    all_words = list(re.finditer(r"[A-Za-z][\w'-]*", text[clause[0] : clause[1]]))
    after_number = [m for m in all_words if m.start() >= end - clause[0]][:6]
    words = [m for m in all_words if m.start() < start - clause[0]] + after_number
    holder: str | None = None
    definite = False
    subject: set[str] = set()
    offset = start - clause[0]
    candidates = []
    for index, match in enumerate(words):
        lower = match.group(0).lower()
        following = words[index + 1].group(0).lower() if index + 1 < len(words) else ""
        if lower == "primary" and following in lex.HOLDERS and following != "database":
            continue  # "the primary rotation": a modifier
        if lower in lex.HOLDERS and not (kind == "count" and lex.COUNTED.get(lower) == unit):
            candidates.append((abs(match.start() - offset), index))
    if candidates:  # the holder nearest the number: "at a company … on a team of 3" → team
        _, index = min(candidates)
        holder = lex.HOLDERS[words[index].group(0).lower()]
        subject |= _modifiers(words, index)
        previous = words[index - 1].group(0).lower() if index else ""
        definite = previous in {"the", "that", "this", "those", "our", "my"}
    if attribute_span is not None:
        offset = attribute_span[0] - clause[0]
        index = next((i for i, m in enumerate(words) if m.start() >= offset), len(words))
        subject |= _modifiers(words, index)
    subject |= _prepositional(text, clause)
    number_index = next((i for i, m in enumerate(words) if m.start() >= offset), len(words))
    told = next(  # "two of our four regions are in Europe": Europe is what is said of them
        (i for i in range(number_index, len(words)) if words[i].group(0).lower() in _COPULAS),
        len(words),
    )
    subject |= {
        m.group(0).lower()
        for i, m in enumerate(words)
        if abs(i - number_index) <= _NAME_REACH
        and i < told
        and m.group(0)[0].isupper()
        and not m.group(0).isupper()
        and i > 0
        and m.group(0).lower() not in lex.GENERIC | STOP_WORDS | lex.VERBS
        and m.group(0).lower() not in lex.HOLDERS
        and m.group(0).lower() not in lex.COUNTED
    }
    if (
        kind == "count"
        and unit == "people"
        and holder is None
        and lex.FIRST_PERSON.search(lex.HEDGE.sub("", text[clause[0] : clause[1]]))
    ):
        holder = "team"  # "we were five engineers", "I'm one of six SREs": the candidate's team
    subject -= {"production", "staging", "prod"}
    subject -= {v for c, v in frames(text, clause) if c == "employer"}  # a frame, not a subject
    return holder, frozenset(_fold(w) for w in subject), definite


_COPULAS = frozenset(["is", "are", "was", "were"])
_NAME_REACH = 6  # a capitalised name this many words from the number narrows it ("at Lumen")


def _modifiers(words: list[re.Match[str]], index: int) -> set[str]:
    """Up to two words right before ``words[index]`` that narrow it ("main Kafka cluster")."""
    found: set[str] = set()
    for match in reversed(words[max(index - 3, 0) : index]):
        lower = match.group(0).lower().removesuffix("'s")
        if lower in {"p99", "p95", "p50", "p90", "average", "median", "mean", "peak", "tail"}:
            continue
        if (
            lower in STOP_WORDS
            or lower in lex.GENERIC
            or lower in lex.VERBS
            or lower in lex.DETERMINERS
        ):
            break
        if lower in lex.COUNTED or _names_attribute(lower):
            continue
        if lower in lex.HOLDERS:
            continue  # "the primary database": the holder named twice
        found.add(lower)
    return found


@lru_cache(maxsize=4096)  # a word, against every attribute's pattern: asked of each number
def _names_attribute(word: str) -> bool:
    """The word is an attribute's own name ("latency", "p99"): no modifier of a holder."""
    return any(p.fullmatch(word) for _, p, _ in lex.ATTRIBUTE_RES)


def _prepositional(text: str, clause: tuple[int, int]) -> set[str]:
    """ "for payments", "on the checkout path", "for the login endpoint": the named thing."""
    found: set[str] = set()
    pattern = r"\b(?:for|on|of)\s+(?:the\s+|our\s+|my\s+|that\s+)?([a-z][\w-]*)(?:\s+(api|endpoint|path|service|team|cluster))?"
    for match in re.finditer(pattern, text[clause[0] : clause[1]], re.I):
        word = match.group(1).lower()
        if word in STOP_WORDS or word in lex.DETERMINERS:
            continue
        if match.group(2) or (_looks_like_name(word) and word not in lex.HOLDERS):
            found.add(word)
    return found


def _looks_like_name(word: str) -> bool:
    return word in lex.NAMES


def _fold(word: str) -> str:
    word = re.sub(r"[-\s]+", "", word)
    return stem(word)


def frames(text: str, clause: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    """When and where the clause's sentence holds (time, year, environment, employer)."""
    starts, sentences = _sentence_starts(text)
    index = bisect_right(starts, clause[0]) - 1  # sentences are in order and disjoint
    if index >= 0 and clause[0] < sentences[index][1]:
        return _frames_of(text[sentences[index][0] : sentences[index][1]])
    return _frames_of(text[clause[0] : clause[1]])


@lru_cache(maxsize=64)  # asked for each number of a text: found by bisection, not a scan
def _sentence_starts(text: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    sentences = whole_sentences(text)
    return tuple(s for s, _ in sentences), sentences


@lru_cache(maxsize=4096)  # each number of a sentence, its tools and its events read the same
def _frames_of(sentence: str) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for name, pattern in lex.TIME_FRAME_RES:
        if pattern.search(sentence):
            found.append(("time", name))
    if not found and lex.PRESENT_TENSE.search(sentence) and not lex.PAST_TENSE.search(sentence):
        found.append(("time", "now"))  # "we run about 40 services": not "two years ago"
    year = lex.IN_YEAR.search(sentence)
    if year:
        found.append(("year", year.group(1)))
    for match in lex.ENVIRONMENTS.finditer(sentence):
        found.append(
            ("env", "production" if match.group(1).lower() == "prod" else match.group(1).lower())
        )
    employer = lex.EMPLOYER.search(sentence)
    if employer and employer.group(1).lower() not in {"first", "peak", "least", "most"}:
        found.append(("employer", employer.group(1).lower()))
    return tuple(dict.fromkeys(found))


def _share_units(found: list[Quantity], text: str) -> list[Quantity]:
    """ "12 minutes now, down from 45": a bare before/after number takes its partner's unit."""
    result = list(found)
    sentences = whole_sentences(text)

    def sentence_of(q: Quantity) -> tuple[int, int]:
        return next(((s, e) for s, e in sentences if s <= q.clause[0] < e), q.clause)

    for index, quantity in enumerate(found):
        if quantity.kind != "plain" or quantity.role not in {"before", "after", "value"}:
            continue
        partners = [
            q
            for q in found
            if sentence_of(q) == sentence_of(quantity)
            and q is not quantity
            and q.kind not in {"plain", "year"}
            and q.role in {"before", "after"}
            and q.role != quantity.role
        ]
        if quantity.role == "value" and not _bare_partner(text, quantity, partners):
            continue
        if len(partners) == 1:
            partner = partners[0]
            scale = _scale(partner)
            result[index] = replace(
                quantity,
                value=quantity.value * scale,
                kind=partner.kind,
                unit=partner.unit,
                attribute=partner.attribute,
                holder=partner.holder,
                subject=partner.subject,
                role=quantity.role if quantity.role != "value" else "after",
            )
    return result


def _bare_partner(text: str, quantity: Quantity, partners: list[Quantity]) -> bool:
    """A number with no role word of its own ("to 12", "eight") is the other end of a
    before/after only in its partner's clause and when it names nothing itself: in "40
    million tracking events a day from 12 services; we were five on the platform team"
    neither 40 million nor five is a number of services."""
    if len(partners) != 1 or partners[0].clause != quantity.clause:
        return False
    following = re.match(r"\s*([A-Za-z][\w'-]*)", text[quantity.span[1] : quantity.clause[1]])
    return following is None or following.group(1).lower() in STOP_WORDS | lex.GENERIC


def _scale(quantity: Quantity) -> float:
    """The factor of the partner's unit ("20 minutes" → 60)."""
    bare = re.search(r"\d+(?:,\d{3})*(?:\.\d+)?", quantity.shown)
    if bare is None:
        return 1.0
    written = float(bare.group(0).replace(",", ""))
    return quantity.value / written if written else 1.0
