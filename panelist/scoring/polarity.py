"""What a sentence calls useless or not worth doing, besides the words it negates.

``text.tokenize`` marks the words a negation covers ("we did not page anyone"). A candidate
also denies a thing by calling it futile, with the thing before the predicate ("Killing the
parent won't change anything", "SIGKILL is pointless here") or after a dismissal ("Don't
bother with rate()", "I don't see the point of separate tickets and pages", "No need for a
startup probe"). There the negation does not reach the thing ("of", "with" and "for" end a
negation's scope in ``tokenize``), so it reads as affirmed. :func:`dismissed` finds those
spans: the thing, from the clause's start to the futility predicate, or from the dismissal
to the clause's end.

Key-point credit (``credit``) reads a dismissed thing as denied: a sentence that dismisses a
positive point's words does not credit it ("Killing the parent won't change anything" is not
"kills the parent as a stopgap"), while a point that is itself a negation ("kill -9 cannot
help") is made by one ("SIGKILL is pointless here").
"""

from __future__ import annotations

import re
from functools import lru_cache

from panelist.scoring.text import tokenize

_NOT = r"(?:n't|n’t|\s+not)"
# the thing said to be futile comes before these ("X won't help", "X is pointless")
_FUTILE = re.compile(
    rf"\b(?:(?:does|do|did|will|would|can|could)(?:{_NOT}|\s+never)|cannot|won't|won’t)\s+"
    r"(?:help|work|matter|change\s+anything|fix\s+anything|do\s+anything)\b"
    rf"|\b(?:does|do|did)(?:{_NOT})\s+need\s+to\s+do\s+anything\b"
    r"|\b(?:does|do|did|will|would)\s+nothing\b"
    r"|\bmakes?\s+no\s+difference\b"
    r"|\b(?:is|are|was|were|'s|’s)\s+(?:pointless|useless|overkill|unnecessary|a\s+waste)\b"
    rf"|\b(?:is|are|was|were)(?:{_NOT})\s+(?:needed|necessary|the\s+answer|the\s+fix|worth\s+it)\b"
    # "Rolling back without understanding the cause just hides the problem"
    r"|\b(?:just\s+|only\s+|simply\s+)?(?:hides?|masks?|papers?\s+over|covers?\s+up)\s+the\s+"
    r"(?:real\s+|actual\s+)?(?:problem|bug|issue|cause)s?\b",
    re.I,
)
# ... and after these ("Don't bother with rate()", "No need for a startup probe")
_DISMISSAL = re.compile(
    rf"\b(?:(?:do|does|did|would|will|should)(?:{_NOT})|won't|won’t|never)\s+bother"
    r"(?:\s+(?:with|about|to))?\b"
    r"|\bno\s+need\s+(?:for|to)\b"
    r"|\bno\s+point\s+(?:in|to|of)\b"
    rf"|\b(?:do|does|did|can)(?:{_NOT})\s+see\s+the\s+point\s+(?:of|in)\b",
    re.I,
)
# where the thing ends: a clause break
_BREAK = re.compile(
    r"[.;:!?,()\n]|\s[-–—]\s|\b(?:but|however|because|since|so|which|while|whereas|though|"
    r"although|instead|if|until|unless|once|when)\b",
    re.I,
)


# every futility or dismissal holds one of these: most answers are passed over by this alone
_CUE = re.compile(
    r"n't|n’t|not\b|\bno\b|never|nothing|pointless|useless|overkill|unnecessary|waste"
    r"|\bhides?\b|\bmasks?\b|papers?\s+over|covers?\s+up",
    re.I,
)


