"""What each number of an answer is about: (holder, attribute, value, unit, role, frame).

"checkout p99 went from 800 ms to 300 ms" holds two ``latency:p99`` quantities of the
checkout path (roles ``before`` and ``after``); "a 1h/5m burn-rate alert" holds two
``window`` lengths, which are not latencies; "a team of 15 engineers" is a count of people
held by a team; "when I left, the org was forty engineers" is framed at leaving. Numbers
are found by :mod:`panelist.scoring.numbers`; :mod:`panelist.scoring.contradiction`
compares only quantities that agree on all of this. Each text is read once (cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from panelist.scoring.numbers import Number, numbers
from panelist.scoring.text import STOP_WORDS, clause_of, stem, whole_sentences

MAX_CHARS = 20_000

# The attribute a number measures, by the words that name it, and the kinds it can have.
_ATTRIBUTES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("latency:p50", r"median|p50|50th\s+percentile", frozenset({"time"})),
    ("latency:p99", r"p99|99th\s+percentile", frozenset({"time"})),
    ("latency:p95", r"p95|95th\s+percentile", frozenset({"time"})),
    ("latency:p90", r"p90|90th\s+percentile", frozenset({"time"})),
    (
        "latency",
        r"latenc(?:y|ies)|response\s+times?|round[- ]trip|rtt|ttfb|page\s+loads?|load\s+times?",
        frozenset({"time"}),
    ),
    ("replication lag", r"replication[- ]lag|lag", frozenset({"time"})),
    ("availability", r"uptime|availability|available|nines", frozenset({"percent"})),
    (
        "mttr",
        r"mttr|time\s+to\s+(?:recover|restore|resolve|repair|mitigate)|recovery\s+time|"
        r"resolution\s+time",
        frozenset({"time"}),
    ),
    ("mttd", r"mttd|time\s+to\s+detect|detection\s+time", frozenset({"time"})),
    (
        "error budget",
        r"error\s+budget|(?:monthly|weekly|quarterly|daily)\s+budget",
        frozenset({"percent"}),
    ),
    (
        "error rate",
        r"error\s+rates?|errors?(?!\s+budget)|5xx|failure\s+rates?|failed\s+requests",
        frozenset({"percent"}),
    ),
    (
        "cache hit ratio",
        r"cache\s+hit\s+(?:ratio|rate)|hit\s+(?:ratio|rate)",
        frozenset({"percent"}),
    ),
    ("cost", r"costs?|spend(?:ing)?|bill|savings", frozenset({"money"})),
    ("throughput", r"throughput|traffic|load|peak", frozenset({"rate"})),
    ("traffic share", r"traffic", frozenset({"percent"})),
    ("cpu", r"cpu|processor", frozenset({"percent"})),
    ("memory", r"memory|ram|heap", frozenset({"percent", "size"})),
    ("disk", r"disk|storage|volume", frozenset({"percent", "size"})),
    ("build time", r"builds?|ci\s+runs?", frozenset({"time"})),
    ("deploy time", r"deploys?|deployments?|rollouts?|releases?", frozenset({"time"})),
    ("alert volume", r"pages|alerts|alert\s+volume|alert\s+noise|paging", frozenset()),
    ("toil", r"toil|manual\s+work", frozenset()),
    ("incidents", r"incidents|outages", frozenset()),
    ("runbook coverage", r"runbook\s+coverage|coverage", frozenset({"percent"})),
)
_ATTRIBUTE_RES = tuple(
    (name, re.compile(r"\b(?:" + pattern + r")\b", re.I), kinds)
    for name, pattern, kinds in _ATTRIBUTES
)
# Counted nouns, folded ("SREs", "engineers", "of us" are all people).
_COUNTED_TEXT = """
people:engineers,engineer,people,person,sres,sre,developers,developer,devs,staff,folks,members,
humans,operators,responders,us
node:nodes,node,hosts,host,machines,servers,instances,vms,boxes
broker:brokers,broker
cluster:clusters
region:regions
zone:azs,zones
service:services,microservices,apps,applications
alert:pages,alerts,pings
rule:rules
incident:incidents,outages
deploy:deploys,deployments,releases
shard:shards
pod:pods
customer:customers,users,tenants
database:databases
team:teams
dashboard:dashboards
ticket:tickets
"""
_COUNTED = {
    word: name
    for line in _COUNTED_TEXT.replace(",\n", ",").strip().splitlines()
    for name, words in [line.split(":")]
    for word in words.split(",")
}
_COUNT_SKIP = frozenset(
    [
        "senior",
        "junior",
        "full-time",
        "more",
        "other",
        "new",
        "extra",
        "main",
        "production",
        "big",
        "small",
        "separate",
        "active",
        "alert",
        "on-call",
        "dedicated",
        "distinct",
        "brokers'",
        "primary",
        "kafka",
    ]
)
# Whose attribute it is: the thing holding it, and the words that narrow that thing down.
_HOLDERS = {
    "team": "team",
    "org": "org",
    "organisation": "org",
    "organization": "org",
    "company": "company",
    "department": "org",
    "rotation": "rotation",
    "cluster": "cluster",
    "fleet": "fleet",
    "estate": "fleet",
    "total": "fleet",
    "mesh": "mesh",
    "api": "api",
    "endpoint": "endpoint",
    "endpoints": "endpoint",
    "path": "path",
    "database": "database",
    "primary": "database",
    "volume": "volume",
    "tier": "tier",
    "pipeline": "pipeline",
}
_DETERMINERS = frozenset(
    [
        "the",
        "that",
        "this",
        "those",
        "these",
        "our",
        "my",
        "their",
        "its",
        "a",
        "an",
        "whole",
        "entire",
        "same",
    ]
)
_GENERIC_TEXT = """
p50 p90 p95 p99 p999 average avg median mean overall total peak tail typical end-to-end
wider whole entire daily weekly monthly yearly annual request requests was were is are had has
have got went cut reduced dropped improved time times rate rates level levels number numbers
share about around roughly over under nearly almost just only some per each every than by to
from at percent minute minutes second seconds hour hours day days week weeks month months year
years ms alert alerts window windows burn threshold target slo sli sla objective goal new old
current previous initial final same figure mentioned us we our i my it itself small big
large huge tiny fairly pretty quite very i've we've
"""
_GENERIC = frozenset(_GENERIC_TEXT.split())
_VERBS_TEXT = """
was were is are be been being had has have sat sitting stayed stood hit reached ran run runs
running went cut reduced dropped improved fell grew climbed peaked set took take takes lasted
spent kept got made did moved handled covered
"""
_VERBS = frozenset(_VERBS_TEXT.split())

# Frames: when or where a statement holds; two statements in different frames never conflict.
_TIME_FRAMES: tuple[tuple[str, str], ...] = (
    ("joined", r"when\s+i\s+(?:joined|started|arrived)|at\s+the\s+start|early\s+on"),
    ("left", r"when\s+i\s+left|by\s+the\s+time\s+i\s+left|before\s+i\s+left"),
    ("incident", r"during\s+the\s+(?:incident|outage)|in\s+the\s+(?:incident|outage)|that\s+night"),
    ("normal", r"normally|usually|typically|day[- ]to[- ]day|on\s+a\s+normal\s+day|steady\s+state"),
    ("peak", r"at\s+(?:its\s+)?peak|at\s+its\s+biggest|black\s+friday"),
    ("now", r"now|today|these\s+days|currently|nowadays|this\s+(?:quarter|year|month|week)"),
    ("past", r"last\s+(?:year|quarter|month|week)|back\s+then|at\s+the\s+time|used\s+to"),
)
_TIME_FRAME_RES = tuple((n, re.compile(r"\b(?:" + p + r")\b", re.I)) for n, p in _TIME_FRAMES)
_IN_YEAR = re.compile(r"\b(?:in|since|during|by)\s+((?:19|20)\d\d)\b", re.I)
_ENVIRONMENTS = re.compile(r"\b(staging|production|prod|dev|test)\b", re.I)
_EMPLOYER = re.compile(
    r"\b[Aa]t\s+(?:my\s+)?(current\s+(?:job|company|employer)|(?:last|previous|old)\s+(?:job|company|"
    r"employer)|[A-Z][a-zA-Z]+)",
)

_CHANGE_VERB = re.compile(
    r"\b(?:cut|cutting|reduc\w*|improv\w*|increas\w*|decreas\w*|lower\w*|boost\w*|drop\w*|"
    r"fell|fall\w*|sav\w*|slash\w*|halv\w*|doubl\w*|grew|grow\w*|shrank|shrunk|brought|"
    r"went|gone|go(?:es)?|got|rais\w*|trimm\w*|shav\w*|speed\w*\s+up|sped\s+up)\b",
    re.I,
)
_CHANGE_NOUN = re.compile(
    r"^\s*(?:of\s+)?(?:reduction|improvement|increase|decrease|drop|faster|fewer|less|more|"
    r"better|lower|higher|savings?|cut|slower|worse|gain|jump|decline)\b",
    re.I,
)
_APPROX_BEFORE = re.compile(
    r"(?:~|≈|\babout|\baround|\broughly|\bapprox(?:imately|\.)?|\bnearly|\balmost|\bsome|"
    r"\bclose\s+to|\bcloser\s+to|\bcirca|\bover|\bmore\s+than|\bunder|\bless\s+than|\bat\s+least|"
    r"\bat\s+most|\bup\s+to|\bupwards\s+of|\bnorth\s+of|\bjust\s+(?:over|under)|\bbelow|\babove|"
    r"\bwell\s+(?:over|under)|\bsomething\s+like|\bon\s+the\s+order\s+of|\bmaybe|\bperhaps|"
    r"\bor\s+so|<|>|≤|≥)\s*[$€£]?$",
    re.I,
)
_APPROX_AFTER = re.compile(r"^\s*(?:\+|-?ish\b|or\s+so\b|odd\b|plus\b|give\s+or\s+take)", re.I)
_ALERT_CONTEXT = re.compile(r"\b(?:alert\w*|page[sd]?|paging|fires?|rules?|burn\w*|slo)\b", re.I)
_WINDOW_AFTER = re.compile(
    r"^\s*(?:\]|\)?\s*/\s*\d|(?:-|\s)?(?:rolling\s+)?(?:window|lookback|burn|range|interval|"
    r"evaluation|period|bucket|rate)s?\b|\s*'?for'?\s+clause|(?:and|/)\s*\d+\s*\w*\s+"
    r"(?:windows?|burn))",
    re.I,
)
_WINDOW_BEFORE = re.compile(
    r"(?:\[|/\s*|\bover\s+(?:the\s+last|the\s+past)\s*|\bwindows?\s+(?:of\s+)?|"
    r"\brolling\s+|\blast\s+|\bthe\s+past\s+|\bevery\s+|\bin\s+the\s+last\s+|"
    r"\blookback\s+(?:of\s+)?)$",
    re.I,
)
_FOR_BEFORE = re.compile(r"\b(?:for\s*:?|over\s+(?:a\s+|the\s+)?)\s*$", re.I)
_THRESHOLD_BEFORE = re.compile(
    r"(?:>|>=|≥|<|<=|≤|\bthreshold\s+(?:of\s+|at\s+)?|\bexceed\w*\s+|\bcross\w*\s+|\bbreach\w*\s+|"
    r"\b(?:alert|page|fire|fired|trigger|wake)\w*\s+(?:\w+\s+){0,3}(?:at|when|if|on|above|over|"
    r"past|after|once)\s+(?:[\w-]+\s+){0,3}|\b(?:hits?|reach\w*|tops?)\s+|\babove\s+|\bbelow\s+)"
    r"[~≈]?$",
    re.I,
)
_TRIGGER_AFTER = re.compile(r"^[^.;]{0,40}\b(?:triggered|fired|paged|alerted)\b", re.I)
_TARGET_NEAR = re.compile(
    r"\b(?:targets?|targeting|slos?|slas?|objectives?|goals?|aim\w*|promis\w*|commit\w*|"
    r"agreed|contract\w*)\b",
    re.I,
)
_BEFORE_AFTER = re.compile(
    r"^\s*(?:→|->|=>|to\b|down\s+to\b|up\s+to\b|into\b)\s*(?:about\s+|around\s+)?[~≈]?\s*[$€£]?"
    r"(?:\d|[a-z]+\b)",
    re.I,
)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|~|an?\s+)?[$€£]?$", re.I)
_ARROW_BEFORE = re.compile(
    r"(?:→|->|=>|\bto|\bdown\s+to|\bup\s+to|\binto)\s*(?:about\s+|around\s+)?[~≈]?\s*[$€£]?$",
    re.I,
)
_BEFORE_WORDS = re.compile(
    r"\b(?:before|previously|originally|initially|at\s+first|used\s+to|back\s+then|"
    r"at\s+the\s+time|at\s+the\s+start|had\s+been|baseline)\b",
    re.I,
)
_AFTER_WORDS = re.compile(
    r"\b(?:after|afterwards|once|now|today|currently|these\s+days|since\s+then|by\s+the\s+end|"
    r"ended\s+up|in\s+the\s+end|down\s+to|brought\s+(?:it\s+)?(?:down\s+)?to)\b",
    re.I,
)
_COMPARISON = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:to|with)|against|instead\s+of)\b", re.I)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|would|could|might|suppose|imagine|e\.g\.|for\s+example|for\s+instance|"
    r"typically|rule\s+of\s+thumb|industry|hypothetically|whether|say(?=\s+[$€£~]?\d)|"
    r"commonly|often|strong\s+answer)\b",
    re.I,
)
_DURATION_BEFORE = re.compile(
    r"\b(?:took|take|takes|taking|lasted|lasts|last|went\s+on\s+for|spent|spend|ran\s+for|"
    r"in\s+my|in\s+our|my|our|for)\s+(?:us\s+|me\s+|them\s+)?(?:about\s+|around\s+|roughly\s+|"
    r"under\s+|over\s+|nearly\s+|close\s+to\s+|maybe\s+|just\s+)?$",
    re.I,
)
# "The 40 percent was …" / "Those twelve nodes were …" / "Five minutes was …": a number named
# and then identified with one thing.
_IDENTIFIED = re.compile(
    r"^\s*(?:\w+\s+)?(?:figure\s+|number\s+)?(?:i\s+mentioned\s+|you\s+asked\s+about\s+)?"
    r"(?:was|were|is|are)\s+(?P<what>.+)$",
    re.I | re.S,
)


@dataclass(frozen=True)
class Quantity:
    """One number of an answer and what it is about."""

    value: float  # in the unit's base (seconds, bytes, per second, percent points, items)
    shown: str  # as written ("300 ms")
    kind: str  # percent | time | count | money | size | rate | ratio | year | plain
    unit: str  # "s", "%", the counted thing ("people", "node"), "usd", ...
    role: str  # value | before | after | change | target | threshold | window | compared
    attribute: str | None  # latency:p99, availability, mttr, people, duration, ...
    holder: str | None  # team, org, cluster, api, ... (whose attribute)
    subject: frozenset[str]  # words narrowing the holder down ("checkout", "kafka", "lumen")
    definite: bool  # "that cluster", "the rotation": refers to one already named
    frames: tuple[tuple[str, str], ...]  # (time|year|env|employer, value)
    approximate: bool
    hypothetical: bool
    identified_as: str | None  # "The 40% was the drop in alert volume": what it was
    inferred: bool  # the attribute is read from the unit alone ("4 TB" is a size)
    clause: tuple[int, int]  # the whole clause holding it (offsets into the answer)

    @property
    def comparable(self) -> bool:
        """A statement of fact about a named attribute (not a window or an example)."""
        return (
            self.attribute is not None
            and not self.hypothetical
            and not (self.kind == "count" and self.value < 2)  # "one person", "one of us"
            and self.role in {"value", "before", "after", "change", "target", "threshold"}
        )


@lru_cache(maxsize=512)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every number of ``text`` (its first 20,000 characters), read once and cached by text."""
    text = text[:MAX_CHARS]
    found = _share_units([_read(text, number) for number in numbers(text)], text)
    return tuple(_unpaired_before(found))


