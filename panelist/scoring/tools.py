"""The tools an answer says it used, for what, and how firmly: "all our alerting ran on
Prometheus" (exclusive, alerting), "we never ran a service mesh" (never, the mesh category),
"Datadog was only there for APM" (exclusive, apm), "we moved off Jenkins" (a mention only).

Read once per text (cached); compared by :mod:`panelist.scoring.contradiction`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from panelist.scoring.quantities import EARLIER_ANSWERS_CACHED, frames
from panelist.scoring.text import STOP_WORDS, clause_of, stem

MAX_CHARS = 20_000

_KINDS_TEXT = """
monitoring: prometheus, datadog, new relic, newrelic, dynatrace, cloudwatch, zabbix, nagios,
  honeycomb, signalfx, appdynamics, victoriametrics, thanos, influxdb, graphite, stackdriver
logs: elasticsearch, loki, splunk, sumo logic, papertrail
log_shipping: logstash, fluentd, fluent bit, vector, filebeat
dashboards: grafana, kibana
tracing: jaeger, zipkin, tempo, lightstep, opentelemetry, x-ray
paging: alertmanager, pagerduty, opsgenie, victorops
ci_cd: jenkins, github actions, gitlab ci, circleci, travis, teamcity, buildkite, argo cd, argocd,
  spinnaker, flux
