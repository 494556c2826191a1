"""Moving through the plan: saying turns, asking the current question, moving on, time.

Helpers of :mod:`panelist.interview.engine`. They change the (already copied) state in
place and return the actions they produced. Time only comes in as ``now``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from panelist.catalog.loader import Catalog
from panelist.catalog.models import SCORED_KINDS, QuestionKind
from panelist.interview.agreement import agree
from panelist.interview.events import Action, Finished, Say
from panelist.interview.exchange import Exchange, project_story
from panelist.interview.followups import said_dont_know
from panelist.interview.phrasing import Phrasebook
from panelist.interview.planner import extra_item
from panelist.interview.retelling import asked_of_the_story
from panelist.interview.state import InterviewState, Speaker, Stage, Status, Turn, TurnRole

STAGE_OF_KIND: dict[QuestionKind, Stage] = {
    QuestionKind.INTRO: Stage.INTRO,
    QuestionKind.PROJECT: Stage.PROJECT,
    QuestionKind.TECHNICAL: Stage.TECHNICAL,
    QuestionKind.SCENARIO: Stage.TECHNICAL,
    QuestionKind.BEHAVIOURAL: Stage.TECHNICAL,
    QuestionKind.CANDIDATE_QUESTIONS: Stage.CANDIDATE_QUESTIONS,
    QuestionKind.CLOSE: Stage.CLOSE,
}
DROPPABLE = SCORED_KINDS | {QuestionKind.INTRO}
BODY_KINDS = frozenset({QuestionKind.TECHNICAL, QuestionKind.SCENARIO, QuestionKind.BEHAVIOURAL})
# A remark about the clock written into a question ("We have a few minutes left for you."):
# replaced by one that matches the time actually left.
_TIME_REMARK = re.compile(r"We have a few minutes left(?: for you)?\.\s*", re.IGNORECASE)
FEW_MINUTES = 10.0  # minutes left from which "a few minutes left" is true
# The interviewer turns an answer replies to ("Is there anything you did not get to mention
# ...?", the close that asks, too: see ``say``).
PROMPTS = frozenset(
    {TurnRole.QUESTION, TurnRole.FOLLOW_UP, TurnRole.REPEAT, TurnRole.ANSWER_TO_CANDIDATE}
)


@dataclass(frozen=True)
class EngineConfig:
    """The engine's knobs (built from Settings at the edge)."""

    max_follow_ups: int = 2
    interviewer_name: str = "panelist"
    company_name: str = "ReliableOps"
    max_candidate_questions: int = 3
    max_repeats: int = 2  # per question; a further "sorry?" counts as an answer


@dataclass
class Ctx:
    """What every handler needs: the catalog, the knobs and the wording."""

    catalog: Catalog
    config: EngineConfig
    book: Phrasebook


def say(
    state: InterviewState,
    role: TurnRole,
    text: str,
    now: datetime,
    *,
    follow_up_of: str | None = None,
    about_item: bool = True,
    **notes: Any,
) -> Say:
    """Append an interviewer turn (about the current plan item unless ``about_item`` is False)
    and return the action saying it; ``notes`` set the turn's typed notes (``why=...``)."""
    current = state.cursor < len(state.plan.items) and about_item
    item = state.plan.items[state.cursor] if current else None
    seq = state.next_seq()
    turn = Turn(
        id=f"panelist:{seq}",
        seq=seq,
        speaker=Speaker.INTERVIEWER,
        role=role,
        text=text,
        at=now,
        question_id=item.question_id if item else None,
        kind=item.kind if item else None,
        follow_up_of=follow_up_of,
        **notes,
    )
    state.turns.append(turn)
    if role in PROMPTS or (role is TurnRole.CLOSING and "?" in text):
        state.prompt_turn = turn.id  # what the next answer replies to: a close that asks too
    return Say(turn)


def say_goodbye(ctx: Ctx, state: InterviewState, now: datetime) -> list[Action]:
    """The goodbye after the last question (answered or skipped), and the end."""
    goodbye = ctx.book.say("goodbye", state.next_seq(), name=first_name(state))
    return [say(state, TurnRole.CLOSING, goodbye, now), *finish(state, now)]