def _unpaired_before(found: list[Quantity]) -> list[Quantity]:
    """A "before" with no "after" of the same attribute in the text is just its value then
    ("the outage went on for four hours before we got the database back")."""
    afters = {q.attribute for q in found if q.role == "after"}
    return [
        replace(q, role="value") if q.role == "before" and q.attribute not in afters else q
        for q in found
    ]


def _read(text: str, number: Number) -> Quantity:
    start, end = number.start, number.end
    clause = clause_of(text, start)
    before = text[max(clause[0], start - 60) : start]
    after = text[end : min(clause[1], end + 60)]
    kind, unit = number.kind, number.unit
    if kind == "plain":
        kind, unit = _counted(text, clause, start, after)
    role = _role(text, clause, before, after, kind)
    approximate = (
        number.approximate
        or bool(_APPROX_BEFORE.search(before))
        or bool(_APPROX_AFTER.search(after))
        or bool(re.match(r"^\s*(?:-|–|to)\s*\d", after) and role == "value")
    )
    attribute, holder_span = _attribute(
        text, clause, start, end, kind, unit, role, before, number.text
    )
    holder, subject, definite = _holder(text, clause, start, end, holder_span, kind, unit)
    inferred = attribute in _INFERRED and holder_span is None and kind != "count"
    if attribute == "duration":
        subject |= _doer(text, clause, start)
    identified = (
        _IDENTIFIED.match(text[end : clause[1]]) if _starts_clause(text, clause, start) else None
    )
    return Quantity(
        value=number.value,
        shown=number.text,
        kind=kind,
        unit=unit,
        role=role,
        attribute=attribute,
        holder=holder,
        subject=subject,
        definite=definite,
        frames=frames(text, clause),
        approximate=approximate,
        hypothetical=bool(_HYPOTHETICAL.search(text[clause[0] : start])),
        identified_as=identified.group("what") if identified else None,
        inferred=inferred,
        clause=clause,
    )


