"""What the interviewer does with a candidate's turn: before scoring (on_answer) and after
(on_scored). Helpers of :mod:`panelist.interview.engine`; they change the copied state.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from panelist.catalog.models import SCORED_KINDS, QuestionKind
from panelist.interview.events import Action, Say, ScoreRequested
from panelist.interview.exchange import Exchange, shared_words, story_before
from panelist.interview.flow import (
    Ctx,
    first_name,
    move_on,
    remaining_items,
    say,
    say_goodbye,
    starts_by_naming,
    time_out,
)
from panelist.interview.followups import (
    ON_THE_QUESTION,
    AnswerView,
    FollowUpChoice,
    after_a_colon,
    choose_follow_up,
    core_question,
    rubric_of,
    still_missing,
    without_opener,
)
from panelist.interview.hints import hint_reply
from panelist.interview.phrasing import MAX_QUOTE_WORDS, clause_around
from panelist.interview.role_answers import (
    RoleAnswer,
    answer_from_profile,
    is_no_question,
    is_statement,
)
from panelist.interview.state import (
    CandidateQuestion,
    InterviewState,
    Speaker,
    Stage,
    Status,
    Turn,
    TurnRole,
)
from panelist.interview.templates import TEMPLATES
from panelist.interview.utterances import (
    Intent,
    as_written,
    classify,
    earlier_named,
    leading_aside,
    nothing_more,
    project_topic,
    sentences,
    trailing_aside,
)
from panelist.scoring.point_roles import role_of
from panelist.scoring.types import Flag, Score

_ANSWERING_STAGES = frozenset({Stage.INTRO, Stage.PROJECT, Stage.TECHNICAL})
_BODY_STAGES = frozenset({Stage.PROJECT, Stage.TECHNICAL})
STRONG = 4.0  # on the 1-5 scale
SOLID = 3.0


def on_answer(
    ctx: Ctx, state: InterviewState, turn_id: str, text: str, now: datetime
) -> list[Action]:
    """Record the candidate's turn and react: repeat, skip, or hand it on for scoring."""
    intent = classify(text)
    again = (Intent.REPEAT, Intent.CLARIFY, Intent.EARLIER, Intent.PAUSE)
    if intent in again and state.repeats >= ctx.config.max_repeats:
        intent = Intent.ANSWER  # a third "sorry?" moves the interview on like any answer
    earlier = _earlier_of(state, text) if intent is Intent.EARLIER else None
    # at the candidate's questions, a word on an earlier question that asks nothing ("Oh, and
    # on the healthy one, I also remembered we added a synthetic canary later.") is heard there
    adding_late = state.stage is Stage.CANDIDATE_QUESTIONS and "?" not in text
    if intent is Intent.EARLIER and (
        earlier is None
        or (state.stage not in _BODY_STAGES and not adding_late)
        or (not adding_late and _on_the_question(ctx, state, text))
    ):
        intent = Intent.ANSWER  # nothing earlier to add to, or it goes on to answer this one
    if intent is Intent.HINT and state.stage not in _ANSWERING_STAGES:
        intent = Intent.ANSWER  # "any hints for the next round?" at their questions: theirs
    done = intent is Intent.ANSWER and _nothing_more_to_say(state, text)
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
        intent=intent,
        answers=state.prompt_turn,
        counted=intent is not Intent.REPEAT,
        skipped=intent is Intent.SKIP,
    )
    state.turns.append(turn)
    if done:  # "No, that's all, thanks.": nothing to judge, never scored or flagged too short
        state.replace_turn(turn_id, counted=False)
        if _own_question_unanswered(ctx, state):  # no more questions of theirs; ours is open
            state.repeats += 1
            question = _put_again(_asked_text(state))
            text = ctx.book.say("no_more_then_ours", state.next_seq(), question=question)
            return [say(state, TurnRole.REPEAT, text, now, repeated=question)]
        return _nothing_more(ctx, state, now)
    if intent is Intent.REPEAT:
        state.repeats += 1
        return [_repeat(ctx, state, now)]
    if intent is Intent.PAUSE:  # "Hmm, let me think for a second.": nothing to judge yet
        state.replace_turn(turn_id, counted=False)
        state.repeats += 1
        wait = ctx.book.say("take_your_time", state.next_seq())
        return [say(state, TurnRole.ACKNOWLEDGEMENT, wait, now)]
    if intent is Intent.SKIP:
        if state.stage is Stage.CLOSE:
            return say_goodbye(ctx, state, now)
        return move_on(ctx, state, now, ctx.book.say("ack_skip", state.next_seq()))
    if intent is Intent.EARLIER and state.stage is Stage.CANDIDATE_QUESTIONS:
        state.replace_turn(turn_id, counted=False, adds_to=earlier)
        noted = ctx.book.say("added_to_earlier_at_their_questions", state.next_seq())
        return [say(state, TurnRole.ACKNOWLEDGEMENT, noted, now), _score_aside(turn_id, earlier)]
    if intent is Intent.EARLIER:
        # not an answer to this question: never judged against it
        state.replace_turn(turn_id, counted=False, adds_to=earlier)
        state.repeats += 1
        # ... but one more answer to the question it adds to, scored there
        return [_added_to_earlier(ctx, state, now), _score_aside(turn_id, earlier)]
    if intent is Intent.HINT:  # "Can you give me a hint?": no hint, said so; never scored
        state.replace_turn(turn_id, counted=False)
        return hint_reply(ctx, state, now, _put_again(_asked_text(state)))
    if intent is Intent.CLARIFY and state.stage in _ANSWERING_STAGES:
        # a question about the question: nothing to score yet
        state.replace_turn(turn_id, counted=False)
        state.repeats += 1
        return [_left_open(ctx, state, now)]
    asking = intent is Intent.QUESTION and state.stage in _ANSWERING_STAGES
    if asking and state.repeats < ctx.config.max_repeats:
        state.replace_turn(turn_id, counted=False)
        state.repeats += 1
        return _question_in_place_of_answer(ctx, state, text, now)
    if asking:  # a third in a row: still answered and noted, then the interview goes on
        state.replace_turn(turn_id, counted=False)
        return _question_then_on(ctx, state, text, now)
    if state.stage is Stage.INTRO:
        return _after_intro(ctx, state, text, now)
    if state.stage is Stage.CANDIDATE_QUESTIONS:
        return _candidate_question(ctx, state, text, now)
    if state.stage is Stage.CLOSE:
        return say_goodbye(ctx, state, now)
    if not ctx.catalog.question(item.question_id).scored:
        return move_on(ctx, state, now, ctx.book.say("ack_weak", state.next_seq()))
    added_to = _note_aside(state, turn)
    state.pending_score = turn_id
    asked = ScoreRequested(turn_id=turn_id, question_id=item.question_id)
    return [asked, _score_aside(turn_id, added_to)] if added_to is not None else [asked]


