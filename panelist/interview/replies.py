"""What the interviewer does with a candidate's turn: before scoring (on_answer) and after
(on_scored). Helpers of :mod:`panelist.interview.engine`; they change the copied state.
"""

from __future__ import annotations

import re
from datetime import datetime

from panelist.interview.events import Action, ScoreRequested
from panelist.interview.flow import Ctx, finish, move_on, say, time_out
from panelist.interview.followups import AnswerView, choose_follow_up
from panelist.interview.role_answers import answer_from_profile, is_no_question
from panelist.interview.state import (
    CandidateQuestion,
    InterviewState,
    Speaker,
    Stage,
    Status,
    Turn,
    TurnRole,
)
from panelist.interview.utterances import Intent, classify, project_topic
from panelist.scoring.types import Flag, Score

STRONG = 4.0  # on the 1-5 scale
SOLID = 3.0


def on_answer(
    ctx: Ctx, state: InterviewState, turn_id: str, text: str, now: datetime
) -> list[Action]:
    """Record the candidate's turn and react: repeat, skip, or hand it on for scoring."""
    intent = classify(text)
    repeats = int(state.notes.get("repeats", 0))
    if intent is Intent.REPEAT and repeats >= ctx.config.max_repeats:
        intent = Intent.ANSWER  # a third "sorry?" moves the interview on like any answer
    item = state.plan.items[state.cursor]
    turn = Turn(
        id=turn_id,
        seq=state.next_seq(),
        speaker=Speaker.CANDIDATE,
        role=TurnRole.ANSWER,
        text=text,
        at=now,
        question_id=item.question_id,
        kind=item.kind,
        meta={"intent": intent.value, "answers": state.notes.get("prompt_turn")},
    )
    state.turns.append(turn)
    if intent is Intent.REPEAT:
        turn.meta["counted"] = False
        state.notes["repeats"] = repeats + 1
        return [_repeat(ctx, state, now)]
    if intent is Intent.SKIP:
        turn.meta["skipped"] = True
        if state.stage is Stage.CLOSE:
            return finish(state, now)
        return move_on(ctx, state, now, ctx.book.say("ack_skip", state.next_seq()))
    if state.stage is Stage.INTRO:
        return _after_intro(ctx, state, text, now)
    if state.stage is Stage.CANDIDATE_QUESTIONS:
        return _candidate_question(ctx, state, text, now)
    if state.stage is Stage.CLOSE:
        goodbye = ctx.book.say("goodbye", state.next_seq(), name=state.candidate_name)
        return [say(state, TurnRole.CLOSING, goodbye, now), *finish(state, now)]
    if not ctx.catalog.question(item.question_id).scored:
        return move_on(ctx, state, now, ctx.book.say("ack_weak", state.next_seq()))
    state.notes["pending_score"] = turn_id
    return [ScoreRequested(turn_id=turn_id, question_id=item.question_id)]


def on_scored(ctx: Ctx, state: InterviewState, turn: Turn, score: Score) -> list[Action]:
    """Attach the score, then follow up or move on."""
    turn.score = score.to_dict()
    state.notes["pending_score"] = None
    now = turn.at
    if state.notes.get("timed_out"):
        return time_out(ctx, state, now)
    if state.status is not Status.IN_PROGRESS:
        return []
    intent = Intent(turn.meta.get("intent", Intent.ANSWER.value))
    question = ctx.catalog.question(state.plan.items[state.cursor].question_id)
    asked = next((t.text for t in state.turns if t.id == state.notes.get("question_turn")), "")
    view = AnswerView(
        asked_text=asked,
        question=question,
        score=score,
        intent=intent,
        asked=state.follow_ups_asked,
        probed=frozenset(state.notes.get("probed", []) + state.notes.get("probed_anywhere", [])),
    )
    seq = state.next_seq()
    choice = choose_follow_up(
        view, max_follow_ups=ctx.config.max_follow_ups, book=ctx.book, seq=seq
    )
    if choice is None:
        return move_on(ctx, state, now, acknowledgement(ctx, state, turn, score, intent))
    actions: list[Action] = []
    if choice.reason == "simpler":
        actions.append(
            say(state, TurnRole.ACKNOWLEDGEMENT, ctx.book.say("ack_dont_know", seq), now)
        )
    state.follow_ups_asked += 1
    state.notes.setdefault("probed", []).append(choice.key)
    if choice.reason == "contradiction":  # one contradiction is put to the candidate once
        state.notes.setdefault("probed_anywhere", []).append(choice.key)
    follow_up = say(
        state,
        TurnRole.FOLLOW_UP,
        choice.text,
        now,
        follow_up_of=state.notes.get("question_turn"),
        meta={"why": choice.reason, "probe": choice.key},
    )
    return [*actions, follow_up]


