"""The follow-up policy: what to probe after a scored answer, if anything.

The policy reads the whole exchange (the question, its follow-ups and every answer): the
score it sees is the exchange's score, and a probe is never asked when the exchange already
gives what it asks for (a baseline, the alternatives, the agreed criterion).

On the first answer of an exchange, in order of concern (one follow-up per answer, at most
``max_follow_ups`` per question):
1. a prompt-injection attempt: never probed, the interview moves on;
2. "I don't know": one simpler angle, offered once, then move on without pressure;
3. a contradiction with an earlier answer: one polite clarifying question, quoting both;
4. a metric claim with no baseline anywhere in the exchange: how was it measured?
5. an answer about something else: put the question once more;
6. a heavy rubric point the exchange still misses: the question's own probe for that point;
7. a too-short or evasive answer: ask for one concrete example.
Once a follow-up has been answered the interview moves on, unless a heavy key point is still
missing and the answer added something (a candidate who had nothing to add is not pressed
again): then it asks for that point (6), never the whole question again. The same probe is
never asked twice for one question, and one contradiction is put to the candidate once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from panelist.catalog.models import Question
from panelist.interview.exchange import already_said, gives_baseline, shared_words
from panelist.interview.phrasing import Phrasebook, whole_clause
from panelist.interview.templates import TEMPLATES
from panelist.interview.utterances import Intent, sentences
from panelist.scoring.text import content_stems
from panelist.scoring.types import Flag, FlagDetail, Score

HEAVY_KEY_POINT = 0.6  # rubric weight from which a missed point is worth probing
ON_THE_QUESTION = 2  # content words shared with the question, its reference and rubric
OFF_TARGET_WORDS = 12  # content words from which an answer sharing none of them is off target
# relevance to the turn from which a first answer is on it, whatever words it shares: "Our
# Jenkins server ran out of disk ... A developer noticed it ... We also added a disk usage
# alert" (0.91) answers "how was it detected ... what changed afterwards" in none of its words
ON_TARGET_RELEVANCE = 0.6
GOOD_ENOUGH = 4.0  # a score from which a missed point is not probed (on a 1-5 scale)


@dataclass(frozen=True)
class FollowUpChoice:
    reason: str  # contradiction | unsupported_claim | key_point | vague | simpler
    key: str  # dedupe key within one question
    text: str


@dataclass(frozen=True)
class AnswerView:
    """What the policy needs to know about the answer and the question's history."""

    question: Question
    score: Score | None
    intent: Intent
    asked: int  # follow-ups already asked on this question
    probed: frozenset[str]  # keys of probes already asked on this question (and contradictions)
    asked_text: str = ""  # the question as it was put to the candidate ({project} filled)
    first_answer: bool = True  # the exchange's first answer (not an answer to a follow-up)
    said: str = ""  # everything the candidate said in the exchange, this answer included
    added: bool = True  # this answer evidenced a key point the exchange did not have yet
    recent: tuple[str, ...] = ()  # the last follow-ups said, latest first (worded unlike them)
    story: str = ""  # what the candidate said of the same project before this exchange


Rule = Callable[[AnswerView, Phrasebook, int], "FollowUpChoice | None"]


def choose_follow_up(
    view: AnswerView, *, max_follow_ups: int, book: Phrasebook, seq: int
) -> FollowUpChoice | None:
    """The follow-up to ask, or None to move on."""
    if view.asked >= max_follow_ups or view.intent is Intent.INJECTION:
        return None
    if _flagged(view.score, Flag.INJECTION):
        return None
    rules: tuple[Rule, ...] = (_contradiction, _unsupported, _off_topic, _missed_key_point, _vague)
    dont_know = said_dont_know(view.intent, view.score)
    if not view.first_answer:  # a follow-up was answered: move on unless a heavy point is missing
        if dont_know or not view.added or "simpler" in view.probed:
            return None  # no second push on a candidate who had nothing (or said they had
            # nothing: one simpler angle after "I don't know", then the next question)
        rules = (_missed_key_point,)
    elif dont_know:
        return _simpler(view, book, seq)
    for rule in rules:
        choice = rule(view, book, seq)
        if choice is not None and choice.key not in view.probed:
            return choice
    return None


def _flagged(score: Score | None, flag: Flag) -> bool:
    return score is not None and any(f.flag is flag for f in score.flags)


def said_dont_know(intent: Intent | None, score: Score | None) -> bool:
    """The reply was heard as "I don't know", or scored as one."""
    return intent is Intent.DONT_KNOW or _flagged(score, Flag.DONT_KNOW)


