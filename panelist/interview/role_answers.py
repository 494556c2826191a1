"""Answer the candidate's own questions from the role profile - and only from it.

A question is matched to the profile's fields by keywords; the answer quotes those
fields. A question the profile does not cover (pay, location, benefits, anything
unmatched) gets an honest "the profile doesn't cover it" rather than an invention; so does
the part of a question asking for a detail the profile never holds (how big the team or the
rotation is, the schedule, who the colleagues are), after what the profile does say.
Keywords match whole words (or their stems), so "today" never asks about the day to day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from panelist.catalog.models import Component, RoleProfile
from panelist.interview.utterances import sentences

_NO_QUESTIONS = re.compile(
    r"^\W*(no|nope|none|nothing|not really|i'?m good|all good|that'?s (all|it)|no,? thank)"
    r"|\b(no (more |further |other )?questions|nothing else|you('ve| have) covered (it|everything))",
    re.IGNORECASE,
)
_NOT_IN_PROFILE = re.compile(
    r"\b(salary|salaries|pay|compensation|bonus|equity|stock|benefits?|pension|vacation|holiday|"
    r"remote|hybrid|office|location|relocat\w*|visa|sponsor\w*|start date|notice period|"
    r"interview process|next round|how many rounds|hiring for|hands-on)\b"
    # what this team owns or runs, as against the product teams: the profile names the role's
    # duties, never the team's scope ("do you run the Kubernetes platform itself?")
    r"|\bwhat (?:does|do) (?:the|your|this) (?:sre )?team (?:own|run|look after)\b"
    r"|\bdo (?:you|they|we|the team|sres?) (?:run|own|operate|manage|look after)\b"
    r"(?!\s+(?:(?:your|the|their)\s+)?(?:post-?\s?mortems?|post-incident|retros?|incident rev))"
    # "is the platform team expected to run the clusters as well as build the tooling?"
    r"|\b(?:is|are) (?:the|your|this|our) (?:[\w-]+ )?team (?:expected|supposed|meant) to\b"
    r"|\bspecific (?:\w+ )?(?:problem|project|system)\b"
    # the team's problem today: "What's the biggest reliability problem the team is facing
    # right now?" - the profile's mission statement is no answer to it
    r"|\b(?:biggest|main|hardest|largest|top|current|open|known)\s+(?:\w+\s+)?"
    r"(?:problems?|challenges?|issues?|pain points?|headaches?)\b"
    r"|\b(?:problems?|challenges?|issues?)\b[^?]{0,40}\b(?:right now|currently|at the moment|today)\b",
    re.IGNORECASE,
)
_DETAIL_NOT_IN_PROFILE = re.compile(
    r"\b(how (big|many|large|often)|size|headcount|schedule|shifts?|hours|weekends?|"
    r"who (is|are|will|would|do)|which (people|teams?)|tools? (do|does) (you|the team) use|"
    # a share of the time ("How much of the week is feature work vs on-call?"): the profile
    # names duties, never how the week divides between them
    r"how much (of|time)|(share|split|proportion|percentage|ratio|fraction|balance) "
    r"(of|between)|per cent|percent)\b",
    re.IGNORECASE,
)

# asks what something is like, which the profile can say in general ("what does on-call look
# like"), as against a detail alone ("how big is the rotation"), which it never holds
_GENERAL_ASK = re.compile(
    r"\b(what (does|do|is|are|would|will)|what's|tell me|describe|look like|like\b|involve)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Topic:
    """A group of profile fields and the words that ask about them."""

    name: str
    words: tuple[str, ...]
    answer: Callable[[RoleProfile], str]
    complete: bool = True  # False: the profile only half answers it (the recruiter must add)
    says_missing: bool = False  # the answer itself says what the profile does not hold

    def asked_in(self, lowered: str) -> int:
        """How many of the topic's words (whole words or stems) the sentence uses."""
        return sum(re.search(r"(?<![a-z])" + re.escape(w), lowered) is not None for w in self.words)


def _names(components: list[Component], limit: int = 4) -> str:
    picked = [_lower_first(c.name) for c in components[:limit]]
    if len(picked) <= 1:
        return "".join(picked)
    return ", ".join(picked[:-1]) + " and " + picked[-1]