def acknowledgement(
    ctx: Ctx, state: InterviewState, turn: Turn, score: Score, intent: Intent
) -> str:
    """Calibrated to the answer: only a strong, relevant, unflagged answer is praised."""
    seq = state.next_seq()
    flags = {f.flag for f in score.flags}
    if intent is Intent.INJECTION or Flag.INJECTION in flags:
        return ctx.book.say("ack_injection", seq)
    if intent is Intent.DONT_KNOW or Flag.DONT_KNOW in flags:
        return ctx.book.say("ack_dont_know", seq)
    value = _on_five_point_scale(score)
    quote = _best_quote(turn.text, score)
    doubtful = flags & {Flag.CONTRADICTION, Flag.UNSUPPORTED_CLAIM, Flag.OFF_TOPIC, Flag.EVASIVE}
    if value is not None and value >= STRONG and score.relevance >= 0.5 and not doubtful and quote:
        return ctx.book.say("ack_strong", seq, quote=quote)
    if value is not None and value >= SOLID and quote and Flag.OFF_TOPIC not in flags:
        return ctx.book.say("ack_solid", seq, quote=quote)
    return ctx.book.say("ack_weak", seq)


def _on_five_point_scale(score: Score) -> float | None:
    if score.value is None:
        return None
    if score.max_score == 5.0:
        return score.value
    return 1.0 + 4.0 * score.value / score.max_score


def _best_quote(answer: str, score: Score) -> str:
    """A short phrase around the strongest rubric evidence; "" when nothing was evidenced."""
    for hit in sorted(score.key_points_hit, key=lambda h: -h.strength):
        for evidence in hit.evidence:
            if evidence.text.strip() and answer[evidence.start : evidence.end] == evidence.text:
                return quote_around(answer, evidence.start, evidence.end)
    return ""


def quote_around(answer: str, start: int, end: int, words: int = 10) -> str:
    """Up to ``words`` words of the sentence holding ``answer[start:end]``, centred on it."""
    left = max(answer.rfind(mark, 0, start) for mark in ".!?\n") + 1
    stops = [i for i in (answer.find(mark, end) for mark in ".!?\n") if i != -1]
    right = min(stops) if stops else len(answer)
    spans = [m.span() for m in re.finditer(r"\S+", answer[left:right])]
    spans = [(a + left, b + left) for a, b in spans]
    inside = [i for i, (a, b) in enumerate(spans) if b > start and a < end]
    if not inside:
        return ""
    first, last = inside[0], inside[-1]
    while last - first + 1 < words and (first > 0 or last < len(spans) - 1):
        if first > 0:
            first -= 1
        if last < len(spans) - 1 and last - first + 1 < words:
            last += 1
    phrase = answer[spans[first][0] : spans[last][1]]
    if phrase.count("(") != phrase.count(")"):  # never quote half a parenthesis
        phrase = phrase.replace("(", "").replace(")", "")
    return phrase.strip(" ,;\"'\u201c\u201d")


def _after_intro(ctx: Ctx, state: InterviewState, text: str, now: datetime) -> list[Action]:
    state.project_topic = project_topic(text)
    seq = state.next_seq()
    name = state.candidate_name.split()[0] if state.candidate_name.strip() else "there"
    if state.project_topic:
        ack = ctx.book.say("ack_intro_topic", seq, name=name, topic=state.project_topic)
    else:
        ack = ctx.book.say("ack_intro", seq, name=name)
    return move_on(ctx, state, now, ack)


def _candidate_question(ctx: Ctx, state: InterviewState, text: str, now: datetime) -> list[Action]:
    role = ctx.catalog.roles.get(state.role_code)
    answer = answer_from_profile(text, role) if role is not None else None
    if is_no_question(text) or (answer is not None and not answer.topics and "?" not in text):
        return move_on(ctx, state, now, ctx.book.say("cq_none", state.next_seq()))
    seq = state.next_seq()
    uncovered = answer.uncovered if answer is not None else [text]
    parts = [answer.text] if answer is not None and answer.text else []
    if uncovered:
        state.notes.setdefault("unanswered_candidate_questions", []).extend(uncovered)
        parts.append(ctx.book.say("cq_unknown", seq))
    state.candidate_questions.append(
        CandidateQuestion(
            turn_id=state.turns[-1].id,
            text=text.strip(),
            answered=not uncovered,
            answer=answer.text if answer is not None and answer.text else None,
            topics=list(answer.topics) if answer is not None else [],
        )
    )
    asked = int(state.notes.get("candidate_questions", 0)) + 1
    state.notes["candidate_questions"] = asked
    meta = {"covered": not uncovered, "topics": answer.topics if answer else []}
    if asked >= ctx.config.max_candidate_questions:
        answered = say(state, TurnRole.ANSWER_TO_CANDIDATE, " ".join(parts), now, meta=meta)
        return [answered, *move_on(ctx, state, now, None)]
    parts.append(ctx.book.say("cq_more", seq))
    return [say(state, TurnRole.ANSWER_TO_CANDIDATE, " ".join(parts), now, meta=meta)]


def _repeat(ctx: Ctx, state: InterviewState, now: datetime) -> Action:
    prompt_id = state.notes.get("prompt_turn")
    prompt = next((t for t in state.turns if t.id == prompt_id), None)
    question = prompt.text if prompt is not None else ""
    if prompt is not None and prompt.role is TurnRole.REPEAT:
        question = str(prompt.meta.get("repeated", question))
    text = ctx.book.say("repeat", state.next_seq(), question=question)
    return say(state, TurnRole.REPEAT, text, now, meta={"repeated": question})