def _first(score: Score | None, flag: Flag) -> FlagDetail | None:
    if score is None:
        return None
    return next((f for f in score.flags if f.flag is flag), None)


# a probe that points back at what the answer named ("How close to that limit were you ...?"):
# after "I don't know" nothing was named
_POINTS_BACK = re.compile(r"\b(?:that|those|these)\s+(?!is\b|was\b|are\b)[a-z]+", re.IGNORECASE)


def _simpler(view: AnswerView, book: Phrasebook, seq: int) -> FollowUpChoice | None:
    if "simpler" in view.probed:
        return None
    probe = next(
        (f.text for f in view.question.follow_ups if not _POINTS_BACK.search(f.text)), None
    )
    if probe is None:
        return FollowUpChoice("simpler", "simpler", book.say("simpler_generic", seq))
    probe = to_whom_they_named(probe, view.said)
    return FollowUpChoice("simpler", "simpler", book.say("follow_up_simpler", seq, probe=probe))


def contradiction_key(flag: FlagDetail) -> str:
    """The probe key of the clarifying question a contradiction is put to the candidate with:
    its two statements as quoted (how the report finds the reply that clarified it)."""
    now = whole_clause(flag.evidence[0].text, focus=flag.detail) if flag.evidence else ""
    earlier = (
        whole_clause(flag.evidence[1].text, focus=flag.detail) if len(flag.evidence) > 1 else ""
    )
    return f"contradiction:{earlier}|{now}"


def _contradiction(view: AnswerView, book: Phrasebook, seq: int) -> FollowUpChoice | None:
    """One polite clarifying question for the first contradiction not put yet whose two
    statements can be quoted whole (the reviewer sees every one in the report anyway)."""
    flags = [f for f in (view.score.flags if view.score else []) if f.flag is Flag.CONTRADICTION]
    for flag in flags:
        if len(flag.evidence) < 2:
            continue
        now = whole_clause(flag.evidence[0].text, focus=flag.detail)
        earlier = whole_clause(flag.evidence[1].text, focus=flag.detail)
        key = contradiction_key(flag)
        if not earlier or key in view.probed:
            continue  # never half a phrase; never the same contradiction twice
        if now:
            text = book.say("follow_up_contradiction", seq, now=now, earlier=earlier)
        else:  # what was just said is too long to quote whole: it is fresh, quote the earlier
            text = book.say("follow_up_contradiction_earlier", seq, earlier=earlier)
        return FollowUpChoice("contradiction", key, text)
    return None


_CLAIMED_NUMBER = re.compile(r"\d+(?:\.\d+)?\s?(?:%|x\b|times\b|percent\b)", re.IGNORECASE)


def _unsupported(view: AnswerView, book: Phrasebook, seq: int) -> FollowUpChoice | None:
    flag = _first(view.score, Flag.UNSUPPORTED_CLAIM)
    if flag is None or not flag.evidence or gives_baseline(view.said):
        return None
    claim = whole_clause(flag.evidence[0].text)
    key = "unsupported_claim"
    number = _CLAIMED_NUMBER.search(flag.evidence[0].text)
    if not claim and number:  # too long to quote whole: name its number, never "that"
        text = book.say("follow_up_unsupported_number", seq, number=number.group(0))
        return FollowUpChoice(key, key, text)
    if not claim:
        return FollowUpChoice(key, key, book.say("follow_up_unsupported_plain", seq))
    return FollowUpChoice(key, key, book.say("follow_up_unsupported", seq, claim=claim))


def _off_topic(view: AnswerView, book: Phrasebook, seq: int) -> FollowUpChoice | None:
    """The question once more after a first answer about something else: one the scorer
    flagged off topic and that evidences no rubric point, or one that talks at length and
    shares almost no word with the question and its rubric ("I'd check dmesg for the OOM
    killer first, ..." to "what was the hardest technical decision"), whatever a point its
    sentences were credited with."""
    flagged = _flagged(view.score, Flag.OFF_TOPIC)
    hit = bool(view.score and view.score.key_points_hit)
    if flagged and hit and not off_target(view):
        return None  # an answer that evidences a rubric point is on topic, whatever relevance says
    if not flagged and not off_target(view):
        return None
    if shared_words(view.said, rubric_of(view.question)) >= ON_THE_QUESTION:
        return None  # it talks about the question, only thinly: a probe, not the question again
    asked = view.asked_text or view.question.text
    text = book.say("follow_up_off_topic", seq, question=quotable_question(asked))
    return FollowUpChoice("off_topic", "off_topic", text)