def _starts_clause(text: str, clause: tuple[int, int], start: int) -> bool:
    """The number opens its clause ("That 40% was…", "Five minutes was…")."""
    head = text[clause[0] : start].strip().lower()
    return head in {"", "the", "that", "those", "this", "these", "our", "my"}


def _counted(text: str, clause: tuple[int, int], start: int, after: str) -> tuple[str, str]:
    """ "15 engineers" → (count, people); "three of us" → people; a bare "to eight" after
    "pages went from fifty" → alert (the counted noun named just before)."""
    words = re.findall(r"[A-Za-z][\w'-]*", after[:40])[:3]
    for index, word in enumerate(words):
        lower = word.lower()
        if lower == "of" and index + 1 < len(words) and words[index + 1].lower() == "us":
            return "count", "people"
        if lower in _COUNTED and lower != "us":
            return "count", _COUNTED[lower]
        if lower in _COUNT_SKIP:
            continue
        break
    if words and words[0].lower() not in STOP_WORDS | {"a", "per"}:
        return "plain", ""  # "three postmortems": counts something we do not track
    preceding = re.findall(r"[A-Za-z][\w'-]*", text[clause[0] : start])[-10:]
    for word in reversed(preceding):
        lower = word.lower()
        if lower in _COUNTED and lower != "us":
            return "count", _COUNTED[lower]
    return "plain", ""


