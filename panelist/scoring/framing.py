"""Sentences that only announce what the answer will be about.

"Let me tell you about the decision to move to managed queues." names the story's topic; it
says nothing the rubric asks for (no alternative, no reason, no number), so it credits no key
point, however near a point's words it comes by meaning (issue 12: a P4 decision story had
"alternatives rejected" credited to it, while the sentence that named the rejected option
and its cost went uncredited). A sentence that opens the same way and goes on to say
something — a number, a reason, a rejected option ("... instead of running our own
brokers") — is a claim like any other.
"""

from __future__ import annotations

import re

from panelist.scoring.text import whole_sentences

_ANNOUNCES = re.compile(
    r"^\W*(?:(?:so|ok(?:ay)?|well|right|sure|alright)\W+)*"
    r"(?:let\s+me\s+(?:tell\s+you|talk|walk\s+you\s+through)"
    r"|i['’]?(?:ll|d\s+like\s+to|\s+will|\s+would\s+like\s+to|\s+want\s+to|m\s+going\s+to)\s+"
    r"(?:tell\s+you|talk|walk\s+you\s+through)"
    r"|(?:this|that|mine)\s+(?:is|was|would\s+be)\s+the\s+story\s+of"
    # not "The one I'd pick is Argo CD": a choice named is an answer
    r"|the\s+(?:story|project|example|incident|time)\s+(?:i['’]?(?:ll|d\s+like\s+to)|i\s+(?:want"
    r"|would\s+like)\s+to)\s+(?:talk\s+about|tell\s+you\s+about|describe)\s+is)\b",
    re.I,
)
# What turns an announcement into a statement: a number, a reason, a contrast, an option
# set against another.
_SAYS_MORE = re.compile(
    r"\d|\b(?:because|since|but|so\s+that|which|where|when|after|instead\s+of|rather\s+than"
    r"|over|versus|vs|than|cost|took|failed|broke|dropped|cut|saved)\b|[;:]|\s[-–—]\s",
    re.I,
)


def framing_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that only announces its topic."""
    return [
        (start, end)
        for start, end in whole_sentences(text)
        if _ANNOUNCES.match(text[start:end]) and not _SAYS_MORE.search(text[start:end])
    ]