def _score_aside(turn_id: str, earlier: str | None) -> ScoreRequested:
    """Score the turn's words on ``earlier`` (an earlier question) under that question."""
    return ScoreRequested(turn_id=turn_id, question_id=str(earlier), aside=True)


def on_scored(ctx: Ctx, state: InterviewState, turn: Turn, score: Score) -> list[Action]:
    """Follow up or move on (judging the whole exchange); ``turn`` already carries ``score``."""
    state.pending_score = None
    now = turn.at
    if state.timed_out:
        return time_out(ctx, state, now)
    if state.status is not Status.IN_PROGRESS:
        return []
    intent = turn.intent if turn.intent is not None else Intent.ANSWER
    question = ctx.catalog.question(state.plan.items[state.cursor].question_id)
    asked = next((t.text for t in state.turns if t.id == state.question_turn), "")
    exchange = Exchange.current(state)
    view = AnswerView(
        asked_text=asked,
        question=question,
        score=exchange.score(score) if exchange is not None else score,
        intent=intent,
        asked=state.follow_ups_asked,
        probed=frozenset(state.probed + state.clarified),
        first_answer=exchange is None or exchange.is_first_answer(turn),
        said=exchange.text(upto=turn) if exchange is not None else turn.text,
        added=_adds_a_point(exchange, turn, score),
        recent=tuple(t.text for t in reversed(state.turns) if t.role is TurnRole.FOLLOW_UP)[:2],
        story=story_before(state, exchange) if exchange is not None else "",
    )
    seq = state.next_seq()
    cap = _item_cap(state, ctx.config.max_follow_ups)
    choice = choose_follow_up(view, max_follow_ups=cap, book=ctx.book, seq=seq)
    aside = _aside_noted(ctx, state, turn, seq)
    if choice is None:
        ack = acknowledgement(ctx, state, turn, score, intent, follow_up=not view.first_answer)
        return move_on(ctx, state, now, f"{ack} {aside}" if aside else ack)
    actions: list[Action] = []
    if aside:
        actions.append(say(state, TurnRole.ACKNOWLEDGEMENT, aside, now))
    if choice.reason == "off_topic":  # about something else: its credit is not the exchange's
        state.replace_turn(turn.id, off_target=True)
    if choice.reason == "simpler":
        actions.append(
            say(
                state,
                TurnRole.ACKNOWLEDGEMENT,
                ctx.book.say("ack_dont_know_simpler", seq, avoid=_recent_acknowledgements(state)),
                now,
            )
        )
    if choice.reason == "contradiction":  # one contradiction is put to the candidate once
        state.clarified.append(choice.key)
    return [*actions, _ask_follow_up(state, choice, now)]


def _ask_follow_up(state: InterviewState, choice: FollowUpChoice, now: datetime) -> Say:
    """Put the follow-up ``choice`` to the candidate, counting it and noting what it probes."""
    state.follow_ups_asked += 1
    state.probed.append(choice.key)
    return say(
        state,
        TurnRole.FOLLOW_UP,
        choice.text,
        now,
        follow_up_of=state.question_turn,
        why=choice.reason,
        probe=choice.key,
    )


def _aside_noted(ctx: Ctx, state: InterviewState, turn: Turn, seq: int) -> str:
    """The thanks for a word added on an earlier question at the end of the answer ("And
    thanks for the word on the zombie question - I've added it there."), else ""."""
    name = turn.aside_name
    if turn.aside is None or name is None:
        return ""
    return ctx.book.say("aside_noted", seq, name=name)


def _adds_a_point(exchange: Exchange | None, turn: Turn, score: Score) -> bool:
    """The answer evidences a key point no earlier answer of the exchange did."""
    if exchange is None:
        return True
    earlier: set[str] = set()
    for answer in exchange.answers:
        if answer.id == turn.id:
            break
        earlier_score = answer.score_obj()
        if earlier_score is not None and not answer.off_target:
            earlier |= {h.key_point for h in earlier_score.key_points_hit}
    return any(h.key_point not in earlier for h in score.key_points_hit)