def _role(text: str, clause: tuple[int, int], before: str, after: str, kind: str) -> str:
    if kind == "time" and _WINDOW_AFTER.search(after):
        return "window"
    if kind == "time" and _WINDOW_BEFORE.search(before):
        return "window"
    if (
        kind == "time"
        and _FOR_BEFORE.search(before)
        and _ALERT_CONTEXT.search(text[clause[0] : clause[1]])
    ):
        return "window"  # "for: 5m" in an alert rule
    if _THRESHOLD_BEFORE.search(before) or _TRIGGER_AFTER.search(after):
        return "threshold"
    if _FROM_BEFORE.search(before[-16:]) or (
        _BEFORE_AFTER.search(after) and not _ARROW_BEFORE.search(before)
    ):
        return "before"
    if _ARROW_BEFORE.search(before[-18:]) and re.search(r"\d|\bfrom\b", before):
        return "after"
    if re.search(r"\bby\s*(?:about\s+|around\s+|roughly\s+)?[~≈]?\s*[$€£]?$", before, re.I) and (
        _CHANGE_VERB.search(before)
    ):
        return "change"
    if kind in {"percent", "ratio"} and _CHANGE_NOUN.search(after):
        return "change"
    if re.search(r"\b(?:vs\.?|versus)\s*$", before, re.I) or re.match(
        r"^\s*(?:vs\.?|versus)\b", after, re.I
    ):
        return "compared"
    near = before[-40:] + " " + after[:25]
    if _TARGET_NEAR.search(near):
        return "target"
    when = _nearest_time_word(before, after[:25])
    if when is not None:
        return when
    if _COMPARISON.search(near):
        return "compared"
    return "value"


