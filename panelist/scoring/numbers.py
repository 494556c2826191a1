"""Numbers as people write them, with their units: "300 ms", "fifteen thousand RPS",
"half an hour", "a quarter of the traffic", "three nines", "4 TB", "11 of 12", "in 2021".

Each becomes a :class:`Number` with its value in a base unit (seconds, bytes, percent
points, requests per second) so "1.2 seconds" and "twelve hundred milliseconds" are equal.
What a number is *about* is read by :mod:`panelist.scoring.quantities`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "dozen": 12}
TIME_UNITS = {
    "ms": 0.001,
    "msec": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "m": 60.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "w": 604800.0,
    "week": 604800.0,
    "weeks": 604800.0,
    "month": 2592000.0,
    "months": 2592000.0,
    "quarter": 7776000.0,
    "quarters": 7776000.0,
    "y": 31536000.0,
    "yr": 31536000.0,
    "yrs": 31536000.0,
    "year": 31536000.0,
    "years": 31536000.0,
}
_SIZE_UNITS = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15}
_SIZE_UNITS |= {"gigabyte": 1e9, "gigabytes": 1e9, "terabyte": 1e12, "terabytes": 1e12}
_SIZE_UNITS |= {"megabyte": 1e6, "megabytes": 1e6, "kib": 2**10, "mib": 2**20, "gib": 2**30}
_RATE = re.compile(
    r"(?:rps|qps|req/s|requests?\s+(?:per|a|/)\s*(?:second|sec|s)\b|"
    r"queries\s+per\s+second|writes\s+per\s+second|reads\s+per\s+second)",
    re.I,
)
# Matched at a number's end in the text itself (no copy of the rest of the text per number):
# none of them looks behind its start.
_RATE_AFTER = re.compile(r"\s?" + _RATE.pattern, re.I)
_FRACTION = re.compile(r"/(\d+)(?![\w.%/])")  # "7/12"
_ONE_OF = re.compile(r"\s+of\b")  # "one of six SREs"
_UNIT_WORDS = sorted([*TIME_UNITS, *_SIZE_UNITS, "%", "percent", "x", "times", "nines"], key=len)
_UNIT_AFTER = re.compile(
    r"(?:\s?-\s?|\s)?(?:full\s+)?(?P<unit>"
    + "|".join(re.escape(u) + ("" if u == "%" else r"(?![\w])") for u in reversed(_UNIT_WORDS))
    + r")(?P<long>-long)?",
    re.I,
)
_NUMBER_WORD = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(list(_SMALL)[1:10]) + r"))?|"
    r"" + "|".join(sorted(_SMALL, key=len, reverse=True)) + r")"
)
_WORDS = re.compile(
    r"\b(?:(?P<halfdozen>half\s+a\s+dozen)|(?P<couple>a\s+couple\s+of\s+(?:hundred|thousand))|"
    r"(?P<several>several\s+(?:hundred|thousand))|"
    r"(?P<word>" + _NUMBER_WORD + r")(?![\w])(?:\s+(?P<scale1>hundred|thousand|million|dozen))?"
    r"(?:\s+(?P<scale2>thousand|million))?|"
    r"(?P<a_scale>an?\s+(?:dozen|hundred|thousand))|"
    r"(?P<half_unit>half\s+an?)(?=\s+(?:hour|minute|second|day|week|month|year)s?\b)|"
    r"(?P<one_unit>an?)(?=\s+(?:full\s+)?(?:hour|minute|second|day|week|month|year)(?:-long)?\b)|"
    r"(?P<share>a\s+quarter|a\s+third|half|two\s+thirds|three\s+quarters)"
    r"(?=\s+(?:of|the)\b)|(?<=\bby\s)(?P<byshare>(?:about\s+|roughly\s+|around\s+)?"
    r"(?:a\s+quarter|a\s+third|half|two\s+thirds))(?![\w-]))",
    re.I,
)
_DIGITS = re.compile(
    r"(?P<cur>[$€£])?(?<![\w.,])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?P<mult>[kK](?![\w])|\s(?:thousand|million|billion)\b|[mM](?=\s+(?:a|per)\s+(?:year|month)))?"
)
# A count just before "a day" / "an hour" makes it a rate's divisor, not a time: "1,100 builds
# a day", "about 10 a year", "twice a week". A preposition or verb between them keeps it a
# time ("5 engineers for a week", "3 of us took a day").
_PER_UNIT = re.compile(
    r"(?:\d[\d,.]*[kKmM]?|\b(?:once|twice|times))\s+"
    r"(?:(?!(?:in|for|within|over|after|took|take|takes|taking|than|of|us|them|about|per|"
    r"every|each|spent|spend|lasted|last)\b)[A-Za-z][\w-]*\s+){0,2}$",
    re.I,
)
_OF = re.compile(r"\s*(?:of|out\s+of)\s+(\d+)\b")
_SHARES = {"a quarter": 25.0, "a third": 33.3, "half": 50.0, "two thirds": 66.7}
_SHARES["three quarters"] = 75.0


@dataclass(frozen=True)
class Number:
    """One number of a text, with its unit, in a base unit."""

    start: int
    end: int  # after the unit
    value: float
    kind: str  # percent | time | money | size | rate | ratio | year | plain
    unit: str  # "%", "s", "b", "rps", "x", "usd", "" (a count: see quantities)
    approximate: bool  # "several hundred", "a couple of thousand", "-ish"
    text: str


def numbers(text: str) -> list[Number]:
    """Every number of ``text`` in order, digits and words."""
    found: list[Number] = []
    # What the digits' numbers cover, in order and disjoint (each starts where its match does,
    # after the last one's end): a position is taken when the last span starting at or
    # before it reaches past it (one bisection, not a scan of every span per match).
    starts: list[int] = []
    ends: list[int] = []
    for match in _DIGITS.finditer(text):
        if ends and match.start() < ends[-1]:  # matches come in order: only the last can hold it
            continue
        number = _from_digits(text, match)
        if number is not None:
            found.append(number)
            starts.append(number.start)
            ends.append(number.end)
    for match in _WORDS.finditer(text):
        index = bisect_right(starts, match.start()) - 1
        if index >= 0 and match.start() < ends[index]:
            continue
        number = _from_words(text, match)
        if number is not None:
            found.append(number)
    return sorted(found, key=lambda n: n.start)


def _from_digits(text: str, match: re.Match[str]) -> Number | None:
    raw = match.group("num").replace(",", "")
    value = float(raw)
    multiplier = (match.group("mult") or "").strip().lower()
    value *= {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "billion": 1e9}.get(
        multiplier, 1.0
    )
    end = match.end()
    if match.group("cur"):
        return Number(match.start(), end, value, "money", "usd", False, text[match.start() : end])
    of = _OF.match(text, end) if "." not in raw else None
    if of and float(of.group(1)) >= value and float(of.group(1)) > 0:  # "11 of 12"
        end = of.end()
        share = 100.0 * value / float(of.group(1))
        return Number(match.start(), end, share, "percent", "%", False, text[match.start() : end])
    fraction = _FRACTION.match(text, end)
    if fraction and not multiplier and float(fraction.group(1)) >= value > 0:  # "7/12"
        end = fraction.end()
        share = 100.0 * value / float(fraction.group(1))
        return Number(match.start(), end, share, "percent", "%", False, text[match.start() : end])
    is_year = not multiplier and "." not in raw and 1990 <= value <= 2039
    if is_year and not _UNIT_AFTER.match(text, end) and not _RATE.match(text, end + 1):
        return Number(match.start(), end, value, "year", "year", False, raw)
    return _with_unit(text, match.start(), end, value, approximate=False)


def _from_words(text: str, match: re.Match[str]) -> Number | None:
    groups = match.groupdict()
    approximate = False
    if groups["halfdozen"]:
        value = 6.0
    elif groups["couple"]:
        value, approximate = 2.0 * _SCALES[groups["couple"].split()[-1].lower()], True
    elif groups["several"]:
        value, approximate = 3.0 * _SCALES[groups["several"].split()[-1].lower()], True
    elif groups["a_scale"]:
        value = float(_SCALES[groups["a_scale"].split()[-1].lower()])
    elif groups["half_unit"]:
        value = 0.5
    elif groups["one_unit"]:
        if _PER_UNIT.search(text, 0, match.start()):
            return None  # "1,100 builds a day", "10 a year", "twice a week": a rate's divisor
        value = 1.0
    elif groups["share"] or groups["byshare"]:
        phrase = " ".join((groups["share"] or groups["byshare"]).lower().split())
        for prefix in ("about ", "roughly ", "around "):
            phrase = phrase.removeprefix(prefix)
        return Number(
            match.start(), match.end(), _SHARES[phrase], "percent", "%", True, match.group(0)
        )
    else:
        value = float(_word_value(groups["word"]))
        for scale in (groups["scale1"], groups["scale2"]):
            if scale:
                value *= _SCALES[scale.lower()]
        if groups["word"].lower() == "one" and _ONE_OF.match(text, match.end()):
            return None  # "one of six SREs": the six is the number
    return _with_unit(text, match.start(), match.end(), value, approximate=approximate)


def _word_value(word: str) -> int:
    parts = re.split(r"[\s-]+", word.lower())
    return sum(_TENS.get(p, _SMALL.get(p, 0)) for p in parts)


_LIST_TAIL = re.compile(r"(?:\s*,\s*\d+(?:\.\d+)?)*\s*,?\s*(?:and|or|to|-|–)\s*\d+(?:\.\d+)?")


def _with_unit(text: str, start: int, end: int, value: float, *, approximate: bool) -> Number:
    unit_match = _UNIT_AFTER.match(text, end)
    if unit_match is None:  # "30, 90 and 365 days", "from 45 to 12 minutes": the last one's
        tail = _LIST_TAIL.match(text, end)
        shared = _UNIT_AFTER.match(text, tail.end()) if tail else None
        if shared is not None:
            shown = text[start:end]
            unit = shared.group("unit").lower()
            if unit in TIME_UNITS:
                return Number(start, end, value * TIME_UNITS[unit], "time", "s", approximate, shown)
            if unit in {"%", "percent"}:
                return Number(start, end, value, "percent", "%", approximate, shown)
            if unit in _SIZE_UNITS:
                return Number(
                    start, end, value * _SIZE_UNITS[unit], "size", "b", approximate, shown
                )
    rate = _RATE_AFTER.match(text, end)
    if rate:
        end = rate.end()
        return Number(start, end, value, "rate", "rps", approximate, text[start:end])
    if unit_match is None:
        return Number(start, end, value, "plain", "", approximate, text[start:end])
    unit = unit_match.group("unit").lower()
    end = unit_match.end()
    shown = text[start:end]
    if unit in {"%", "percent"}:
        return Number(start, end, value, "percent", "%", approximate, shown)
    if unit == "nines":  # "three nines" is 99.9%
        return Number(start, end, 100.0 - 10 ** (2 - value), "percent", "%", approximate, shown)
    if unit in TIME_UNITS:
        return Number(start, end, value * TIME_UNITS[unit], "time", "s", approximate, shown)
    if unit in _SIZE_UNITS:
        return Number(start, end, value * _SIZE_UNITS[unit], "size", "b", approximate, shown)
    return Number(start, end, value, "ratio", "x", approximate, shown)