def acknowledgement(
    ctx: Ctx,
    state: InterviewState,
    turn: Turn,
    score: Score,
    intent: Intent,
    *,
    follow_up: bool = False,
) -> str:
    """Calibrated to the answer: only a strong, relevant, unflagged answer is praised. An
    answer to a follow-up that gave what was asked gets a plain "thanks, that helps"; one
    that is off topic and says nothing creditable ("I think I've covered that") a neutral
    "okay, thank you"."""
    seq = state.next_seq()
    recent = _recent_acknowledgements(state)
    flags = {f.flag for f in score.flags}
    if intent is Intent.INJECTION or Flag.INJECTION in flags:
        return ctx.book.say("ack_injection", seq, avoid=recent)
    if intent is Intent.DONT_KNOW or Flag.DONT_KNOW in flags:
        return ctx.book.say("ack_dont_know", seq, avoid=recent)
    if follow_up and _SAID_ALREADY.match(turn.text):  # "Like I said - eight ... zero after"
        return ctx.book.say("ack_said_already", seq, avoid=recent)
    if follow_up and _answers_a_clarifying_question(state, turn):
        return ctx.book.say("ack_clarified", seq, avoid=recent)  # never a curt "Alright."
    value = _on_five_point_scale(score)
    question = ctx.catalog.question(turn.question_id) if turn.question_id else None
    story = turn.kind in _STORY_KINDS
    setting = frozenset(
        kp.id
        for kp in (question.key_points if question is not None else ())
        if (role := role_of(kp.text)) is not None and role.name in _SETTING_ROLES
    )
    prompt = next((t for t in state.turns if t.id == turn.answers), None)
    probe = prompt.probe if prompt is not None and prompt.role is TurnRole.FOLLOW_UP else None
    asked = probe.removeprefix("key_point:") if probe and probe.startswith("key_point:") else None
    quote = _best_quote(turn.text, score, setting=setting, story=story, asked=asked)
    doubtful = flags & {Flag.CONTRADICTION, Flag.UNSUPPORTED_CLAIM, Flag.OFF_TOPIC, Flag.EVASIVE}
    if follow_up and asked is not None and not _evidenced_here(score, asked):
        # the follow-up asked for one point and the answer spoke of another: never praised or
        # quoted for that one ("The script fails at step 7 of 14. What happens when someone
        # runs it again?" - "I'd test it every month on the staging cluster" was "the kind of
        # detail I was after")
        quote = ""
    if value is not None and value >= STRONG and score.relevance >= 0.5 and not doubtful and quote:
        return ctx.book.say("ack_strong", seq, quote=quote, avoid=recent)
    if value is not None and value >= SOLID and quote and Flag.OFF_TOPIC not in flags:
        return ctx.book.say("ack_solid", seq, quote=quote, avoid=recent)
    if follow_up and (not doubtful or (doubtful == {Flag.OFF_TOPIC} and score.key_points_hit)):
        return ctx.book.say("ack_follow_up", seq, avoid=recent)  # never to "I've covered that"
    if value is not None and value >= SOLID and score.relevance >= 0.5 and not doubtful:
        # a solid answer whose sentences are too long to quote whole: never the "Understood,
        # thanks." a weak one gets (PLAT P3 by hand: the Terraform state answer, 4.0/5)
        return ctx.book.say("ack_solid_plain", seq, avoid=recent)
    return ctx.book.say("ack_weak", seq, avoid=recent)


def _evidenced_here(score: Score, key_point: str) -> bool:
    """This answer's own words (not an earlier answer of the exchange) evidence ``key_point``."""
    return any(
        hit.key_point == key_point and any(e.turn_id is None for e in hit.evidence)
        for hit in score.key_points_hit
    )


def _answers_a_clarifying_question(state: InterviewState, turn: Turn) -> bool:
    """``turn`` answers "Just so I have it right: earlier you said ..., and now ...": the
    candidate explained how two statements fit together."""
    prompt = next((t for t in state.turns if t.id == turn.answers), None)
    return (
        prompt is not None and prompt.role is TurnRole.FOLLOW_UP and prompt.why == "contradiction"
    )


# an answer to a follow-up that says it was answered already
_SAID_ALREADY = re.compile(
    r"^\W*(?:\w+,?\s+)?(?:like|as)\s+I\s+(?:said|mentioned|explained)\b", re.IGNORECASE
)


def _recent_acknowledgements(state: InterviewState, last: int = 2) -> list[str]:
    """The last acknowledgements said, latest first: the next one reads unlike them."""
    said = [t.text for t in reversed(state.turns) if t.role is TurnRole.ACKNOWLEDGEMENT]
    return said[:last]


def _on_five_point_scale(score: Score) -> float | None:
    if score.value is None:
        return None
    if score.max_score == 5.0:
        return score.value
    return 1.0 + 4.0 * score.value / score.max_score


# questions about what the candidate did or would do: the quote says their act or decision
_STORY_KINDS = frozenset({QuestionKind.PROJECT, QuestionKind.BEHAVIOURAL, QuestionKind.SCENARIO})
# key points that ask for the setting ("Gives the context and scale in numbers"): their
# evidence is the scene of the story, never what to say back
_SETTING_ROLES = frozenset({"scale"})
# "I" or "we" doing or deciding something ("we rejected", "I'd run"), not "we had 900 alerts"
_ADVERB = r"(?:also|then|just|first|finally|only|quickly|never|always|really|still|later)\s+"
_ACTING = re.compile(
    rf"\b(?:i|we|i'd|we'd|i'll|we'll|i've|we've)\s+(?!(?:{_ADVERB})?(?:had|have|has|was|were|are"
    rf"|am|is)\b)(?:{_ADVERB})?[a-z]+|\b(?:my|our)\s+(?:call|decision|choice|idea|proposal)\b",
    re.I,
)
# a statement of how things were: a subject, then "is/was/are/were/had" and an amount ("A week
# of traffic is millions of requests per arm", "The queue was 40,000 messages deep")
_STATE_OF_THINGS = re.compile(
    r"^\W*(?:[\w'’/%.,-]+\s+){1,6}?(?:is|are|was|were|has|have|had)\s+(?!(?:\w+ing|\w+ed|to|been|"
    r"not|no|why|because)\b)[^.;:]*?(?:\d|\b(?:hundreds?|thousands?|millions?|billions?|dozens?)\b)",
    re.I,
)