def _nearest_time_word(before: str, after: str) -> str | None:
    """ "2% before the fix and 0.1% after": the before/after word nearest the number."""
    best: tuple[int, str] | None = None
    for role, pattern in (("before", _BEFORE_WORDS), ("after", _AFTER_WORDS)):
        for match in pattern.finditer(before):
            distance = len(before) - match.end()
            if best is None or distance < best[0]:
                best = (distance, role)
        following = pattern.search(after)
        if following is not None and (best is None or following.start() < best[0]):
            best = (following.start(), role)
    return None if best is None else best[1]


_BIND_BEFORE_WORDS = 8  # "checkout p99 was sitting at roughly 300 ms"
_BIND_AFTER_WORDS = 3  # "300 ms p99", "40% of the monthly error budget"


_INFERRED = frozenset({"duration", "throughput", "availability", "size"})


def _doer(text: str, clause: tuple[int, int], start: int) -> frozenset[str]:
    """What took the time: the words before the duration verb ("the outage itself lasted",
    "rolling back took", "the move to Aurora took")."""
    head = text[clause[0] : start]
    verb = re.search(
        r"\b(?:took|takes|take|lasted|lasts|went\s+on|spent|ran|was|were)\b", head, re.I
    )
    if verb is None:
        return frozenset()
    words = re.sub(r"\broll(?:ing|ed)?\s+back\b", "rollback", head[: verb.start()], flags=re.I)
    words = re.sub(r"\bfail(?:ing|ed)?\s+over\b", "failover", words, flags=re.I)
    return frozenset(
        _fold(w.lower())
        for w in re.findall(r"[A-Za-z][\w-]*", words)
        if w.lower() not in STOP_WORDS | _GENERIC | _DETERMINERS | _VERBS
        and w.lower() not in {"itself", "whole", "full", "even", "still"}
    )


