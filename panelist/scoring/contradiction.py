"""Contradictions between this answer and earlier answers of the same interview.

Three kinds, each quoted from both answers:

* the same number attached to two different things ("cut MTTR by 60%" / "cut costs by 60%");
* the same metric given two different numbers ("team of 15 engineers" / "team of 20 engineers");
* a tool said to be *the* one for a purpose ("primarily Prometheus" for alerting) while
  another answer names a different tool of the same kind for that purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from panelist.scoring.text import Token, content_tokens, sentences, tokenize
from panelist.scoring.types import Evidence, Flag, FlagDetail, PriorAnswer

MAX_CHARS = 20_000
_WINDOW = 6  # content words either side of a number that say what it measures
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(%|percent\b)?")
_WORD_NUMBERS = {
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "fifty": "50",
    "hundred": "100",
}
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.I)
# Metric words: the same one with different numbers across answers is a contradiction.
_METRICS = frozenset(
    [
        "uptime",
        "availability",
        "mttr",
        "mttd",
        "latency",
        "error",
        "engineer",
        "team",
        "outage",
        "incident",
        "deploy",
        "cost",
        "response",
        "recovery",
        "headcount",
        "customer",
        "user",
        "server",
        "node",
        "cluster",
        "service",
    ]
)
_TRIVIAL_NUMBERS = frozenset({"0", "1", "100", "2"})
_TOOL_KINDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "prometheus",
            "datadog",
            "new relic",
            "dynatrace",
            "cloudwatch",
            "zabbix",
            "nagios",
            "splunk",
            "honeycomb",
            "signalfx",
            "appdynamics",
            "victoriametrics",
        ),
        "monitoring",
    ),
    **dict.fromkeys(("grafana", "kibana"), "dashboards"),
    **dict.fromkeys(("alertmanager", "pagerduty", "opsgenie", "victorops"), "alerting"),
    **dict.fromkeys(
        (
            "jenkins",
            "github actions",
            "gitlab ci",
            "circleci",
            "travis",
            "teamcity",
            "buildkite",
            "argo cd",
            "argocd",
            "spinnaker",
        ),
        "ci_cd",
    ),
    **dict.fromkeys(("kubernetes", "nomad", "ecs", "mesos", "docker swarm"), "orchestration"),
    **dict.fromkeys(("terraform", "pulumi", "cloudformation", "ansible", "chef", "puppet"), "iac"),
    **dict.fromkeys(("aws", "gcp", "azure", "google cloud"), "cloud"),
}
_EXCLUSIVE = re.compile(
    r"\b(?:primarily|mainly|mostly|only|exclusively|entirely|solely|standardi[sz]ed\s+on|"
    r"our\s+(?:main|primary|sole|only)\s+\w+(?:\s+\w+)?\s+(?:was|is))\b",
    re.I,
)
_TOOL = re.compile(r"\b(" + "|".join(re.escape(t) for t in _TOOL_KINDS) + r")\b", re.I)


@dataclass(frozen=True)
class _Claim:
    number: str
    percent: bool
    about: frozenset[str]
    span: tuple[int, int]


def _claims(text: str) -> list[_Claim]:
    tokens = tokenize(text)
    claims: list[_Claim] = []
    matches = [(m.start(), m.end(), m.group(1), bool(m.group(2))) for m in _NUMBER.finditer(text)]
    matches += [
        (m.start(), m.end(), _WORD_NUMBERS[m.group(1).lower()], False)
        for m in _WORD_NUMBER.finditer(text)
    ]
    for start, end, number, percent in matches:
        if number in _TRIVIAL_NUMBERS and not percent:
            continue
        s, e = next(((a, b) for a, b in sentences(text) if a <= start < b), (0, len(text)))
        about = _about(tokens, start, end, s, e)
        if about:
            claims.append(_Claim(number, percent, about, (s, e)))
    return claims


def _about(tokens: list[Token], start: int, end: int, s: int, e: int) -> frozenset[str]:
    inside = [t for t in content_tokens(tokens) if s <= t.start < e and not t.text[0].isdigit()]
    before = [t for t in inside if t.end <= start][-_WINDOW:]
    after = [t for t in inside if t.start >= end][:_WINDOW]
    return frozenset(t.stem for t in before + after)


def _quote(text: str, span: tuple[int, int]) -> Evidence:
    return Evidence(text[span[0] : span[1]], span[0], span[1])


def number_contradictions(text: str, prior: PriorAnswer) -> Iterable[FlagDetail]:
    earlier = prior.answer[:MAX_CHARS]
    for new in _claims(text):
        for old in _claims(earlier):
            if new.percent != old.percent:
                continue
            shared_metric = (new.about & old.about) & _METRICS
            if new.number == old.number and new.percent and not (new.about & old.about):
                yield FlagDetail(
                    Flag.CONTRADICTION,
                    f"{new.number}% is attached to different things here and in the answer "
                    f"to {prior.question_id!r}.",
                    [_quote(text, new.span), _quote(earlier, old.span)],
                )
                return
            if shared_metric and new.number != old.number and not _same_sentence_pair(new, text):
                metric = sorted(shared_metric)[0]
                yield FlagDetail(
                    Flag.CONTRADICTION,
                    f"'{metric}' is given as {new.number} here but {old.number} in the answer "
                    f"to {prior.question_id!r}.",
                    [_quote(text, new.span), _quote(earlier, old.span)],
                )
                return


def _same_sentence_pair(claim: _Claim, text: str) -> bool:
    """'from 99.9% to 99.99%' states two numbers of one metric on purpose."""
    sentence = text[claim.span[0] : claim.span[1]].lower()
    return bool(re.search(r"\bfrom\b[^.]*\bto\b", sentence))


def _tools(text: str) -> list[tuple[str, str, int, int, bool]]:
    """(tool, kind, start, end, said to be the main one) for each tool named."""
    found = []
    for match in _TOOL.finditer(text):
        tool = match.group(1).lower()
        s, e = next(((a, b) for a, b in sentences(text) if a <= match.start() < b), (0, len(text)))
        window = text[max(s, match.start() - 40) : match.start()]
        exclusive = _EXCLUSIVE.search(window) is not None
        found.append((tool, _TOOL_KINDS[tool], s, e, exclusive))
    return found


def self_tool_contradictions(text: str) -> Iterable[FlagDetail]:
    """Within one answer: "primarily Prometheus" and, elsewhere, "our stack (Datadog)"."""
    tools = _tools(text)
    for tool, kind, s, e, exclusive in tools:
        if not exclusive:
            continue
        for other, other_kind, os_, oe, _ in tools:
            if other_kind == kind and other != tool and os_ != s:
                yield FlagDetail(
                    Flag.CONTRADICTION,
                    f"{tool} is said to be the main {kind} tool, yet {other} is named for the "
                    "same purpose in the same answer.",
                    [Evidence(text[s:e], s, e), Evidence(text[os_:oe], os_, oe)],
                )
                return


def tool_contradictions(text: str, prior: PriorAnswer) -> Iterable[FlagDetail]:
    earlier = prior.answer[:MAX_CHARS]
    new_tools, old_tools = _tools(text), _tools(earlier)
    for first, second, first_text, second_text in (
        (new_tools, old_tools, text, earlier),
        (old_tools, new_tools, earlier, text),
    ):
        for tool, kind, s, e, exclusive in first:
            if not exclusive:
                continue
            others = [t for t in second if t[1] == kind and t[0] != tool]
            if others and not any(t[0] == tool for t in second):
                other = others[0]
                evidence = [
                    Evidence(first_text[s:e], s, e),
                    Evidence(second_text[other[2] : other[3]], other[2], other[3]),
                ]
                if first_text is not text:
                    evidence.reverse()
                yield FlagDetail(
                    Flag.CONTRADICTION,
                    f"{tool} is said to be the main {kind} tool in one answer, "
                    f"{other[0]} in the answer to {prior.question_id!r}.",
                    evidence,
                )
                return


def contradictions(answer: str, prior_answers: list[PriorAnswer]) -> list[FlagDetail]:
    """Contradictions within ``answer`` (both spans in it), then with each earlier answer
    (the first span in ``answer``, the second in the earlier answer)."""
    return self_contradictions(answer) + prior_contradictions(answer, prior_answers)


def self_contradictions(answer: str) -> list[FlagDetail]:
    return list(self_tool_contradictions(answer[:MAX_CHARS]))


def prior_contradictions(answer: str, prior_answers: list[PriorAnswer]) -> list[FlagDetail]:
    text = answer[:MAX_CHARS]
    found: list[FlagDetail] = []
    for prior in prior_answers:
        found.extend(number_contradictions(text, prior))
        found.extend(tool_contradictions(text, prior))
    return found
