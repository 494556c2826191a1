"""A request for a hint ("Can you give me a hint?"): what an interviewer who gives none says.

The embedded interviewer holds the rubric, so any hint it gave would be the answer's key
points read out, and the candidate would be judged on words it put in their mouth. It says
so plainly, once per question, and offers what a fair interviewer offers: a narrower way into
the same question (the first part of a question that asks several things, else its first
probe that does not point back at an answer), or the question again with leave to say it is
new to them. A second request on the same question moves on.
The request is never an answer: it is not scored, flagged or counted.
"""

from __future__ import annotations

import re
from datetime import datetime

from panelist.interview.events import Action
from panelist.interview.flow import Ctx, move_on, say
from panelist.interview.followups import core_question
from panelist.interview.state import InterviewState, TurnRole

HINTED = "hint"  # the probe key noted once a hint was asked for on the current question
SIMPLER = "simpler"  # the key of the simpler angle a later "I don't know" would get
# a probe that points back at what the answer named ("How close to that limit were you?"):
# nothing was answered yet, so there is nothing for it to point at
_POINTS_BACK = re.compile(r"\b(?:that|those|these)\s+(?!is\b|was\b|are\b)[a-z]+", re.IGNORECASE)


def hint_reply(ctx: Ctx, state: InterviewState, now: datetime, asked: str) -> list[Action]:
    """The reply to a request for a hint on the question ``asked`` (as last put): no hint,
    said honestly, with a narrower way in when the question has one and no answer or
    follow-up has been given yet; on a second request, the next question."""
    seq = state.next_seq()
    if HINTED in state.probed:
        return move_on(ctx, state, now, ctx.book.say("hint_again", seq))
    state.probed.append(HINTED)
    item = state.plan.items[state.cursor]
    question = ctx.catalog.question(item.question_id)
    probe = next(
        (f for f in question.follow_ups if not _POINTS_BACK.search(f.text)),
        None,
    )
    fresh = state.follow_ups_asked == 0 and SIMPLER not in state.probed
    first = first_part(asked) if fresh and question.scored else None
    if first is not None:  # "What is a zombie process?" of the zombie question: a start
        state.probed.append(SIMPLER)
        text = ctx.book.say("hint_first_part", seq, probe=first)
        return [say(state, TurnRole.REPEAT, text, now, repeated=asked, why=HINTED)]
    if probe is not None and fresh and question.scored:
        state.probed.append(SIMPLER)  # the same angle is not offered again after "I don't know"
        if probe.key_point:
            state.probed.append(f"key_point:{probe.key_point}")  # nor asked as a follow-up
        text = ctx.book.say("hint_narrower", seq, probe=probe.text)
        return [say(state, TurnRole.REPEAT, text, now, repeated=probe.text, why=HINTED)]
    text = ctx.book.say("hint_none", seq, question=asked)
    return [say(state, TurnRole.REPEAT, text, now, repeated=asked, why=HINTED)]


# where the parts of a question's asking sentence meet: "How do you confirm the cause, fix it
# now, and prevent it from happening again?"
_PARTS = re.compile(r",\s+(?:and\s+|or\s+)?|\s+and\s+(?=(?:how|what|why|which|who|when|where)\b)")
_MIN_PART_WORDS = 3
_ASKING = re.compile(
    r"(?:how|what|why|which|who|when|where|is|are|do|does|did|can|could|would|should|will)\b",
    re.IGNORECASE,
)


def first_part(asked: str) -> str | None:
    """The first part of a question that asks several things, as a question of its own ("How
    do you confirm the cause?" of "How do you confirm the cause, fix it now, and prevent it
    from happening again?"); None when it asks one thing or the part is too short to stand."""
    core = core_question(asked)
    parts = _PARTS.split(core.rstrip("?"))
    if len(parts) < 2 or len(parts[0].split()) < _MIN_PART_WORDS:
        return None
    if _ASKING.match(parts[0]) is None:
        return None  # "After a major outage, what do you recommend?": the part asks nothing
    return parts[0].strip() + "?"