def _lower_first(name: str) -> str:
    """ "Incident management" in a sentence is "incident management"; "SLIs, SLOs" stays."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _matching(components: list[Component], words: tuple[str, ...]) -> list[Component]:
    return [c for c in components if any(w in c.name.lower() for w in words)]


def _on_call(role: RoleProfile) -> str:
    """What the profile says about on-call: its incident duties, those naming on-call first,
    when one does ("Incident work is part of the role: lead major incidents ..., and mentor
    P2/P3 SREs through reviews and on-call pairing."); when none names on-call, that it does
    not describe on-call, then the incident work it does name - never incident duties as if
    they said what on-call looks like ("reduce incident frequency, and analyze incident
    trends" to "What does on-call look like for this team?")."""
    work = _incident_work(role)  # on-call duties first: "pair with junior SREs on on-call"
    if not work:
        return ""
    if _on_call_duties(role):
        return f"Incident work is part of the role: {work}."
    return (
        "The role profile doesn't describe on-call for this role; what it does say is that "
        f"incident work is part of it: {work}."
    )


def _on_call_duties(role: RoleProfile) -> list[Component]:
    """The role's duties that name on-call, the pager or a rota, in the profile's order."""
    return [c for c in role.responsibilities + role.tasks if _ON_CALL_DUTY.search(c.name)]


_ON_CALL_DUTY = re.compile(r"\bon[- ]?call\b|\bpager\b|\brota(?:tion)?\b", re.IGNORECASE)
_INCIDENT_DUTY = re.compile(r"incident|outage", re.IGNORECASE)
_MOST_DUTIES = 2  # a reply quotes the one or two duties that answer, never the whole list


def _incident_work(role: RoleProfile) -> str:
    """The one or two incident duties that say most about on-call (those naming on-call
    first, then those naming incidents), in the profile's order: "command major incidents and
    run blameless post-incident reviews, and pair with junior SREs on on-call and tooling"."""
    duties = role.responsibilities + role.tasks
    on_call = [c for c in duties if _ON_CALL_DUTY.search(c.name)]
    incident = [c for c in duties if _INCIDENT_DUTY.search(c.name) and c not in on_call]
    picked = (on_call + incident)[:_MOST_DUTIES]  # none: "" - never other duties as if they were
    in_order = [c for c in duties if c in picked]
    return ", and ".join(_lower_first(c.name) for c in in_order)


# "Is this role on call?", "Will I be on the pager?": a yes or no is asked
_YES_NO_ON_CALL = re.compile(
    r"\b(?:is|are|am|will|would|does|do)\s+(?:this|the|i|there|we|you|it)\b[^?]{0,200}?"
    r"\b(?:on[- ]?call|pager|rota|rotation)\b",
    re.IGNORECASE,
)
_WH_FIRST = re.compile(
    r"^\W*(?:(?:and|so|also|ok(?:ay)?),?\s+)?(?:how|what|who|which|when|where|why)\b", re.I
)


def _asks_yes_or_no(sentence: str) -> bool:
    """ "Is this role on call?", never "How is the on-call rotation set up here?"."""
    asked = _LEAD_IN.sub("", sentence, count=1)  # "Yes - what does on-call look like ...?"
    return _YES_NO_ON_CALL.search(sentence) is not None and _WH_FIRST.match(asked) is None


# a duty that puts the role itself on the rota ("Own on-call for the team's services"), as
# against on-call named around it ("Pair with junior SREs on on-call and tooling")
_ON_THE_ROTA = re.compile(
    r"\b(?:own|join|take|share|carry|serve|be|go)\s+(?:\w+\s+)?on[- ]?call\b"
    r"|\bon[- ]?call\s+(?:rotation|rota|shifts?)\s+(?:for|of)\b|\bbe\s+on\s+the\s+pager\b"
    # the role's own work done on shift: "respond to alerts and routine incidents during
    # on-call shifts with a secondary"
    r"|\b(?:during|on|in)\s+(?:\w+\s+)?on[- ]?call\s+(?:shifts?|weeks?|rotations?)\b"
    r"|\bown\w*\s+[^.;]{0,40}\bincluding\s+on[- ]?call\b",  # "own services ..., including on-call"
    re.IGNORECASE,
)


def on_call_yes_no(role: RoleProfile) -> tuple[str, bool]:
    """The answer to "Is this role on call?" from the profile, and whether it says yes or no.

    "Yes" only when a duty puts the role on the rota; otherwise the profile does not say,
    and the answer says so before what it does say (the recruiter is to answer the rest).
    """
    duties = [c for c in role.responsibilities + role.tasks if _ON_THE_ROTA.search(c.name)]
    if duties:
        return f"Yes: the role profile says the role is to {_names(duties)}.", True
    work = _incident_work(role)
    if not work:
        return "The role profile doesn't say whether there's an on-call rota for this role.", False
    return (
        "The role profile doesn't say whether there's an on-call rota for this role, only "
        f"that incident work is part of it: {work}.",
        False,
    )


def _day_to_day(role: RoleProfile) -> str:
    """Two of the role's duties in one sentence, as a person would say them ("Day to day, the
    role is to set SLOs and error-budget policies with product owners, and to design services
    and dependencies for graceful degradation."): never the profile's list pasted in a row."""
    duties = [_lower_first(c.name) for c in role.responsibilities[:2]] or [
        _lower_first(c.name) for c in role.tasks[:2]
    ]
    # the profile's items are imperatives ("set SLOs ..."): "the role is to set"
    return f"Day to day, the role is to {', and to '.join(duties)}."


_REVIEW_DUTY = re.compile(r"post-?incident|post-?mortem|incident reviews?|retro", re.IGNORECASE)


def _reviews(role: RoleProfile) -> str:
    """What the profile says about post-incident reviews (the duties naming them), or "" when
    it names none: on-call duties are no answer to how postmortems are run."""
    duties = [c for c in role.responsibilities + role.tasks if _REVIEW_DUTY.search(c.name)]
    if not duties:
        return ""
    return f"On postmortems, the role profile says the role is to {_names(duties[:1])}."


def _team(role: RoleProfile) -> str:
    return f"The role sits in {role.family_name}; the profile does not describe the team itself."


def _growth(role: RoleProfile) -> str:
    """The level and its scope, in one sentence ("This is a P4 role (Advanced Professional),
    scoped to several services or a major system."); the profile holds no path beyond it, so
    the topic is answered only in part and the rest is noted for the recruiter."""
    scope = role.attributes.scope.split(";")[0].strip().rstrip(".")
    return f"This is a {role.level.code} role ({role.level.name}), scoped to {_lower_first(scope)}."


def _priorities(role: RoleProfile) -> str:
    """The plan's steps that say how the work is chosen (a roadmap, priorities, error
    budgets); a step that only names SLOs or projects is not one ("Define reliability
    standards (SLOs, ...)" answered "How does the team decide what to work on each quarter?"
    in a hand-run P6)."""
    steps = [
        step.rstrip(".")
        for step in role.story.plan
        if re.search(r"error.budget|priorit|roadmap", step, re.IGNORECASE)
    ]
    if not steps:
        return ""
    listed = "; ".join(step[0].lower() + step[1:] for step in steps[:3])
    return f"What the role profile says about how the work is chosen: {listed}."


def _success(role: RoleProfile) -> str:
    """The profile's picture of success, its first sentence (the rest reads as a list)."""
    first = sentences(role.story.success.strip())[:1]
    return f"Success looks like this: {_lower_first(first[0])}" if first else ""


def _decisions(role: RoleProfile) -> str:
    """One sentence of what the role decides ("On decisions, the role profile says: authority
    over a technical domain; and the role sets direction within the domain."), never the
    profile's labelled fields in a row ("Decision rights: ... Autonomy: ... The complexity
    is ...")."""
    rights = _lower_first(role.attributes.decision_rights.strip().rstrip(".")).replace("; ", ", ")
    autonomy = _lower_first(role.attributes.autonomy.strip().rstrip(".")).replace("; ", ", and ")
    return f"On decisions, the role profile says: {rights}; and the role {autonomy}."


def _technology(role: RoleProfile) -> str:
    return (
        f"The skills the role uses most are {_names(role.skills)}, and the knowledge it draws on "
        f"includes {_names(role.knowledge, 3)}."
    )


def _stack(role: RoleProfile) -> str:
    """ "What's the tech stack, mostly Kubernetes?": the profile holds the role's skills, not
    the team's stack, and the answer says so before the skills it does name - never the
    skills list as if it were the stack."""
    return (
        "The role profile doesn't name the stack the team runs; the skills it says the role "
        f"uses most are {_names(role.skills, 3)}."
    )


def _purpose(role: RoleProfile) -> str:
    return f"{role.story.external_problem.strip()} {role.story.why_it_matters.strip()}"


def _experience(role: RoleProfile) -> str:
    return (
        f"Typical experience is {role.attributes.typical_experience}; qualifications include "
        f"{_names(role.qualifications, 3)}."
    )


TOPICS: tuple[Topic, ...] = (
    Topic(
        "reviews",  # before on-call: "how do you run postmortems" is not asking about the rota
        ("postmortem", "post-mortem", "post mortem", "post-incident", "blameless", "retro"),
        _reviews,
        complete=False,  # the profile names the duty, never how the team runs its reviews
    ),
    Topic(
        "on_call",
        ("on-call", "oncall", "on call", "pager", "incident", "outage"),
        _on_call,
    ),
    Topic(
        "team",
        (
            "team like",
            "team size",
            "team structure",
            "team culture",
            "colleague",
            "manager",
            "report to",
            "work with",
            "who is on",
        ),
        _team,
        complete=False,  # the profile names the family, never the team's people or size
        says_missing=True,  # "the profile does not describe the team itself"
    ),
    Topic(
        "growth",
        ("grow", "career", "promot", "progress", "level", "learn", "path to"),
        _growth,
        complete=False,  # the level and its scope, never how people move on from it
    ),
    Topic("success", ("success", "expect", "first months", "90 days", "measure", "goal"), _success),
    Topic(
        "decisions",
        (
            "autonomy",
            "authority",
            "decision rights",
            "would i decide",
            "can i decide",
            "own call",
            "how much say",
            "have a say",
            "a say in",
        ),
        _decisions,
    ),
    Topic(
        "priorities",
        ("priorit", "decide", "roadmap", "error budget", "error-budget", "feature work"),
        _priorities,
        complete=False,  # the profile says what the role does, not how the team plans
    ),
    Topic(
        "stack",  # what the team runs: the profile lists skills, never the stack
        (
            "tech",
            "stack",
            "tool",
            "language",
            "cloud",
            "kubernetes",
            "k8s",
            "aws",
            "gcp",
            "azure",
            "terraform",
        ),
        _stack,
        complete=False,
        says_missing=True,  # "The role profile doesn't name the stack the team runs"
    ),
    Topic("technology", ("skill", "knowledge", "expertise"), _technology),
    Topic("purpose", ("why", "mission", "purpose", "problem", "matter"), _purpose),
    Topic("experience", ("experience", "years", "qualification", "degree", "certif"), _experience),
    Topic(
        "day_to_day",
        (
            "day",
            "typical",
            "responsib",
            "work on",
            "do in",
            "role involve",
            "would i own",
            "six months",  # "What would the first six months look like for someone in this role?"
        ),
        _day_to_day,
    ),
)


@dataclass(frozen=True)
class SentenceAnswer:
    """One question the candidate asked (a sentence) and what the profile says to it."""

    sentence: str
    answer: str | None  # None: the profile does not cover it
    topic: str | None = None
    complete: bool = True  # False: answered only as far as the profile goes
    says_what_is_missing: bool = False  # the answer itself says what the profile does not say


@dataclass(frozen=True)
class RoleAnswer:
    text: str | None  # None: the profile covers none of what was asked
    topics: list[str]
    uncovered: list[str]  # the asked sentences the profile does not cover
    partial: list[str] = field(default_factory=list)  # answered only as far as the profile goes
    asked: list[SentenceAnswer] = field(default_factory=list)  # every asked sentence, in order


def is_no_question(text: str) -> bool:
    """The candidate has no (more) questions."""
    return "?" not in text and _NO_QUESTIONS.search(text) is not None


# a question asked without its question mark: "what does on-call look like", "tell me about the
# team", "I'd like to know how big it is", "I was wondering whether it is remote"
_ASKING = re.compile(
    r"^\W*(?:(?:so|and|also|ok(?:ay)?|well|then),?\s+)?(?:"
    r"(?:what|how|who|whom|whose|which|when|where|why)\b"
    r"|(?:is|are|am|was|were|do|does|did|will|would|can|could|should|shall|may|might|has|have|"
    r"had)\s+(?:the|this|that|there|it|i|we|you|they|he|she|someone|anyone|a|an|your|our)\b"
    r"|(?:tell|show|walk|talk) me\b|(?:please )?(?:describe|explain)\b)"
    r"|\b(?:i'?d|i would|i'?m|i am|i was|i want|i wanted|i'?m keen|keen)\s+(?:like\s+|love\s+)?"
    r"(?:to\s+)?(?:know|hear|ask|understand|learn|curious|wondering|interested)\b"
    r"|\b(?:wondering|curious)\s+(?:about|if|whether|how|what|who|why)\b",
    re.I,
)


def is_statement(text: str) -> bool:
    """The candidate said something at the candidate-questions turn without asking anything
    ("Last year's three incidents came from batching..."): no question mark and no sentence
    that asks in words."""
    if "?" in text:
        return False
    said = [s for s in re.split(r"(?<=[.!;])\s+", " ".join(text.split())) if s]
    return not any(_ASKING.search(sentence) for sentence in said)


# a question that says the one before again in other words ("How big is the team? Like, how
# many SREs?"): one question, not two
_REPHRASE = re.compile(r"^(?:like|i mean|as in|so|or rather|that is|i\.e\.)\b,?\s*", re.I)


# a second question after a dash: "What would the first six months look like for someone in
# this role - is there a specific reliability problem you're hiring for?"
_DASHED = re.compile(
    r"\s+[-\u2013\u2014]\s+(?=(?:is|are|do|does|did|will|would|can|could|what|how|who|which|"
    r"why|when|where)\b[^?]*\?$)",
    re.IGNORECASE,
)


_ASKS_FIRST = re.compile(
    r"^\W*(?:(?:and|so|also),?\s+)?(?:is|are|do|does|did|will|would|can|could|what|how|who|"
    r"which|why|when|where)\b",
    re.IGNORECASE,
)


# a lead-in before what is asked: "Sorry - before I try that, is this role on call, and how
# often?" asks whether the role is on call, and how often
_LEAD_IN = re.compile(
    r"^[^?]{0,60}?(?:[,:;]|\s[-\u2013\u2014])\s+(?=(?:is|are|do|does|did|will|would|can|could|"
    r"what|how|who|which|why|when|where)\b)",
    re.IGNORECASE,
)


# a dashed question about what the first one named ("- are they blameless, and who follows
# up?"): the same question, which means nothing said alone
_BACK_REFERENCE = re.compile(
    r"^(?:is|are|do|does|did|will|would|can|could|was|were)\s+(?:they|it|those|these|them)\b",
    re.IGNORECASE,
)


def _dashed(sentence: str) -> list[str]:
    parts = _DASHED.split(sentence, maxsplit=1)
    if len(parts) == 1:
        return parts
    first, second = parts
    if _ASKS_FIRST.match(first) is None:
        return [sentence]  # "Before I answer - is this role on call?" asks one thing
    if _BACK_REFERENCE.match(second):
        return [sentence]  # "How do you run postmortems - are they blameless?" asks about them
    return [f"{first.rstrip(',;')}?", second[:1].upper() + second[1:]]


# "Two questions: how big is the on-call rotation, and what's the split ...?": the candidate
# says how many questions follow, so a question joined to the one before by ", and" is one
# more (without the count, "Is there on-call, and how often?" asks one thing and a detail)
_ANNOUNCED = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|yes|yeah|sure|well|right),?\s+)*(?:i have |i've got |i got |just )?"
    r"(?P<count>two|2|three|3|a couple of|a couple)\s+(?:quick\s+|short\s+|small\s+)?"
    r"(?:questions|things|ones)(?:,?\s+(?:actually|really|if (?:i may|that's ok(?:ay)?)))?"
    r"\s*(?:[:.;!]|\s[-\u2013\u2014])\s*",
    re.IGNORECASE,
)
_JOINED_ASK = re.compile(
    r"(?:,|;)\s+(?:and\s+|or\s+|also\s+|and also\s+)?(?=(?:is|are|do|does|did|will|would|can|could"
    r"|what|what's|how|who|which|why|when|where)\b)",
    re.IGNORECASE,
)