def first_name(state: InterviewState) -> str:
    """How the interviewer addresses the candidate mid-conversation: "Marco", not "Marco
    Bianchi" (the greeting alone uses the name as the recruiter typed it)."""
    return state.candidate_name.split()[0] if state.candidate_name.strip() else "there"


def finish(state: InterviewState, now: datetime) -> list[Action]:
    state.status = Status.COMPLETED
    state.stage = Stage.FINISHED
    state.finished_at = now
    state.pending_score = None
    return [Finished()]


def ask_current(ctx: Ctx, state: InterviewState, now: datetime, prefix: str = "") -> list[Action]:
    """Ask the plan item at the cursor (skipping dropped ones), or finish past the end."""
    dropped = set(state.dropped)
    while state.cursor < len(state.plan.items) and state.cursor in dropped:
        state.cursor += 1
    if state.cursor >= len(state.plan.items):
        return finish(state, now)
    item = state.plan.items[state.cursor]
    previous = state.stage
    state.stage = STAGE_OF_KIND[item.kind]
    state.follow_ups_asked = 0
    state.probed = []
    state.repeats = 0
    question = ctx.catalog.question(item.question_id)
    seq = state.next_seq()
    text = question.text.strip()
    opening = _resume_opening(state)
    notes: dict[str, Any] = {}
    if item.kind is QuestionKind.PROJECT:
        topic = state.project_topic or ""
        retold = (
            asked_of_the_story(text, project_story(state)) if previous is Stage.PROJECT else None
        )
        if opening:  # the deep-dive starts from the résumé's project, named once
            text = after_opening(opening, text)
        elif retold is not None:
            text = retold  # not the failure story again right after it was told
            notes["told_before"] = True
        elif previous is Stage.PROJECT and _NAMING.match(text):
            text = staying_with(text)  # not "You mentioned X." when X is what we just discussed
        elif previous is not Stage.PROJECT and text.startswith(_STAYING):
            text = _FIRST_ON + text[len(_STAYING) :]  # nothing to stay with yet
        if "{project}" in text and state.project_topic is None:
            text = without_a_project(text, again=previous is Stage.PROJECT)
        elif "{project}" in text:
            text = agree(text, topic).replace("{project}", topic)
    if item.kind is QuestionKind.CANDIDATE_QUESTIONS and state.candidate_questions:
        # they asked theirs already, mid-interview: never "What questions do you have?" as if
        # they had asked none
        text = ctx.book.say("cq_asked_already", seq)
    if _TIME_REMARK.search(text):
        text = _TIME_REMARK.sub(_time_remark(ctx, state, now, seq) + " ", text, count=1)
    asked = " ".join(text.split())  # the question itself, without any bridge
    if item.kind is QuestionKind.PROJECT:
        bridge = "{project}" not in question.text and state.project_topic and not opening
        if bridge and previous is Stage.INTRO:
            text = ctx.book.say("project_bridge", seq, topic=topic) + text
    elif state.stage is Stage.TECHNICAL and previous is not Stage.TECHNICAL:
        text = ctx.book.say("technical_bridge", seq) + text
    text = " ".join((prefix + " " + text).split()) if prefix else " ".join(text.split())
    if item.kind is QuestionKind.CLOSE:
        closing = say(state, TurnRole.CLOSING, text, now)
        if "?" in question.text:
            state.awaiting_close_answer = True
            return [closing]
        return [closing, *finish(state, now)]
    action = say(
        state, TurnRole.QUESTION, text, now, reason=item.reason, question_text=asked, **notes
    )
    state.question_turn = action.turn.id
    return [action]


_NAMING = re.compile(r"^(?:You mentioned|You described|Let's go deeper into) \{project\}\.\s*")


def starts_by_naming(text: str) -> bool:
    """The question's first sentence only names the project ("You mentioned {project}.")."""
    return _NAMING.match(text) is not None


_A_SYSTEM = "a system you ran recently"
_THAT_SYSTEM = "that same system"