def rubric_of(question: Question) -> str:
    """The question, its reference answer and its key points: the words an answer to it uses."""
    return " ".join(
        [question.text, question.reference_answer or "", *(kp.text for kp in question.key_points)]
    )


def off_target(view: AnswerView) -> bool:
    """A first answer of some length that shares fewer than :data:`ON_THE_QUESTION` content
    words with the question, its reference answer and its rubric: about something else,
    whatever the scorer credited its sentences with."""
    if not view.first_answer or len(content_stems(view.said)) < OFF_TARGET_WORDS:
        return False
    if view.score is not None and (view.score.relevance or 0.0) >= ON_TARGET_RELEVANCE:
        return False  # the scorer read it as an answer to the turn, in other words
    return shared_words(view.said, rubric_of(view.question)) < ON_THE_QUESTION


# "Staying with the order pipeline: which part of it ...?": a lead-in set off by a colon.
_LEAD_IN = re.compile(
    r"^([^:?]{3,60}):\s+(?=(?:which|what|how|why|when|where|who|tell|walk|describe|give)\b)", re.I
)


_NAMED = re.compile(r"^(?:You mentioned|You described|Let's go deeper into) (?P<project>.+)\.$")
_IT = re.compile(r"\b(in|of|about|with|for|on) it\b")


def core_question(text: str) -> str:
    """The sentence of a question that asks (its last one ending in "?"), else its longest.
    A project the sentence before named stays in it: "You mentioned the log pipeline rebuild.
    What was the hardest technical decision in it, ...?" is "What was the hardest technical
    decision in the log pipeline rebuild, ...?", never "... in it" with nothing before."""
    said = sentences(text)
    asking = [s for s in said if s.endswith("?")]
    if not asking:
        return max(said, key=len, default=text)
    core = asking[-1]
    index = said.index(core)
    named = _NAMED.match(said[index - 1]) if index > 0 else None
    if named is not None:
        core = _IT.sub(lambda m: f"{m.group(1)} {named.group('project')}", core, count=1)
    return core


# the interviewer's own openers of a follow-up ("Let me follow up: {probe_lower}", "Let's try
# a simpler angle: how would you start looking into it?"): they say nothing of the question,
# and "a simpler angle" belongs to the turn after a weak answer only, so a follow-up put again
# (after a question of the candidate's, an aside, a "sorry?") drops them
_OPENERS = frozenset(
    template.split(":")[0].lower()
    for key in ("follow_up_key_point", "follow_up_simpler", "simpler_generic")
    for template in TEMPLATES[key]
    if ": " in template and not template.startswith("{")
)
_OPENER = re.compile(
    r"^\s*(?:" + "|".join(re.escape(o) for o in sorted(_OPENERS, key=len, reverse=True)) + r"):\s+",
    re.IGNORECASE,
)


def without_opener(follow_up: str) -> str:
    """A follow-up as it is put again: "Let's try a simpler angle: which signal would have
    caught it sooner?" is "Which signal would have caught it sooner?"."""
    opener = _OPENER.match(follow_up)
    if opener is None:
        return follow_up
    rest = follow_up[opener.end() :]
    return rest[:1].upper() + rest[1:]


def quotable_question(text: str) -> str:
    """:func:`core_question` to be said after a colon of the interviewer's own ("…to this
    part: Staying with the order pipeline, which part of it would have broken first…?")."""
    return after_a_colon(core_question(text))


def after_a_colon(question: str) -> str:
    """``question`` to be said after a colon of the interviewer's own: a lead-in set off by a
    colon keeps its words but takes a comma, and a follow-up's opener ("Let me follow up:
    what must…") is dropped."""
    return _LEAD_IN.sub(r"\1, ", without_opener(question), count=1)


def still_missing(view: AnswerView, book: Phrasebook, seq: int) -> FollowUpChoice | None:
    """After the candidate's own question in the middle of an exchange: the probe for a heavy
    key point the exchange still misses (asked for itself), or None to move on - never the
    whole question again once it has been answered."""
    return _missed_key_point(view, book, seq)