def _announced_parts(sentence: str) -> list[str]:
    """A sentence of questions the candidate counted, one question each."""
    parts = [p.strip() for p in _JOINED_ASK.split(sentence) if p.strip()]
    if len(parts) < 2:
        return [sentence]
    asked = [f"{p.rstrip(',;?')}?" for p in parts]
    return [a[:1].upper() + a[1:] for a in asked]


# a question asking leave to ask ("Could I ask a couple of things about the role?", "Can I ask
# you a few questions?"): no question of its own when the questions follow it
_MAY_I_ASK = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|great|thanks|sure|yes|well)\W+)*(?:could|can|may|might)\s+I\s+"
    r"(?:just\s+)?ask\s+(?:you\s+)?(?:a|one|two|three|some|a\s+few|a\s+couple\s+of)?\s*"
    r"(?:quick\s+)?(?:things?|questions?)?(?:\s+(?:about|on)\s+[^?]{0,40})?\?$",
    re.IGNORECASE,
)


def asked_sentences(text: str) -> list[str]:
    """The sentences that ask something (those ending in "?"), else the whole text; a
    question that rephrases the one before ("Like, how many SREs?") stays with it, and two
    questions joined by a dash are two, as are two joined by ", and" after "Two questions:"."""
    announced = _ANNOUNCED.match(text)
    if announced is not None:
        text = text[announced.end() :]
    said = [part for said in sentences(text) for part in _dashed(said)]
    count = 3 if announced is not None and announced.group("count") in ("three", "3") else 2
    if announced is not None and sum(s.endswith("?") for s in said) < count:
        # "Two things. How is on-call organised ..., and how often ...? And how big is the
        # team?" already asks two: the count is of its sentences
        said = [part for sentence in said for part in _announced_parts(sentence)]
    asking: list[str] = []
    for index, sentence in enumerate(said):
        if not sentence.endswith("?"):
            continue
        if _MAY_I_ASK.match(sentence) and any(s.endswith("?") for s in said[index + 1 :]):
            continue  # "Could I ask a couple of things about the role?": the asking comes next
        if asking and _REPHRASE.match(sentence):
            asking[-1] = f"{asking[-1]} {sentence}"
        else:
            asking.append(sentence)
    return asking or [" ".join(text.split())]