# a change told as two states is an outcome, not the scene: "p99 was 900 ms before and 200 after"
_CHANGE = re.compile(
    r"\b(?:before|after|afterwards|now|then|down|up|from\s+[^.;]*?\bto|instead|only|under|"
    r"below|fewer|less|more|than)\b",
    re.I,
)


def sets_the_scene(clause: str) -> bool:
    """``clause`` only says how things stood ("A week of traffic is millions of requests per
    arm"): an amount stated with "is/was/had", no change from one state to another, and no
    "I" or "we" doing or deciding anything. In a story it is context, not what the candidate
    did; never what an acknowledgement plays back."""
    return (
        _ACTING.search(clause) is None
        and _STATE_OF_THINGS.match(clause) is not None
        and _CHANGE.search(clause) is None
    )


def _best_quote(
    answer: str,
    score: Score,
    *,
    setting: frozenset[str] = frozenset(),
    story: bool = False,
    asked: str | None = None,
) -> str:
    """The whole sentence (or clause) holding the strongest rubric evidence in ``answer``;
    "" when nothing was evidenced there or no whole clause is short enough to quote.

    Of evidence as strong, a later sentence's is said back before the opening sentence's:
    the opening sets the scene ("The pod's resolv.conf points at the cluster DNS service"),
    the substance comes after it ("An exact 5 second delay is the resolver's default
    timeout"). The evidence of a ``setting`` key point (the context and scale) is never said
    back, nor in a ``story`` (a project, scenario or behavioural question) a clause that only
    sets the scene: the quote is what the candidate did or decided. A reply to a follow-up that
    asked for the key point ``asked`` is quoted by that point's evidence first ("It should call
    wait on its children" to "What must the parent process do in its code?", not the tini
    sentence after it)."""
    opening = _opening_end(answer)
    found: list[tuple[bool, float, bool, int, str]] = []
    for hit in score.key_points_hit:
        if hit.key_point in setting:
            continue
        for evidence in hit.evidence:
            if evidence.turn_id is not None or not evidence.text.strip():
                continue  # evidence from an earlier answer of the exchange
            if answer[evidence.start : evidence.end] == evidence.text:
                quote = clause_around(answer, evidence.start, evidence.end)
                if quote and story and sets_the_scene(quote):
                    continue
                if quote:
                    strength = -round(hit.strength, 2)
                    other = hit.key_point != asked
                    found.append((other, strength, evidence.start < opening, len(found), quote))
    return min(found)[4] if found else ""


def _opening_end(answer: str) -> int:
    """Where the answer's first sentence ends (0 when it has only one: nothing to prefer)."""
    found = _SENTENCE_END.search(answer)  # as utterances.sentences splits them
    return found.end() if found is not None else 0


_SENTENCE_END = re.compile(r"[.?!](?=\s+\S)")


def _after_intro(ctx: Ctx, state: InterviewState, text: str, now: datetime) -> list[Action]:
    state.project_topic = project_topic(text)
    seq = state.next_seq()
    name = first_name(state)
    if state.project_topic and not _next_names_the_project(ctx, state):
        ack = ctx.book.say("ack_intro_topic", seq, name=name, topic=state.project_topic)
    else:
        ack = ctx.book.say("ack_intro", seq, name=name)
    return move_on(ctx, state, now, ack)


def _next_names_the_project(ctx: Ctx, state: InterviewState) -> bool:
    """The next question opens with a sentence that only names the project ("Let's go deeper
    into {project}."): the thanks for the intro does not name it too ("Thanks. Let's start
    with the rewrite of your checkout page." just before "Let's go deeper into the rewrite of
    your checkout page.")."""
    later = [i for i in remaining_items(state) if i > state.cursor]
    if not later:
        return False
    question = ctx.catalog.question(state.plan.items[later[0]].question_id)
    text = question.text.strip()
    # a project question without {project} is bridged to by name ("You mentioned ...")
    return question.kind is QuestionKind.PROJECT and (
        starts_by_naming(text) or "{project}" not in text
    )


def _item_cap(state: InterviewState, setting: int) -> int:
    """``setting``, or less when a short budget's plan asks the current item briefly."""
    brief = state.plan.items[state.cursor].max_follow_ups
    return setting if brief is None else min(setting, brief)


