"""Quotes of the candidate's own words, and justifications built from them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from panelist.reports.formatting import quoted_words
from panelist.reports.models import Credit, FlagNote
from panelist.scoring.types import Evidence

MAX_QUOTE = 160  # a whole clause fits; longer ones are cut at word boundaries
_BOUNDARY = re.compile(r"[.!?](?=\s|$)|[;\n]")
# Words that join a clause to the talk around it, not part of what the candidate claims:
# a quote starts after them ("So, um, basically we paged on burn rate" quotes "we paged on
# burn rate"). Hedges stay ("I think", "If I recall"): they say how sure the candidate was.
_LEAD_IN = re.compile(
    r"(?:(?:so|and|and then|then|also|plus|now|well|oh|um|uh|er|ok|okay|right|yeah|yes"
    r"|basically|anyway|after that|long story short|what happened next was"
    r"|the other thing is|and the other thing is|as i said|like i said|as i mentioned)"
    r"(?:\s*[,:\-\u2013\u2014])?\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quote:
    """``answer[start:end]``, the words quoted, and whether the clause goes on either side."""

    start: int
    end: int
    cut_before: bool
    cut_after: bool

    def text(self, answer: str) -> str:
        inner = answer[self.start : self.end]
        return ("…" if self.cut_before else "") + inner + ("…" if self.cut_after else "")


def quote_around(answer: str, evidence: Evidence) -> str:
    """The clause of ``answer`` around the evidence span, at most MAX_QUOTE characters, from
    its first word that matters; "…" marks where the clause goes on.

    Falls back to the evidence text when its offsets do not point into ``answer``.
    """
    found = quote_span(answer, evidence)
    return _clip(evidence.text) if found is None else found.text(answer)


def quote_span(answer: str, evidence: Evidence) -> Quote | None:
    """Where :func:`quote_around` quotes ``answer`` (None: the offsets are not in it)."""
    start, end = evidence.start, evidence.end
    if not (0 <= start < end <= len(answer)) or answer[start:end] != evidence.text:
        return None
    left = max((m.end() for m in _BOUNDARY.finditer(answer, 0, start)), default=0)
    left = _first_word(answer, left, start, end)
    # a whole sentence as evidence ends on its own full stop: the clause ends there too,
    # not at the end of the next sentence
    right_match = _BOUNDARY.search(answer, max(start, end - 1))
    right = right_match.end() if right_match else len(answer)
    if right_match is not None and answer[right_match.start()] in ";\n":
        right = right_match.start()
    right = len(answer[:right].rstrip())
    if right - left <= MAX_QUOTE:
        return Quote(left, right, cut_before=False, cut_after=False)
    if end - left <= MAX_QUOTE:  # the clause's own start, so the quote reads as said
        lo = left
    else:
        lo = max(left, min(start, (start + end) // 2 - MAX_QUOTE // 2))
    hi = min(right, max(end, lo + MAX_QUOTE))
    lo = _first_word(answer, _word_start(answer, lo, left, start), start, end)
    hi = _word_end(answer, hi, right, end)
    hi = max(len(answer[:hi].rstrip(" ,;:-")), end)  # "no harm,…" reads "no harm…"
    return Quote(lo, hi, cut_before=lo > left, cut_after=hi < right)


def _first_word(answer: str, left: int, start: int, end: int) -> int:
    """``left`` moved past spaces and lead-in words ("So, um, basically"), into the evidence
    too when it opens on them ("After that, the synthetic check paged us"), never past its
    last word."""
    while left < start and answer[left].isspace():
        left += 1
    lead = _LEAD_IN.match(answer, left)
    if lead is None:
        return left
    if lead.end() <= start:
        return lead.end()
    return lead.end() if answer[lead.end() : end].strip() else left


def _word_start(text: str, at: int, floor: int, limit: int) -> int:
    """``at`` moved forward to the start of a word (never past ``limit``), never mid-word."""
    if at <= floor or text[at - 1].isspace():
        return at
    space = text.find(" ", at, limit)
    return space + 1 if space != -1 else at


def _word_end(text: str, at: int, ceiling: int, limit: int) -> int:
    """``at`` moved back to the end of a word (never before ``limit``)."""
    if at >= ceiling or text[at].isspace():
        return at
    space = text.rfind(" ", limit, at)
    return space if space != -1 else at


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def humanize(identifier: str) -> str:
    """``burn-rate-alerting`` -> ``burn rate alerting``."""
    return identifier.replace("_", " ").replace("-", " ").strip()


def justification(
    credited: list[Credit],
    missed: list[str],
    flags: list[FlagNote],
    not_scored_reason: str | None,
) -> str:
    """``Credited "..." for X; missed: Y.`` plus the flags, each with its quotes."""
    parts: list[str] = []
    if not_scored_reason is not None:
        parts.append(f"Not scored ({not_scored_reason}).")
    if credited:
        said = "; ".join(
            (
                f"credited {_quotes(c.quotes[:1])} for {c.label}"
                if c.quotes
                else f"credited {c.label}"
            )
            + (f" (added during Q{c.added_during})" if c.added_during is not None else "")
            for c in credited
        )
        parts.append("C" + said[1:] + ("" if missed else "."))
    elif not_scored_reason is None:
        parts.append("No rubric point was credited")
    if missed:
        parts[-1] = parts[-1].rstrip(".") + "; missed: " + ", ".join(missed) + "."
    elif not credited and not_scored_reason is None:
        parts[-1] += "."
    for flag in flags:
        quoted = f" {quoted_words(flag.flag, flag.quotes)}" if flag.quotes else ""
        parts.append(f"Flagged {flag.flag.replace('_', ' ')}:{quoted} ({flag.detail.rstrip('.')}).")
    return " ".join(parts)


def _quotes(quotes: list[str], sep: str = ", ") -> str:
    return sep.join(f'"{q}"' for q in quotes)