def _binds(text: str, a_start: int, a_end: int, start: int, end: int) -> bool:
    """An attribute word names this number: shortly before it within the sentence part, or
    right after it with no punctuation between."""
    if a_end <= start:
        between = text[a_end:start]
        return len(re.findall(r"\w+", between)) <= _BIND_BEFORE_WORDS and not re.search(
            r"[;:.!?]", between
        )
    between = text[end:a_start]
    return len(re.findall(r"\w+", between)) <= _BIND_AFTER_WORDS and not re.search(
        r"[,;:.!?()]", between
    )


def _attribute(
    text: str,
    clause: tuple[int, int],
    start: int,
    end: int,
    kind: str,
    unit: str,
    role: str,
    before: str,
    shown: str,
) -> tuple[str | None, tuple[int, int] | None]:
    """The nearest attribute word of the clause that this kind of number can measure."""
    if kind == "count":
        return unit, None
    if kind == "year":
        return "year", None
    best: tuple[int, str, int, int] | None = None
    for name, pattern, kinds in _ATTRIBUTE_RES:
        fits = kind in kinds or (role == "change" and kind in {"percent", "ratio"})
        if name == "availability" and role == "change":
            fits = False
        if not fits:
            continue
        for match in pattern.finditer(text, clause[0], clause[1]):
            if match.start() <= start < match.end():
                continue
            if not _binds(text, match.start(), match.end(), start, end):
                continue
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, name, match.start(), match.end())
    if best is not None:
        name = best[1]
        if name == "latency":  # "p99 latency", "median latency": the percentile says which
            qualifier = re.search(
                r"\b(p50|p90|p95|p99|median)\W+\w*\W*$", text[clause[0] : best[2]], re.I
            )
            if qualifier:
                name = f"latency:{'p50' if qualifier.group(1).lower() == 'median' else qualifier.group(1).lower()}"
        return name, (best[2], best[3])
    if kind == "time" and (_DURATION_BEFORE.search(before) or shown.endswith("-long")):
        return "duration", None
    if kind == "rate":
        return "throughput", None
    if kind == "percent" and role == "target":
        return "availability", None  # "we set the SLO at 99.5%"
    if kind == "size":
        return "size", None
    return None, None