orchestration: kubernetes, k8s, nomad, ecs, eks, gke, aks, mesos, docker swarm
iac: terraform, pulumi, cloudformation
config: ansible, chef, puppet, saltstack
cloud: aws, gcp, azure, google cloud
secrets: vault, secrets manager, sops
mesh: istio, linkerd, consul connect
cni: cilium, calico, flannel, weave
load_balancer: haproxy, nginx, envoy, traefik, alb, albs, elb, f5
database: postgres, postgresql, mysql, aurora, mongodb, cassandra, dynamodb, cockroachdb
queue: kafka, rabbitmq, sqs, kinesis, pulsar
"""
TOOL_KINDS: dict[str, str] = {
    tool.strip(): kind
    for line in _KINDS_TEXT.replace(",\n", ",").strip().splitlines()
    for kind, tools in [line.split(":")]
    for tool in tools.split(",")
}
_ALIASES = {
    "newrelic": "new relic",
    "k8s": "kubernetes",
    "argocd": "argo cd",
    "postgresql": "postgres",
    "albs": "alb",
}
# A category named instead of a tool ("we never ran a service mesh") covers its tools.
_CATEGORIES: dict[str, tuple[str, frozenset[str]]] = {
    "service mesh": ("mesh", frozenset({"istio", "linkerd", "consul connect"})),
    "distributed tracing": (
        "tracing",
        frozenset({"jaeger", "zipkin", "tempo", "lightstep", "opentelemetry", "x-ray"}),
    ),
    "tracing": ("tracing", frozenset({"jaeger", "zipkin", "tempo", "lightstep", "x-ray"})),
    "gitops": ("ci_cd", frozenset({"argo cd", "flux"})),
    "load balancers": ("load_balancer", frozenset({"haproxy", "nginx", "envoy", "traefik", "f5"})),
    "config management": ("config", frozenset({"ansible", "chef", "puppet", "saltstack"})),
    "service discovery": ("discovery", frozenset({"consul"})),
}
_TOOL = re.compile(
    r"\b("
    + "|".join(re.escape(t) for t in sorted([*TOOL_KINDS, *_CATEGORIES], key=len, reverse=True))
    + r")\b",
    re.I,
)
# Scopes a tool is used for; "monitoring" encloses the observability ones.
_SCOPES: tuple[tuple[str, str], ...] = (
    ("alerting", r"alert\w*|paging|pages|on-?call"),
    ("metrics", r"metrics?|time[- ]series"),
    ("logs", r"logs?|logging"),
    ("tracing", r"trac(?:es|ing)|spans?"),
    ("apm", r"apm|application\s+performance"),
    ("dashboards", r"dashboards?|visuali[sz]\w*"),
    ("monitoring", r"monitoring|observability|telemetry"),
    ("ci_cd", r"ci|cd|builds?|pipelines?|deploy\w*|releases?"),
    ("iac", r"infrastructure|provisioning|infra"),
    ("database", r"databases?|datastores?"),
    ("secrets", r"secrets?|credentials"),
)
_SCOPE_RES = tuple((name, re.compile(r"\b(?:" + p + r")\b", re.I)) for name, p in _SCOPES)
OBSERVABILITY = frozenset({"alerting", "metrics", "logs", "tracing", "apm", "dashboards"})
_STRICT = re.compile(
    r"\b(?:only|exclusively|solely|all-in|nothing\s+(?:else|ran\s+anywhere\s+else)|"
    r"anywhere\s+else|nothing\s+but|100%|one\s+and\s+only)\b",
    re.I,
)
_EXCLUSIVE = re.compile(
    r"\b(?:all|entirely|everything|every|whole|sole|standardi[sz]ed|single)\b", re.I
)
_PRIMARY = re.compile(
    r"\b(?:primarily|mainly|mostly|most\s+of|main|primary|largely|predominantly)\b", re.I
)
_NEVER = re.compile(
    r"\b(?:never|none\s+of|no\s+one|nobody|had\s+no|have\s+no|no\s+(?:\w+\s+)?(?:at\s+all)|"
    r"(?:did|do|does|have|has|had|was|were)\s*(?:n[o']t|n’t|\s+not)|didn['’]t|don['’]t|"
    r"wasn['’]t|weren['’]t)\b",
    re.I,
)
_MENTION_ONLY = re.compile(
    r"\b(?:instead\s+of|rather\s+than|moved?\s+(?:off|away\s+from|from)|moving\s+(?:off|from)|"
    r"migrat\w+\s+(?:off|away\s+from|from)|replac\w+|consider\w*|evaluat\w*|rejected|ruled\s+out|"
    r"vs\.?|versus|compared|like|such\s+as|e\.g\.|if|would|could|might|before|used\s+to|"
    r"previously|was\s+going\s+to|retired|sunset\w*|deprecat\w*|trial\w*|pilot\w*|poc|"
    r"proof\s+of\s+concept|switch\w*\s+(?:off|from))\b",
    re.I,
)
# Advice, not an account of what was used: "scale up Prometheus", "my rule is: just use
# Datadog", "I'd run Loki", "you should move to Grafana".
_ADVICE = re.compile(
    r"^\W*(?:(?:[\w']+\s+){0,3}[\w']+\s*[:,]\s*)?(?:just\s+|simply\s+|always\s+|then\s+)?"
    r"(?:use|scale|add|run|switch|move|put|set\s+up|try|deploy|install|replace|keep|pick|"
    r"go\s+with|stick\s+with|buy|upgrade|shard|increase|throw|give|turn\s+on|enable|adopt)\b"
    r"|\b(?:i|we|you)['’]d\b|\b(?:should|shouldn['’]t|ought\s+to)\b",
    re.I,
)
# A plain statement of use has someone using the tool, a verb of using it, or a scope it is
# used for; without any, the clause says something about the tool ("Prometheus and Grafana
# have no licence cost"), not that it was used.
_USED = re.compile(
    r"\b(?:i|we|our|us|my|me|i['’]m|we['’]re|we['’]ve|ran|run|runs|running|used|uses|using|"
    r"deployed|adopted|operated|rolled\s+out|standardi[sz]ed|migrated\s+to|moved\s+to|"
    r"switched\s+to|went\s+with|picked|chose)\b",
    re.I,
)
_QUALIFIER = re.compile(
    r"\s*(?:for|in|on)\s+(?:the\s+|our\s+|any\s+)?([a-z][\w-]*)(?:\s+([a-z][\w-]*))?", re.I
)


_NEGATION_REACH = 5  # "we never got round to Vault": at most this many words apart


@dataclass(frozen=True)
class ToolUse:
    """One tool (or category of tools) named in one clause, with what the clause says of it."""

    tool: str  # "prometheus", or a category ("service mesh")
    kind: str
    members: frozenset[str]  # the tools a category covers; {tool} for a tool
    scopes: frozenset[str]  # alerting, metrics, ..., monitoring; "kind:<kind>" when none said
    scoped: bool  # the clause names what the tool was for
    narrowed: frozenset[str]  # words narrowing the scope ("application" logs, "audit" logs)
    stance: str  # strict | exclusive | primary | uses | never | mention
    qualifier: frozenset[str]  # "never used Datadog for logs": {"log"}
    frames: tuple[tuple[str, str], ...]
    clause: tuple[int, int]


@lru_cache(maxsize=EARLIER_ANSWERS_CACHED)
def tool_uses(text: str) -> tuple[ToolUse, ...]:
    """Every tool of ``text`` with its scope and stance, read once and cached by text."""
    text = text[:MAX_CHARS]
    uses: list[ToolUse] = []
    for match in _TOOL.finditer(text):
        name = match.group(1).lower()
        name = _ALIASES.get(name, name)
        if name in _CATEGORIES:
            kind, members = _CATEGORIES[name]
        else:
            kind, members = TOOL_KINDS[name], frozenset({name})
        clause = clause_of(text, match.start())
        words = text[clause[0] : clause[1]]
        stance = _stance(words, match.start() - clause[0], match.end() - clause[0])
        if name in _CATEGORIES and stance != "never":
            continue  # "our tracing was Jaeger": the tool says it
        qualifier = _QUALIFIER.match(text, match.end(), clause[1])
        uses.append(
            ToolUse(
                tool=name,
                kind=kind,
                members=members,
                scopes=_scopes(words) or frozenset({f"kind:{kind}"}),
                scoped=bool(_scopes(words)),
                narrowed=_narrowing(words),
                stance=stance,
                qualifier=frozenset(
                    stem(w.lower()) for w in (qualifier.groups() if qualifier else ()) if w
                )
                if stance == "never"
                else frozenset(),
                frames=frames(text, clause),
                clause=clause,
            )
        )
    return tuple(uses)


_NOT_NARROWING = frozenset(
    [
        "all",
        "our",
        "the",
        "my",
        "their",
        "its",
        "every",
        "each",
        "any",
        "no",
        "of",
        "for",
        "and",
        "or",
        "production",
        "prod",
        "whole",
        "entire",
        "main",
        "primary",
        "own",
    ]
)


def _narrowing(clause: str) -> frozenset[str]:
    """The word right before each scope word, when it narrows it ("audit logs")."""
    found: set[str] = set()
    for _, pattern in _SCOPE_RES:
        for match in pattern.finditer(clause):
            before = re.findall(r"[A-Za-z][\w-]*", clause[: match.start()])[-1:]
            if before and before[0].lower() not in _NOT_NARROWING:
                word = before[0].lower()
                if len(word) > 2 and not _TOOL.fullmatch(word) and word not in STOP_WORDS:
                    found.add(stem(word))
    return frozenset(found)


def _scopes(clause: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _SCOPE_RES if pattern.search(clause))


def _stance(clause: str, start: int, end: int) -> str:
    """How the clause holds the tool at ``clause[start:end]``."""
    if _MENTION_ONLY.search(clause) or _ADVICE.search(clause):
        return "mention"
    for match in _NEVER.finditer(clause):
        if match.end() <= start:  # "we never got round to Vault"
            if len(re.findall(r"\w+", clause[match.end() : start])) <= _NEGATION_REACH:
                return "never"
        elif re.fullmatch(r"\s*(?:was|were|is|are)?\s*", clause[end : match.start()]):
            return "never"  # "Datadog was never …", "Terraform didn't …"
    if _STRICT.search(clause):
        return "strict"
    if _EXCLUSIVE.search(clause):
        return "exclusive"
    if _PRIMARY.search(clause):
        return "primary"
    if not (_USED.search(clause) or _scopes(clause)):
        return "mention"  # "Prometheus and Grafana have no licence cost": said of the tool
    return "uses"
