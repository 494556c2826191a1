"""What a candidate's turn *is*, before anyone scores it: a request to repeat, to skip,
"I don't know", a question of their own about the job, an attempt to instruct the
interviewer, or the project named in the intro.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Intent(StrEnum):
    ANSWER = "answer"
    REPEAT = "repeat"
    SKIP = "skip"
    DONT_KNOW = "dont_know"
    INJECTION = "injection"
    QUESTION = "question"  # the candidate asks about the job in place of an answer
    PAUSE = "pause"  # the candidate asks for a moment to think ("Hmm, let me think a second.")
    CLARIFY = "clarify"  # the candidate asks about the question before answering it
    EARLIER = "earlier"  # the candidate adds to an earlier question's answer first
    HINT = "hint"  # the candidate asks for a hint ("Can you give me a hint?")


_SHORT = (
    14  # words: requests to repeat or skip are short; a long answer that says "skip" is not one
)

_REPEAT = re.compile(
    r"^\W*(sorry|pardon|what|huh|come again)\W*$"
    r"|\b(repeat|say (that|it) again|rephrase|didn'?t (catch|hear|get) (that|it|the question)"
    r"|what was the question|could you clarify the question"
    r"|(?:ask|put|say) (?:it|that|the question) (?:again|once more|one more time))\b"
    r"|^\W*(?:(?:sorry|pardon|ok(?:ay)?|uh|um)\W+)?(?:one more time|once more)(?:,? please)?\W*$",
    re.IGNORECASE,
)
_SKIP = re.compile(
    r"^\W*(skip|pass|next)\W*$|\b(skip (this|that|it|the question)|can we skip|"
    r"i'?d (rather|like to) skip|next question(,)? please|i'?ll pass|let'?s move on"
    # "Can I come back to this one later?": not now, so the question is left
    r"|come back to (this|that|it)( one| question)? later|(leave|park) (this|that|it)( one)? for "
    r"(now|later))\b",
    re.IGNORECASE,
)
# a moment to think asked for, nothing said yet: "Hmm, let me think for a second."
_PAUSE = re.compile(
    r"^\W*(?:(?:hmm+|um+|uh+|ok(?:ay)?|right|so|well|good question)\W+)*(?:let me think|let me see"
    r"|give me a (?:second|sec|moment|minute)|(?:one|a|just a) (?:second|sec|moment|minute)"
    r"|i need (?:a|to) (?:second|moment|think)|thinking)"
    r"(?:\s+(?:about (?:it|that|this)|for a (?:second|sec|moment|minute|bit)|(?:it|that) through"
    r"|a (?:second|sec|moment|bit)|please))*\W*$",
    re.IGNORECASE,
)
# a hint asked for ("Can you give me a hint?", "Any clues?", "Could you point me in the right
# direction?"), perhaps after "I don't know": never an answer to score
_HINT = re.compile(
    r"\b(?:hints?|clues?|nudge|point me in the right direction|(?:give|get) me (?:a |some )?"
    r"pointers?|where (?:should|do) I (?:start|begin))\b",
    re.IGNORECASE,
)
_ASKING_FOR = re.compile(r"\?|\b(?:give|need|want|get|have|help)\b", re.IGNORECASE)
_DONT_KNOW = re.compile(
    r"\b(i (really )?(do not|don'?t) know(?!\s+(why|how|what|whether|if|where|when|which|that\s+(i|we)))|no idea|not sure(,)? (sorry|honestly)|"
    r"i'?m not (familiar|sure(?!\s+(?:how (?:long|many|much|often|big|fast)|exactly|of the exact)\b))|i (have|'ve) never (done|used|heard)|i can'?t (say|answer))\b",
    re.IGNORECASE,
)
_INJECTION = re.compile(
    r"\b(ignore (all |any |the )?(previous|prior|above|earlier) (instructions|prompts?|rules)|"
    r"disregard (your|the|all) (instructions|rules|rubric)|you are now|system prompt|"
    r"(give|score|rate|mark) (me|this( answer)?) (a |an )?(5|five|10|ten|top|full|perfect)|"
    r"as an ai (language )?model|new instructions?:|developer mode)",
    re.IGNORECASE,
)


# "No, that's all, thanks.", "Nope, I'm good", "Nothing from me, thank you", "That's
# everything": the candidate has nothing more to ask or add (the whole turn says only that)
_NOTHING_MORE = re.compile(
    r"^\W*(?:(?:no|nope|nah|ok(?:ay)?|well|i think|i guess|yes|yeah),?\s+)*(?:"
    r"that'?s (?:all|it|everything|about it)|that (?:is|was) (?:all|it|everything)"
    r"|nothing (?:else|more|further|from me|to add|on my side|from my side)"
    r"|(?:i'?m|i am|we'?re) (?:good|all set|fine)|all (?:good|clear|set)"
    r"|that covers (?:it|everything|them)|(?:i think )?(?:i'?ve|i have) (?:got|covered) (?:it|"
    r"everything)"
    r"|no (?:more |further |other )?questions?|you(?:'ve| have) (?:covered|answered) "
    r"(?:it|everything|them|my questions))"
    # "I think that's all I have on that", "that's everything I can add there"
    r"(?:\s+(?:i|we)\s+(?:have|know|can\s+(?:say|add|think\s+of))"
    r"(?:\s+(?:on|about|for|there)(?:\s+(?:that|this|it))?)?)?"
    r"(?:[,.!\s]+(?:from me|for me|from my side|on my side|for now|really|then|actually|"
    r"i think|thanks?|thank you(?: very much)?|cheers|(?:i )?appreciate it))*\W*$",
    re.IGNORECASE,
)
_NOTHING_MORE_WORDS = 10


def nothing_more(text: str) -> bool:
    """The turn only says the candidate has nothing more to ask or add ("No, that's all,
    thanks."): never an answer to judge, so never scored or flagged too short."""
    if "?" in text or len(text.split()) > _NOTHING_MORE_WORDS:
        return False
    return _NOTHING_MORE.search(" ".join(text.split())) is not None


def classify(text: str) -> Intent:
    """The intent of a candidate's turn (``ANSWER`` unless it clearly is something else)."""
    words = len(text.split())
    if words == 0:
        return Intent.SKIP
    if _INJECTION.search(text):
        return Intent.INJECTION
    if words <= _SHORT and _REPEAT.search(text):
        return Intent.REPEAT
    if words <= _SHORT and _SKIP.search(text):
        return Intent.SKIP
    if words <= _SHORT and _PAUSE.search(text):
        return Intent.PAUSE
    if words <= _SHORT and _HINT.search(text) and _ASKING_FOR.search(text):
        return Intent.HINT
    if words <= 2 * _SHORT and _DONT_KNOW.search(text):
        return Intent.DONT_KNOW
    if adds_to_earlier(text):
        return Intent.EARLIER
    if asks_about_the_job(text):
        return Intent.QUESTION
    if asks_about_the_question(text):
        return Intent.CLARIFY
    return Intent.ANSWER


# the job, the team or the terms: what a candidate asks the interviewer about
_ABOUT_THE_JOB = re.compile(
    r"\b(?:this|the) (?:role|job|position|opening)\b|\bon[- ]?call\b|\bpager\b"
    r"|\b(?:your|the) (?:team|company|org|organi[sz]ation)\b|\b(?:work|working) here\b"
    r"|\b(?:salary|compensation|remote|hybrid|relocat\w*|visa|benefits)\b"
    # what the job asks of whoever takes it: "What does success look like in the first six
    # months?", "What would I be working on day to day?", "Who would I report to?"
    r"|\bsuccess (?:looks?|would look) like\b|\bday[- ]to[- ]day\b|\btypical (?:day|week)\b"
    r"|\b(?:first|initial) (?:few|\d+|thirty|sixty|ninety|three|six|twelve) (?:days|weeks|months)\b"
    r"|\b(?:would|will) I (?:be|work|own|join|report)\b|\bwho (?:would|will|do) I report to\b"
    r"|\b(?:interview|hiring) process\b|\bnext steps\b|\bcareer (?:path|progression|growth)\b",
    re.IGNORECASE,
)
# a question about the interviewer's own question, not about the job
_CLARIFYING = re.compile(
    r"\b(?:do|did) you mean\b|\byou mean\b|\bshould i\b|\bshall i\b|\bcan i assume\b"
    r"|\bare you asking\b|\b(?:this|the) question\b|\bwhich (?:one|part|system|project)\b",
    re.IGNORECASE,
)
_LEAD_IN_WORDS = 8  # "Sorry, one thing first." before the question, at most


def sentences(text: str) -> list[str]:
    """A turn's sentences, split after ".", "?" and "!", its whitespace made single."""
    return [s for s in re.split(r"(?<=[.?!])\s+", " ".join(text.split())) if s]


def asks_about_the_job(text: str) -> bool:
    """The turn is a question about the job in place of an answer ("Before I answer - is this
    role on call?"): short, asking, about the role, team or terms, and not a question about
    the interviewer's question ("Do you mean the team I led?")."""
    if "?" not in text:
        return False
    said = sentences(text)
    questions = sum(s.endswith("?") for s in said)
    # three questions in a row run longer than one: "Before I answer - is this role on call?
    # What would I be working on day to day? And what does success look like in the first six
    # months?" (29 words) was taken for an answer and met with "I may not have put that clearly"
    if len(text.split()) > (4 if questions > 1 else 2) * _SHORT:
        return False
    stated = sum(len(s.split()) for s in said if not s.endswith("?"))
    if stated > _LEAD_IN_WORDS:
        return False  # an answer that ends on a question is still an answer
    return _ABOUT_THE_JOB.search(text) is not None and _CLARIFYING.search(text) is None


# a check before answering ("Quick check before I go - ..."), or a choice put to the
# interviewer ("is the app running as PID 1, or is there an init like tini in front of it?")
_CHECKING = re.compile(
    r"\b(?:quick|just to|to|let me) (?:check|clarify|confirm)\b|\bbefore I (?:answer|go|start)\b"
    r"|\b(?:is|are|do|does|did|should|can|will|would|was|were|has|have)\s+(?:it|this|that|"
    r"there|the|we|you|they|i|[a-z]+'s)\b[^?]{0,120}?,?\s+or\s+[^?]{2,}\?",
    re.IGNORECASE,
)
# a guess at the answer put as a question is an answer ("Isn't it that the parent never waits?")
_GUESS = re.compile(
    r"\b(?:is it because|isn'?t it|wouldn'?t it|could it be|is that because|"
    r"is the (?:answer|fix|cause))\b",
    re.IGNORECASE,
)


def asks_about_the_question(text: str) -> bool:
    """The turn only asks about the interviewer's question before answering it ("Quick check
    before I go - is the app running as PID 1 in the container, or is there an init like tini
    in front of it?"): short, asking, nothing stated beyond a lead-in, and worded as a check
    ("do you mean", "can I assume", "quick check") or a choice put to the interviewer. A
    guess put as a question ("Is it because the parent never calls wait()?") is an answer."""
    if "?" not in text or len(text.split()) > 2 * _SHORT or _GUESS.search(text):
        return False
    stated = sum(len(s.split()) for s in sentences(text) if not s.endswith("?"))
    if stated > _LEAD_IN_WORDS:
        return False  # an answer that ends on a question is still an answer
    return bool(_CLARIFYING.search(text) or _CHECKING.search(text))


# "Sorry, one thing on the last one before I forget - ...", "Going back to the zombie
# question, I remembered ...", "Oh, and on the Kafka question earlier, we also ...": a word
# on an earlier question names it (in up to three words: "the Kafka consumer question")
_EARLIER_ONE = re.compile(
    r"\b(?:on|about|to|for|with|regarding)\s+(?:the|that)\s+"
    r"(?!(?:same|current|next|this|other|new|old|right|wrong|better|best|simpler|cheaper)\b)"
    r"(?P<name>(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:one|question)\b",
    re.IGNORECASE,
)
_ADDING = re.compile(
    r"\b(?:before I forget|I (?:just )?remembered|I should (?:have )?(?:add|mention)\w*|"
    r"one (?:more |other )?thing|going back|coming back|back to|to add|I forgot"
    r"|also|earlier|previous(?:ly)?|from before|a (?:minute|moment|bit) ago)\b",
    re.IGNORECASE,
)
# a sentence that opens by naming the question it is about ("Oh, and on the Kafka one: ...")
_OPENS_NAMING = re.compile(
    r"^\W*(?:(?:oh|and|also|so|sorry|actually|right|ok(?:ay)?)\b[\s,.:-]*)*"
    r"(?:on|about|regarding|back to)\s+(?:the|that)\s",
    re.IGNORECASE,
)


def earlier_named(sentence: str) -> str | None:
    """How ``sentence`` names an earlier question it adds to ("Kafka" in "Oh, and on the
    Kafka question earlier, we also added a runbook"), else None: it names a question ("the
    X one", "the X question") and says it adds to it ("also", "earlier", "going back", "I
    forgot") or opens with that name."""
    named = _EARLIER_ONE.search(sentence)
    if named is None:
        return None
    opening = _OPENS_NAMING.match(sentence)
    opens = opening is not None and opening.end() > named.start()
    if _ADDING.search(sentence) is None and not opens:
        return None
    return " ".join(named.group("name").split())


def adds_to_earlier(text: str) -> bool:
    """The turn opens by adding to an earlier question's answer ("Sorry, one thing on the
    last one before I forget - if the client is in Go, ..."): its first sentence names an
    earlier question and says it adds to it. Not an answer to the question just asked."""
    said = sentences(text)
    return earlier_named(said[0] if said else "") is not None


def leading_aside(text: str) -> tuple[int, str] | None:
    """Where an answer that opens with a word on an earlier question ("One more thing on the
    zombie one: with tini you want -g ... For the CVE: first I'd find it ...") turns to this
    one (the end of its first sentence), and the earlier question's name as said."""
    second = re.search(r"(?<=[.?!])\s+\S", text.strip())
    first = text.strip()[: second.start()] if second is not None else ""
    name = earlier_named(first)
    if name is None:
        return None
    return text.find(first) + len(first), name


def trailing_aside(text: str) -> tuple[int, str] | None:
    """Where an answer turns to add to an earlier question after answering this one
    ("Honestly, I'd make the whole thing idempotent. Oh - and on the zombie one, I
    remembered: the parent should call wait() ..."), and the earlier question's name as said
    ("zombie"); None when no later sentence names an earlier question and adds to it."""
    lead = len(text) - len(text.lstrip())
    starts = [lead, *(m.end() for m in re.finditer(r"(?<=[.?!])\s+", text) if m.end() > lead)]
    for at in starts[1:]:
        sentence = re.split(r"(?<=[.?!])\s", text[at:], maxsplit=1)[0]
        name = earlier_named(sentence)
        if name is not None:
            return at, name
    return None


# the words that join a question to the one before it ("And how big is the team?", "Oh, and
# also - is it remote?"): said, but not written when the question is listed on its own
_JOINING = re.compile(
    r"^(?:(?:and|also|so|but|then|plus|oh|um|uh|well|yes|yeah|ok(?:ay)?|right|one more thing"
    r"|one last thing|last one|lastly|finally|secondly|second|and finally)\b[\s,:;.\u2013\u2014-]*)+",
    re.IGNORECASE,
)


# what a candidate says before asking ("Before I answer - is this role on call?", "Quick
# question first: ..."): not part of the question listed for the recruiter
_ASKING_LEAD_IN = re.compile(
    r"^(?:(?:sorry|actually|oh|ok(?:ay)?|so)\b[\s,]*)*(?:before I (?:answer|start|go|begin)"
    r"(?: that| this)?|(?:a |one )?quick (?:question|check)(?: first)?|one question first"
    r"|first,? (?:a|one) (?:quick )?question)(?:[,:;]|\s[-\u2013\u2014])\s*",
    re.IGNORECASE,
)


def as_written(question: str) -> str:
    """One of the candidate's questions as a person would write it in a list: without the
    words that joined it to the one before or led into it, its first letter a capital ("And
    how big is the team?" is "How big is the team?", "Before I answer - is this role on call?"
    is "Is this role on call?"). Unchanged when nothing would be left."""
    said = " ".join(question.split())
    bare = _JOINING.sub("", _ASKING_LEAD_IN.sub("", said, count=1))
    if len(bare.split()) < 2:
        return said
    return bare[:1].upper() + bare[1:]


# --------------------------------------------------------------------------- project topic

_VERBS = (
    r"worked on|work on|working on|built|build|building|led|lead|leading|migrated|migrate|migrating|implemented|implement|"
    r"designed|design|created|developed|introduced|launched|rolled out|rewrote|automated|"
    r"set up|established|ran|run|running|owned|own|scale|scaled|moved|replaced|redesigned|"
    r"architected|spearheaded|drove|delivered|reworked|rebuilt|overhauled|revamped|refactored"
)
# the work a verb names, as a person names it: "I reworked our alerting around SLOs" is "the
# alerting rework", "rebuilt our log pipeline" "the log pipeline rebuild"
_WORK_NOUNS = {
    "reworked": "rework",
    "rebuilt": "rebuild",
    "overhauled": "overhaul",
    "revamped": "revamp",
    "refactored": "refactor",
}
_VERB_PHRASE = re.compile(
    rf"\b(?:{_VERBS})(?:\s+and\s+(?:{_VERBS}))?\s+(?P<object>[^.;:!?()\n]+)", re.IGNORECASE
)
_STOP_WORDS = {
    "which", "that", "who", "where", "when", "because", "so", "while", "to", "from", "for",
    "at", "with", "by", "in", "on", "into", "across", "as", "after", "before", "and", "but",
    "using", "through", "over", "under", "within", "without", "until", "since", "about",
}  # fmt: skip
_PRONOUNS = {"me", "us", "it", "them", "him", "her", "this", "that", "things", "something"}
_DETERMINERS = {"a", "an", "the", "our", "my", "their", "its", "some"}
_MAX_TOPIC_WORDS = 7


_ABSTRACT = {
    "reliability", "availability", "performance", "stability", "uptime", "quality", "latency",
    "cost", "costs", "security", "things", "stuff", "processes", "process", "culture", "team",
    "teams", "people", "work", "everything", "lot", "time", "way", "systems", "infrastructure",
}  # fmt: skip
_VAGUE = {"lot", "lots", "many", "several", "various", "different", "all", "few", "number"}
_WHEN = {"last", "next", "this", "every", "each", "recently", "later", "earlier", "today"}
_MOVE_VERBS = {"migrated", "migrate", "migrating", "moved", "move", "moving"}
_HEADS = (
    r"rebuild|rework|revamp|migration|overhaul|rollout|rewrite|redesign|project|program|programme|pipeline|"
    r"platform|system|service|cluster|stack|initiative|framework|tooling|gateway|database|mesh|"
    r"fleet|api|engine|cache|queue|network|job|scheduler|workflow|tool|automation|controller|"
    r"operator|proxy|registry"
)
_GENERIC_HEADS = {
    "system", "service", "platform", "project", "program", "programme", "stack", "job", "tool",
    "automation", "workflow",
}  # fmt: skip
# a possessive is a modifier, never the head: "the platform team's observability stack" is
# the stack, not "the platform"; the modifiers never run over another article ("a senior SRE
# on the platform team's ...")
_HEAD_PHRASE = re.compile(
    rf"\b(?P<article>the|our|my|your|a|an)\s+(?P<mods>(?:(?!(?:the|our|my|your|a|an)\s)[\w-]+(?:['\u2019]s)?\s+){{0,4}})"
    rf"(?P<head>{_HEADS})(?P<plural>s?)\b(?!['\u2019]s\b)",
    re.IGNORECASE,
)


def project_topic(intro: str) -> str | None:
    """The project or system the intro named, as a noun phrase a person would say.

    ``"...which led me to implement a comprehensive chaos engineering program."`` gives
    ``"the comprehensive chaos engineering program"``; ``"The system I'm proudest of is the log
    pipeline rebuild I led"`` gives ``"the log pipeline rebuild"``; ``"we migrated to EKS"``
    gives ``"the move to EKS"``. Never an abstract noun ("the reliability") or a bare product
    with an article ("the EKS"). None when nothing was named.
    """
    picked = _picked(intro) or _proud_of(intro)
    if picked is not None:
        return picked  # "The thing I'd pick is our regional failover."
    objects = [t for t in (_object_topic(m) for m in _VERB_PHRASE.finditer(intro)) if t]
    named = [t for t in objects if not _practice(t.split())]
    project = _project_named(intro)
    if project is not None:
        return project  # "the order pipeline rebuild I led: we moved order events off ..."
    if named and (
        _HEAD_PHRASE.search(named[0])
        or named[0].endswith(" migration")
        or named[0].startswith(("the move ", "the migration "))
    ):
        return named[0]  # "led the alerting overhaul": a thing the candidate did
    headed = _head_topic(intro)
    if named and headed and len(headed.split(" ", 1)[-1].split()) == 1:
        return named[0]  # "I built the uptime checks ... the rotation for the API": not "API"
    return headed or (named[0] if named else None) or (objects[0] if objects else None)


# the story the candidate says they chose: "The thing I'd pick is our regional failover",
# "The one I'm proudest of is our log pipeline rebuild", "I'll talk about the EKS upgrade"
_PICKED = re.compile(
    r"(?:\bthe (?:thing|one|system|project|piece|work|story|example)s? (?:I'?d|I would|I'?ll|"
    r"I will|I want to|I'?d like to) (?:pick|choose|talk about|describe|use)"
    r"|\bI'?m (?:most )?proud(?:est)? of)\s+(?:is|was|here is)\s+(?P<object>[^.;:!?()\n]+)"
    r"|\bI'?(?:d|ll| would| will) (?:pick|choose|talk about|go with)\s+(?P<later>[^.;:!?()\n]+)",
    re.IGNORECASE,
)
# the work the candidate says they are proud of, named before it: "Mostly I look after our CI
# pipelines and the alert rules, and I built the uptime checks for the driver app, which I'm
# quite proud of" is the uptime checks, never the CI pipelines named first
_PROUD_AFTER = re.compile(
    r",?\s+(?:which|that)\s+(?:I'?m|I am|I was|we'?re|we are)\s+(?:\w+\s+)?proud of\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;!?]")


def _proud_of(intro: str) -> str | None:
    """What the clause before "which I'm (quite) proud of" names, by its verb's object.

    The clause is read back from the remark to the sentence's start (or the last remark), so
    the time is linear in the intro's length even when nothing ends a sentence."""
    start = 0
    for match in _PROUD_AFTER.finditer(intro):
        ends = list(_SENTENCE_END.finditer(intro, start, match.start()))
        before = intro[ends[-1].end() if ends else start : match.start()]
        start = match.end()
        clause = re.split(r",\s+(?:and\s+)?|\s+and\s+(?=I\b|we\b)", before)[-1]
        named = [t for t in (_object_topic(m) for m in _VERB_PHRASE.finditer(clause)) if t]
        if named:
            return named[-1]
    return None


_SUBJECTS = {"i", "we", "they", "you", "he", "she", "it"}
_DASH = re.compile(r"[-\u2013\u2014]+")  # a dash standing alone ends the phrase
# "The piece I'm proudest of is rebuilding our alerting": the work as its verb says it,
# without an article ("I'd like to hear more about rebuilding our alerting around SLOs")
_GERUNDS = {
    "building", "rebuilding", "migrating", "moving", "rewriting", "redesigning", "automating",
    "replacing", "running", "scaling", "introducing", "launching", "designing", "setting",
    "rolling", "consolidating", "splitting", "sharding", "hardening", "cutting", "reducing",
    "standardising", "standardizing", "modernising", "modernizing", "untangling", "fixing",
}  # fmt: skip
_MOVES = {"move", "migration", "switch", "upgrade"}


def _picked(intro: str) -> str | None:
    """The noun phrase after "The thing I'd pick is" (or "I'm proudest of is"), cut where a
    clause of its own starts ("the log pipeline rebuild I led")."""
    for match in _PICKED.finditer(intro):
        words = (match.group("object") or match.group("later") or "").split()
        phrase: list[str] = []
        for index, word in enumerate(words):
            bare = word.strip(",\"'").lower()
            if phrase and bare == "and" and _coordinated(words[index + 1 : index + 3]):
                phrase.append(word)  # "the backup and restore rework"
                continue
            moving = phrase and phrase[0].lower() in ("migrating", "moving")
            if bare in ("from", "off") and phrase and phrase[-1].lower() in _MOVES:
                phrase += _destination(words[index + 1 :])  # "our move from X to Pub/Sub"
                break
            if bare == "to" and phrase and (phrase[-1].lower() in _MOVES or moving):
                phrase.append(word)  # "the checkout migration to Kubernetes"
                continue
            if bare in _STOP_WORDS or bare in _SUBJECTS or bare in _WHEN or len(phrase) > 6:
                break
            if _DASH.fullmatch(bare):
                break  # "rebuilding our alerting around SLOs - we went from 400 pages to 60"
            if phrase and _participle(word, words[index + 1] if index + 1 < len(words) else None):
                break  # "my team of five looking after ...": the clause is not the name
            phrase.append(word.strip("\"'"))
            if word.endswith(","):
                break
        if len(phrase) > 1 and phrase[0].lower() in _GERUNDS and phrase[1].lower() in _OBJECTS:
            topic = _move_to(phrase[0], words[1:])  # never "the moving us"
        elif phrase and phrase[0].lower() in ("moving", "migrating") and _moved_off(words):
            topic = _moved_off(words)  # never "moving your feature flag system off a"
        else:
            topic = _normalise(phrase) if phrase and phrase[0].lower() not in _PRONOUNS else None
        if topic is not None:
            return topic
    return None


def _destination(words: list[str]) -> list[str]:
    """ "to Pub/Sub" of "self-managed Kafka to Pub/Sub, which took ...": where a move went,
    after where it came from ([] when no "to" follows soon)."""
    lowered = [w.strip(",.").lower() for w in words[:8]]
    to = next((i for i, w in enumerate(lowered) if w in ("to", "onto", "into")), None)
    if to is None:
        return []
    target: list[str] = []
    for word in words[to + 1 : to + 4]:
        bare = word.strip(",.").lower()
        if bare in _STOP_WORDS or bare in _SUBJECTS or bare in _WHEN or bare in _DETERMINERS:
            break
        target.append(word.strip(",."))
        if word.endswith(","):
            break
    return ["to", *target] if target else []


_OBJECTS = _PRONOUNS | {"everything", "everyone", "everybody"}
# what a verb's object is done around or like ("reworked our alerting around SLOs and burn
# rates"): the object ends before it
_AFTER_OBJECT = {"around", "like", "based"}

# the people a candidate leads or sits in ("an SRE team of five", "a squad of three"): who,
# never what - a phrase with one of these for its head names no project
_GROUPS = {
    "team", "teams", "group", "squad", "org", "organisation", "organization", "department",
    "crew", "unit", "guild", "tribe", "chapter", "staff", "function",
}  # fmt: skip
# -ing words that are nouns in a system's name ("the order tracking service", "our load
# balancing"), as against a participle that opens a clause of its own ("a team of five
# looking after 200 services", "the fleet serving our EU customers")
_NOMINAL_ING = {
    "logging", "monitoring", "alerting", "billing", "routing", "tracing", "paging",
    "scheduling", "testing", "networking", "caching", "balancing", "processing", "streaming",
    "ticketing", "booking", "shipping", "pricing", "messaging", "onboarding", "provisioning",
    "packaging", "tracking", "planning", "accounting", "banking", "hosting", "computing",
    "engineering", "learning", "marketing", "trading", "matching", "indexing", "ranking",
    "rendering", "encoding", "signing", "building", "rebuilding", "migrating", "moving",
    "rewriting", "redesigning", "automating", "replacing", "scaling", "sharding", "hardening",
    "ordering", "invoicing", "clearing", "settling", "labelling", "labeling",
    "forecasting", "dispatching", "warehousing", "mapping", "parsing", "deploying",
    "load-balancing", "on-boarding",
}  # fmt: skip


_NOT_PARTICIPLES = {"morning", "evening", "ceiling", "during", "offering", "tooling", "wiring"}


def _participle(word: str, after: str | None) -> bool:
    """Whether ``word`` (after a noun phrase's first word) is a participle opening a clause of
    its own - "looking" in "an SRE team of five looking after roughly 200 services": an -ing
    word that names no system and is followed by a preposition, an article or a number, so
    the phrase would end on it."""
    bare = word.strip(",\"'").lower()
    if not bare.endswith("ing") or len(bare) < 6 or bare in _NOMINAL_ING:
        return False
    if bare.endswith(("thing", "string", "spring")) or bare in _NOT_PARTICIPLES:
        return False  # "moving everything to Kubernetes", "the config string"
    if after is None:
        return False  # "the search API's move to autoscaling": a noun ends the phrase
    nxt = after.strip(",\"'").lower()
    return nxt in _STOP_WORDS or nxt in _DETERMINERS or nxt in _PRONOUNS or nxt[:1].isdigit()


def _names_people(words: list[str]) -> bool:
    """Whether the phrase is headed by a group of people ("SRE team of five", "the platform
    team"): its head is the word before its first "of", else its last word."""
    lowered = [w.strip(",.\"'").lower() for w in words]
    if not lowered:
        return False
    head = lowered[lowered.index("of") - 1] if "of" in lowered[1:] else lowered[-1]
    return head in _GROUPS


def _move_to(verb: str, rest: list[str]) -> str | None:
    """ "moving us from a single region to two regions" is "the move to two regions"; a
    gerund with a pronoun for its object and no destination names nothing (None)."""
    if verb.lower() not in ("moving", "migrating"):
        return None
    lowered = [w.strip(",").lower() for w in rest]
    if "to" not in lowered:
        return None
    target: list[str] = []
    for word in rest[lowered.index("to") + 1 :]:
        bare = word.strip(",.").lower()
        if bare in _STOP_WORDS or bare in _SUBJECTS or len(target) >= 4:
            break
        target.append(word.strip(",."))
        if word.endswith(","):
            break
    return f"the move to {' '.join(target)}" if target else None


def _moved_off(words: list[str]) -> str | None:
    """ "moving our feature flag system off a homegrown database table onto LaunchDarkly" is
    "moving your feature flag system to LaunchDarkly": what moved and where to, without where
    it came from; None unless both are said."""
    lowered = [w.strip(",").lower() for w in words]
    away = next((i for i, w in enumerate(lowered[:8]) if w in ("off", "from", "out")), None)
    to = next((i for i, w in enumerate(lowered) if w in ("to", "onto", "into")), None)
    if away is None or away < 2 or to is None or to < away or to - away > 8:
        return None
    target: list[str] = []
    for word in words[to + 1 : to + 4]:
        bare = word.strip(",.").lower()
        if bare in _STOP_WORDS or bare in _SUBJECTS or bare in _WHEN:
            break
        target.append(word.strip(",."))
        if word.endswith(","):
            break
    if not target or target[0].lower() in _PRONOUNS:
        return None
    moved = [_THEIRS.get(w.lower(), w) for w in words[1:away]]
    return " ".join([words[0].lower(), *moved, "to", *target])


_PROJECT_HEADS = re.compile(
    r"rebuild|rework|revamp|migration|overhaul|rollout|rewrite|redesign|project|program"
    r"|programme|initiative",
    re.IGNORECASE,
)


# what a programme of people's work is about ("the incident review programme", "our mentoring
# program"): a practice the candidate runs beside the system, never the system to dig into
_PRACTICES = {
    "incident", "review", "reviews", "postmortem", "post-incident", "on-call", "oncall",
    "mentoring", "mentorship", "hiring", "interview", "interviewing", "training",
    "apprenticeship", "retrospective", "retro", "blameless",
}  # fmt: skip


# a feature listed in what something was built with ("we built templates with health checks
# and a progressive rollout baked in"): a part of the work, not the project
_WITH_BEFORE = re.compile(r"\bwith\b[^.;:!?]*$", re.IGNORECASE)
# a head noun followed by a person's noun is a job title ("a staff platform engineer")
_TITLE_AFTER = re.compile(
    r"\s+(?:engineers?|developers?|managers?|leads?|architects?|owners?|admins?|sres?|"
    r"specialists?|analysts?|consultants?|team)\b",
    re.IGNORECASE,
)


def _practice(words: list[str]) -> bool:
    """The phrase names a practice of people's work ("the incident review programme")."""
    return any(w.strip(",.").lower() in _PRACTICES for w in words)


def _project_named(intro: str) -> str | None:
    """A project the candidate named as one ("the order pipeline rebuild", "the backup and
    restore rework"): modifiers before a project noun, preferred to a system the intro
    named first ("I own the quote service ... the piece I'm proud of is the backup and
    restore rework") and to what a verb's object makes."""
    for match in _HEAD_PHRASE.finditer(intro):
        if not _PROJECT_HEADS.fullmatch(match.group("head")) or match.group("plural"):
            continue
        mods = match.group("mods").split()
        inner = [w.lower() for w in mods[1:-1]]
        if not mods or any(w.lower() in _STOP_WORDS for w in (mods[0], mods[-1])):
            continue  # "the migration" alone: the verb's object says which
        if any(w in _STOP_WORDS and w != "and" for w in inner):
            continue
        if _practice(mods):
            continue  # "run the incident review programme": a practice, not the system
        if _WITH_BEFORE.search(intro[max(0, match.start() - 60) : match.start()]):
            continue  # "templates with health checks and a progressive rollout baked in"
        topic = _normalise([*_own(match), *mods, match.group("head")])
        if topic is not None:
            return topic
    return None


def _own(match: re.Match[str]) -> list[str]:
    """The candidate's possessive before a head phrase ("my" of "my payments migration"), kept
    so the interviewer says "your payments migration"; [] for an article."""
    article = match.group("article")
    return [article] if article.lower() in _THEIRS else []


_EMPLOYMENT = _WHEN | {"previous", "current", "old", "new", "first", "day", "full-time"}


def _head_topic(intro: str) -> str | None:
    """The first noun phrase ending in a system-like noun ("the log pipeline rebuild")."""
    for match in _HEAD_PHRASE.finditer(intro):
        mods = [w for w in match.group("mods").split() if w.lower() not in _STOP_WORDS]
        if len(mods) != len(match.group("mods").split()):
            continue
        if not mods and match.group("head").lower() in _GENERIC_HEADS:
            continue  # "the system" names nothing
        if mods and mods[0].lower() in _VAGUE:
            continue
        if _practice(mods):
            continue  # "I run the mentoring programme and I own the checkout service"
        if _TITLE_AFTER.match(intro, match.end()):
            continue  # "a staff platform engineer": a job title, not the platform
        if match.group("head").lower() == "job" and mods and mods[-1].lower() in _EMPLOYMENT:
            continue  # "At my last job the status page was always wrong": where, not what
        topic = _normalise([*_own(match), *mods, match.group("head") + match.group("plural")])
        if topic is not None:
            return topic
    return None


def _object_topic(match: re.Match[str]) -> str | None:
    verb = match.group(0).split()[0].lower()
    words = match.group("object").split()
    first = words[0].lower().strip(",") if words else ""
    # "moved order events off a single RabbitMQ box onto Kafka": the move is to Kafka
    onto = 0 if first in ("to", "onto") else None
    if "off" in (w.lower() for w in words[:6]):
        onto = next((i for i, w in enumerate(words[:10]) if w.lower() in ("to", "onto")), None)
    noun = words[1].lower() if first in _DETERMINERS and len(words) > 1 else first
    if noun in _MOVES and onto is None:  # "led our move from a data centre to AWS"
        onto = next((i for i, w in enumerate(words[:10]) if w.lower() in ("to", "onto")), None)
        if onto is not None and "of" not in (w.lower() for w in words[:onto]):
            verb = next(iter(_MOVE_VERBS))
        else:
            onto = None
    if verb in _MOVE_VERBS and onto is not None and len(words) > onto + 1:
        target: list[str] = []
        for word in words[onto + 1 : onto + 4]:
            if word.lower().strip(",") in _STOP_WORDS | _DETERMINERS | _WHEN:
                break
            target.append(word.strip(",\"'"))
        return "the move to " + " ".join(target) if target else None
    if not first or first in _PRONOUNS or first in _STOP_WORDS or first in _WHEN:
        return None
    phrase: list[str] = []
    for index, word in enumerate(words):
        bare = word.strip(",\"'").lower()
        if phrase and bare == "and" and _coordinated(words[index + 1 : index + 3]):
            phrase.append(word)  # "the search and booking APIs": one thing, not "the search"
            continue
        if bare == "to" and phrase and phrase[-1].lower() in _MOVES:
            phrase.append(word)  # "worked on the checkout migration to Kubernetes"
            continue
        if phrase and (
            bare in _STOP_WORDS | _AFTER_OBJECT or bare in _WHEN or word.startswith(",")
        ):
            break  # "run a failover drill every month": the drill, not "every month"
        if phrase and _participle(word, words[index + 1] if index + 1 < len(words) else None):
            break  # "lead an SRE team of five looking after ...": never "... five looking"
        phrase.append(word.strip("\"'"))
        if word.endswith(",") or len(phrase) >= _MAX_TOPIC_WORDS:
            break
    has_of = any(w.lower() == "of" for w in phrase[1:])  # "the migration of our checkout API"
    head = None if has_of else _HEAD_PHRASE.search(" ".join(["the", *phrase]))
    if head is not None and head.group("head"):  # cut at the head noun: "the log pipeline rebuild"
        cut = head.group(0).split()[1:]
        if len(cut) > 1 or cut[0].lower() not in _GENERIC_HEADS:
            phrase = cut[1:] if cut[0].lower() in _DETERMINERS and len(cut) > 1 else cut
            phrase = [*_own(head), *phrase]  # "led my payments migration": still theirs
    topic = _normalise(phrase)
    named = topic is not None and topic.startswith(("the ", "your "))
    if topic and verb in _MOVE_VERBS and head is None and named:
        return topic + " migration"  # "migrated our monitoring" -> "your monitoring migration"
    work = _WORK_NOUNS.get(verb)
    if topic and work and named and len(topic.split()) <= 4:
        if topic.endswith("s") and not topic.endswith(("ss", "us", "is")):
            return f"the {work} of {topic}"  # "rebuilt our alert rules": "the rebuild of ..."
        return f"{topic} {work}"  # "reworked our alerting around SLOs": "the alerting rework"
    return topic


def _coordinated(following: list[str]) -> bool:
    """Whether the words after an "and" finish a shared noun ("booking APIs", "payments
    services"): a modifier, then a plural or system-like head, with no comma between."""
    if len(following) < 2 or following[0].endswith(","):
        return False
    modifier, head = following[0].lower(), following[1].strip(",.;").lower()
    if modifier in _STOP_WORDS or modifier in _DETERMINERS or modifier in _PRONOUNS:
        return False
    return (head.endswith("s") and len(head) > 3) or re.fullmatch(_HEADS, head) is not None


# the candidate's own possessive, said back by the interviewer: "the move of our payments API"
# is "the move of your payments API"
_THEIRS = {"our": "your", "my": "your", "ours": "yours", "mine": "yours"}


# prepositions a phrase cut at its word limit may end on ("my object store migration off
# NetApp onto" of "... onto Ceph"): never the last word of a name
_DANGLING = frozenset({"onto", "off", "of", "via", "toward", "towards", "out", "than", "vs"})


def _normalise(words: list[str]) -> str | None:
    words = [w.rstrip(",") for w in words]
    while words and (_DASH.fullmatch(words[-1]) or words[-1].lower() in _STOP_WORDS | _DANGLING):
        words = words[:-1]  # never "the search API's move to": a phrase ends on its noun
    if len(words) > 1 and words[0] in _GERUNDS and words[1].lower() in _DETERMINERS:
        # "rebuilding your alerting around SLOs" (the interviewer says it back), never "the
        # rebuilding" and never "moving our alerting" in the interviewer's mouth
        return " ".join(_THEIRS.get(w.lower(), w) for w in words)
    article = "the"
    if words and words[0].lower() in _DETERMINERS:
        article = _THEIRS.get(words[0].lower(), "the")
        words = words[1:]
    if len(words) > 2 and words[0].lower() in _ABSTRACT and words[1].lower() == "of":
        words = words[2:]  # "the reliability of our checkout service" -> "your checkout service"
        article = "the"
        if words[0].lower() in _DETERMINERS:
            article = _THEIRS.get(words[0].lower(), "the")
            words = words[1:]
    words = [_THEIRS.get(w.lower(), w) for w in words]
    if _names_people(words):
        return None  # "I lead an SRE team of five": who the candidate leads, not a project
    content = [w for w in words if w.lower() not in _STOP_WORDS]
    if not content or (len(content) == 1 and len(content[0]) < 3):
        return None
    if content[-1].lower().strip(".") in _ABSTRACT or content[0].lower() in _VAGUE:
        return None  # "the reliability" is not a project
    if len(words) == 1 and (words[0].isupper() or words[0][0].isupper()):
        return words[0]  # a product name stands alone: "EKS", never "the EKS"
    # the candidate's own work stays theirs: "my payments migration" is "your payments
    # migration" in the interviewer's mouth, never "the payments migration"
    return f"{article} " + " ".join(words)