def _candidate_question(ctx: Ctx, state: InterviewState, text: str, now: datetime) -> list[Action]:
    role = ctx.catalog.roles.get(state.role_code)
    answer = answer_from_profile(text, role) if role is not None else None
    statement = is_statement(text)  # a remark, not a question: never answered as one
    if is_no_question(text) or (statement and (answer is None or not answer.topics)):
        return move_on(ctx, state, now, ctx.book.say("cq_none", state.next_seq()))
    if statement:  # it names something the profile covers ("incidents"): ask, do not answer
        seq = state.next_seq()
        if _said_statement_ack(state):  # asked once already whether they have a question
            return move_on(ctx, state, now, ctx.book.say("cq_statement_close", seq))
        ack = ctx.book.say("cq_statement", seq)
        return [say(state, TurnRole.ANSWER_TO_CANDIDATE, ack, now, statement=True)]
    seq = state.next_seq()
    parts = _profile_reply(ctx, state, text, answer, seq)
    asked = len({q.turn_id for q in state.candidate_questions})
    uncovered = answer.uncovered if answer is not None else [text]
    partial = answer.partial if answer is not None else []
    notes: dict[str, Any] = {
        "covered": not uncovered and not partial,
        "topics": answer.topics if answer else [],
    }
    if asked >= _item_cap(state, ctx.config.max_candidate_questions - 1) + 1:
        answered = say(state, TurnRole.ANSWER_TO_CANDIDATE, " ".join(parts), now, **notes)
        return [answered, *move_on(ctx, state, now, None)]
    parts.append(ctx.book.say("cq_more", seq))
    return [say(state, TurnRole.ANSWER_TO_CANDIDATE, " ".join(parts), now, **notes)]


def _nothing_more_to_say(state: InterviewState, text: str) -> bool:
    """The candidate says they have nothing more ("No, that's all, thanks.") where that is no
    answer: to a follow-up, or to the question put again after their own question about the
    job was answered (they are telling us they have no more questions)."""
    if state.stage not in _ANSWERING_STAGES or not nothing_more(text):
        return False
    prompt = next((t for t in state.turns if t.id == state.prompt_turn), None)
    if prompt is None:
        return False
    if prompt.role is TurnRole.FOLLOW_UP or _put_back_once(prompt):
        return True
    before = next((t for t in reversed(state.turns) if t.seq < prompt.seq), None)
    return (
        prompt.role is TurnRole.REPEAT
        and before is not None
        and before.role is TurnRole.ANSWER_TO_CANDIDATE
    )


def _put_back_once(prompt: Turn) -> bool:
    """``prompt`` is the question put back after "No, that's it" ("Alright. Then over to
    you, whenever you're ready. ...")."""
    return prompt.role is TurnRole.REPEAT and any(
        prompt.text.startswith(t.split("{")[0]) for t in TEMPLATES["no_more_then_ours"]
    )


def _own_question_unanswered(ctx: Ctx, state: InterviewState) -> bool:
    """ "No, that's it, thank you." after the interviewer's question was put back following
    the candidate's own question, with nothing said to it yet: they have no more questions,
    and the interviewer's question is still to answer (P5 by hand: the Prometheus question
    was skipped and its competency left "not scored")."""
    if state.stage not in _BODY_STAGES:
        return False
    prompt = next((t for t in state.turns if t.id == state.prompt_turn), None)
    if prompt is None or prompt.role is not TurnRole.REPEAT:
        return False
    if _put_back_once(prompt):
        return False  # put to them once already: the interview goes on
    exchange = Exchange.current(state)
    return exchange is not None and not exchange.answers


def _nothing_more(ctx: Ctx, state: InterviewState, now: datetime) -> list[Action]:
    """Move on without pressing; when only the candidate's questions are left and they have
    asked theirs already, the interview closes rather than asking what they would like to
    know."""
    later = [i for i in remaining_items(state) if i > state.cursor]
    kinds = [state.plan.items[i].kind for i in later]
    closing = bool(state.candidate_questions) and kinds[:1] == [QuestionKind.CANDIDATE_QUESTIONS]
    if closing:
        state.dropped.append(later[0])  # asked already: "What would you like to know?" is not
        state.dropped_reasons[state.plan.items[later[0]].question_id] = "asked already"
    # "that's everything from me too" only when the close follows, never before a question
    key = "cq_none" if closing or kinds[:1] == [QuestionKind.CLOSE] else "ack_nothing_more"
    ack = ctx.book.say(key, state.next_seq(), avoid=_recent_acknowledgements(state))
    return move_on(ctx, state, now, ack)


def _said_statement_ack(state: InterviewState) -> bool:
    """Whether the interviewer's last turn asked, after a remark, whether there is a question."""
    last = next((t for t in reversed(state.turns) if t.role is not TurnRole.ANSWER), None)
    return last is not None and last.statement


def _question_in_place_of_answer(
    ctx: Ctx, state: InterviewState, text: str, now: datetime
) -> list[Action]:
    """The candidate asked about the job before answering ("Before I answer - is this role on
    call?"): answered from the role profile as far as it goes (or noted for the recruiter),
    listed with the candidate's questions, and the interviewer's own question asked again."""
    question = _asked_text(state)  # before the reply becomes what was last said
    prompt = next((t for t in state.turns if t.id == state.prompt_turn), None)
    answered, seq = _job_answer(ctx, state, text, now)
    if _answered_in_exchange(state):  # mid-exchange: back only to what is still missing
        return [answered, *_after_side_question(ctx, state, prompt, now)]
    back = ctx.book.say("back_to_question", seq, question=after_a_colon(question))
    return [answered, say(state, TurnRole.REPEAT, back, now, repeated=question)]


def _question_then_on(ctx: Ctx, state: InterviewState, text: str, now: datetime) -> list[Action]:
    """The candidate's third question in a row in place of an answer ("And how is on-call
    organised, how many people are in the rotation?"): answered or noted like the others -
    never taken for the answer and met with "I'd still like to hear your answer" - and the
    interview goes on to the next question rather than putting this one a fourth time."""
    answered, _ = _job_answer(ctx, state, text, now)
    on = ctx.book.say("ack_after_side_question", state.next_seq())
    return [answered, *move_on(ctx, state, now, on)]


