"""A project question about a story the candidate already told.

"Tell me about a time something in the CI runners broke ... How was it detected, what did you
do in the first hour, and what changed afterwards ...?" asked right after the candidate told
the time the runners broke (and how it was found) reads as not listening. When the earlier
project answers already tell a failure, the question is asked of that story, for what it has
not said yet: "Staying with the failure you described: what did you do in the first hour, and
what changed afterwards so it could not happen the same way again?" The question's turn is
marked (``Turn.told_before``), so the story's answers count as the exchange's.

Pure: no I/O.
"""

from __future__ import annotations

import re

from panelist.interview.exchange import already_said

LEAD = "Staying with the failure you described: "

# the question's first sentence asks for a failure story
_ASKS_FAILURE = re.compile(
    r"^tell me about a time (?:when )?(?:something|it|one of)\b[^.?!]*\b(?:broke|misbehaved|failed"
    r"|went wrong|went down)\b[^.?!]*[.?!]\s*",
    re.IGNORECASE,
)
# an earlier answer told one: "The time it failed us was when a node image update broke
# Docker-in-Docker", "one night the primary fell over"
_TELLS_FAILURE = re.compile(
    r"\b(?:the time|one time|once|one (?:day|night|morning|evening|weekend)|last (?:year|month"
    r"|week|quarter)|when)\b[^.?!]{0,100}?\b(?:broke|broken|failed|went down|fell over"
    r"|misbehav\w*|crashed|stopped working)\b",
    re.IGNORECASE,
)
# the asks of the rest, one by one: "How was it detected, what did you do in the first hour,
# and what changed afterwards ...?"
_ASK = re.compile(r",\s*(?:and\s+)?(?=(?:how|what|which|who|when|why)\b)", re.IGNORECASE)


def asked_of_the_story(question: str, story: str) -> str | None:
    """``question`` asked of the failure ``story`` already tells, without the asks the story
    already answers (:func:`panelist.interview.exchange.already_said`); None when the question
    does not open by asking for a failure or the story tells none."""
    opening = _ASKS_FAILURE.match(question.strip())
    if opening is None or _TELLS_FAILURE.search(story) is None:
        return None
    rest = question.strip()[opening.end() :].rstrip(" ?")
    asks = [a.strip() for a in _ASK.split(rest) if a.strip()]
    open_asks = [a for a in asks if not already_said(a, story)] or asks[-1:]
    if not open_asks:
        return None
    if len(open_asks) == 1:
        said = open_asks[0]
    else:
        said = ", ".join(open_asks[:-1]) + ", and " + open_asks[-1]
    return LEAD + said[0].lower() + said[1:] + "?"