def _missed_key_point(view: AnswerView, book: Phrasebook, seq: int) -> FollowUpChoice | None:
    score = view.score
    if score is None or (score.value is not None and score.value >= GOOD_ENOUGH):
        return None
    weights = {kp.id: kp.weight for kp in view.question.key_points}
    probes = {f.key_point: f.text for f in view.question.follow_ups if f.key_point}
    missed = [
        kp
        for kp in score.key_points_missed
        if weights.get(kp, 0.0) >= HEAVY_KEY_POINT
        and kp in probes
        and f"key_point:{kp}" not in view.probed
        and not already_said(probes[kp], f"{view.story}\n{view.said}")
    ]
    if not missed:
        return None
    heaviest = max(missed, key=lambda kp: (weights[kp], -score.key_points_missed.index(kp)))
    probe = to_whom_they_named(probes[heaviest], view.said)
    text = book.say("follow_up_key_point", seq, probe=probe, avoid=view.recent)
    return FollowUpChoice("key_point", f"key_point:{heaviest}", text)


# who the candidate had to convince, when it was no other team: "my manager", "leadership"
_THEIR_BOSS = re.compile(
    r"\b(?:my|our) (?P<who>manager|boss|director|vp|cto|head of [a-z]+)\b"
    r"|\b(?P<group>management|leadership)\b"
    r"|\b(?P<peers>(?:engineering |product |team |the other )?(?:managers|leads|directors))\b",
    re.IGNORECASE,
)
# another team named ("the payments team", "their team"), never a count of teams ("each team
# gets a stale-flag report")
_A_TEAM = re.compile(
    r"\b(?!(?:each|every|per|any|one|a|the|my|our|no)\s)(?:other|another|their|[a-z]+-?[a-z]*)"
    r" team\b(?! lead)",
    re.I,
)
_OWN_TEAM = re.compile(r"\b(?:my|our|the) team\b", re.IGNORECASE)


# a team that had to be convinced: it did not want, refused, pushed back, doubted
_RESISTED = re.compile(
    r"\b(?:did\s*n[o']t|didn't|wouldn't|would not|was\s*n[o']t|wasn't)\s+(?:want|think|see|agree"
    r"|believe|convinced|keen|prioriti[sz]e)|\b(?:refused|pushed back|objected|resisted|doubted"
    r"|blocked|rejected|declined)\b",
    re.IGNORECASE,
)


# ... or one the case was taken to: "I took that to the payments team's meeting"
_TAKEN_TO = re.compile(
    r"\b(?:took|brought|showed|presented|pitched|sent|escalated)\b[^.?!]*\bto\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that holds the offset ``at``."""
    start = max(text.rfind(". ", 0, at), text.rfind("? ", 0, at), text.rfind("! ", 0, at))
    ends = [i for i in (text.find(". ", at), text.find("? ", at), text.find("! ", at)) if i != -1]
    return text[start + 1 if start != -1 else 0 : min(ends) + 1 if ends else len(text)]


def to_whom_they_named(probe: str, said: str) -> str:
    """``probe`` about "the other team" asked of the one the candidate named: "What did the
    other team say when they first saw your numbers?" after "My manager didn't want to fund
    the rebuild" is "What did your manager say when they first saw your numbers?", after
    "The payments team didn't want to spend a sprint" "What did the payments team say ..."."""
    if "the other team" not in probe:
        return probe
    boss = _THEIR_BOSS.search(said)
    teams = [m for m in _A_TEAM.finditer(said) if not _OWN_TEAM.fullmatch(m.group(0))]
    named = {m.group(0).lower() for m in teams} - {"other team", "another team", "their team"}
    resisting = {
        m.group(0).lower()
        for m in teams
        if m.group(0).lower() in named
        and (
            _RESISTED.search(_sentence_at(said, m.start()))
            or _TAKEN_TO.search(said[max(m.start() - 80, 0) : m.start()])
        )
    }
    if boss is None and len(named) == 1 and resisting == named:
        # "The payments team didn't want to spend a sprint": the team they had to convince,
        # never the one that made the case ("The platform team wanted a single module")
        return probe.replace("the other team", f"the {named.pop()}")
    if boss is None or teams:
        return probe
    if boss.group("who"):
        who = f"your {boss.group('who').lower()}"
    elif boss.group("peers"):  # "I took that to the engineering managers' meeting"
        who = f"the {boss.group('peers').lower().removeprefix('the ')}"
    else:
        who = boss.group("group").lower()
    who = who.replace("your vp", "your VP").replace("your cto", "your CTO")
    return probe.replace("the other team", who)


def _vague(view: AnswerView, book: Phrasebook, seq: int) -> FollowUpChoice | None:
    if not (_flagged(view.score, Flag.TOO_SHORT) or _flagged(view.score, Flag.EVASIVE)):
        return None
    return FollowUpChoice("vague", "vague", book.say("follow_up_vague", seq))
