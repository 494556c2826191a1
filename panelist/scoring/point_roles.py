"""What a key point asks for, and the candidate's own words that say it.

Story questions (a project, an incident, a decision) share a handful of point roles: the
symptom, how it was detected, mitigating first, the lasting change, the alternatives, the
trade-off, the measured outcome, hindsight, one's own part, keeping people informed. A
point's role is read from its catalog text; a clause evidences the role when it has the
shape the role needs in any words — a user-visible effect with how long or how many
("checkouts failed for about 20 minutes"), a change that stays ("we added cert validation
to the config pipeline and a canary stage"), a before and an after ("lag 9 min → under
1 min"), an option set aside ("we considered Kafka but ..."). A clause whose cue words are
negated ("we never added an alert") says the opposite and evidences nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from panelist.scoring.text import clauses, tokenize, whole_sentences

_I = re.I


@dataclass(frozen=True)
class Role:
    """A kind of key point: every ``needs`` pattern must match the same clause."""

    name: str
    needs: tuple[re.Pattern[str], ...]
    refuse: re.Pattern[str] | None = None  # a clause like this says the point is absent
    negation_ok: bool = False  # "could not save notes" is a symptom, not its absence
    sentence: bool = False  # read whole sentences ("I built X; a colleague did Y")
    at_least: int = 1  # matches of the first pattern needed (a data flow names several hops)
    # a clause with one of these says the role by itself, whatever ``needs`` and ``at_least``
    # ask ("We do about 400 searches a second at peak" is the scale on its own)
    enough: re.Pattern[str] | None = None


_AMOUNT = (
    r"(?:\d+(?:[.,]\d+)?\s*(?:%|percent|ms|s\b|sec|seconds?|mins?|minutes?|hours?|hrs?|days?)"
    r"|\d+(?:[.,]\d+)?\s+(?:\w+\s+)?(?:customers|users|tenants|hospitals|stores|shops|sites"
    r"|requests|orders|pods|nodes|teams|regions)"
    r"|(?:about|around|roughly|nearly|almost|over|half)\s+(?:an?\s+)?(?:hour|minute|day)"
    # in words: "For about forty minutes roughly one card payment in five was declined" (not
    # when it was noticed: "about twenty minutes after the first failed payment")
    r"|\b(?:about|around|roughly|nearly|almost|over|for)\s+(?:(?:twenty|thirty|forty|fifty"
    r"|sixty|ninety|ten|fifteen|five|two|three|four|six|eight)[- ]?)+\s*(?:minutes|hours|days"
    r"|percent)\b(?!\s+(?:after|later|before|in)\b)|\bone\s+(?:[\w-]+\s+){0,3}in\s+(?:two|three|four|five|six|ten|twenty|\d+)\b"
    r"|(?:all|every|most|half)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:customers|users|checkouts"
    r"|requests|orders|payments|logins|tenants))"
)
_EFFECT = (
    r"\b(?:fail(?:ed|ing|s)?|errors?|erroring|5\d\d|tim(?:ed?|ing|es)\s?out|timeouts?|couldn'?t|could\s+not"
    r"|unable\s+to|down|outage|slow(?:er|ed)?|hung|broke|broken|stuck|lost|dropp(?:ed|ing)"
    r"|spiked?|tripled|doubled|degraded|unavailable|rejected|declined|stalled|backed\s+up"
    r"|blocked|queued|delayed|late|missing|duplicated|no\s+\w+\s+could|could\s+(?:\w+\s+){1,3}but\s+not"
    r"|stale|fell\s+(?:\w+\s+){0,3}behind"  # "a replica fell about 40 minutes behind"
    r"|not\s+(?:be\s+able\s+to\s+)?(?:save|load|log\s+in|pay|reach|connect|send|write|deploy"
    r"|open|check\s+out|place|book))\b"
)
# A count in words, as people say it: "thirty-five a week", "about forty minutes"
_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+hundred"
    r"|a\s+dozen|zero|none)\b"
)
_NUMBER = rf"(?:under\s+|below\s+|about\s+|around\s+|less\s+than\s+|~)?(?:\d|{_NUMBER_WORD})"
_COUNT = (
    r"(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+dozen"
    r"|a\s+year\s+of|a\s+quarter\s+of)"
)

_HYPOTHESES = re.compile(
    r"\b(?:one\s+(?:\w+\s+)?at\s+a\s+time|one\s+by\s+one|hypothes[ie]s|bisect\w*|ruled\s+out"
    r"|narrow(?:ed|ing)?\s+(?:it\s+|the\s+\w+\s+)?down|split(?:ting)?\s+(?:[\w-]+\s+){0,3}by"
    r"|(?:listed|wrote(?:\s+down)?)\s+(?:the\s+)?(?:possible\s+)?(?:causes|ideas|suspects)"
    r"|use\s+method|red\s+method|first\s+\w+,\s+then"
    # "compared failing jobs per node until only the new image was left"
    r"|until\s+only)\b",
    _I,
)
_SHOWED = re.compile(
    r"\b(?:show(?:ed|s)?|confirm(?:ed|s)?|refut\w+|ruled\s+out|pointed\s+(?:to|at)"
    r"|lined\s+up|matched|saw\s+(?:it\s+)?in|proved?)\b",
    _I,
)
_DATA_SOURCE = re.compile(
    r"\b(?:graphs?|dashboards?|traces?|logs?|metrics|captures?|profiles?|profiler|flame\s?graphs?"
    r"|iostat|vmstat|strace|tcpdump|pcap|histograms?|reports?|events|stats|numbers"
    # a metric split by a dimension is data: "I split the assignment latency by partition"
    r"|latency|lag|error\s+rates?|p9\d|throughput|queue\s+depth"
    r"|(?:failing|failed|slow|erroring)\s+[\w-]+\s+(?:per|by)\s+[\w-]+)\b",
    _I,
)

# The one part found at fault among many: "then found one Kafka partition was stuck"
_FOUND_THE_ONE = re.compile(
    r"\b(?:found|saw|spotted|noticed)\s+(?:that\s+)?(?:one|a\s+single|only\s+one|just\s+one)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:partitions?|shards?|nodes?|hosts?|brokers?|pods?|replicas?|disks?"
    r"|consumers?|regions?|zones?|instances?|tables?|quer(?:y|ies)|tenants?|endpoints?)\b",
    _I,
)
# A guess tried and set aside before the next look: "I scaled the consumers, that did
# nothing, then found ..."
_TRIED_THEN = re.compile(
    r"\b(?:did\s+nothing|changed\s+nothing|made\s+no\s+difference|had\s+no\s+effect"
    r"|(?:didn['’]?t|did\s+not)\s+help)\b[^.;]{0,30}?\bthen\b",
    _I,
)
# Fewer afterwards, counted over a stated time: "we had 1 in the next six months"
_FEWER_SINCE = (
    rf"\b(?:we\s+had|there\s+(?:was|were)|we\s+saw|we['’]ve\s+had)\s+(?:only\s+|just\s+)?"
    rf"(?:{_COUNT}|one|none|no|zero)\s+(?:[\w-]+\s+){{0,2}}?(?:in|over)\s+the\s+(?:next|following"
    rf"|last)\s+(?:{_COUNT}\s+|few\s+)?(?:weeks?|months?|quarters?|years?)\b"
)

# Someone other than the candidate, set against their own part ("a colleague owned ProxySQL",
# "the Go API belongs to the search team", "the Kafka cluster is run by the platform team").
_OTHERS = (
    r"\b(?:a\s+colleague|my\s+colleague|the\s+rest\s+of|others"
    r"|teammates?|my\s+manager|the\s+team\s+did|the\s+dbas?|belong(?:s|ed)?\s+to|another\s+team"
    r"|the\s+\w+(?:\s+\w+)?\s+team(?:'s)?\s+(?:owns?|built|wrote|ran|runs)"
    r"|(?:is|are|was|were)\s+(?:run|owned|built|operated)\s+by"
    # "the cut-over was done by the three of us together", "rolling it out was shared work"
    r"|(?:is|are|was|were)\s+(?:done|shared)\s+by|shared\s+work)\b"
)

# What they would do differently: "If I did it again I'd drop the shared database"
_HINDSIGHT = re.compile(
    r"\b(?:i'?d|i\s+would|we'?d|we\s+would)\b[^.;]{0,50}\b(?:differently|earlier"
    r"|sooner|instead|first)\b|\b(?:i|we)\s+should\s+have\b|\bif\s+i\s+did\s+it"
    r"\s+again\b|\bwith\s+hindsight\b|\bi\s+learned\s+(?:that|to|the\s+hard\s+way)\b"
    r"|\bin\s+retrospect\b",
    _I,
)

# How the two got on afterwards: "we still work well together", "he now asks me to review"
_RELATIONSHIP = re.compile(
    r"\b(?:(?:we|they)\s+now\s+\w+\s+(?:\w+\s+){0,3}together|now\s+review"
    r"|(?:we|they)\s+still\s+work|relationship|trust\w*|since\s+then\s+(?:we|they)"
    r"\s+(?:ask|involve|review|pair)"
    # "he now asks me to review his benchmarks" (gendered words are masked)
    r"|now\s+(?:asks|invites|involves|comes\s+to)\s+(?:me|us)"
    # "he asks for my data first now", "we work closely now"
    r"|(?:asks?|invites?|involves?|comes\s+to|checks\s+with|consults?|trusts?"
    r"|supports?|works?\s+(?:well\s+|closely\s+)?(?:with|together))\b[^.;]{0,40}"
    r"\bnow|(?:we|they)\s+(?:still\s+)?work\s+(?:well|closely)(?:\s+together)?"
    r"|get\s+along|work(?:ed)?\s+together\s+well|supported\s+[^.;]{1,30}\bafter(?:wards)?)\b",
    _I,
)
# ... or that it sat well: "they were fine with it" (not how it ended: "The old setup was fine")
# (their subject said, or blanked as a gendered word is: "   was fine with it"; not "the
# rest were fine")
_FINE = re.compile(
    r"(?:\b(?:we|they)\s+|(?:^|\s{2,}))(?:are|were|was)\s+fine(?:\s+with\s+it)?\b", _I
)

# Which option was kept, said as the end of the story: "and we kept the new pool", "so they
# rolled the change back", "the mesh stayed." (not "we kept half the hosts on the old pool")
_DECIDED = (
    r"\b(?:and|so|then|after\s+that|afterwards?|eventually|finally)\s*,?\s+(?:we|they|i)\s+"
    r"(?:\w+\s+)?(?:kept|adopted|went\s+with|stayed\s+with|rolled\s+(?:\w+\s+){0,2}back|reverted"
    r"|dropped|switched\s+to|shipped|merged)\b(?!\s+(?:half|some|part|one|a\s+few)\b)"
    r"|\b(?:the|our|their)\s+(?:[\w-]+\s+){0,2}?(?:stayed|won|was\s+kept|was\s+adopted"
    r"|was\s+rolled\s+back|went\s+ahead)\s*(?:in\s+place\s*)?(?:[.;,]|$)"
)
# How it ended, by the words that close a story ("In the end we kept his plan", "I was
# overruled"): the ending role's own cues
_ENDED = (
    r"\bin\s+the\s+end\b[^.;]{0,40}?\b(?:we|i|they)\s+(?:\w+\s+)?(?:kept|went\s+(?:with|for"
    r"|ahead)|chose|agreed|settled|used|moved|dropped|rolled|decided|picked)\b"
    r"|\bI\s+(?:was|got)\s+overruled\b|\bthe\s+call\s+went\s+against\s+me\b"
    r"|\bthe\s+(?:data|numbers|results?)\s+settled\s+it\b"
)
# A change made by the team (their verb, said and done, not "we could have moved"): "We moved
# the nightly reports onto a replica", "we put a cache in front", "I capped the exports"
_CHANGED = (
    r"\b(?:we|i|the\s+team)\s+(?:then\s+|also\s+|just\s+|finally\s+|eventually\s+|quickly\s+)?"
    r"(?:(?:moved|migrated|split|sharded|partitioned|capped|limited|batched|cached|replaced"
    r"|switched|offloaded|routed|throttled|deferred|postponed|spread|separated|pinned|queued"
    r"|scaled\s+out|decided|chose)\b"
    # a generic verb only with the part it put in: "put a cache in front", "added a second
    # consumer group", not "I put together a one-page note", "added them to the thread"
    r"|(?:added|put|introduced)\s+(?:(?:a|an|the|another|more|two|three|extra)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:caches?|queues?|replicas?|shards?|partitions?|limits?|caps?|timeouts?"
    r"|fallbacks?|proxy|proxies|breakers?|indexes|index|consumers?|brokers?|nodes?|instances?"
    r"|in\s+front|behind)\b)"
)

ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role(
            "symptom",
            (re.compile(_EFFECT, _I), re.compile(_AMOUNT, _I)),
            refuse=re.compile(
                r"\b(?:no|never|nobody|none|zero|without)\b[^.;]{0,25}"
                r"\b(?:impact|affected|noticed|errors?|customers?|users?|outage)\b",
                _I,
            ),
            negation_ok=True,
        ),
        Role(
            "detection",
            (
                re.compile(
                    r"\b(?:alert(?:ed|s)?|paged?|pager|ticket|noticed|spotted|flagged|reported"
                    r"|dashboard|woke|caught|complain(?:ed|ts?)|found\s+out|heard\s+(?:about|of)"
                    # a person who told them: "Developers told us in Slack before any alert
                    # did", "a developer posted in the platform channel twenty minutes in"
                    r"|told\s+(?:us|me)|posted|asked|pinged|messaged|heard\s+from"
                    r"|(?:first|only)\s+(?:we|i)\s+heard)\b",
                    _I,
                ),
                re.compile(
                    r"\b(?:within|after|in|took|about|around)\s+(?:\w+\s+){0,2}\d+\s*"
                    r"(?:minutes?|mins?|hours?|seconds?|s\b)|\b\d+\s*(?:minutes?|mins?|hours?)"
                    r"\s+(?:later|after|before|in)\b"
                    # who told us, with no time: "we found out because agents complained in
                    # Slack" says how it was detected (a hand-run P4 had "missed: detection")
                    r"|\bfound\s+out\s+(?:because|when|from|through|via)\b"
                    r"|\b(?:agents|customers|users|support|clients|someone|a\s+\w+)\s+"
                    r"(?:\w+\s+)?(?:complained|called|told\s+us|reported|noticed|spotted)\b"
                    # the people who noticed before the signals did: "Developers told us in
                    # Slack before any alert did" (a hand-run P3 had "missed: detection gap")
                    r"|\bbefore\s+(?:any|the|our|a\s+single)\s+(?:[\w-]+\s+)?(?:alerts?|monitoring"
                    r"|pages?|pager|dashboards?|probes?|checks?)\b"
                    # how long, in words: "about twenty minutes in", "half an hour after it began"
                    r"|\b(?:half\s+an|an|a\s+few|few|ten|fifteen|twenty|thirty|forty|fifty"
                    r"|sixty|ninety|\d+)\s+(?:minutes?|mins?|hours?)\s+(?:in|later|after)\b"
                    # the alert and when it fired: "our job-failure alert paged me at 1am"
                    r"|\balert\b[^.;]{0,30}\b(?:paged|woke)\s+(?:me|us|the\s+on-?call)\b"
                    r"|\bat\s+(?:about\s+|around\s+)?\d{1,2}(?::\d\d)?\s*(?:am|pm)\b",
                    _I,
                ),
            ),
        ),
        Role(
            "mitigate",
            (
                re.compile(
                    r"\b(?:first|before\s+(?:we|i|anyone)\s+(?:knew|understood|found|had)"
                    r"|straight\s+away|immediately|right\s+away|to\s+stop\s+(?:the\s+)?"
                    r"(?:impact|bleeding|damage|delays|errors|outage)|to\s+unblock"
                    # "I pointed the call-centre tool at the primary to stop it, then found"
                    r"|to\s+stop\s+(?:it|that)\b[^.;]{0,20}\bthen"
                    # "as a stopgap set the JNDI lookup flag off" (a hand-run P4)
                    r"|stop-?gap|in\s+the\s+meantime|until\s+(?:the\s+)?(?:patch|fix)\w*)\b",
                    _I,
                ),
                re.compile(
                    r"\b(?:roll(?:ed)?\s?back|revert(?:ed)?|fail(?:ed)?\s+(?:\w+\s+){0,2}over"
                    r"|failover|drain(?:ed)?|shift(?:ed)?\s+(?:the\s+)?traffic|disabled?"
                    r"|turn(?:ed)?\s+off|pinn(?:ed)?|restor(?:ed|e)|moved\s+(?:\S+\s+){0,3}traffic|scaled"
                    r"|by\s+hand|manual(?:ly)?|work(?:ed)?\s?around|paused|throttl\w*"
                    r"|rate-?limit\w*|point(?:ed)?\s+(?:\S+\s+){1,4}at|redirect(?:ed)?|switch(?:ed)?"
                    # "I flipped the new pricing flag off to stop the bleeding"
                    r"|flip(?:ped)?\s+(?:\S+\s+){0,4}?off\b"
                    r"|set\s+(?:\S+\s+){1,4}?(?:off|false)\b|waf\s+rules?|block(?:ed)?\s+egress)",
                    _I,
                ),
            ),
        ),
        Role(
            "lasting",
            (
                re.compile(
                    r"\b(?:added|adding|introduced|put\s+in|built|now\s+(?:have|run|check|gate)"
                    r"|since\s+then|from\s+then\s+on|made\s+\w+\s+mandatory|automated"
                    r"|so\s+(?:it|this)\s+can(?:'|no)t\s+happen\s+again|wired"
                    # "the postmortem actions were a disk-space alert ...", "now there is an
                    # alert on disk latency"
                    r"|(?:postmortem|follow-?up)\s+actions?\s+(?:were|was|included)"
                    r"|now\s+there\s+(?:is|are)|closed\s+the\s+(?:[\w-]+\s+)?gap)\b",
                    _I,
                ),
                re.compile(
                    r"\b(?:checks?|validation|validat\w*|canary|alerts?|tests?|guard\s?rails?"
                    r"|runbooks?|lint\w*|gates?|stages?|pre-?flight|polic(?:y|ies)|action\s+items?)\b",
                    _I,
                ),
            ),
            # what was changed afterwards, by its verb: "Afterwards we pinned the node image
            # version in Terraform" (a hand-run P3 had "missed: lasting change"); "afterwards
            # we said we'd be more careful" changes nothing
            enough=re.compile(
                r"\b(?:afterwards?|after\s+that|since\s+then|from\s+then\s+on|as\s+a\s+follow-?up)"
                r",?\s+(?:we|i)\s+(?:also\s+)?(?:pinned|enforced|required|automated|locked|gated"
                r"|capped|limited|introduced|added\s+(?:a|an|the)\b"
                # "Afterwards we set up a horizontal pod autoscaler on checkout" (a hand-run P3
                # had "missed: lasting change"), "we enabled the slow-query log on every replica"
                r"|(?:set\s+up|enabled|configured)\s+(?:a|an|the|every|all)\s+"
                r"(?![^.;]{0,30}\b(?:meeting|call|chat|retro\w*|review|session|sync|talk|time)s?\b)"
                r"[\w-]{3,}"
                # a generic verb only with what it changed: "made every database upgrade go to
                # one replica first", "put image updates through the canary", not "moved on
                # to the next project", "made sure everyone took a day off"
                r"|(?:changed|replaced|switched|moved|put|split)\s+(?:(?:the|our|every|all|each)\s+"
                r"|(?!(?:it|this|that|them|us|on|up|off|back)\b))"
                r"(?:[\w-]+\s+){0,3}?(?:to|onto|behind|through|into|over|with|from)\b"
                r"|made\s+(?:every|all|each|the)\s+[^.;]{2,40}?\b(?:go|run|pass|mandatory"
                r"|required)\b|wrote\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:check|test|alert|runbook"
                r"|policy|rule))"
                # what every change passes through since: "Afterwards every schema change goes
                # through a dry run against a copy of production"
                r"|\b(?:afterwards?|since\s+then|from\s+then\s+on),?\s+(?:every|each|all)\s+"
                r"[^.;]{2,40}?\b(?:goes|go|runs|run|passes|pass|gets|get)\s+(?:through|behind|via)\b",
                _I,
            ),
        ),
        Role(
            "alternatives",
            (
                re.compile(
                    r"\b(?:instead\s+of|rather\s+than|(?:we|i)\s+(?:also\s+)?(?:considered|looked\s+at"
                    r"|evaluated|weighed|priced|compared)|ruled\s+out|rejected|the\s+other\s+options?"
                    r"|(?:we|i)\s+could\s+have|was\s+on\s+the\s+table|dropped\s+the\s+idea"
                    r"|whether\s+to\s+[^.;]{3,80}?\bor\b"
                    r"|(?:call|choice|decision)\s+was\s+(?:between\s+)?[^.;]{3,60}?\bor\b"
                    # "autoscaling runners on spot vs fixed pool": two options named
                    r"|\b[a-z]{3,}\s+(?:vs\.?|versus)\s+[a-z]{3,}"
                    # "we could restore onto the standby, which is cheap but risky, or build"
                    r"|\b(?:we|i)\s+could\s+(?:either\s+)?[^.;]{3,80}?\bor\b"
                    # "we chose SQS over self-hosted RabbitMQ because ...": one option taken
                    # over another
                    r"|\b(?:chose|choose|picked|went\s+with|preferred|opted\s+for|settled\s+on"
                    r"|bet\s+on)\s+[^.;]{2,60}?\s+over\s+\S"
                    r"|\bthe\s+(?:other\s+|main\s+|obvious\s+)?alternatives?\s+(?:was|were|would"
                    r"\s+have\s+been)\b)",
                    _I,
                ),
            ),
            # the option and why it was set aside are one sentence: "We considered running
            # our own Kafka cluster, but it would have doubled the ops work for a team of
            # four" is quoted whole, its reason with it
            sentence=True,
        ),
        Role(
            "tradeoff",
            (
                re.compile(
                    r"\b(?:downside|the\s+(?:cost|price)\s+(?:was|is)|(?:we|i)\s+accepted"
                    # "The trade-off was control: we lost some broker tuning" (a hand-run P4)
                    r"|the\s+(?:main\s+|big\s+|real\s+)?trade-?offs?\s+(?:was|were|is|we\s+(?:made|took|accepted))"
                    r"|gave\s+up|giv(?:e|es|ing)\s+up|the\s+catch\s+(?:was|is)|in\s+exchange|at\s+the\s+(?:price|cost)\s+of|price\s+we\s+paid"
                    r"|(?:we|i)\s+traded|knowingly|(?:we|i)\s+lived\s+with|(?:we|i)\s+took\s+on"
                    # what the choice costs: "It costs about 300 euros a month"
                    r"|(?:it|that|this|which)\s+costs?\s+(?:us\s+)?(?:about\s+|around\s+"
                    r"|roughly\s+|an\s+extra\s+)?[€$£]?\d[\d,.]*\s*(?:k\s+)?(?:euros?|dollars?"
                    r"|pounds?|eur|usd|gbp)?\s*(?:a|per|each)\s+(?:month|year|week|day))\b",
                    _I,
                ),
            ),
        ),
        Role(
            "outcome",
            (
                re.compile(
                    rf"\bfrom\s+{_NUMBER}[^.;]{{0,40}}?\b(?:to|down\s+to)\s+{_NUMBER}"
                    rf"|\d[^.;→]{{0,20}}(?:→|->)\s*{_NUMBER}"
                    rf"|\b(?:dropped|fell|went\s+down|came\s+down|cut|reduced|improved|rose"
                    rf"|went\s+up|shrank|grew)\b[^.;]{{0,30}}?\b(?:to|by)\s+{_NUMBER}"
                    # "Afterwards those incidents dropped, we had 1 in the next six months"
                    rf"|\b(?:dropped|fell|went\s+down|came\s+down|stopped|halved)\b[^.;]{{0,30}}?"
                    rf"{_FEWER_SINCE}"
                    # a count before and a count after: "eight in the half year before, zero
                    # in the half year after" (a hand-run P4 had "missed: measured outcome")
                    rf"|\b(?:{_COUNT}|one|none|zero|no)\s+(?:[\w-]+\s+){{0,2}}?(?:in|over|during)\s+the\s+"
                    rf"(?:[\w-]+\s+){{0,3}}?before\b[^.;]{{0,10}}?\b(?:{_COUNT}|one|none|zero|no)\s+"
                    rf"(?:[\w-]+\s+){{0,2}}?(?:in|over|during)\s+the\s+(?:[\w-]+\s+){{0,3}}?after\b"
                    # a number set against the one before: "p99 stayed under 200 ms, versus
                    # spikes to 900 ms before", "now 12 minutes, down from 45" (issue 12)
                    rf"|\d[^.;]{{0,60}}?\b(?:versus|vs\.?|compared\s+(?:with|to)|against)\s+"
                    rf"[^.;]{{0,40}}?\d[^.;]{{0,30}}?\b(?:before|previously|earlier|last\s+(?:week"
                    rf"|month|quarter|year)|(?:the\s+)?baseline|a\s+(?:week|month|quarter|year)\s+ago)\b"
                    rf"|\d[^.;]{{0,40}}?\b(?:down|up)\s+from\s+{_NUMBER}"
                    # what it took against what was planned: "the cutover took 40 seconds of
                    # write downtime, against the four-hour window we had in the plan" (P4 by
                    # hand, 2026-12-02: "missed: measured outcome")
                    rf"|\d[^.;]{{0,60}}?\b(?:versus|vs\.?|compared\s+(?:with|to)|against)\s+"
                    rf"[^.;]{{0,20}}?\b{_COUNT}[- ][^.;]{{0,50}}?\b(?:in\s+the\s+plan|planned"
                    rf"|estimated|budgeted|we\s+(?:had\s+)?(?:expected|planned|feared))\b",
                    _I,
                ),
            ),
            # "we considered sharding, which would have cut write latency from 900 ms to
            # 300 ms": an option's promise, not the outcome (a hand-run P4 quoted it as one)
            refuse=re.compile(
                r"\b(?:would|could|might)\s+(?:have\s+)?(?:\w+\s+)?(?:cut|reduced|dropped|brought"
                r"|taken|made|improved|saved)\b|\bconsidered\b|\bestimated\b|\bprojected\b",
                _I,
            ),
        ),
        Role("hindsight", (_HINDSIGHT,)),
        Role(
            # why it is built the way it is, or what they would change: "The reason was
            # history: it started as one Django app", "If I did it again I'd drop the shared
            # database"
            "design_reason",
            (
                re.compile(
                    r"\bthe\s+(?:main\s+|real\s+)?reasons?\s+(?:was|were|is)\b|\bhistor(?:y|ical\w*)\b"
                    r"|\b(?:built|designed|done|split|structured|is|was)\s+(?:like\s+(?:that|this)|this\s+way"
                    r"|that\s+way)\s+(?:because|since|for|to)\b|\bstarted\s+(?:out\s+)?as\s+(?:a|one)\b"
                    rf"|{_HINDSIGHT.pattern}",
                    _I,
                ),
            ),
        ),
        Role(
            "own_role",
            (
                re.compile(
                    r"\bI\s+(?:personally\s+)?(?:decided|proposed|chose|picked|recommended"
                    r"|pitched|made\s+the\s+call|pushed\s+for|argued\s+for|owned\s+the\s+decision"
                    r"|wrote\s+(?:the|a|up\s+the)\s+(?:proposal|design|rfc|adr|doc))\b"
                    r"|\bI\s+(?:\w+\s+){0,2}?(?:built|wrote|led|ran|run|owned|own|did|designed)\b"
                    rf"[^.]{{3,90}}?{_OTHERS}"
                    # "The load test and the Redis split were mine; the Kafka cluster is run by
                    # the platform team"
                    rf"|\b(?:was|were)\s+(?:all\s+)?(?:mine|my\s+(?:own\s+)?(?:work|doing|job))\b"
                    rf"[^.]{{3,90}}?{_OTHERS}"
                    # whose it was, then what was done: "The migration plan was mine: I
                    # benchmarked both queues, set the cut-over order ..."
                    r"|\b(?:was|were)\s+(?:all\s+)?mine\s*[:;,–—-]+\s*I\s+(?:\w+\s+)?\w+(?:ed|t)\b"
                    # what the candidate did with their own hands: "moved the first twelve
                    # services myself"
                    r"|\bI\s+(?:\w+\s+){0,2}?\w+(?:ed|t|ran|did|wrote|led|built|made)\b[^.;]{3,80}?"
                    r"\bmyself\b"
                    # whose part it was, said as such: "My part was the load test and the
                    # capacity model; a colleague did the read-replica work" (a hand-run P5)
                    r"|^\W*my\s+(?:own\s+)?(?:part|bit|piece|share|contribution)\s+(?:was|were|is)"
                    r"\s+(?!(?:small|minor|limited|unclear|nothing)\b)\w"
                    # a sentence that opens on what the candidate made: "I wrote the fan-out
                    # and the merge code" (a hand-run P2 had "missed: own part")
                    r"|^\W*I\s+(?:personally\s+|mostly\s+|alone\s+)?(?:built|wrote|designed"
                    r"|implemented|coded)\s+(?:the|our|an?(?!\s+(?:lot"
                    r"|bit|few|couple|number)\b)|all\s+of\s+the|most\s+of\s+the)\b(?![^.;]*\b(?:notes|wiki|slides?|e-?mails?|messages?|minutes)\b)",
                    _I,
                ),
            ),
            sentence=True,
        ),
        Role(
            "communication",
            (
                re.compile(
                    r"\b(?:posted|told|briefed|kept\s+[^.;]{0,30}\b(?:informed"
                    r"|posted|in\s+the\s+loop|up\s+to\s+date)"
                    # a note put on the status page, not the page named ("The status page
                    # was still showing an old maintenance notice")
                    r"|(?:on|to)\s+(?:the|our)\s+status\s+page|status\s+page\s+(?:updates?|notes?"
                    r"|posts?)|every\s+\d+\s+minutes|incident"
                    r"\s+channel|announced"
                    # updates given to people, not "95% of updates searchable" (data items)
                    # nor "updated the config"
                    r"|(?:status|regular|hourly)\s+updates|updates\s+every\b"
                    r"|(?:gave|sent|shared|posted)\s+(?:\w+\s+){0,3}?updates"
                    r"|(?:updates\s+to|updated)\s+(?:the\s+)?(?:status|stakeholders|support"
                    r"|customers|channel|leadership|everyone|people|team|partners|execs|users))\b",
                    _I,
                ),
            ),
            # "a support ticket told us", "a developer posted in the platform channel": being
            # told is how it was detected, not informing
            refuse=re.compile(
                r"\b(?:told|updated|informed)\s+(?:us|me)\b"
                r"|\b(?:a|an|one|some)\s+[\w-]+\s+(?:posted|asked|complained)\b",
                _I,
            ),
        ),
        Role(
            "fair_comparison",
            (
                re.compile(
                    r"\b(?:replay\w*|same\s+(?:traffic|load|window|hardware|hosts?|week|days|hours"
                    r"|period)|side\s+by\s+side"
                    # the fleet split between the two: "Two availability zones got the new
                    # driver and two kept the old one"
                    r"|(?:half|\d+|two|three|four|five|some)\s+(?:of\s+)?(?:the\s+|our\s+)?"
                    r"(?:[\w-]+\s+)?(?:hosts|zones|regions|nodes|pods|clusters|shards|servers"
                    r"|instances|brokers|teams|customers|users|tenants)\s+(?:got|were\s+on"
                    r"|stayed\s+on|kept|switched\s+to|moved\s+to)\b[^.;]{0,60}?\b(?:and|while|,)\s+"
                    r"(?:the\s+other|the\s+rest|half|\d+|two|three|four|five|others)\s+(?:\w+\s+)?"
                    r"(?:kept|stayed|didn['’]?t|did\s+not|got|were\s+on)\b"
                    r"|a/b|control\s+group|each\s+change\s+on\s+its\s+own|one\s+(?:change|variable)"
                    r"\s+at\s+a\s+time|with\s+and\s+without|a\s+week\s+before\s+and\s+after"
                    # "we rolled it out to one team first" (a hand-run P5), "kept the other
                    # region on the old pool"
                    r"|rolled\s+(?:it|this|that|the\s+[\w-]+)\s+out\s+to\s+(?:one|a\s+single|a\s+few"
                    r"|two|half\s+(?:of\s+)?the|\d+\s*%\s+of\s+the)\s+(?:[\w-]+\s+)?(?:teams?|hosts?"
                    r"|regions?|customers?|users?|nodes?|clusters?|services?|tenants?|zones?)\s+first"
                    r"|(?:kept|left)\s+the\s+other\s+(?:[\w-]+\s+){0,2}?on\s+the\s+(?:old|current"
                    r"|previous|existing)\b"
                    # a share of the traffic on each side: "I pinned ten percent of traffic to the
                    # old pool and ten to the new one" (a hand-run P5)
                    r"|(?:\d+\s*%|\d+\s+percent|(?:ten|five|twenty|half)\s+(?:percent\s+)?)\s*(?:of\s+)?"
                    r"(?:the\s+)?(?:traffic|requests|users|load)\s+(?:to|on)\s+(?:the\s+)?(?:old|new"
                    r"|current|existing)\b[^.;]{0,60}?\b(?:the\s+)?(?:old|new|other)\b)\b",
                    _I,
                ),
            ),
        ),
        Role(
            "significance",
            (
                re.compile(
                    r"\b(?:(?:\d+|two|three|five|ten)\s+runs|all\s+(?:\w+\s+)?(?:days|runs|hosts)"
                    r"|on\s+every\s+(?:host|day|run)|repeated|noise|not\s+subtle|wasn'?t\s+subtle"
                    r"|every\s+single\s+(?:day|run)|each\s+time|consistently)\b",
                    _I,
                ),
            ),
        ),
        Role(
            # The signals a service was judged by, as users meet it: "99.95% of patient-record
            # reads succeeding over 30 days", "a synthetic write check", "p99 checkout latency".
            "user_signals",
            (
                re.compile(
                    r"\b\d+(?:\.\d+)?\s*%\s+of\s+(?:[\w-]+\s+){0,3}(?:requests|reads|writes"
                    r"|checkouts|logins|calls|searches|page\s+loads|payments|orders|bookings"
                    r"|queries|uploads|messages|jobs)\b[^.;]{0,40}\b(?:succeed\w*|successful"
                    r"|served|answered|under|within|below|faster\s+than|complet\w*)"
                    r"|\bsynthetic\s+(?:[\w-]+\s+){0,2}(?:checks?|probes?|tests?|transactions?"
                    r"|monitor\w*|requests?)\b"
                    r"|\bp(?:9\d|50)(?:\.\d)?\s+(?:[\w-]+\s+){0,2}latency\b"
                    # "Queue time per job. Alert at p95 over 5 min." (a terse P3)
                    r"|\b(?:queue|wait)\s+(?:time|age)\s+(?:per|of\s+each|for\s+each)\s+\w+"
                    r"|\bp(?:9\d|50)(?:\.\d)?\s+(?:over|above|under|below)\s+\d"
                    r"|\b(?:success|error|availability)\s+rate\s+of\s+(?:the\s+)?[\w-]+"
                    # "an alert when the success rate dropped below 95%" (a hand-run P3)
                    r"|\b(?:success|error|failure|availability)\s+rates?\b[^.;]{0,40}?\b(?:below"
                    r"|above|under|over)\s+\d"
                    # a dashboard or alert on what users meet: "We had a Grafana dashboard with
                    # queue time and job success rate" (a hand-run P3)
                    r"|\b(?:dashboards?|alert(?:s|ed|ing)?|slos?|watched|tracked|graphed)\b[^.;]{0,40}?"
                    r"\b(?:success\s+rates?|error\s+rates?|queue\s+(?:time|age)|wait\s+time"
                    r"|p9\d(?:\.\d)?\s+latency|(?:consumer|replication|end-to-end|delivery)\s+lag"
                    r"|freshness)\b"
                    # how late the data reaches its users, watched: "a consumer lag alert", "a
                    # lag dashboard per partition and per partner" (a hand-run P4 had "missed:
                    # chosen signals")
                    r"|\b(?:lag|freshness|staleness|queue[- ]age|delivery[- ]time)\s+(?:alerts?"
                    r"|dashboards?|slos?|slis?|graphs?|panels?)\b"
                    # why it was chosen: "... because that is what developers actually feel"
                    r"|\bbecause\s+(?:that|those|it)(?:\s+is|\s+are|['’]s|['’]re)\s+what\s+"
                    r"(?:\w+\s+){0,2}(?:users?|customers?|developers?|people|clients?)\s+(?:\w+\s+)?"
                    r"(?:feel|see|notice|care\s+about|meet|hit|wait\s+for)"
                    r"|\bSLIs?\b",
                    _I,
                ),
            ),
            # "we closed the gap by adding a per-zone latency SLI, which would have paged
            # within five minutes": the signal added afterwards is the gap closed, not the
            # signals the service was judged by (a hand-run P4 quoted it for both)
            refuse=re.compile(
                r"\bclosed\s+the\s+(?:[\w-]+\s+)?gap\b|\bwould\s+have\s+(?:paged|caught|fired"
                r"|alerted|shown)\b|\b(?:afterwards?|after\s+that|since\s+then)\b",
                _I,
            ),
        ),
        Role(
            "gathered_data",
            (
                re.compile(
                    r"\b(?:pulled|gathered|collected|went\s+through|dug\s+(?:into|through)"
                    r"|counted|analy[sz]ed|looked\s+(?:back\s+)?at|tallied|showed"
                    r"|wrote\s+(?:down|up)|listed)\b",
                    _I,
                ),
                re.compile(
                    rf"\b{_COUNT}\s+(?:\w+\s+)?(?:months?|weeks?|quarters?|years?|incidents?"
                    r"|tickets?|pages?|outages?|postmortems?|deploys?|alerts?|hours?|failed\s+\w+)\b"
                    rf"|\b{_COUNT}\s+of\s+(?:our|the\s+last|the|their)\s+(?:\w+\s+)?{_COUNT}\b",
                    _I,
                ),
            ),
        ),
        Role(
            "relationship",
            (re.compile(f"{_RELATIONSHIP.pattern}|{_FINE.pattern}", _I),),
        ),
        Role(
            # which way it was decided, or how the two got on afterwards: "They fixed the
            # lookup and we kept the new pool" (a hand-run P5 had "missed: outcome"), "the
            # mesh stayed", "In the end we kept his plan"
            "decision",
            (re.compile(f"{_DECIDED}|{_ENDED}|{_RELATIONSHIP.pattern}|{_FINE.pattern}", _I),),
        ),
        Role(
            # what was changed about the limit, in the team's own verbs: "We moved the feature
            # lookups to read replicas and put a cache in front" (a hand-run P5 had "missed:
            # what was done"), "we capped how many exports a customer could run at once"
            "what_was_done",
            (re.compile(_CHANGED, _I),),
        ),
        Role(
            # the new one run beside the old on the same work, and the two compared: "run both
            # in parallel for a week and compare outputs" (a hand-run P5 had "missed: shadow
            # compare")
            "shadow_compare",
            (
                re.compile(
                    r"\b(?:in\s+parallel|side\s+by\s+side|alongside|next\s+to\s+the\s+old"
                    r"|in\s+shadow|shadow\s+mode|in\s+the\s+background|dark\s+launch\w*|mirror\w*"
                    r"|both\s+(?:of\s+them|systems|versions|schedulers|implementations|paths)"
                    r"|on\s+the\s+same\s+(?:jobs|inputs|data|traffic|requests|events|runs))\b",
                    _I,
                ),
                re.compile(
                    r"\b(?:compar\w*|diff(?:s|ed|ing)?|match(?:es|ed|ing)?|reconcil\w*"
                    r"|same\s+(?:outputs?|results?|invoices?|answers?))\b",
                    _I,
                ),
            ),
        ),
        Role(
            # "the apps call the records API behind HAProxy, the API reads and writes through
            # ProxySQL to a MySQL primary": one request or event followed across components
            "data_flow",
            (
                re.compile(
                    r"\b(?:calls?|reads?|writes?|sends?|posts?|publish(?:es)?|queries|query"
                    r"|forwards?|routes?|pushes|pulls|consumes|lands?|hits|goes|go|comes|come"
                    r"|passes|through|via|behind|into|in\s+front(?:\s+of)?"
                    # "a Prometheus pair scraping the services, Thanos sidecars ship the blocks
                    # to S3": data moved between components in the verbs that move it
                    r"|scrap(?:es?|ed|ing)|ship(?:s|ped|ping)?|feeds?|streams?|streamed"
                    r"|replicat(?:es?|ed|ing)|uploads?|uploaded|ingests?|ingested|drains?"
                    r"|exports?|exported|syncs?|synced"
                    # "we check Redis for a cached result, then we fan out to the three partner
                    # APIs", "gets written to Postgres, and a worker picks the event up"
                    r"|checks?\s+\S+\s+(?:for|first)|fans?\s+out|fanned\s+out|written\s+to"
                    r"|picks?\s+(?:\S+\s+){0,2}?up|merges?|returns?)\b|→|->",
                    _I,
                ),
            ),
            sentence=True,
            at_least=3,
        ),
        Role(
            # "we tested ideas one at a time; ... which the disk graphs showed": the data
            # that decided it, with a method of narrowing down or what the data showed, in
            # one sentence
            "narrowed_with_data",
            (
                re.compile(f"{_DATA_SOURCE.pattern}|{_FOUND_THE_ONE.pattern}", _I),
                re.compile(f"{_HYPOTHESES.pattern}|{_SHOWED.pattern}|{_TRIED_THEN.pattern}", _I),
            ),
            sentence=True,
        ),
        Role("hypotheses", (_HYPOTHESES,), sentence=True),
        Role(
            # "the slow-query log and the lock-wait graphs showed a reporting query ..."
            "data_showed",
            (_DATA_SOURCE, _SHOWED),
        ),
        Role(
            # "we agreed beforehand that if semi-sync added less than 20 ms at p99, we keep it"
            "agreed_criterion",
            (
                re.compile(
                    r"\b(?:agreed|agree|settled\s+on|wrote\s+down|signed\s+off\s+on|set)\b"
                    r"[^.;]{0,50}?\b(?:if|unless|whichever|threshold|criteri(?:a|on)"
                    r"|measure\s+of\s+success|what\s+would\s+(?:settle|decide|change))\b"
                    r"|\b(?:success|exit|pass)\s+criteri(?:a|on)\b",
                    _I,
                ),
            ),
        ),
        Role(
            # "I sent him the raw data and the script", "I put the script and the graphs in
            # the ticket so anyone could rerun it"
            "shared_data",
            (
                re.compile(
                    r"\b(?:sent|shared|gave|put|posted|published|handed|opened\s+up"
                    # "I wrote up the numbers" (a hand-run P5), not the other team's own
                    r"|(?<=\bI\s)wrote\s+up|(?<=\bwe\s)wrote\s+up)\b[^.;]{0,30}?"
                    r"\b(?:raw\s+\w+|data|numbers|scripts?|notebooks?|quer(?:y|ies)|spreadsheets?"
                    r"|graphs|results|timings|method|analysis|test)\b",
                    _I,
                ),
            ),
        ),
        Role(
            # "a 2 TB MySQL cluster with about 3,000 queries per second, 40 hospitals": the
            # system sized by at least two real numbers
            "scale",
            (
                re.compile(
                    r"\b\d[\d,.]*\s*(?:k\b|million\s+|billion\s+)?(?:\w+\s+)?(?:requests|queries"
                    r"|qps|rps|events|messages|builds|transactions|reads|writes|lines|lookups"
                    r"|tb|gb|pb|services|microservices|nodes|pods|hosts|servers|clusters"
                    r"|brokers|instances|containers|vms|databases|tables|rows|records|series"
                    r"|metrics|samples|repos|repositories|pipelines|devices"
                    r"|developers|engineers|sres|people|teams|tenants|accounts|partners"
                    r"|hospitals|clinicians|users|customers|stores|sites|regions"
                    r"|data\s+cent(?:re|er)s)\b",
                    _I,
                ),
            ),
            sentence=True,
            at_least=2,
            # a volume per unit of time is the scale on its own: "We were ingesting 3 TB a
            # day." (a hand-run P4 had "missed: context scale" with the fleet in another sentence)
            enough=re.compile(
                r"\b\d[\d,.]*\s*(?:k\s+|million\s+|billion\s+)?(?:tb|gb|pb|requests|events"
                r"|messages|transactions|orders|queries|payments|logins)\s+(?:a|an|per|each)\s+"
                r"(?:day|second|sec|minute|hour|week|month)\b|\b\d[\d,.]*\s*k?\s*(?:rps|qps)\b"
                # a count of anything per unit of time: "We do about 400 searches a second at
                # peak" (a hand-run P2 had "missed: numbers"), not "20 minutes a day"
                r"|\b\d[\d,.]*\s*(?:k|thousand|million|billion)?\s+(?:[\w-]+\s+)?"
                r"(?!(?:seconds|minutes|hours|days|weeks|months|years|times|pages|alerts|incidents"
                r"|tickets|outages)\b)[a-z]{3,}s\s+"
                r"(?:a|an|per|each)\s+(?:second|sec|minute|hour|day)\b"
                # in words: "roughly a quarter of a billion messages a day"
                r"|\b(?:a|one|two|three|four|five|ten|a\s+(?:quarter|half)\s+of\s+a|half\s+a)\s+"
                r"(?:million|billion)\s+(?:\w+\s+)?(?:requests|events|messages|transactions|orders"
                r"|queries|payments|logins|users|customers)\b",
                _I,
            ),
        ),
        Role(
            # "the cache was the weak spot; a cold cache after failover sent about 15,000
            # reads a second straight to PostgreSQL, which could take maybe 6,000"
            "limit",
            (
                re.compile(
                    r"\b(?:limit|bottleneck|weak\s+(?:spot|point|link)|single\s+points?\s+of"
                    r"\s+failure|spof|(?:break|fail|go)\s+first|first\s+to\s+(?:break|fail|go))\b",
                    _I,
                ),
                re.compile(r"\d", _I),
            ),
            sentence=True,
        ),
        Role(
            # "The dispatch consumers would go first.": the component named as the first to
            # give way, with or without a number (how close it was is the measured limit's)
            "first_to_break",
            (
                re.compile(
                    r"\b(?:would|will)\s+(?:have\s+)?(?:\w+\s+)?(?:go|break|fail|fall\s+over|broken"
                    # "What would have given out first is the one Postgres box"
                    r"|failed|gone|fallen\s+over|give(?:n)?\s+out|give\s+way|given\s+way"
                    r"|crack(?:ed)?|buckle(?:d)?)\s+first\b|\bfirst\s+to\s+(?:break|go|fail|fall)\b"
                    # "The first thing to go would be the fraud-scoring call" (a hand-run P5)
                    r"|\bfirst\s+(?:thing|part|piece|component|one|place)\s+to\s+(?:break|go|fail"
                    r"|fall\s+over|give(?:\s+way)?|hit\s+(?:a|its|the)\s+limit)\b"
                    r"|\b(?:bottleneck|weak(?:est)?\s+(?:spot|point|link))\s+(?:was|is|would\s+be)\b",
                    _I,
                ),
            ),
            refuse=re.compile(r"\b(?:not\s+sure|no\s+idea|don'?t\s+know|do\s+not\s+know)\b", _I),
            sentence=True,
        ),
        Role(
            # "I learned to give feedback the same day", "I stopped saying 'be more careful'"
            "lesson",
            (
                re.compile(
                    # "I learned a lot" names no lesson; "I learned to ..." does
                    r"\bI\s+(?:\w+\s+)?(?:learned|learnt|understood|realised|realized)\s+"
                    r"(?:that|to|how|the\s+hard\s+way)\b|\bI\s+stopped\s+\w+ing\b"
                    r"|\bI['’]?m\s+(?:\w+\s+)?(?:calmer|kinder|more\s+\w+)\b"
                    r"|\bnow\s+I\s+(?:\w+\s+)?(?:ask|look|help|check)\b"
                    r"|\bmy\s+first\s+question\s+is\b",
                    _I,
                ),
            ),
        ),
        Role(
            # "two failures in six months is a small number, so I would not claim the ratio":
            # the doubt is the point, so a negation says it rather than denying it
            "uncertainty",
            (
                re.compile(
                    r"\b(?:small\s+(?:number|sample)|(?:can(?:not|'t|’t)|couldn'?t)\s+separate"
                    r"|(?:would\s+not|wouldn['’]?t)\s+claim|not\s+(?:exactly|precisely|fully\s+sure)"
                    r"|(?:i'?d|i\s+would)\s+be\s+careful|(?:could|might)\s+be\s+off"
                    r"|with\s+(?:a\s+pinch\s+of|some)\s+salt|noisy|thin\s+data|too\s+few"
                    r"|i['’]?m\s+not\s+(?:fully\s+)?sure|error\s+bars?|confidence\s+interval)\b",
                    _I,
                ),
            ),
            negation_ok=True,
        ),
        Role(
            # "after 15 minutes of impact I escalated", "SEV2 after 15 minutes anyway"
            "escalation_trigger",
            (
                re.compile(r"\bescalat\w*|\bsev\s?\d\b", _I),
                re.compile(
                    r"\b(?:after|once|when|within)\s+(?:about\s+)?(?:\w+\s+)?\d+\s*"
                    r"(?:minutes?|mins?|hours?)\b|\bsev\s?\d\b|\bseverity\s+(?:guide|rules?"
                    r"|criteria|levels?)\b",
                    _I,
                ),
            ),
            sentence=True,
        ),
        Role(
            # "I told the team in the channel immediately and recreated it"
            "raised_at_once",
            (
                re.compile(
                    r"\b(?:told|posted|raised|called|paged|said|flagged|reported|admitted|wrote)"
                    r"\b[^.;]{0,60}?\b(?:immediately|right\s+away|straight\s+away|at\s+once"
                    r"|within\s+(?:a\s+|\d+\s+)?minutes?)\b"
                    r"|\b(?:immediately|right\s+away|straight\s+away)\s+(?:told|posted|raised"
                    r"|called|paged|flagged|reported|admitted)\b",
                    _I,
                ),
            ),
        ),
        Role(
            # "kill -9 does nothing because there is nothing left running to kill": the
            # negation is the point, so it is no absence (issue 12, a P4 run by hand)
            "no_effect_on_dead",
            (
                re.compile(r"\bkill\b|-9\b|\bsigkill\b|\bsignals?\b", _I),
                re.compile(
                    r"\b(?:does\s+nothing|do(?:es)?\s*n[o'’]t\s+(?:help|work|do\s+anything)"
                    r"|can(?:not|'t|’t)\s+(?:help|work)|won[’']?t\s+(?:help|work|do\s+anything)"
                    r"|(?:is|was)\s+(?:useless|pointless)|has\s+no\s+effect|no\s+use)\b"
                    r"[^.]{0,80}?\b(?:dead|exited|gone|already|nothing\s+(?:left|running|to\s+kill)"
                    r"|not\s+running|no\s+longer|finished)\b",
                    _I,
                ),
            ),
            negation_ok=True,
            sentence=True,
        ),
        Role(
            # "the platform team owns the Kafka cluster; we put the risk on their plan": a
            # party outside the team, and the dependence or the risk put to them (who runs
            # what alone is the own part's contrast, not this point)
            "dependencies",
            (
                re.compile(
                    r"\bthe\s+(?!same\b|whole\b|rest\b)(?:[\w-]+\s+){1,2}(?:team|teams|group|org)\b"
                    r"|\b(?:another|other|outside|external)\s+teams?\b|\bvendors?\b|\bsuppliers?\b"
                    r"|\b(?:cloud\s+)?provider\b|\bAWS\b|\bGCP\b|\bAzure\b|\bDBAs?\b"
                    r"|\bthird[- ]part(?:y|ies)\b",
                    _I,
                ),
                re.compile(
                    r"\b(?:depend\w*|relied|rely|relies|waited\s+on|blocked\s+on|quotas?"
                    r"|their\s+(?:plan|roadmap|backlog|quarter|manager|lead|risk\s+register)"
                    r"|risks?|explained|warned|raised|escalated|flagged|briefed|limits?)\b",
                    _I,
                ),
            ),
            sentence=True,
        ),
        Role(
            "their_terms",
            (
                re.compile(
                    r"\bin\s+(?:their|the\s+(?:[\w-]+\s+){0,2}team['’]s|management['’]s)\s+(?:own\s+)?"
                    r"(?:terms|language|units|numbers|currency)\b"
                    r"|\bwhat\s+(?:they|he|she|management|(?:their|the)\s+(?:[\w-]+\s+){0,2}?"
                    r"(?:team|pm|manager|lead|director|vp|cto|business))\s+cared\s+about\b"
                    r"|\b(?:lost|missed|failed|abandoned)\s+(?:orders|sales|revenue|checkouts|bookings"
                    r"|payments)\b|\b(?:their|your)\s+on-?call\s+hours\b|\bhours\s+of\s+their\b"
                    r"|\b(?:framed|put|translated|expressed)\s+(?:it|the\s+case|that)\s+as\s+"
                    r"(?:\w+\s+){0,3}(?:orders|revenue|money|hours|sales|customers)\b",
                    _I,
                ),
            ),
        ),
        Role(
            # "we went through them together and agreed on 36": the numbers checked with
            # the people they are about before they were used
            "checked_together",
            (
                re.compile(
                    r"\b(?:went|gone|walked|looked)\s+(?:through|over)\s+(?:\w+\s+){0,3}?"
                    r"(?:together|with\s+(?:them|him|her|the\s+\w+))\b"
                    r"|\b(?:checked|reviewed|validated|sanity-checked)\s+(?:\w+\s+){0,3}?"
                    r"(?:together|with\s+(?:them|him|her|the\s+\w+))\b"
                    r"|\bagreed\s+on\s+(?:the\s+)?(?:about\s+)?\d",
                    _I,
                ),
            ),
        ),
        Role(
            # "The parent has to reap it with wait()": the fix is in the parent
            "parent_reaps",
            (
                re.compile(
                    r"\bparent\b[^.;]{0,40}?\b(?:has\s+to|have\s+to|must|should|needs?\s+to"
                    r"|ha[sd]\s+to|will|'ll)\s+(?:\w+\s+)?(?:reap|wait|collect|handle)"
                    r"|\b(?:fix|change|restart|kill)(?:ed|ing|es|s)?\s+(?:\w+\s+)?the\s+parent\b",
                    _I,
                ),
            ),
        ),
        Role(
            # "to prove done: re-scan everything, and a dashboard of affected images counting
            # down to zero": what is running checked again, and the count of what is left
            "proved_done",
            (
                re.compile(
                    r"\b(?:re-?scan\w*|scan(?:ned|ning)?\s+(?:\w+\s+){0,2}?(?:running|again|everything)"
                    r"|dashboard|burn-?down|track(?:ed|ing)?|count(?:ed|ing|s)?\s+down)\b",
                    _I,
                ),
                re.compile(
                    r"\b(?:(?:down\s+)?to\s+zero|zero\s+(?:vulnerable|left|remaining|affected)"
                    r"|none\s+left|nothing\s+left|no\s+vulnerable\s+\w+\s+(?:left|running)"
                    # "done when a fresh scan of running digests shows no vulnerable version",
                    # "call it done when the scan of running digests is empty" (a hand-run P4)
                    r"|shows?\s+no(?=\s+vulnerable)|(?:is|comes?\s+back|came\s+back)\s+(?:empty|clean))\b",
                    _I,
                ),
            ),
            sentence=True,
        ),
        Role(
            "followed_up",
            (
                re.compile(
                    r"\b(?:followed\s+up|follow-up\s+(?:with|meeting|review)|reported\s+back"
                    r"|(?:went|came|circled|checked)\s+back\s+(?:to\s+(?:them|him|her|the\s+\w+)\s+)?"
                    # "I sent him the nightly restore report" (a gendered word is masked)
                    r"with|sent\s+(?:(?:them|him|her)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}(?:results?|numbers"
                    r"|reports?|before-and-after)"
                    r"|shared\s+the\s+results?)\b"
                    # what changed afterwards, counted: "Afterwards those incidents dropped, we
                    # had 1 in the next six months" (a hand-run P4)
                    rf"|\bafterwards?\b[^.;]{{0,40}}?{_FEWER_SINCE}",
                    _I,
                ),
            ),
        ),
        Role(
            # "My lead wanted to keep updating in place because staging copies take time to
            # refresh": the other side's wish and the reason for it (a hand-run P3), or the
            # reason named as theirs ("Her concern was the launch date"; a gendered word is
            # masked), or asked for ("I asked him why")
            "other_view",
            (
                re.compile(
                    r"\b(?:my\s+(?:lead|manager|boss|colleague|director|cto|vp|architect"
                    r"|tech\s+lead|team\s+lead)|the\s+other\s+(?:team|side|engineer|lead)|they"
                    r"|the\s+(?:[\w-]+\s+)?team|(?:their|the)\s+(?:lead|manager|architect|pm))\s+"
                    r"(?:\w+\s+)?(?:wanted|preferred|argued|insisted|thought|believed|worried"
                    r"|(?:was|were)\s+worried|pushed|needed|cared)\b[^.;]{3,120}?\b(?:because"
                    r"|since|as\s+(?:the|it|we|they)|due\s+to|to\s+(?:save|avoid|keep|meet|hit))\b"
                    r"|(?:\btheir|\bhis|\bher|\bthe\s+other\s+\w+['’]s|\bmy\s+\w+['’]s|^|\s{3,})\s*"
                    r"(?:main\s+|real\s+|whole\s+|biggest\s+)?(?:reason|concern|worry|argument"
                    r"|constraint|driver)s?\s+(?:was|were|is)\b"
                    r"|\bI\s+(?:first\s+)?asked\s+(?:\S+\s+){0,3}?why\b"
                    r"|\bto\s+(?:understand|hear)\s+(?:why|their|the\s+other)",
                    _I,
                ),
            ),
            sentence=True,
        ),
        Role(
            # where the disagreement was raised: "I didn't argue in the meeting" (a hand-run
            # P3), "I raised it with my manager one to one first"; and committing once it was
            # decided ("once the call went against me I helped ship it")
            "forum",
            (
                re.compile(
                    r"\b(?:didn['’]?t|did\s+not|never|wouldn['’]?t|rather\s+than)\s+(?:argue|fight"
                    r"|push\s+back|raise\s+it|bring\s+it\s+up|escalate|make\s+a\s+scene)\s+"
                    r"(?:\w+\s+){0,2}?(?:in|on|at|during)\s+(?:the\s+|a\s+)?(?:meeting|stand-?up"
                    r"|public|channel|slack|review|front\s+of|group)"
                    r"|\b(?:raised|took|brought|discussed|talked\s+through)\s+(?:it|this|that"
                    r"|the\s+\w+)\s+(?:\S+\s+){0,4}?(?:privately|one[- ]to[- ]one|1:1|in\s+private"
                    r"|in\s+the\s+design\s+review|face\s+to\s+face|in\s+person)\b"
                    r"|\b(?:committed\s+to\s+(?:it|the\s+(?:decision|plan))|helped\s+(?:\w+\s+)?"
                    r"(?:ship|build|roll\s+out|implement)|disagree\s+and\s+commit"
                    r"|backed\s+the\s+(?:decision|plan))\b",
                    _I,
                ),
            ),
            refuse=re.compile(
                r"\b(?:never|didn['’]?t|did\s+not)\s+(?:raise|take|bring|discuss|commit|help)", _I
            ),
            negation_ok=True,
        ),
        Role(
            # what the request is really for, asked first: "I'd first ask what outage we're
            # trying to survive and what it cost us", "I'd ask the CTO what's really driving
            # this" (a hand-run P5 missed clarify-goal)
            "clarify_goal",
            (
                re.compile(
                    r"\b(?:ask|asking|find\s+out|understand|establish|check)\s+(?:\w+\s+){0,3}?"
                    r"(?:what|why)\b[^.;]{0,80}?\b(?:driv\w*|behind\s+(?:it|this|that)"
                    r"|(?:are|is|we['’]re|they['’]re)\s+(?:\w+\s+)?trying\s+to|goal|problem"
                    r"|solv\w*|survive|protect\s+against)\b",
                    _I,
                ),
            ),
            refuse=re.compile(r"\b(?:wouldn['’]?t|would\s+not|don['’]?t|never)\s+ask\b", _I),
        ),
        Role(
            # how it ended: "We agreed to pin plugin versions ..., which was a compromise"
            # (a hand-run P3), "In the end we kept his plan", "I was partly wrong"
            "ending",
            (
                re.compile(
                    r"\b(?:(?:was|as|reached|found|agreed\s+on|settled\s+on|struck)\s+(?:a|the)\s+"
                    r"(?:\w+\s+)?compromise|compromised|middle\s+(?:ground|option|way)|meet\s+"
                    r"(?:in\s+the\s+)?(?:middle|halfway))\b"
                    r"|\bin\s+the\s+end\b[^.;]{0,40}?\b(?:we|i|they)\s+(?:\w+\s+)?(?:kept"
                    r"|went\s+(?:with|for|ahead)|chose|agreed|settled|used|moved|dropped|rolled"
                    r"|decided|picked)\b"
                    r"|\b(?:i\s+was|turned\s+out\s+i\s+was)\s+(?:partly\s+|half\s+|completely\s+"
                    r"|actually\s+)?wrong\b|\bin\s+hindsight\b"
                    r"|\blooking\s+back(?:\s*,|\s+(?:I|we|now|it|their|his|her)\b)"
                    r"|\bI\s+(?:was|got)\s+overruled\b|\bthe\s+call\s+went\s+against\s+me\b"
                    # or how the two got on afterwards (the point asks for both)
                    rf"|{_RELATIONSHIP.pattern}",
                    _I,
                ),
            ),
            sentence=True,
        ),
    )
}

# A point's role, from what its catalog text asks, in the bank's different wordings ("Kept
# stakeholders informed", "Kept the people affected informed", "keeps stakeholders
# informed"): the first pattern that matches names it, so a point that asks for two things
# is read by the first ("Mitigated first ... and then diagnosed" is mitigating first).
_ROLE_OF_POINT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("symptom", re.compile(r"\bsymptom", _I)),
    (
        "lasting",
        re.compile(r"\blasting\b|\bsystemic\s+changes\b|\bclosed\s+the\s+[\w-]+\s+gap\b", _I),
    ),
    # how a story's problem came to light ("States how it was detected and how long detection
    # took"), not a technical point that detects something ("Detects the key reused with a
    # different payload": "The client posted the same request twice within 5 minutes" is no
    # detection story)
    ("detection", re.compile(r"\b(?:was|were|got)\s+detected\b|\bdetection\s+took\b", _I)),
    ("mitigate", re.compile(r"\bmitigat\w*\s+first\b|\bimmediate\s+mitigations?\b", _I)),
    ("narrowed_with_data", re.compile(r"\bnarrow\w*\b[^.]*\bdata\b", _I)),
    ("hypotheses", re.compile(r"\bhypothes[ie]s\b[^.]*\bone\s+at\s+a\s+time\b", _I)),
    ("data_showed", re.compile(r"\buses\s+data\b[^.]*\b(?:confirm|refute)", _I)),
    ("alternatives", re.compile(r"\balternatives\b", _I)),
    ("tradeoff", re.compile(r"\btrade-?off\b", _I)),
    (
        "outcome",
        re.compile(r"\b(?:outcome|result)\b.*\b(?:baseline|numbers?|measured)\b", _I),
    ),
    ("hindsight", re.compile(r"\b(?:differently|hindsight)\b", _I)),
    ("design_reason", re.compile(r"\bexplains\s+why\s+it\s+is\s+built\b", _I)),
    (
        "own_role",
        re.compile(
            r"\bpersonally\b|\bpersonal\s+ownership\b|\bown\s+(?:part|role|contribution)\b", _I
        ),
    ),
    (
        "communication",
        re.compile(
            r"\bkeeps?\s+(?:[\w-]+\s+){1,3}informed\b|\bkept\s+(?:[\w-]+\s+){1,3}informed\b", _I
        ),
    ),
    ("user_signals", re.compile(r"\buser-facing\s+signals\b(?!\s+at\s+the\s+top)", _I)),
    ("data_flow", re.compile(r"\b(?:requests?|data)\b[^.]*\bflows?\b|\bend\s+to\s+end\b", _I)),
    ("scale", re.compile(r"\b(?:sizes|context\s+and\s+scale)\b[^.]*\bnumbers\b", _I)),
    ("first_to_break", re.compile(r"\b(?:fail|break)\s+first\b[^.]*\bothers\b", _I)),
    (
        "limit",
        re.compile(r"\bsingle\s+points?\s+of\s+failure\b|\b(?:fail|break)\s+first\b", _I),
    ),
    ("raised_at_once", re.compile(r"\braised\s+it\s+immediately\b", _I)),
    ("escalation_trigger", re.compile(r"\btrigger\s+for\s+escalation\b", _I)),
    ("uncertainty", re.compile(r"\badmits\s+uncertainty\b", _I)),
    ("lesson", re.compile(r"\breflects?\s+on\s+what\s+they\s+learned\b", _I)),
    ("fair_comparison", re.compile(r"\bcomparable\s+data\b|\bcontrol\s+group\b", _I)),
    ("significance", re.compile(r"\bagainst\s+variance\b", _I)),
    ("agreed_criterion", re.compile(r"\btestable\b[^.]*\bcriteri|\bcriteri\w*\s+agreed\b", _I)),
    (
        "shared_data",
        re.compile(r"\bshares?\s+(?:the\s+)?data\b|\bdata\s+and\s+method\s+openly\b", _I),
    ),
    # before the relationship: "Gives an honest outcome, ... and the lesson and relationship
    # afterwards" asks for how it ended first
    ("ending", re.compile(r"\bgives\s+an\s+honest\s+outcome\b", _I)),
    ("decision", re.compile(r"\bdescribes\s+the\s+decision\b", _I)),
    ("relationship", re.compile(r"\brelationship\s+afterwards\b", _I)),
    ("what_was_done", re.compile(r"\bwhat\s+was\s+changed\s+or\s+decided\b", _I)),
    ("shadow_compare", re.compile(r"\bshadow\s+mode\b[^.]*\bcompar", _I)),
    ("no_effect_on_dead", re.compile(r"\bkill\b.*\bcannot\s+help\b.*\bdead\b", _I)),
    ("their_terms", re.compile(r"\bother\s+team['’]s\s+terms\b", _I)),
    ("dependencies", re.compile(r"\bdependencies\s+outside\s+the\s+team\b", _I)),
    ("proved_done", re.compile(r"\bproves?\s+completion\b", _I)),
    ("followed_up", re.compile(r"^followed\s+up\s+with\b", _I)),
    ("checked_together", re.compile(r"\bchecked\s+the\s+data\s+with\s+them\b", _I)),
    ("parent_reaps", re.compile(r"^fixes\s+the\s+parent\s+to\s+reap\b", _I)),
    (
        "gathered_data",
        re.compile(
            r"\bconcrete\s+data\b|\bgathered\b[^.]*\bdata\b"
            r"|\bmoved\s+the\s+(?:debate|discussion|argument)\s+to\s+evidence\b",
            _I,
        ),
    ),
    ("other_view", re.compile(r"\bunderstand\s+the\s+other\s+person['’]s\s+reasons\b", _I)),
    ("forum", re.compile(r"\bin\s+the\s+right\s+forum\b", _I)),
    ("clarify_goal", re.compile(r"\bclarifies\s+the\s+(?:actual\s+|real\s+)?driver\b", _I)),
)


# A clause that only says whose things were ("The load test and the Redis split were mine"):
# it names the work, it does not say it, so it evidences one's own part and no other point.
_OWNERSHIP_ONLY = re.compile(
    r"^\W*(?:(?:the|a|an|our|and|both|all|of|[\w'’-]+)\s+){1,10}?(?:was|were)\s+(?:all\s+)?"
    r"(?:mine|me|on\s+me|my\s+(?:part|work|doing|call|job))\W*$",
    _I,
)


_SUBJECT_PRONOUN = re.compile(r"\b(?:i|we|you|they|he|she|it|that|this|which)\b", _I)


def names_only_ownership(clause: str) -> bool:
    """``clause`` says only that things were the candidate's ("The load test and the Redis
    split were mine."), with no number and nothing done or found."""
    if not _OWNERSHIP_ONLY.match(clause) or re.search(r"\d", clause):
        return False
    subject = re.split(r"\b(?:was|were)\b", clause, maxsplit=1, flags=_I)[0]
    return not _SUBJECT_PRONOUN.search(subject)  # "We split it ... and that was my call"