# A project question written to follow another ("Staying with {project}: which part of it
# would have broken first ...?") asked first, right after the intro, where it read "Staying with
# the booking service: ..." with nothing said of it yet.
_STAYING = "Staying with {project}"
_FIRST_ON = "Tell me about {project}"


def without_a_project(text: str, *, again: bool = False) -> str:
    """A project question asked when the intro named no project: about a system the
    candidate ran, so its "it" has something to refer to ("With a system you ran recently, how
    did you know in production that it was working ...?"), never "In your recent work, how
    did you know ... that it was working"; "that same system" on the next project question
    (``again``), never a second "a system you ran recently"."""
    if _NAMING.match(text):
        opening = "Staying with that same system: " if again else f"Think of {_A_SYSTEM}. "
        rest = _NAMING.sub("", text)
        if again and rest[1:2].islower():
            rest = rest[0].lower() + rest[1:]
        text = opening + rest
    text = text.replace("Staying with {project}", "Staying with that same system")
    return text.replace("{project}", _THAT_SYSTEM if again else _A_SYSTEM)


def after_opening(opening: str, text: str) -> str:
    """``text`` put after the résumé's opening: a first sentence that only names the project
    goes, and the project is "that project" from then on ("You led the payments ledger
    migration — tell me about a time something in that project broke ...")."""
    rest = _NAMING.sub("", text).replace("{project}", "that project")
    if rest[1:2].islower():
        rest = rest[0].lower() + rest[1:]
    return f"{opening} — {rest}"


def staying_with(text: str) -> str:
    """A second project question on the same project: "You mentioned {project}. What was the
    hardest ..." asked as "Staying with {project}: what was the hardest ..."."""
    rest = _NAMING.sub("", text)
    if rest[1:2].islower():
        rest = rest[0].lower() + rest[1:]
    if ":" in rest.split("?")[0]:  # "sketch its architecture for me in words: the main ..."
        return f"Staying with {{project}}, {rest}"  # never two colons in one sentence
    return f"Staying with {{project}}: {rest}"


def _resume_opening(state: InterviewState) -> str | None:
    """The résumé's opening ("You led the payments ledger migration") when the cursor is on
    the plan's first project question and the résumé named a project; else None."""
    resume = state.plan.resume
    if resume is None or not resume.opening or not resume.projects:
        return None
    first = next(
        (i for i, it in enumerate(state.plan.items) if it.kind is QuestionKind.PROJECT), None
    )
    return resume.opening if first == state.cursor else None


def move_on(ctx: Ctx, state: InterviewState, now: datetime, ack: str | None) -> list[Action]:
    """Acknowledge (if ``ack``), advance past the current item, mind the clock, ask the next."""
    actions: list[Action] = []
    if ack:
        actions.append(say(state, TurnRole.ACKNOWLEDGEMENT, ack, now))
    state.cursor += 1
    if drop_for_time(state, now):
        text = ctx.book.say("time_up", state.next_seq())
        actions.append(time_up(state, text, now))
    elif extend_for_time(ctx, state, now):
        asked = [t.text for t in reversed(state.turns) if t.role is TurnRole.QUESTION]
        bridge = ctx.book.say("time_extra", state.next_seq(), avoid=asked)
        return actions + ask_current(ctx, state, now, bridge)
    return actions + ask_current(ctx, state, now)


def extend_for_time(ctx: Ctx, state: InterviewState, now: datetime) -> bool:
    """The plan's questions are done and the clock still has room: add a question for a
    required competency the plan left out (:func:`~panelist.interview.planner.extra_item`)
    before the candidate's questions, so a quick candidate is assessed on more of what the
    level requires instead of finishing early. Returns True when a question was added."""
    pending = remaining_items(state)
    items = state.plan.items
    if (
        state.timed_out
        or not pending
        or items[pending[0]].kind is not QuestionKind.CANDIDATE_QUESTIONS
    ):
        return False
    role = ctx.catalog.roles.get(state.role_code)
    if role is None or _out_of_depth_on_an_added(state):
        return False
    left = state.plan.budget_minutes - state_elapsed(state, now)
    spare = left - sum(items[i].minutes for i in pending)
    item = extra_item(ctx.catalog, role, state.plan, spare)
    if item is None:
        return False
    at = pending[0]
    state.plan = state.plan.model_copy(
        update={
            "items": [*items[:at], item, *items[at:]],
            "uncovered": [c for c in state.plan.uncovered if c not in item.competencies],
        }
    )
    state.dropped = [i + 1 if i >= at else i for i in state.dropped]
    return True