def _holder(
    text: str,
    clause: tuple[int, int],
    start: int,
    end: int,
    attribute_span: tuple[int, int] | None,
    kind: str,
    unit: str,
) -> tuple[str | None, frozenset[str], bool]:
    """The thing holding the attribute, the words narrowing it down, and whether it is
    referred to as one already named ("that cluster")."""
    all_words = list(re.finditer(r"[A-Za-z][\w'-]*", text[clause[0] : clause[1]]))
    after_number = [m for m in all_words if m.start() >= end - clause[0]][:6]
    words = [m for m in all_words if m.start() < start - clause[0]] + after_number
    holder: str | None = None
    definite = False
    subject: set[str] = set()
    offset = start - clause[0]
    candidates = []
    for index, match in enumerate(words):
        lower = match.group(0).lower()
        following = words[index + 1].group(0).lower() if index + 1 < len(words) else ""
        if lower == "primary" and following in _HOLDERS and following != "database":
            continue  # "the primary rotation": a modifier
        if lower in _HOLDERS and not (kind == "count" and _COUNTED.get(lower) == unit):
            candidates.append((abs(match.start() - offset), index))
    if candidates:  # the holder nearest the number: "at a company … on a team of 3" → team
        _, index = min(candidates)
        holder = _HOLDERS[words[index].group(0).lower()]
        subject |= _modifiers(words, index)
        previous = words[index - 1].group(0).lower() if index else ""
        definite = previous in {"the", "that", "this", "those", "our", "my"}
    if attribute_span is not None:
        offset = attribute_span[0] - clause[0]
        index = next((i for i, m in enumerate(words) if m.start() >= offset), len(words))
        subject |= _modifiers(words, index)
    subject |= _prepositional(text, clause)
    number_index = next((i for i, m in enumerate(words) if m.start() >= offset), len(words))
    subject |= {
        m.group(0).lower()
        for i, m in enumerate(words)
        if abs(i - number_index) <= _NAME_REACH
        and m.group(0)[0].isupper()
        and not m.group(0).isupper()
        and i > 0
        and m.group(0).lower() not in _GENERIC | STOP_WORDS | _VERBS
        and m.group(0).lower() not in _HOLDERS
        and m.group(0).lower() not in _COUNTED
    }
    if kind == "count" and unit == "people" and holder is None:
        holder = "team"  # "we were five engineers", "one of six SREs": the candidate's team
    subject -= {"production", "staging", "prod"}
    subject -= {v for c, v in frames(text, clause) if c == "employer"}  # a frame, not a subject
    return holder, frozenset(_fold(w) for w in subject), definite


_NAME_REACH = 6  # a capitalised name this many words from the number narrows it ("at Lumen")