def _job_answer(ctx: Ctx, state: InterviewState, text: str, now: datetime) -> tuple[Say, int]:
    """What the role profile says to a question about the job asked in place of an answer
    (noted for the recruiter where it says nothing), said as a turn; and its seq."""
    role = ctx.catalog.roles.get(state.role_code)
    # every question asked gets what the profile says, however many: capped at two, the third
    # of "is this role on call? What would I work on day to day? And what does success look
    # like after six months?" heard "I don't have reliable information on that"
    answer = answer_from_profile(text, role) if role is not None else None
    seq = state.next_seq()
    parts = _profile_reply(ctx, state, text, answer, seq)
    covered = answer is not None and not answer.uncovered and not answer.partial
    notes: dict[str, Any] = {
        "covered": covered,
        "topics": answer.topics if answer else [],
        "mid_interview": True,
    }
    return say(state, TurnRole.ANSWER_TO_CANDIDATE, " ".join(parts), now, **notes), seq


def _answered_in_exchange(state: InterviewState) -> bool:
    """The current question already has an answer that evidenced a key point of it (not "I
    don't know", not one about something else): what was asked is partly answered."""
    exchange = Exchange.current(state)
    if exchange is None or state.stage not in _BODY_STAGES:
        return False
    return bool(exchange.points_hit())


def _after_side_question(
    ctx: Ctx, state: InterviewState, prompt: Turn | None, now: datetime
) -> list[Action]:
    """After the candidate's own question asked in the middle of an exchange: the probe for a
    heavy key point the exchange still misses, put again if it was the one pending (or asked
    when follow-ups remain), else the next question - never "Now, back to my question: ..."
    with a question the answers already cover."""
    exchange = Exchange.current(state)
    assert exchange is not None  # _answered_in_exchange
    latest = [s for s in (a.score_obj() for a in exchange.answers if not a.off_target) if s][-1]
    pending = prompt.probe if prompt is not None and prompt.role is TurnRole.FOLLOW_UP else None
    seq = state.next_seq()
    view = AnswerView(
        question=ctx.catalog.question(exchange.question_id),
        score=exchange.score(latest),
        intent=Intent.ANSWER,
        asked=state.follow_ups_asked,
        probed=frozenset(k for k in state.probed + state.clarified if k != pending),
        first_answer=False,
        said=exchange.text(),
        recent=tuple(t.text for t in reversed(state.turns) if t.role is TurnRole.FOLLOW_UP)[:2],
        story=story_before(state, exchange),
    )
    choice = still_missing(view, ctx.book, seq)
    if choice is not None and choice.key == pending and prompt is not None:
        asked = without_opener(prompt.text)  # "how did you work out where the problem was?"
        back = ctx.book.say("back_to_question", seq, question=after_a_colon(asked))
        return [say(state, TurnRole.REPEAT, back, now, repeated=asked)]
    if choice is not None and state.follow_ups_asked < _item_cap(state, ctx.config.max_follow_ups):
        return [_ask_follow_up(state, choice, now)]
    return move_on(ctx, state, now, ctx.book.say("ack_after_side_question", seq))


def _asked_text(state: InterviewState) -> str:
    """What the candidate was last asked, without the greeting or bridge said before it."""
    prompt = next((t for t in state.turns if t.id == state.prompt_turn), None)
    if prompt is None:
        return ""
    if prompt.role is TurnRole.REPEAT:
        return prompt.repeated if prompt.repeated is not None else prompt.text
    if prompt.role is TurnRole.FOLLOW_UP and prompt.why == "off_topic":
        prompt = next((t for t in state.turns if t.id == state.question_turn), prompt)
        # the question itself, not "I may not have put that clearly. What I'd like to hear..."
    if prompt.role is TurnRole.QUESTION:
        return prompt.question_text if prompt.question_text is not None else prompt.text
    if prompt.role is TurnRole.FOLLOW_UP:
        return without_opener(prompt.text)  # never "back to my question: Let's try a simpler..."
    return prompt.text


def _profile_reply(
    ctx: Ctx, state: InterviewState, text: str, answer: RoleAnswer | None, seq: int
) -> list[str]:
    """What the role profile says to the candidate's question (and what is noted for the
    recruiter); every question asked is listed in ``state.candidate_questions``."""
    uncovered = answer.uncovered if answer is not None else [text]
    parts = [answer.text] if answer is not None and answer.text else []
    sentences = answer.asked if answer is not None else []
    told = {one.sentence for one in sentences if one.says_what_is_missing}
    partial = [q for q in (answer.partial if answer is not None else []) if q not in told]
    # the reply already said what the profile does not: noted once, never said twice
    details = [d for d in (_detail_asked(q) for q in partial) if d]
    if uncovered and parts and details and len(details) == len(partial):
        named = _named_questions(uncovered)  # "how often" and the budget: both noted, by name
        if named:
            parts.append(ctx.book.say("cq_partly_named", seq, detail=details[0], asked=named))
            partial = []
            uncovered = []
    if uncovered and parts:  # part answered: say which question is noted, not "that"
        named = _named_questions(uncovered)
        plural = "_several" if len(uncovered) > 1 else ""
        key = f"cq_unknown_named{plural}" if named else f"cq_unknown_rest{plural}"
        parts.append(ctx.book.say(key, seq, asked=named))
    elif uncovered:  # one "noted" for the whole reply, however many parts were not answered
        several = len(uncovered) > 1
        parts.append(ctx.book.say("cq_unknown_several" if several else "cq_unknown", seq))
    elif len(partial) == 1 and len(sentences) > 1 and _named_questions(partial):  # which one
        parts.append(ctx.book.say("cq_partly_which", seq, asked=_named_questions(partial)))
    elif partial:  # a detail the profile never holds (the rotation's size): said, and noted
        parts.append(ctx.book.say("cq_partly", seq))
    elif told:  # "... and how big is the team?" after what the profile does not describe
        detail = next(
            (
                d
                for d in (_detail_asked(one.sentence) for one in sentences if one.sentence in told)
                if d
            ),
            "",
        )
        which = _named_questions([one.sentence for one in sentences if one.sentence in told])
        if detail:
            parts.append(ctx.book.say("cq_noted_detail", seq, detail=detail))
        elif len(sentences) > 1 and which:  # of three questions, "I've noted it" says not which
            parts.append(ctx.book.say("cq_noted_which", seq, asked=which))
        else:
            parts.append(ctx.book.say("cq_noted", seq))
    turn_id = state.turns[-1].id
    state.candidate_questions.extend(  # each question asked is listed for the recruiter
        CandidateQuestion(
            turn_id=turn_id,
            text=as_written(one.sentence),  # "How big is the team?", never "And how big ..."
            answered=one.answer is not None and one.complete,
            partly=one.answer is not None and not one.complete,
            answer=one.answer,
            topics=[one.topic] if one.topic else [],
        )
        for one in sentences
    )
    if not sentences:
        state.candidate_questions.append(
            CandidateQuestion(turn_id=turn_id, text=text.strip(), answered=False)
        )
    return parts