def _out_of_depth_on_an_added(state: InterviewState) -> bool:
    """The last question added for time was answered "I don't know": a candidate out of
    their depth is not given more of what the plan had left out. A hand-run P6 answered
    three added questions that way in a row, six "I'm not sure"s before their own
    questions, each an extra 1.0/5 in the overall score."""
    added = [item for item in state.plan.items[: state.cursor] if item.added]
    if not added:
        return False
    answers = Exchange.of(state, added[-1].question_id).answers
    return bool(answers) and all(said_dont_know(t.intent, t.score_obj()) for t in answers)


def _time_remark(ctx: Ctx, state: InterviewState, now: datetime, seq: int) -> str:
    left = state.plan.budget_minutes - state_elapsed(state, now)
    return ctx.book.say("time_left_few" if left <= FEW_MINUTES else "time_left_plenty", seq)


def remaining_items(state: InterviewState) -> list[int]:
    dropped = set(state.dropped)
    return [i for i in range(state.cursor, len(state.plan.items)) if i not in dropped]


def drop_for_time(state: InterviewState, now: datetime, *, all_scored: bool = False) -> bool:
    """Drop the lowest-priority remaining questions that no longer fit the time left.

    With ``all_scored`` (the budget ran out) every remaining scored question goes. Otherwise
    the last technical question is kept while none has been asked and it still fits the time
    left: an interview never loses every technical question to a slow start. Returns True when something was dropped.
    """
    items = state.plan.items
    left = state.plan.budget_minutes - state_elapsed(state, now)
    pending = remaining_items(state)
    droppable = sorted(
        (i for i in pending if items[i].kind in DROPPABLE), key=lambda i: (items[i].priority, -i)
    )
    asked_body = any(
        items[i].kind in BODY_KINDS for i in range(state.cursor) if i not in state.dropped
    )
    body_left = [i for i in pending if items[i].kind in BODY_KINDS]
    needed = sum(items[i].minutes for i in pending)
    dropped = state.dropped
    before = len(dropped)
    for index in droppable:
        if not all_scored and needed <= left:
            break
        keep = not all_scored and not asked_body and body_left == [index]
        if keep and left >= items[index].minutes:
            continue  # the only technical question left still fits: it stays
        dropped.append(index)
        body_left = [i for i in body_left if i != index]
        needed -= items[index].minutes
    if len(dropped) > before:
        why = "timed out" if all_scored else f"{max(left, 0):.0f} min left"
        for index in dropped[before:]:
            state.dropped_reasons[items[index].question_id] = why
        return True
    return False


def state_elapsed(state: InterviewState, now: datetime) -> float:
    if state.started_at is None:
        return 0.0
    return max((now - state.started_at).total_seconds() / 60.0, 0.0)


def time_out(ctx: Ctx, state: InterviewState, now: datetime) -> list[Action]:
    """The budget ran out: drop every remaining scored question, go to the candidate's turn."""
    state.timed_out = True
    if state.stage is Stage.CLOSE:
        return say_goodbye(ctx, state, now)
    if state.stage is Stage.CANDIDATE_QUESTIONS:
        return move_on(ctx, state, now, None)
    state.cursor += 1
    drop_for_time(state, now, all_scored=True)
    text = ctx.book.say("time_up", state.next_seq())
    actions: list[Action] = [say(state, TurnRole.ACKNOWLEDGEMENT, text, now, time_up=True)]
    return actions + ask_current(ctx, state, now)


def time_up(state: InterviewState, text: str, now: datetime) -> Say:
    return say(state, TurnRole.ACKNOWLEDGEMENT, text, now, about_item=False, time_up=True)