def _best_topic(lowered: str, already: list[str]) -> Topic | None:
    """The topic most of whose words the sentence uses (the earlier one on a tie)."""
    hits = [(t.asked_in(lowered), -i, t) for i, t in enumerate(TOPICS)]
    found = [h for h in hits if h[0] > 0 and h[2].name not in already]
    return max(found, key=lambda h: (h[0], h[1]))[2] if found else None


def answer_from_profile(question: str, role: RoleProfile, limit: int | None = None) -> RoleAnswer:
    """Answer each question in ``question`` from ``role``'s fields (at most ``limit`` topics
    when one is given). By default every question the profile answers is answered: a third
    question in one turn ("... And what does success look like after six months?") was told
    the profile doesn't cover it while the profile's success line was there to say."""
    answers: list[str] = []
    topics: list[str] = []
    uncovered: list[str] = []
    partial: list[str] = []
    asked: list[SentenceAnswer] = []
    for sentence in asked_sentences(question):
        lowered = sentence.lower()
        found = _DETAIL_NOT_IN_PROFILE.search(lowered)
        detail = found is not None
        head = lowered[: found.start()] if found is not None else lowered
        head = _LEAD_IN.sub("", head, count=1)  # "sorry - before I try that, is this role ..."
        asks_first = _ASKS_FIRST.match(head) is not None and _best_topic(head, topics) is not None
        # "Is there on-call for this role, and how often?": the on-call is answered, the
        # "how often" noted; a detail alone ("How big is the rotation?") is only noted
        if detail and not _GENERAL_ASK.search(lowered) and not asks_first:
            uncovered.append(sentence)  # only a detail: say so, never paste profile text at it
            asked.append(SentenceAnswer(sentence, None))
            continue
        best = None if _NOT_IN_PROFILE.search(lowered) else _best_topic(lowered, topics)
        room = limit is None or len(topics) < limit
        said = best.answer(role) if best is not None and room else ""
        if best is None or not said:  # nothing on it: say so, never paste around it
            uncovered.append(sentence)
            asked.append(SentenceAnswer(sentence, None))
            continue
        complete = best.complete and not detail
        missing = best.says_missing
        if best.name == "on_call" and _asks_yes_or_no(sentence):
            said, told = on_call_yes_no(role)  # a yes or no, or that the profile has none
            complete = told and not detail  # "and how often?" is the recruiter's to answer
            missing = not told  # "doesn't say whether there's an on-call rota": said once
        elif best.name == "on_call" and not _on_call_duties(role):
            complete, missing = False, True  # "doesn't describe on-call": the recruiter's
        topics.append(best.name)
        answers.append(said)
        if not complete:
            partial.append(sentence)  # answered as far as the profile goes; the rest is noted
        asked.append(SentenceAnswer(sentence, said, best.name, complete, missing))
    return RoleAnswer(" ".join(answers) or None, topics, uncovered, partial, asked)