@lru_cache(maxsize=4096)  # per key point: asked for every point of every answer
def role_of(point_text: str) -> Role | None:
    """The role a key point's text asks for, or None for a point of its own kind."""
    for name, pattern in _ROLE_OF_POINT:
        if pattern.search(point_text):
            return ROLES[name]
    return None


# What the rest of the sentence takes back: "We had a dashboard with error rates, but nobody
# ever looked at it", "We rolled it out to one team first and never looked at the numbers"
_UNDONE = re.compile(
    r"\b(?:but|and|yet|though)\s+(?:then\s+)?(?:\w+\s+)?(?:never|nobody|no\s+one|none\s+of\s+us"
    r"|didn['’]?t|did\s+not)\s+(?:ever\s+|really\s+|actually\s+|even\s+)?(?:look(?:ed)?|use[ds]?"
    r"|check(?:ed)?|read|compared?|act(?:ed)?|open(?:ed)?|follow(?:ed)?)\b",
    _I,
)


def role_clauses(role: Role, masked: str) -> list[tuple[int, int]]:
    """The clauses of ``masked`` that say ``role`` in the candidate's own words, unless the
    rest of their sentence takes it back (``_UNDONE``)."""
    found: list[tuple[int, int]] = []
    ends = [end for _, end in whole_sentences(masked)]
    for start, end in whole_sentences(masked) if role.sentence else clauses(masked):
        clause = masked[start:end]
        if role.refuse is not None and role.refuse.search(clause):
            continue
        if not _says(role, clause):
            continue
        rest = masked[end : next((e for e in ends if e >= end), end)]
        if _UNDONE.search(clause) or _UNDONE.search(rest):
            continue
        found.append((start, end))
    return found


def _says(role: Role, clause: str) -> bool:
    """``clause`` has the role's shape (or its ``enough``), with each cue said, not negated;
    a later cue may say it plainly ("Nobody was paged; a developer posted ...")."""
    shaped = all(p.search(clause) for p in role.needs) and (
        len(role.needs[0].findall(clause)) >= role.at_least
    )
    if shaped and (role.negation_ok or all(_affirmed(p, clause) for p in role.needs)):
        return True
    if role.enough is None or not role.enough.search(clause):
        return False
    return role.negation_ok or _affirmed(role.enough, clause) is not None


def _affirmed(pattern: re.Pattern[str], clause: str) -> re.Match[str] | None:
    """The first match of ``pattern`` in ``clause`` that no negation covers."""
    for match in pattern.finditer(clause):
        if not _negated(clause, [match]):
            return match
    return None


def _negated(clause: str, matches: list[re.Match[str]]) -> bool:
    """A cue word under a negation ("we never added an alert", "didn't consider")."""
    tokens = tokenize(clause)
    return any(
        token.negated and any(m.start() <= token.start < m.end() for m in matches)
        for token in tokens
    )