@lru_cache(maxsize=2048)  # per sentence: every point of the question reads it
def dismissed(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each thing ``text`` calls futile or dismisses."""
    if not _CUE.search(text):
        return ()
    breaks = [(m.start(), m.end()) for m in _BREAK.finditer(text)]
    spans: list[tuple[int, int]] = []
    for match in _FUTILE.finditer(text):
        start = max((e for s, e in breaks if e <= match.start()), default=0)
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
    for match in _DISMISSAL.finditer(text):
        end = min((s for s, _ in breaks if s >= match.end()), default=len(text))
        if text[match.end() : end].strip():
            spans.append((match.end(), end))
    return tuple(sorted(spans))


def dismissed_stems(text: str) -> frozenset[str]:
    """The content stems of what ``text`` dismisses (:func:`dismissed`)."""
    spans = dismissed(text)
    if not spans:
        return frozenset()
    return frozenset(
        t.stem for t in tokenize(text) if t.is_content and any(s <= t.start < e for s, e in spans)
    )


_NEGATOR = re.compile(
    r"\b(?:not|no|never|without|cannot|nothing|nobody|avoids?|\w+n't|\w+n’t)\b", re.I
)


def avoided_stems(text: str) -> frozenset[str]:
    """The content stems ``text`` says not to do: what it dismisses, and every word from a
    negation to the end of its clause. A key point's text is read this way (not only the
    few words a negation covers in a candidate's sentence): "Defines a zombie as an exited
    process whose parent has not reaped it with wait()" avoids wait() as much as reaping."""
    breaks = [m.start() for m in _BREAK.finditer(text)]
    spans = list(dismissed(text))
    for match in _NEGATOR.finditer(text):
        end = min((b for b in breaks if b >= match.end()), default=len(text))
        spans.append((match.end(), end))
    return frozenset(
        t.stem for t in tokenize(text) if t.is_content and any(s <= t.start < e for s, e in spans)
    )


def inside(start: int, spans: tuple[tuple[int, int], ...]) -> bool:
    """``start`` lies in one of ``spans``."""
    return any(s <= start < e for s, e in spans)


# What a sentence concludes, recommends or endorses, rather than describes as a risk ("a pod
# that crashes on start would be restarted in a loop forever"): a conclusion drawn ("so the
# improvement is real", "since RUM sees every user, we don't need synthetic probes"), the
# candidate's own plan ("I'd put them in environment variables", "we should copy their
# runbooks") or a verdict ("failing the checkout with a 500 is the right thing", "that's the
# industry standard", "is secure enough").
_STANCE = re.compile(
    r"(?:^|[,;:]\s*|\s)(?:so|therefore|hence|thus|since)\s+(?!that\b|far\b|much\b|many\b)"
    r"|\b(?:which|that|this)\s+means\b"
    r"|\b(?:i|we)(?:['’]d|['’]ll|\s+would|\s+will|\s+should|\s+need\s+to|\s+just)\s+"
    r"(?!not\b|never\b|rather\b|first\s+ask\b)"
    r"|\b(?:is|are|['’]s)\s+(?:(?:the|a)\s+)?(?:right|correct|fine|enough|secure\s+enough|"
    r"(?:\w+\s+)?(?:standard|best\s+practice|good\s+practice)|the\s+(?:real\s+)?fix)\b"
    r"|\bthe\s+(?:real\s+)?fix\s+is\b|\bthat\s+should\s+(?:sort|fix|do)\b",
    re.I,
)


# ... but not as what someone might say or think: "It's tempting to say the API is fine
# because the mean is flat" reports the verdict it goes on to reject
_REPORTED = re.compile(
    r"(?<!\bi\s)(?<!\bwe\s)\b(?:say|says|said|saying|think|thinks|thought|assume|assumes|"
    r"assumed|believe|believes|believed|claim|claims|tempting\s+to|tempted\s+to)\b",
    re.I,
)


def takes_a_stance(text: str) -> bool:
    """``text`` concludes, recommends or endorses something (:data:`_STANCE`), not only as
    what someone might say or think (:data:`_REPORTED` earlier in its clause; "I think"
    is the candidate's own)."""
    for match in _STANCE.finditer(text):
        clause = re.split(r"[,;:]|\bbut\b", text[: match.start()], flags=re.I)[-1]
        if not _REPORTED.search(clause):
            return True
    return False
