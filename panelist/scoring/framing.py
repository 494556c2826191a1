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
    r"(?:tell\s+you|talk|walk\s+you\s+through|describe|pick|go\s+with|use)"
    r"|(?:this|that|it|mine)\s+(?:is|was|would\s+be)\s+(?:the\s+story\s+of|about)"
    r"|the\s+(?:one|decision|story|project|example|thing)\s+(?:i['’]?(?:ll|d)|i\s+(?:want|would"
    r"\s+like)\s+to)\s+(?:pick|talk\s+about|describe|use|go\s+with)\s+is)\b",
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
