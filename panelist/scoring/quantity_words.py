"""The words :mod:`panelist.scoring.quantities` reads numbers with: attributes and the kinds
of number they take, counted nouns, holders, frames (when, where, at which employer), and the
phrases that give a number its role (window, threshold, before/after, change, target).

Data only; the reading itself is in :mod:`panelist.scoring.quantities`.
"""

from __future__ import annotations

import re

# The attribute a number measures, by the words that name it, and the kinds it can have.
ATTRIBUTES: tuple[tuple[str, str, frozenset[str]], ...] = (
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
ATTRIBUTE_RES = tuple(
    (name, re.compile(r"\b(?:" + pattern + r")\b", re.I), kinds)
    for name, pattern, kinds in ATTRIBUTES
)
# Counted nouns, folded ("SREs", "engineers", "of us" are all people).
COUNTED_TEXT = """
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
COUNTED = {
    word: name
    for line in COUNTED_TEXT.replace(",\n", ",").strip().splitlines()
    for name, words in [line.split(":")]
    for word in words.split(",")
}
COUNT_SKIP = frozenset(
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
HOLDERS = {
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
DETERMINERS = frozenset(
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
GENERIC_TEXT = """
p50 p90 p95 p99 p999 average avg median mean overall total peak tail typical end-to-end
wider whole entire daily weekly monthly yearly annual request requests was were is are had has
have got went cut reduced dropped improved time times rate rates level levels number numbers
share about around roughly over under nearly almost just only some per each every than by to
from at percent minute minutes second seconds hour hours day days week weeks month months year
years ms alert alerts window windows burn threshold target slo sli sla objective goal new old
current previous initial final same figure mentioned us we our i my it itself small big
large huge tiny fairly pretty quite very i've we've
"""
GENERIC = frozenset(GENERIC_TEXT.split())
VERBS_TEXT = """
was were is are be been being had has have sat sitting stayed stood hit reached ran run runs
running went cut reduced dropped improved fell grew climbed peaked set took take takes lasted
spent kept got made did moved handled covered
"""
VERBS = frozenset(VERBS_TEXT.split())

# Frames: when or where a statement holds; two statements in different frames never conflict.
TIME_FRAMES: tuple[tuple[str, str], ...] = (
    ("joined", r"when\s+i\s+(?:joined|started|arrived)|at\s+the\s+start|early\s+on"),
    ("left", r"when\s+i\s+left|by\s+the\s+time\s+i\s+left|before\s+i\s+left"),
    ("incident", r"during\s+the\s+(?:incident|outage)|in\s+the\s+(?:incident|outage)|that\s+night"),
    ("normal", r"normally|usually|typically|day[- ]to[- ]day|on\s+a\s+normal\s+day|steady\s+state"),
    ("peak", r"at\s+(?:its\s+)?peak|at\s+its\s+biggest|black\s+friday"),
    ("now", r"now|today|these\s+days|currently|nowadays|this\s+(?:quarter|year|month|week)"),
    (
        "past",
        r"last\s+(?:year|quarter|month|week)|back\s+then|at\s+the\s+time|used\s+to|"
        r"\w+\s+(?:years?|months?|quarters?|weeks?)\s+ago|in\s+the\s+early\s+days|"
        r"when\s+we\s+started|back\s+in",
    ),
)
# A sentence told wholly in the present holds now, whatever anchor another one gives.
PRESENT_TENSE = re.compile(
    r"\b(?:is|are|am|have|has|run|runs|operate|operates|own|owns|manage|manages|"
    r"look\s+after|looks\s+after)\b|\b(?:we|they|i)'(?:re|m|ve)\b",
    re.I,
)
PAST_TENSE = re.compile(
    r"\b(?:was|were|had|did|ran|used|went|got|became|grew|\w+ed)\b|\bever\b", re.I
)
TIME_FRAME_RES = tuple((n, re.compile(r"\b(?:" + p + r")\b", re.I)) for n, p in TIME_FRAMES)
IN_YEAR = re.compile(r"\b(?:in|since|during|by)\s+((?:19|20)\d\d)\b", re.I)
ENVIRONMENTS = re.compile(r"\b(staging|production|prod|dev|test)\b", re.I)
EMPLOYER = re.compile(
    r"\b[Aa]t\s+(?:my\s+)?(current\s+(?:job|company|employer)|(?:last|previous|old)\s+(?:job|company|"
    r"employer)|[A-Z][a-zA-Z]+)",
)

CHANGE_VERB = re.compile(
    r"\b(?:cut|cutting|reduc\w*|improv\w*|increas\w*|decreas\w*|lower\w*|boost\w*|drop\w*|"
    r"fell|fall\w*|sav\w*|slash\w*|halv\w*|doubl\w*|grew|grow\w*|shrank|shrunk|brought|"
    r"went|gone|go(?:es)?|got|rais\w*|trimm\w*|shav\w*|speed\w*\s+up|sped\s+up)\b",
    re.I,
)
CHANGE_NOUN = re.compile(
    r"^\s*(?:of\s+)?(?:reduction|improvement|increase|decrease|drop|faster|fewer|less|more|"
    r"better|lower|higher|savings?|cut|slower|worse|gain|jump|decline)\b",
    re.I,
)
# What a change is credited to, right before its verb, when it only points back: "That
# alone", "and it", "this change", "which".
ANAPHORIC_AGENT = re.compile(
    r"(?:^|[,;:]|\b(?:and|so|but|then)\b)\s*(?:that|this|it|which|these|those)"
    r"(?:\s+(?:alone|itself|change|fix|one|work|step|by\s+itself|on\s+its\s+own)){0,2}\s*"
    r"(?:(?:has|have|had)\s+)?(?:just\s+|really\s+|basically\s+)?$",
    re.I,
)
APPROX_BEFORE = re.compile(
    r"(?:~|≈|\babout|\baround|\broughly|\bapprox(?:imately|\.)?|\bnearly|\balmost|\bsome|"
    r"\bclose\s+to|\bcloser\s+to|\bcirca|\bover|\bmore\s+than|\bunder|\bless\s+than|\bat\s+least|"
    r"\bat\s+most|\bup\s+to|\bupwards\s+of|\bnorth\s+of|\bjust\s+(?:over|under)|\bbelow|\babove|"
    r"\bwell\s+(?:over|under)|\bsomething\s+like|\bon\s+the\s+order\s+of|\bmaybe|\bperhaps|"
    r"\bor\s+so|<|>|≤|≥)\s*[$€£]?$",
    re.I,
)
APPROX_AFTER = re.compile(r"^\s*(?:\+|-?ish\b|or\s+so\b|odd\b|plus\b|give\s+or\s+take)", re.I)
ALERT_CONTEXT = re.compile(r"\b(?:alert\w*|page[sd]?|paging|fires?|rules?|burn\w*|slo)\b", re.I)
WINDOW_AFTER = re.compile(
    r"^\s*(?:\]|\)?\s*/\s*\d|(?:-|\s)?(?:rolling\s+)?(?:window|lookback|burn|range|interval|"
    r"evaluation|period|bucket|rate)s?\b|\s*'?for'?\s+clause|(?:and|/)\s*\d+\s*\w*\s+"
    r"(?:windows?|burn))",
    re.I,
)
WINDOW_BEFORE = re.compile(
    r"(?:\[|/\s*|\bover\s+(?:the\s+last|the\s+past)\s*|\bwindows?\s+(?:of\s+)?|"
    r"\brolling\s+|\blast\s+|\bthe\s+past\s+|\bevery\s+|\bin\s+the\s+last\s+|"
    r"\blookback\s+(?:of\s+)?)$",
    re.I,
)
FOR_BEFORE = re.compile(r"\b(?:for\s*:?|over\s+(?:a\s+|the\s+)?)\s*$", re.I)
THRESHOLD_BEFORE = re.compile(
    r"(?:>|>=|≥|<|<=|≤|\bthreshold\s+(?:of\s+|at\s+)?|\bexceed\w*\s+|\bcross\w*\s+|\bbreach\w*\s+|"
    r"\b(?:alert|page|fire|fired|trigger|wake)\w*\s+(?:\w+\s+){0,3}(?:at|when|if|on|above|over|"
    r"past|after|once)\s+(?:[\w-]+\s+){0,3}|\b(?:hits?|reach\w*|tops?)\s+|\babove\s+|\bbelow\s+)"
    r"[~≈]?$",
    re.I,
)
TRIGGER_AFTER = re.compile(r"^[^.;]{0,40}\b(?:triggered|fired|paged|alerted)\b", re.I)
TARGET_NEAR = re.compile(
    r"\b(?:targets?|targeting|slos?|slas?|objectives?|goals?|aim\w*|promis\w*|commit\w*|"
    r"agreed|contract\w*)\b",
    re.I,
)
BEFORE_AFTER = re.compile(
    r"^\s*(?:→|->|=>|to\b|down\s+to\b|up\s+to\b|into\b)\s*(?:about\s+|around\s+)?[~≈]?\s*[$€£]?"
    r"(?:\d|[a-z]+\b)",
    re.I,
)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|~|an?\s+)?[$€£]?$", re.I)
ARROW_BEFORE = re.compile(
    r"(?:→|->|=>|\bto|\bdown\s+to|\bup\s+to|\binto)\s*(?:about\s+|around\s+)?[~≈]?\s*[$€£]?$",
    re.I,
)
BEFORE_WORDS = re.compile(
    r"\b(?:before|previously|originally|initially|at\s+first|used\s+to|back\s+then|"
    r"at\s+the\s+time|at\s+the\s+start|had\s+been|baseline)\b",
    re.I,
)
AFTER_WORDS = re.compile(
    r"\b(?:after|afterwards|once|now|today|currently|these\s+days|since\s+then|by\s+the\s+end|"
    r"ended\s+up|in\s+the\s+end|down\s+to|brought\s+(?:it\s+)?(?:down\s+)?to)\b",
    re.I,
)
# right before an attribute word: the number measures how much it varies, not its level
SPREAD_OF = re.compile(
    r"\b(?:variation|variance|variability|spread|jitter|noise|fluctuations?|deviation|stddev|"
    r"swings?)\s+(?:of|in)\s+(?:the\s+|our\s+|its\s+)?$",
    re.I,
)
COMPARISON = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:to|with)|against|instead\s+of)\b", re.I)
HYPOTHETICAL = re.compile(
    r"\b(?:if|would|could|might|suppose|imagine|e\.g\.|for\s+example|for\s+instance|"
    r"typically|rule\s+of\s+thumb|industry|hypothetically|whether|say(?=\s+[$€£~]?\d)|"
    r"commonly|often|strong\s+answer|"
    # a projection: what will, would or is expected to be, not what is
    r"will|going\s+to|project(?:ed|ing|ions?)|forecast\w*|expect\w*|extrapolat\w*|trend(?:\s+lines?)?|"
    r"on\s+track\s+to|heading\s+(?:for|to|towards)|plan(?:s|ned)?\s+(?:for|to)|"
    r"next\s+(?:year|quarter|month)|by\s+the\s+end\s+of\s+(?:the|this|next)\s+(?:year|quarter))\b"
    r"|'ll\b",
    re.I,
)
DURATION_BEFORE = re.compile(
    r"\b(?:took|take|takes|taking|lasted|lasts|last|went\s+on\s+for|spent|spend|ran\s+for|"
    r"in\s+my|in\s+our|my|our|for)\s+(?:us\s+|me\s+|them\s+)?(?:about\s+|around\s+|roughly\s+|"
    r"under\s+|over\s+|nearly\s+|close\s+to\s+|maybe\s+|just\s+)?$",
    re.I,
)
# "The 40 percent was …" / "Those twelve nodes were …" / "Five minutes was …": a number named
# and then identified with one thing.
IDENTIFIED = re.compile(
    r"^\s*(?:\w+\s+)?(?:figure\s+|number\s+)?(?:i\s+mentioned\s+|you\s+asked\s+about\s+)?"
    r"(?:was|were|is|are)\s+(?P<what>.+)$",
    re.I | re.S,
)

NAMES = frozenset(  # systems people name by their job
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

# The role of a count in its noun phrase: a part of a larger whole ("the other two regions",
# "40 of those nodes", "the first 30 services"), an addition to it ("20 more nodes"), or a
# point on a scale a statement is made at ("the trend line crossed 6 minutes at around 150
# services", "at 400 services it took 9 minutes") - none of them is the size of the whole.
REMAINDER_BEFORE = re.compile(r"\b(?:other|remaining|rest\s+of\s+the|rest\s+of\s+our)\s+$", re.I)
SUBSET_BEFORE = re.compile(r"\bthe\s+(?:first|last|top|bottom|biggest|largest|busiest)\s+$", re.I)
PARTITIVE_AFTER = re.compile(
    r"^\s*(?:out\s+of\b|of\s+(?:the|our|those|these|them|its|their|all|my)\b)", re.I
)
# The ones an event touched are a part of the whole: "broke the builds of 40 services",
# "we migrated 12 services", "took down 30 nodes" (not "we run 120 services").
AFFECTED_BEFORE = re.compile(
    r"\b(?:broke|broken|took\s+down|taken\s+down|knocked\s+out|affected|impacted|migrated|"
    r"moved|upgraded|patched|restarted|rebooted|drained|cordoned|lost|onboarded|rolled\s+out\s+to)"
    r"\s+(?:[\w'-]+\s+){0,3}$",
    re.I,
)
ADDED_BEFORE = re.compile(r"\b(?:another|added|adding|add|an\s+extra)\s+$", re.I)
ADDED_AFTER = re.compile(r"^\s*(?:more|extra|additional|new)\b", re.I)
SCALE_POINT_BEFORE = re.compile(
    r"(?:(?P<lead>[\w']+)\s+|(?:^|[^\w\s'])\s*)\bat\s+(?:about\s+|around\s+|roughly\s+|~\s*|maybe\s+)?$",
    re.I,
)
STATE_LEAD = re.compile(  # "we're at 150 services", "it sat at 40 nodes": the size itself
    r"^(?:is|are|was|were|be|been|being|am|\w+'re|\w+'s|\w+'m|sat|sit|sits|sitting|stood|"
    r"stand|stands|standing|stay\w*|remain\w*|peak\w*|out|capped|held|hold\w*|settl\w*|off|"
    r"plateau\w*|now|currently|today|already|still)$",
    re.I,
)
# "we were five on the platform team": the speaker's group counted without a noun.
WE_WERE_BEFORE = re.compile(
    r"\b(?:we\s+were|we\s+are|we['’]re|there\s+were|there\s+are)\s+(?:only\s+|just\s+)?$", re.I
)
# People counted with no holder are the speaker's team only when the speaker is in the clause
# ("we were five engineers"), not in "a platform so 600 engineers ship through one pipeline".
FIRST_PERSON = re.compile(r"\b(?:i|i['’]m|we|we['’]re|us|our|my|me)\b", re.I)
HEDGE = re.compile(r"\bi\s+(?:guess|think|believe|suppose|reckon|['’]d\s+say|would\s+say)\b", re.I)
PARTITIVE_SKIP = frozenset(
    ["of", "out", "the", "our", "those", "these", "its", "their", "all", "my"]
)
