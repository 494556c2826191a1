"""An exchange: one planned question, its follow-ups and every answer to them. The unit the
interviewer listens in.

Key points, baselines and alternatives said anywhere in the exchange count: a follow-up never
asks for what the exchange already contains (:func:`already_said`), and the exchange's score
credits every key point any of its answers evidenced (:meth:`Exchange.score`), except an
answer the interviewer found to be about something else (``Turn.off_target``: the
question was put again after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from panelist.catalog.models import QuestionKind
from panelist.interview.state import InterviewState, Speaker, Turn, TurnRole
from panelist.scoring.text import content_stems
from panelist.scoring.types import ExchangeAnswer, KeyPointHit, Score

# What a probe asks for, and how to see that an answer already gave it: pairs of (the words of
# a probe that ask for it, the words of an answer that give it). They back up the scorer's
# key-point credit, which may miss a point said in other words.
_ASKS_BASELINE = re.compile(
    r"before and after|baseline|how (was|is) (that|it) measured|how do you know|what did you measure"
    r"|which metric|compared with what|where did it start",
    re.IGNORECASE,
)
# a count in digits or words: "eight red-cluster incidents in the half year before, zero after"
_COUNT = (
    r"(?:\d|\b(?:zero|none|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|twice|dozens?)\b)"
)
_GIVES_BASELINE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?[\d.,]+\s*(?:%|[a-z]+)?\s+(?:\w+\s+){0,3}?to\s+"
    r"(?:about\s+|around\s+|under\s+|over\s+|roughly\s+)?(?:[\d.,]+|zero|none|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|half)\b"
    r"|[\d.,]+\s*%?\s*(?:->|→|=>)\s*[\d.,]+"
    r"|\b[\d.,]+\s*(?:/\s*\d+)?\s+(?:vs\.?|versus|against|compared (?:with|to))\s+[\d.,]+"
    r"|\b(?:down|up) from\s+[\d.,]+"
    # "0.8% of card authorisations failed ... dropped to 0.1%": a share, then where it went
    r"|\b[\d.,]+\s*%[^?!]{0,400}?\b(?:dropped|fell|went down|came down|rose|went up|was cut)\s+"
    r"to\s+(?:about\s+|around\s+|under\s+|below\s+)?[\d.,]+\s*%"
    rf"|\bbefore\b[^.?!]{{0,80}}{_COUNT}[^.?!]{{0,80}}\bafter\b"
    rf"|\bafter\b[^.?!]{{0,80}}{_COUNT}[^.?!]{{0,80}}\bbefore\b",
    re.IGNORECASE,
)
_ASKS_ALTERNATIVES = re.compile(
    r"what else did you consider|which alternatives|other options|why did you not go with",
    re.IGNORECASE,
)
_GIVES_ALTERNATIVES = re.compile(
    r"\b(rejected|ruled out|instead of|considered|alternatives?|we looked at|compared\b[^.]{0,60}"
    r"\bwith|other option|rather than|decided against|went with)\b",
    re.IGNORECASE,
)
_GIVES_ALTERNATIVES_CHOICE = re.compile(
    r"\bwhether to\b[^.?!]{0,80}\bor\b|\b(chose|picked|preferred|opted for)\b[^.?!]{0,60}\bover\b"
    r"|\b[a-z]{3,}\s+(?:vs\.?|versus)\s+[a-z]{3,}"  # "runners on spot vs fixed pool"
    r"|\b(?:we|i)\s+could\s+(?:either\s+)?[^.?!]{3,80}?\bor\b",  # "we could X, or Y"
    re.IGNORECASE,
)
_ASKS_FIRST_MOVE = re.compile(r"what did you do first|stop the bleeding|in the first hour", re.I)
_GIVES_FIRST_MOVE = re.compile(
    r"\b(stop(ped)? the bleeding|mitigat\w*|roll(ed)? (it |the \w+ )?back|rollback|failed over|"
    r"shift(ed)? traffic|only then|and then (diagnos|look|dug)|(the )?first thing (I|we) did"
    r"|to stop (it|that|the \w+)\b[^.?!]{0,20}\bthen)"
    # "In the first hour I lowered that partner's budget to 800 ms with a feature flag so
    # search was fast again without them"
    r"|\b(?:in )?(?:the )?first (?:hour|few minutes|minutes|half hour)\b[,:]?\s+(?:I|we)\b"
    # the traffic moved off the failing part: "turned on the fallback provider by flag"
    r"|\b(?:turn(?:ed)? on|switch(?:ed)? (?:over )?to|flipp?(?:ed)? to|fail(?:ed)? over to|mov(?:ed)?"
    r" traffic to)\s+(?:the\s+|a\s+|our\s+)?(?:fallback|backup|secondary|standby|spare)\b"
    r"|\bso (?:\w+ ){0,3}(?:was|were) (?:fast|working|up|usable|healthy) again\b"
    # "bumped the memory limit ... and reran it by hand ... Afterwards we found ...": the
    # service back first, the cause after
    r"|\b(?:re-?ran|rerun|restarted|rebooted|bumped|raised|scaled (?:it |them )?up)\b[^?!]{0,300}?"
    r"\b(?:afterwards|the next day|later|then we (?:found|looked|dug))\b",
    re.IGNORECASE,
)
_ASKS_DETECTION = re.compile(r"how did you (find out|notice|detect)|how was it detected", re.I)
# how it came to light, told by anyone: "Developers told us in Slack before any alert did",
# "a developer posted in the platform channel", "the canary caught it", "we heard from support"
_GIVES_DETECTION = re.compile(
    r"\b(alert\w* (fired|went off|paged|caught|triggered)|(fired|paged) (us|me|within|after)"
    r"|we were (?:paged|alerted|told)|detected|noticed|spotted|found out|caught it"
    r"|(customer|support|user)s? (?:[\w-]+ ){0,2}(told|reported|complained|asked|pinged|emailed)"
    r"|(?:we|i) (?:first )?(?:saw|caught) it (?:on|in|through|from)\b"
    r"|(?:told|pinged|messaged|emailed|called|warned|notified)\s+(?:us|me|the team|on-?call)\b"
    r"|before (?:any|an|the) (?:alert|page|monitor)"
    r"|(?:we|i) (?:first )?(?:heard|learned|learnt) (?:about )?(?:it|of it)?\s*(?:from|in|on|when)"
    r"|(?:posted|complained|asked|reported) (?:it )?in (?:the |our |a )?[\w-]*\s*(?:channel|slack))",
    re.IGNORECASE,
)
_ASKS_OWN_ROLE = re.compile(
    r"which (part|parts|of (those|these|them)) .*\byours|what did you personally|your own part"
    r"|\bwere yours\b",
    re.I,
)
_GIVES_OWN_ROLE = re.compile(
    r"\b(my (call|decision|proposal|recommendation|part|responsibility)|I (decided|proposed|"
    r"chose|recommended|made the call|wrote the (design|comparison|proposal))"
    r"|I (personally |myself |then )?(built|wrote|designed|owned|own|implemented|set up|ran|"
    r"led|split|moved|migrated|added|introduced|rewrote|went with|pushed for)\b"
    r"|I (was|am) responsible for)\b",
    re.IGNORECASE,
)
_ASKS_DEPENDENCY = re.compile(r"\bwho outside your team\b", re.IGNORECASE)
# the team it depended on, named with what was agreed or taken to it: "The fix we agreed
# with the network team was a second interconnect", "the location service belongs to the
# courier team, so I took the numbers to their lead"
_TEAM = r"(?:the|their)\s+(?:[\w-]+\s+){1,2}?team\b"
_GIVES_DEPENDENCY = re.compile(
    rf"\b(?:agreed|negotiated|planned|worked it out)\s+with\s+{_TEAM}"
    rf"|\b(?:took|brought|showed|escalated)\b[^.?!]{{0,60}}\bto\s+{_TEAM}"
    rf"|\bbelongs\s+to\s+{_TEAM}[^.?!]{{0,80}}\b(?:agreed|took|told|showed|asked)\b",
    re.IGNORECASE,
)
_EXEC = r"(?:the\s+)?(?:cto|ceo|cfo|vp|board|execs?|executives?|leadership)\b"
_ASKS_PITCH = re.compile(rf"\bput (?:this|it|that) to {_EXEC}", re.IGNORECASE)
# how it would be put to them, already said: "I'd present it to the CTO as options with cost
# and risk: multi-region first, ..."
_GIVES_PITCH = re.compile(
    rf"\b(?:present|put|pitch|frame|show|bring|take)\w*\s+(?:it|this|that|them)\s+to\s+{_EXEC}"
    rf"[^.?!]{{0,40}}\b(?:as|with)\b",
    re.IGNORECASE,
)
_ASKS_AGREEMENT = re.compile(r"\bagree(d)?\b.*\bsettle\b|\bsuccess criteria\b", re.IGNORECASE)
_GIVES_AGREEMENT = re.compile(
    r"\b(agreed|agree)\b[^.?!]{0,120}\b(if|that|whether|threshold|before|up front|upfront|"
    r"in advance|beforehand)\b|\b(up front|upfront|in advance|beforehand)\b[^.?!]{0,60}\bagree"
    # "We agreed to run both for a week ... and compare p99 time to first frame"
    r"|\bagreed\s+(?:to|on)\s+(?:run|compare|measure|test|use|look|try|a|an|the|one)\b"
    r"|\b(?:would|will|to) settle (?:it|this|that|the (?:question|argument|debate))\b",
    re.IGNORECASE,
)
_ASKS_EVIDENCE = re.compile(
    r"besides your opinion|what (?:data|evidence) did you (?:bring|have|use)|what did you show",
    re.I,
)
# what was brought, already told: "I wrote down the three incidents from the last quarter ...
# and how long each took to fix, and showed him", "I pulled the numbers and presented them"
_BROUGHT = r"(?:showed|shared|presented|sent|brought|took)"
_GIVES_EVIDENCE = re.compile(
    r"\b(?:wrote down|pulled|gathered|collected|compiled|listed|counted|measured|benchmarked"
    rf"|ran (?:a |an )?(?:test|benchmark|load test|experiment|trial))\b[^.?!]{{0,160}}\b{_BROUGHT}\b"
    rf"|\b{_BROUGHT}\s+(?:him|her|them|the team|my (?:lead|manager|boss))\b[^.?!]{{0,60}}"
    r"\b(?:numbers|data|graphs?|incidents|outages|results|benchmark|measurements)\b",
    re.IGNORECASE,
)
_ASKS_OTHER_VIEW = re.compile(
    r"argument on their side|their (?:best|strongest) (?:argument|point|case)|\bsteelman", re.I
)
# the other side's reason, already told: "my lead wanted to keep updating plugins directly on
# production because staging copies take time to refresh"
_GIVES_OTHER_VIEW = re.compile(
    r"\b(?:(?i:he|she|they|my (?:lead|manager|boss|colleague)|the (?:other|product) team)"
    r"|[A-Z][a-z]+)\s+(?i:wanted|thought|argued|said|preferred|believed|felt|worried)\b"
    r"[^.?!]{0,120}\b(?i:because|since|as)\b"
    r"|\b(?i:their|his|her) (?i:point|argument|reason|concern|worry) was\b",
)
_ASKS_FLOW = re.compile(
    r"follow one request|what does it touch|how (do |does )?(requests?|data) flows?", re.I
)
# two hops of a path in one sentence: "the API checks Redis first, on a miss it reads ... from
# Cassandra", "ingest ... writes to Kafka ... consumers read from Kafka and write to Cassandra"
_HOP = (
    r"\b(?:hits?|goes (?:to|through)|go (?:to|through)|sends?|writes? (?:\w+ )?(?:to|into)|reads? "
    r"(?:\w+ )?from|reads from|checks?|call(?:s|ed)?|quer(?:y|ies|ied)|forwards?|routes? (?:\w+ )?to"
    # "The search request comes into Django, we check Redis ... then we fan out to the three
    # partner APIs"
    r"|comes? (?:in(?:to)?|through)|fans? out (?:to|across)|look(?:s|ed)? up|behind|in front|then"
    # "it talks to our existing checkout API in Node, which talks to Stripe for payments"
    r"|talks? to|talking to|pass(?:es)? (?:\w+ )?to|hands? (?:\w+ )?(?:off )?to"
    # a batch job's data: "pulls the catalog from Postgres ... uploads it to Elasticsearch"
    r"|(?:pull|fetch|upload|push|load|ship|stream|publish|consum|cop[yi])\w*\s+(?:[\w-]+\s+){0,3}?"
    r"(?:from|to|into|onto)|feeds?)\b"
)
_GIVES_FLOW = re.compile(_HOP + r"[^.?!]{1,120}?" + _HOP, re.IGNORECASE)
_ASKS_WEAK_POINT = re.compile(
    r"broken first|break first|bottleneck|single point of failure|weakest|fall over first", re.I
)
_GIVES_WEAK_POINT = re.compile(
    r"\b(weak(est)? (point|spot|link)|bottleneck|single point of failure|the limit\b|"
    r"(would|will) (have )?(broken|failed|fallen over|gone|give out|given out|run out) first|"
    r"\b(gives?|gave) out first|first to (break|go|fail|give out)|"
    r"\d+ ?% of (its |our |the )?(\w+ )?(capacity|limit|headroom))",
    re.IGNORECASE,
)
_ASKS_NARROWING = re.compile(
    r"where the problem was|narrow (?:it|the cause|that) down|how did you find (?:the|where)", re.I
)
_GIVES_NARROWING = re.compile(
    r"\bsplit(?:ting)?\s+(?:[\w-]+\s+){0,3}by\s+\w+|\bnarrow(?:ed|ing)\s+(?:it\s+)?down"
    r"|\bbisect\w*|\bruled\s+out\b|\bbroke\s+(?:it|the\s+[\w-]+)\s+down\s+by\b",
    re.IGNORECASE,
)
# the cause named ("dropped because their JSON had a field that clashed with a mapping",
# "but the client beacon pipeline itself was in the region we'd drained, so we were blind")
_GIVES_CAUSE = re.compile(
    r"\bbecause\s+(?:their|the|our|its|his|her|a|an|one|of|it|they|we)\b"
    r"|\b(?:turned out|the (?:root )?cause was|caused by|due to|it was the|the culprit)\b"
    r"|\bbut\s+[^.?!]{5,160}?,\s+so\s+(?:we|it|they|nothing|no|the)\b",
    re.IGNORECASE,
)
# and how it came to light ("A developer told us in Slack", "We found out from support
# tickets", "we compared the beacon ingest rate per region with the CDN request logs")
_FOUND_BY = re.compile(
    r"\b(?:found out|found it|told us|told me|reported it|flagged it|noticed|spotted|traced"
    r"|grepped|compared)\b|\bsupport tickets?\b",
    re.IGNORECASE,
)
_ASKS_TELLING = re.compile(r"who needs to hear from you|who did you (?:tell|update|inform)", re.I)
_GIVES_TELLING = re.compile(
    r"\b(incident channel|status page|posted|briefed|(?:told|updated|informed)\s+(?!us\b|me\b)\w+)",
    re.IGNORECASE,
)
_ASKS_INSIDE = re.compile(r"what exactly is inside|\bnot inside\b", re.IGNORECASE)
# two things a client's time holds that the server's does not, named in one sentence as the
# client's: "A's client side first - connection pool waits, DNS, TLS handshakes"
_WAIT = (
    r"(?:connection pool|pool waits?|dns|tls|handshakes?|queu\w+|network|sidecar|proxy|"
    r"load balancer|serializ\w+|gc pauses?|retries)"
)
_GIVES_INSIDE = re.compile(  # said as the client's side, not as a tool's output ("curl -w to
    # split DNS, connect, TLS and server time" is the timing, not what A's time holds)
    rf"\b(?:client[- ]side|on A's side|waiting|waits)\b[^.?!]{{0,40}}\b{_WAIT}\b[^.?!]{{0,80}}"
    rf"\b{_WAIT}\b",
    re.IGNORECASE,
)
_ASKS_DONE = re.compile(
    r"\byou are done\b|\bcall it done\b|\bhow do you know you(?:'re| are) done", re.I
)
_GIVES_DONE = re.compile(  # "call it done when the scan of running digests is empty for two days"
    r"\b(?:done|finished|closed) (?:when|once|only when|only after)\b|\bcall it done\b"
    r"|\buntil (?:the |a )?(?:re-?)?scan\w*\b[^.?!]{0,60}\b(?:empty|clean|zero|nothing)\b"
    # the proof already named: "For proof I'd rerun Trivy across the registry and check it's
    # clean", "to confirm, the SBOM query has to come back empty"
    r"|\b(?:for proof|as proof|to prove|proof (?:is|would be)|to confirm|to verify|re-?run\w*"
    r"|re-?scan\w*)\b[^.?!]{0,80}\b(?:clean|empty|zero|nothing (?:left|found)"
    r"|no (?:\w+ )?(?:findings?|hits?|affected|vulnerable))\b",
    re.IGNORECASE,
)
_ASKS_NOISE = re.compile(r"\bnot just noise\b|\bjust noise\b|\bsignifican\w+", re.IGNORECASE)
# "The difference was under 3 ms, inside the day-to-day variation", "every hour we looked at,
# including quiet ones", "400 thousand traces", "so it wasn't noise"
_GIVES_NOISE = re.compile(
    r"\b(?:inside|within|above|beyond|outside|bigger than|larger than|more than)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}(?:variation|variance|noise|spread|error bars?|confidence interval)\b"
    r"|\b(?:was|is|wasn'?t|isn'?t|not)\s+(?:just\s+)?noise\b|\bstatistically\b|\bp-?value\b"
    r"|\bconfidence interval\b|\bevery (?:hour|day|run|window)\b",
    re.IGNORECASE,
)
_ASKS_CHOICE_RULE = re.compile(
    r"\bhow do you choose\b|\bhow (?:would|do) you (?:pick|decide) which\b", re.IGNORECASE
)
# the rule already given: "sort by total hours ... pick the top one or two by hours"
_GIVES_CHOICE_RULE = re.compile(
    r"\b(?:pick|choose|take|start with|automate|fix)\s+(?:the\s+)?(?:top|biggest|largest|"
    r"highest|worst)\b|\b(?:sort|rank|order)(?:ed|ing)?\s+(?:them\s+|it\s+)?by\b"
    r"|\bprioriti[sz]\w*\s+(?:them\s+)?by\b",
    re.IGNORECASE,
)
_ASKS_SOONER = re.compile(r"\bcaught it sooner\b|\bwould have caught\b", re.IGNORECASE)
# the missing signal named and why it was missing: "The signal that would have caught it
# sooner was a per-depot SLI weighted by volume; we didn't have it because we only sliced by
# region."
_GIVES_SOONER = re.compile(
    r"\b(?:would|could) have (?:caught|detected|flagged|spotted|shown) (?:it|this|that)\b"
    r"|\b(?:didn'?t|did not|never) have (?:it|that|one|them|such an? \w+)\b[^.?!]{0,40}\bbecause\b"
    # the missing signal named as what was added after: "After that we set up an alert on
    # checkout conversion per browser version"
    r"|\b(?:after that|afterwards|since then|now)\b,?\s+(?:we|i)\s+(?:\w+\s+){0,3}?"
    r"(?:alert|alarm|check|monitor|page|slo)\w*\s+(?:on|for|when)\b",
    re.IGNORECASE,
)
_ASKS_LASTING = re.compile(
    r"\bwhat changed afterwards\b|\bcould not happen the same way again\b"
    r"|\bprevent it from happening again\b|\bso it (?:could|would) not happen again\b"
    r"|\bstop the next team from doing the same\b",
    re.IGNORECASE,
)
# the lasting change told as what was done after the failure: "Now we alert when a team that
# usually deploys daily has zero deploys", "Afterwards we made beacon ingestion multi-region",
# "After that we started sending every flag change as an annotation into Grafana"
_GIVES_LASTING = re.compile(
    r"\b(?:now we|since then|from then on|ever since|afterwards|after that|these days"
    r"|to stop it happening again|so it (?:can'?t|couldn'?t|won'?t) happen again"
    # "To prevent it, a CI check on new labels and a per-target sample_limit."
    r"|to prevent (?:it|this|that)(?: from happening again| happening again| again)?"
    # "For the future, a sample_limit per scrape target and a lint in CI that rejects ..."
    r"|for the future|going forward|from now on)\b,?"
    r"[^.?!]{0,80}?\b(?:add\w*|alert\w*|mov\w*|made|make|chang\w*|buil\w*|wr[io]te|put"
    r"|run\w*|ran|check\w*|automat\w*|remov\w*|split|pinn\w*|requir\w*|start\w*|page\w*"
    r"|block\w*|test\w*|introduc\w*|replac\w*|enforc\w*|lint\w*|reject\w*|limit\w*|polic\w*"
    r"|guard\w*|review\w*)\b",
    re.IGNORECASE,
)
_ASKS_NO_FIX = re.compile(r"\bhas no fix yet\b|\bno (?:fix|patch) (?:yet|available)\b", re.I)
# what happens when no fix exists, already said: "block only criticals with a fix available,
# with a time-boxed exception process so teams aren't stuck"
_GIVES_NO_FIX = re.compile(
    r"\bwith\s+a\s+(?:fix|patch)\s+available\b|\bno\s+(?:fix|patch)\s+(?:yet|available)\b"
    r"|\bexception\s+(?:process|path|window)\b|\bwaivers?\b|\brisk\s+accept\w*",
    re.IGNORECASE,
)
_ASKS_HEADROOM = re.compile(
    r"\bhow close to (?:that|the|its) limit\b|\bhow much headroom\b", re.IGNORECASE
)
# how close to the limit, measured: "that Redis was already at about 40% CPU at Black Friday
# peak", "the primary reached 80% CPU at three times our traffic", "70% of the writes it can
# sustain" - a share of a resource, said as the load it was under
_RESOURCE = r"(?:cpu|memory|ram|capacity|utili[sz]ation|disk|iops|throughput|bandwidth|connections)"
_GIVES_HEADROOM = re.compile(
    rf"\b\d+(?:\.\d+)?\s?(?:%|percent|per cent)\s+(?:of\s+)?(?:(?:its|the|our|their)\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}?{_RESOURCE}\b"
    rf"|\b{_RESOURCE}\s+(?:was|were|sat|hit|reached|peaked|ran)\s+(?:at\s+)?(?:about\s+|around\s+"
    rf"|maybe\s+|roughly\s+)?\d+(?:\.\d+)?\s?(?:%|percent|per cent)"
    # the load the limit was hit at: "we hit 429s from that partner at about three times
    # normal traffic", "fell behind at 5x our peak"
    r"|\bat\s+(?:about\s+|around\s+|roughly\s+|maybe\s+)?(?:\d+(?:\.\d+)?|two|three|four|five"
    r"|six|ten)\s*(?:x|times)\s+(?:\w+\s+){0,2}?(?:traffic|load|volume|peak)\b"
    r"|\b\d+\s?(?:%|percent) of (?:the |its |our |their )?(?:[\w'\u2019]+ )?(?:limit|quota|capacity)\b"
    # a figure measured at the peak: "three mons on spinning disks already took 300 ms to
    # commit map updates at our peak, which we measured during the storm"
    r"|\b\d[\d.,]*\s?(?:%|ms|s|seconds|minutes|[kmg]b|qps|rps)?\b[^.?!]{0,80}?\b(?:at|during)\s+"
    r"(?:our\s+|the\s+|its\s+)?(?:peak|busiest\s+(?:hour|day|time))\b"
    r"|\b(?:at|during)\s+(?:our\s+|the\s+|its\s+)?(?:peak|busiest\s+(?:hour|day|time))\b"
    r"[^.?!]{0,80}?\b\d"
    # where it already stood, with how it was seen: "one instance syncing about 1,200
    # applications already took four minutes per full reconcile, which we saw on its
    # reconcile duration metric"
    r"|\balready\s+(?:took|was\s+at|ran\s+at|used|hit|reached|at)\s+(?:about\s+|around\s+)?"
    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b[^.?!]{0,80}?\b(?:saw|seen|measured"
    r"|metric|dashboard|graph|alert)\w*",
    re.IGNORECASE,
)
_CONTENT: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (_ASKS_HEADROOM, _GIVES_HEADROOM),
    (_ASKS_LASTING, _GIVES_LASTING),
    (_ASKS_SOONER, _GIVES_SOONER),
    (_ASKS_NARROWING, _GIVES_NARROWING),
    (_ASKS_TELLING, _GIVES_TELLING),
    (_ASKS_FLOW, _GIVES_FLOW),
    (_ASKS_WEAK_POINT, _GIVES_WEAK_POINT),
    (_ASKS_BASELINE, _GIVES_BASELINE),
    (_ASKS_ALTERNATIVES, _GIVES_ALTERNATIVES),
    (_ASKS_ALTERNATIVES, _GIVES_ALTERNATIVES_CHOICE),
    (_ASKS_FIRST_MOVE, _GIVES_FIRST_MOVE),
    (_ASKS_DETECTION, _GIVES_DETECTION),
    (_ASKS_OWN_ROLE, _GIVES_OWN_ROLE),
    (_ASKS_AGREEMENT, _GIVES_AGREEMENT),
    (_ASKS_EVIDENCE, _GIVES_EVIDENCE),
    (_ASKS_OTHER_VIEW, _GIVES_OTHER_VIEW),
    (_ASKS_DEPENDENCY, _GIVES_DEPENDENCY),
    (_ASKS_PITCH, _GIVES_PITCH),
    (_ASKS_INSIDE, _GIVES_INSIDE),
    (_ASKS_DONE, _GIVES_DONE),
    (_ASKS_NOISE, _GIVES_NOISE),
    (_ASKS_CHOICE_RULE, _GIVES_CHOICE_RULE),
    (_ASKS_NO_FIX, _GIVES_NO_FIX),
)


def gives_baseline(text: str) -> bool:
    """The words give a measured before/after ("30% → 85%", "from 15 minutes to under two")."""
    return _GIVES_BASELINE.search(text) is not None


def already_said(probe: str, said: str) -> bool:
    """``said`` (the exchange's answers) already gives what ``probe`` asks for."""
    if any(asks.search(probe) and gives.search(said) for asks, gives in _CONTENT):
        return True
    return bool(  # where the problem was: its cause and how it was found, both told
        _ASKS_NARROWING.search(probe) and _GIVES_CAUSE.search(said) and _FOUND_BY.search(said)
    )


@dataclass(frozen=True)
class Exchange:
    """The turns of one planned question, oldest first (see the module doc)."""

    question_id: str
    turns: tuple[Turn, ...]

    @classmethod
    def current(cls, state: InterviewState) -> Exchange | None:
        """The exchange of the question being asked (None before the first question)."""
        opening = next((t for t in state.turns if t.id == state.question_turn), None)
        if opening is None or opening.question_id is None:
            return None
        return cls.of(state, opening.question_id, since=opening.seq)

    @classmethod
    def of(cls, state: InterviewState, question_id: str, *, since: int = 0) -> Exchange:
        turns = tuple(t for t in state.turns if t.question_id == question_id and t.seq >= since)
        return cls(question_id, turns)

    @property
    def answers(self) -> list[Turn]:
        """The candidate's counted answers (no "sorry?", no skips)."""
        return [
            t for t in self.turns if t.speaker is Speaker.CANDIDATE and t.counted and not t.skipped
        ]

    @property
    def follow_ups(self) -> list[Turn]:
        return [t for t in self.turns if t.role is TurnRole.FOLLOW_UP]

    def is_first_answer(self, turn: Turn) -> bool:
        answers = self.answers
        return bool(answers) and answers[0].id == turn.id

    def prompt_of(self, answer: Turn) -> Turn | None:
        """The interviewer turn ``answer`` replied to."""
        prompt_id = answer.answers
        return next((t for t in self.turns if t.id == prompt_id), None)

    def text(self, upto: Turn | None = None) -> str:
        """Everything the candidate said in the exchange (up to and including ``upto``)."""
        said: list[str] = []
        for turn in self.answers:
            said.append(turn.text)
            if upto is not None and turn.id == upto.id:
                break
        return "\n".join(said)

    def earlier_answers(self, turn_id: str) -> list[ExchangeAnswer]:
        """The answers before ``turn_id``, each with the prompt it replied to (for the scorer);
        not one about something else, after which the question was put again."""
        earlier: list[ExchangeAnswer] = []
        for answer in self.answers:
            if answer.id == turn_id:
                break
            if answer.off_target:
                continue
            prompt = self.prompt_of(answer)
            earlier.append(ExchangeAnswer(answer.id, prompt.text if prompt else "", answer.text))
        return earlier

    def points_hit(self) -> set[str]:
        """Every key point any scored answer of the exchange evidenced."""
        hit: set[str] = set()
        for answer in self.answers:
            score = answer.score_obj()
            if score is not None and not answer.off_target:
                hit |= {h.key_point for h in score.key_points_hit}
        return hit

    def score(self, latest: Score) -> Score:
        """``latest`` as the exchange's score: key points evidenced earlier in the exchange are
        credited (their evidence names the answer it quotes) and no longer missed."""
        hits = {h.key_point: h for h in latest.key_points_hit}
        for answer in self.answers:
            earlier = answer.score_obj()
            if earlier is None or earlier is latest or answer.off_target:
                continue  # an answer about something else lends the exchange no credit
            for hit in earlier.key_points_hit:
                if hit.key_point not in hits:
                    hits[hit.key_point] = KeyPointHit(
                        hit.key_point,
                        [replace(e, turn_id=e.turn_id or answer.id) for e in hit.evidence],
                        hit.strength,
                    )
        missed = [kp for kp in latest.key_points_missed if kp not in hits]
        return replace(latest, key_points_hit=list(hits.values()), key_points_missed=missed)


def story_turns(state: InterviewState, exchange: Exchange) -> list[Turn]:
    """For a project question, the candidate's answers about the same project before
    ``exchange``: the intro that named it and the earlier project questions' answers. None
    for any other question."""
    opening = exchange.turns[0] if exchange.turns else None
    if opening is None or opening.kind is not QuestionKind.PROJECT:
        return []
    return told_of_the_project(state, opening.seq)


def told_of_the_project(
    state: InterviewState, before: int | None = None, *, intro: bool = True
) -> list[Turn]:
    """The candidate's counted answers to the intro (with ``intro``) and to project questions,
    before the turn numbered ``before`` (all of them when None)."""
    kinds = (QuestionKind.INTRO, QuestionKind.PROJECT) if intro else (QuestionKind.PROJECT,)
    return [
        t
        for t in state.turns
        if (before is None or t.seq < before)
        and t.kind in kinds
        and t.speaker is Speaker.CANDIDATE
        and t.counted
        and not t.skipped
    ]


def project_story(state: InterviewState) -> str:
    """What the candidate told in answer to the project questions so far (not the intro)."""
    return "\n".join(t.text for t in told_of_the_project(state, intro=False))


def story_before(state: InterviewState, exchange: Exchange) -> str:
    """What the candidate said of the same project before ``exchange`` (:func:`story_turns`):
    the alternatives told in "hardest decision" are not asked for again in the next project
    question. "" for any other question."""
    return "\n".join(t.text for t in story_turns(state, exchange))


# The candidate points the question at a story already told: "That was the Docker-in-Docker
# one I just described", "as I said", "the same incident"
_TOLD = r"(?:described|mentioned|told you about|talked (?:you )?(?:about|through)|went through|walked you through)"
_REFERS_BACK = re.compile(
    rf"\b(?:i|we)(?:'ve| have)?\s+(?:just|already)\s+{_TOLD}"
    rf"|\b(?:i|we)(?:'ve| have)?\s+{_TOLD}\s+(?:[\w-]+\s+){{0,4}}?(?:earlier|before|already|above)\b"
    rf"|\b(?:one|incident|outage|story|failure|break|problem)\s+(?:that\s+)?(?:i|we)(?:'ve| have)?"
    rf"\s+(?:just\s+)?{_TOLD}"
    r"|\bas i (?:just |already )?(?:said|mentioned|described|explained)\b"
    r"|\b(?:the|that) same (?:incident|outage|story|failure|break|problem)\b",
    re.IGNORECASE,
)


def refers_back(text: str) -> bool:
    """``text`` says that what it answers with was told earlier in the interview."""
    return _REFERS_BACK.search(text) is not None


def shared_words(text: str, other: str) -> int:
    """How many content words ``text`` shares with ``other``, by the scorer's own stems
    (``scoring.text.stem``: "rolled back" and "rollback", "alerts" and "alerting" meet)."""
    return len(set(content_stems(text)) & set(content_stems(other)))


def question_names(state: InterviewState) -> dict[str, str]:
    """Each question asked, by id, as the report names it to a person: by its number in the
    interview ("Q1"). What a flag says about another answer names it so, never by the
    catalog id ("in the answer to 'intro.system-you-ran'")."""
    names: dict[str, str] = {}
    asked = [t for t in state.turns if t.speaker is Speaker.INTERVIEWER]
    numbered = [t for t in asked if t.role is TurnRole.QUESTION]
    for number, turn in enumerate(numbered, start=1):
        if turn.question_id is not None and turn.question_id not in names:
            names[turn.question_id] = f"Q{number}"
    return names