# the detail asked after a question the profile answers: "how often" of "Is there on-call
# for this role, and how often?"
_DETAIL_AFTER = re.compile(
    r",\s+(?:(?:and|or)\s+)?(?P<detail>(?:how|who|which|what)\b[^?,]{2,40})\?$", re.I
)


def _detail_asked(question: str) -> str:
    """The detail as said after "doesn't say": "how big the rotation is", never "how big is
    the rotation"."""
    found = _DETAIL_AFTER.search(question.strip())
    if found is None:
        return ""
    return _as_statement(found.group("detail"))


# "how big is the rotation" said as a statement: "how big the rotation is"; "how often would
# I be paged": "how often I would be paged"
_INVERTED = re.compile(
    r"^(?P<wh>how(?: \w+){1,2}?|what|who|which(?: \w+)?)\s+"
    r"(?P<verb>is|are|was|were|am|would|will|can|could|should|"
    r"do|does|did)\s+(?P<subject>(?:(?:the|your|this|that|my|our)\s+[\w-]+|i|we|you|they)"
    r"(?P<rest>(?:\s+[\w-]+)*))$",
    re.IGNORECASE,
)
# the candidate's own words in the interviewer's mouth: "how often I would be paged" is
# "how often you would be paged"
_YOURS = {"i": "you", "me": "you", "my": "your", "mine": "yours", "am": "are", "i'd": "you'd"}


def _as_statement(detail: str) -> str:
    found = _INVERTED.match(detail)
    if found is not None:
        verb = found.group("verb")
        subject = found.group("subject")
        head, _, tail = subject.partition(" ")
        if verb.lower() in ("is", "are", "was", "were", "am") and head.lower() not in _PERSONS:
            detail = f"{found.group('wh')} {subject} {verb}"  # "how big the rotation is"
        elif verb.lower() in ("do", "does", "did"):
            if head.lower() in _PERSONS:  # "how often we deploy"; "what does the team do" stays
                detail = f"{found.group('wh')} {subject}"
        else:
            rest = tail if head.lower() in _PERSONS else ""
            first = head if head.lower() in _PERSONS else subject
            detail = " ".join(w for w in (found.group("wh"), first, verb, rest) if w)
    return " ".join(_YOURS.get(w.lower(), w) for w in detail.split())


_PERSONS = {"i", "we", "you", "they"}


def _named_questions(uncovered: list[str]) -> str:
    """The unanswered questions quoted, when they are short enough to say back whole."""
    quoted = [f"\u201c{as_written(q)}\u201d" for q in uncovered]
    words = sum(len(q.split()) for q in uncovered)
    return " and ".join(quoted) if words <= 2 * MAX_QUOTE_WORDS else ""


def _on_the_question(ctx: Ctx, state: InterviewState, text: str) -> bool:
    """The turn goes on to the current question after its word on an earlier one ("One more
    thing on the zombie one: ... For the CVE: first I'd find it with the SBOMs ..."), by the
    words its later sentences share with it. The word on the earlier question itself does
    not count ("Going back to the Kafka question: I also added a runbook for broker disk
    pressure." shares "disk" with the load question and answers none of it)."""
    question = ctx.catalog.question(state.plan.items[state.cursor].question_id)
    rest = " ".join(sentences(text)[1:])
    return shared_words(rest, rubric_of(question)) >= ON_THE_QUESTION


def _note_aside(state: InterviewState, turn: Turn) -> str | None:
    """Keep a word on an earlier question said in an answer to this one ("Oh - and on the
    zombie one, ..." at its end, "One more thing on the zombie one: ..." at its start) with
    the question it adds to (``adds_to``) and where it is in the turn (``aside``); returns
    that question's id (None: no such word)."""
    if state.stage not in _BODY_STAGES:
        return None
    text = turn.text
    trailing = trailing_aside(text)
    leading = leading_aside(text) if trailing is None else None
    if trailing is not None:
        span, name = (trailing[0], len(text)), trailing[1]
    elif leading is not None:
        span, name = (0, leading[0]), leading[1]
    else:
        return None
    added_to = _named_earlier(state, name)
    if added_to is not None:
        state.replace_turn(turn.id, adds_to=added_to, aside=span, aside_name=name)
    return added_to