def _modifiers(words: list[re.Match[str]], index: int) -> set[str]:
    """Up to two words right before ``words[index]`` that narrow it ("main Kafka cluster")."""
    found: set[str] = set()
    for match in reversed(words[max(index - 3, 0) : index]):
        lower = match.group(0).lower().removesuffix("'s")
        if lower in {"p99", "p95", "p50", "p90", "average", "median", "mean", "peak", "tail"}:
            continue
        if lower in STOP_WORDS or lower in _GENERIC or lower in _VERBS or lower in _DETERMINERS:
            break
        if lower in _COUNTED or any(p.fullmatch(lower) for _, p, _ in _ATTRIBUTE_RES):
            continue
        if lower in _HOLDERS:
            continue  # "the primary database": the holder named twice
        found.add(lower)
    return found


def _prepositional(text: str, clause: tuple[int, int]) -> set[str]:
    """ "for payments", "on the checkout path", "for the login endpoint": the named thing."""
    found: set[str] = set()
    pattern = r"\b(?:for|on|of)\s+(?:the\s+|our\s+|my\s+|that\s+)?([a-z][\w-]*)(?:\s+(api|endpoint|path|service|team|cluster))?"
    for match in re.finditer(pattern, text[clause[0] : clause[1]], re.I):
        word = match.group(1).lower()
        if word in STOP_WORDS or word in _DETERMINERS:
            continue
        if match.group(2) or (_looks_like_name(word) and word not in _HOLDERS):
            found.add(word)
    return found


_NAMES = frozenset(  # systems people name by their job
    [
        "checkout",
        "search",
        "payments",
        "payment",
        "login",
        "orders",
        "order",
        "billing",
        "admin",
        "reporting",
        "auth",
        "public",
        "internal",
        "storage",
        "api",
        "gateway",
        "edge",
    ]
)


def _looks_like_name(word: str) -> bool:
    return word in _NAMES


def _fold(word: str) -> str:
    word = re.sub(r"[-\s]+", "", word)
    return stem(word)


def frames(text: str, clause: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    """When and where the clause's sentence holds (time, year, environment, employer)."""
    sentence = next(
        (text[s:e] for s, e in whole_sentences(text) if s <= clause[0] < e),
        text[clause[0] : clause[1]],
    )
    found: list[tuple[str, str]] = []
    for name, pattern in _TIME_FRAME_RES:
        if pattern.search(sentence):
            found.append(("time", name))
    year = _IN_YEAR.search(sentence)
    if year:
        found.append(("year", year.group(1)))
    for match in _ENVIRONMENTS.finditer(sentence):
        found.append(
            ("env", "production" if match.group(1).lower() == "prod" else match.group(1).lower())
        )
    employer = _EMPLOYER.search(sentence)
    if employer and employer.group(1).lower() not in {"first", "peak", "least", "most"}:
        found.append(("employer", employer.group(1).lower()))
    return tuple(dict.fromkeys(found))


def _share_units(found: list[Quantity], text: str) -> list[Quantity]:
    """ "12 minutes now, down from 45": a bare before/after number takes its partner's unit."""
    result = list(found)
    sentences = whole_sentences(text)

    def sentence_of(q: Quantity) -> tuple[int, int]:
        return next(((s, e) for s, e in sentences if s <= q.clause[0] < e), q.clause)

    for index, quantity in enumerate(found):
        if quantity.kind != "plain" or quantity.role not in {"before", "after", "value"}:
            continue
        partners = [
            q
            for q in found
            if sentence_of(q) == sentence_of(quantity)
            and q is not quantity
            and q.kind not in {"plain", "year"}
            and q.role in {"before", "after"}
            and q.role != quantity.role
        ]
        if len(partners) == 1:
            partner = partners[0]
            scale = _scale(partner)
            result[index] = replace(
                quantity,
                value=quantity.value * scale,
                kind=partner.kind,
                unit=partner.unit,
                attribute=partner.attribute,
                holder=partner.holder,
                subject=partner.subject,
                role=quantity.role if quantity.role != "value" else "after",
            )
    return result


def _scale(quantity: Quantity) -> float:
    """The factor of the partner's unit ("20 minutes" → 60)."""
    bare = re.search(r"\d+(?:,\d{3})*(?:\.\d+)?", quantity.shown)
    if bare is None:
        return 1.0
    written = float(bare.group(0).replace(",", ""))
    return quantity.value / written if written else 1.0