def _named_earlier(state: InterviewState, name: str) -> str | None:
    """The earlier question a candidate named ("the zombie one": os.zombie-processes; "the
    Kafka question": the one whose answer told the Kafka outage): by its id or its words, else
    by the words of its answers, else the scored question answered last before this one.
    None when the name is the current question's ("on the load question: ...")."""
    current = state.plan.items[state.cursor].question_id
    words = _name_words(name)
    asked = [t for t in reversed(state.turns) if t.role is TurnRole.QUESTION and t.question_id]
    if any(t.question_id == current and _names(words, t.text, current) for t in asked):
        return None
    for turn in asked:
        if turn.question_id != current and _names(words, turn.text, turn.question_id):
            return turn.question_id
    for turn in reversed(state.turns):
        told = turn.speaker is Speaker.CANDIDATE and turn.counted and turn.kind in SCORED_KINDS
        if told and turn.question_id not in (None, current) and _names(words, turn.text, None):
            return turn.question_id
    return _answered_before(state)


_NAME_FILLER = frozenset({"last", "first", "earlier", "previous", "other", "one", "question"})


def _name_words(name: str) -> set[str]:
    """The words of a question's name that can be found in its text ("Kafka consumer":
    kafka, consumer; "the last one": none)."""
    return {w for w in re.findall(r"[\w-]+", name.lower()) if w not in _NAME_FILLER}


def _names(words: set[str], text: str, question_id: str | None) -> bool:
    """Every word of a name is in ``text`` (a word's plural too) or in the question's id."""
    if not words:
        return False
    said = set(re.findall(r"[\w-]+", text.lower()))
    said |= {w[:-1] for w in said if w.endswith("s")}
    said |= set(re.findall(r"[a-z0-9]+", str(question_id or "").lower()))
    return words <= said


def _earlier_of(state: InterviewState, text: str) -> str | None:
    """The earlier question a turn that opens by adding to one names ("Going back to the
    Kafka question: ..."), as an aside in an answer is found (:func:`_named_earlier`)."""
    said = sentences(text)
    name = earlier_named(said[0]) if said else None
    return _named_earlier(state, name) if name is not None else _answered_before(state)


def _answered_before(state: InterviewState) -> str | None:
    """The scored question answered last before the current one, if any."""
    current = state.plan.items[state.cursor].question_id
    for turn in reversed(state.turns):
        if (
            turn.speaker is Speaker.CANDIDATE
            and turn.question_id not in (None, current)
            and turn.kind in SCORED_KINDS
            and turn.counted
        ):
            return turn.question_id
    return None


def _added_to_earlier(ctx: Ctx, state: InterviewState, now: datetime) -> Action:
    """The candidate opened by adding to an earlier answer ("Sorry, one thing on the last
    one before I forget - if the client is in Go, ..."): thanked for it, and the question
    they have not answered yet put again - never "I may not have put that clearly"."""
    question = _put_again(_asked_text(state))
    text = ctx.book.say("added_to_earlier", state.next_seq(), question=after_a_colon(question))
    return say(state, TurnRole.REPEAT, text, now, repeated=question)


_SHORT_CORE = 12  # words: an asking sentence this short leans on the sentences before it


def _put_again(asked: str) -> str:
    """The question to say again: its asking sentence, or the whole question when that
    sentence is too short to stand alone ("What did you show, and what happened?")."""
    core = core_question(asked)
    return core if len(core.split()) >= _SHORT_CORE else " ".join(asked.split())


def _left_open(ctx: Ctx, state: InterviewState, now: datetime) -> Action:
    """The candidate asked about the question before answering it ("Quick check before I go
    - is the app running as PID 1 in the container, or is there an init like tini in front of
    it?"): the detail is theirs to assume and say, and the question's asking sentence is put
    again. Never a follow-up on a turn that only asked."""
    question = _put_again(_asked_text(state))
    asked = state.turns[-1].text  # "..., or is there an init like tini?" offers a choice
    key = "left_open" if _A_CHOICE.search(asked) else "left_open_assume"
    text = ctx.book.say(key, state.next_seq(), question=question)
    return say(state, TurnRole.REPEAT, text, now, repeated=question, left_open=True)


# a check that offers the interviewer a choice ("PID 1, or is there an init in front of it?"),
# as against one about a detail ("how many teams would deploy through it?"): "pick whichever
# fits" answers the first, "assume what is realistic" the second
_A_CHOICE = re.compile(r"\bor\b|\beither\b|\bwhich\b", re.IGNORECASE)


def _repeat(ctx: Ctx, state: InterviewState, now: datetime) -> Action:
    prompt_id = state.prompt_turn
    prompt = next((t for t in state.turns if t.id == prompt_id), None)
    question = prompt.text if prompt is not None else ""
    if prompt is not None and prompt.role is TurnRole.QUESTION and prompt.question_text:
        question = prompt.question_text  # never "No problem. Next, I'd like to explore ..."
    if prompt is not None and prompt.role is TurnRole.REPEAT:
        question = prompt.repeated if prompt.repeated is not None else question
    if prompt is not None and prompt.role is TurnRole.FOLLOW_UP:
        question = without_opener(question)  # "Of course. Which signal ...?", no "simpler angle"
    # "Sure, here it is again: Staying with the failure you described, what did you ...",
    # never a second colon after the template's own
    text = ctx.book.say("repeat", state.next_seq(), question=after_a_colon(question))
    return say(state, TurnRole.REPEAT, text, now, repeated=question)
