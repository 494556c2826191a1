"""Contradictions: two statements about the same thing that cannot both be true.

Two kinds, each quoted from both answers as whole clauses:

* **numbers** — the same attribute of the same subject, in the same unit and the same role,
  given two values that differ beyond rounding: "a team of 15 engineers" / "my team of 20
  engineers", "cut MTTR by 60%" / "cut MTTR by 80%". A window is not a latency ("1h/5m"
  vs "300 ms"), a count of people is not a time ("5 engineers" / "5 minutes"), a before
  value is not an after value, and an approximation is not contradicted by a close number
  (:mod:`panelist.scoring.quantities` reads each number once);
  A part is not its whole ("the other two regions", "40 of those nodes", "20 more nodes"),
  nor is a point on a scale ("the trend line crossed 6 minutes at around 150 services") or a
  projection ("we'd need 400 nodes at ten times the traffic"); a part is compared with its
  whole only as a part: "the other two" needs at least three;
* **tools** — one statement says a tool is *the* one for a scope ("all our alerting ran on
  Prometheus", "standardised on Datadog for all monitoring") and another, for the same or an
  enclosing scope, names a different tool of the same kind as the one, or says the first
  tool was never used ("we never ran Prometheus"). "Prometheus for alerting" and "Datadog
  for APM" are two scopes, not a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from panelist.scoring.events import conflict, event_claims
from panelist.scoring.quantities import Quantity, quantities
from panelist.scoring.text import STOP_WORDS, stem
from panelist.scoring.tools import OBSERVABILITY, ToolUse, tool_uses
from panelist.scoring.types import Evidence, Flag, FlagDetail, InterviewContext, PriorAnswer

MAX_CHARS = 20_000
EXACT_TOLERANCE = 0.1  # relative difference two exact numbers of one thing may have (rounding)
APPROXIMATE_RATIO = 2.0  # an approximate number is contradicted only by one twice as far


def _scopes_meet(a: ToolUse, b: ToolUse) -> bool:
    """A scope in common, or general monitoring around a specific observability one."""
    if a.scopes & b.scopes:
        return True
    return ("monitoring" in a.scopes and bool(b.scopes & OBSERVABILITY)) or (
        "monitoring" in b.scopes and bool(a.scopes & OBSERVABILITY)
    )


def frames_meet(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> bool:
    """No frame category (when, environment, employer) in which the two differ."""
    for categories in (("time", "year"), ("env",), ("employer",)):
        mine = {v for c, v in a if c in categories}
        theirs = {v for c, v in b if c in categories}
        if mine and theirs and not mine & theirs:
            return False
    return True


def _as_written(tool: str, text: str) -> str:
    """The tool as the candidate wrote it ("Prometheus", not "prometheus"), when they did."""
    found = re.search(rf"(?<![\w-]){re.escape(tool)}(?![\w-])", text, re.IGNORECASE)
    return found.group(0) if found is not None else tool


def _tool_conflict(a: ToolUse, b: ToolUse, a_text: str, b_text: str) -> str | None:
    """Why ``a`` and ``b`` cannot both be true, or None."""
    if "mention" in (a.stance, b.stance) or not frames_meet(a.frames, b.frames):
        return None
    if a.narrowed and b.narrowed and not a.narrowed & b.narrowed:
        return None  # "application logs" and "audit logs" are two scopes
    if (a.stance == "never") != (b.stance == "never"):
        denied, said = (a, b) if a.stance == "never" else (b, a)
        denied_text, said_text = (a_text, b_text) if denied is a else (b_text, a_text)
        if not denied.members & said.members:
            return None
        if denied.qualifier and not _says_any(said_text, said.clause, denied.qualifier):
            return None  # "never used Datadog for logs" vs "Datadog for APM"
        if denied.scoped and said.scoped and not _scopes_meet(denied, said):
            return None  # "Terraform didn't touch releases" vs "Terraform for infrastructure"
        del denied_text
        shown = _as_written(said.tool, said_text)
        return f"{shown} is said to be used in one statement, never used in the other."
    if a.tool == b.tool or "never" in (a.stance, b.stance):
        return None
    if a.kind != b.kind or not _scopes_meet(a, b):
        return None
    stances = {a.stance, b.stance}
    if stances & {"strict", "exclusive"} or stances == {"primary"}:
        scope = sorted(a.scopes & b.scopes or a.scopes)[0].removeprefix("kind:")
        first, second = _as_written(a.tool, a_text), _as_written(b.tool, b_text)
        return f"{first} and {second} are each said to be the {scope} tool."
    return None


def _says_any(text: str, clause: tuple[int, int], stems: frozenset[str]) -> bool:
    words = re.findall(r"[A-Za-z][\w-]*", text[clause[0] : clause[1]])
    return bool({stem(w.lower()) for w in words} & stems)


# ------------------------------------------------------------------ numbers


_EVENT = re.compile(
    r"\b(?:migrat\w*|mov\w*|exit\w*|switch\w*|launch\w*|upgrad\w*|cutover|adopt\w*|"
    r"finish\w*|complet\w*|shut\w*|retir\w*|decommission\w*|happened|started)\b",
    re.I,
)


def _same_thing(a: Quantity, b: Quantity) -> bool:
    """Both numbers are of one holder, narrowed the same way, in the same frame."""
    if a.holder is not None and b.holder is not None and a.holder != b.holder:
        return False
    if a.kind == "count" and (a.holder is None) != (b.holder is None):
        named = a.holder or b.holder
        if named != "fleet":
            return False  # "40 services" may be more than "12 services on the mesh"
    if a.subject and b.subject:
        if not a.subject & b.subject:
            return False
    elif a.subject or b.subject:
        vague = a if not a.subject else b
        if a.kind == "count" and not (vague.definite and a.holder == b.holder):
            return False  # "40 services" may be more than "12 services on the mesh"
    return _same_frame(a, b)


def _same_frame(a: Quantity, b: Quantity) -> bool:
    return frames_meet(a.frames, b.frames)


def _differ(a: Quantity, b: Quantity) -> bool:
    x, y = a.value, b.value
    if a.kind == "year":
        return x != y
    if a.kind == "percent" and a.attribute == "availability" and a.role != "change":
        x, y = 100.0 - x, 100.0 - y  # nines: compare the downtime
    low, high = sorted((abs(x), abs(y)))
    if high == 0:
        return False
    if a.approximate or b.approximate:
        return low == 0 or high / low >= APPROXIMATE_RATIO
    return (high - low) / high > EXACT_TOLERANCE


def _number_conflict(a: Quantity, b: Quantity, a_text: str, b_text: str) -> bool:
    if not (a.comparable and b.comparable and a.kind == b.kind and a.unit == b.unit):
        return False
    if a.attribute != b.attribute or not _differ(a, b):
        return False
    if a.attribute == "year":
        return _same_event(a, b, a_text, b_text)
    if a.role != b.role or (a.anaphoric and b.anaphoric):
        return False  # "that alone cut MTTR by 60%": the effect of what that answer described
    if (a.anaphoric or b.anaphoric) and not _part_exceeds(a, b):
        return False  # one change's share of a whole: "we cut MTTR by 60%" / "that cut it 40%"
    if (a.inferred or b.inferred) and not (
        a.subject & b.subject or (a.holder is not None and a.holder == b.holder)
    ):
        return False  # "4 TB" and "200 GB" of what? Only the same named thing conflicts
    if a.each != b.each:
        return False  # "each canary step ran for 90 seconds" is one step, not the whole year
    if a.head is not None and b.head is not None and a.head != b.head and not a.each:
        return False  # "the canary analysis ran" and "the canary pilot ran": two things (of
        # two times each of many, "each step of the analysis" names the same step by its whole)
    return _same_thing(a, b)


def _part_exceeds(a: Quantity, b: Quantity) -> bool:
    """A change credited to "that" is a share of the change given without one ("We cut MTTR
    by 60% that year" / "That alone cut MTTR by 80%"): it conflicts only by being larger."""
    part, whole = (a, b) if a.anaphoric else (b, a)
    return abs(part.value) > abs(whole.value)


def _outgrows(part: Quantity, whole: Quantity) -> bool:
    """A part that needs more than the whole it is taken from: "we only ever had two regions"
    vs "the other two regions took the traffic" (the other two and the drained one are three).
    The part names its whole by pointing back at it ("those nodes", "the other two"), so a
    holder or a subject is compared only when both statements give one."""
    least = part.whole_at_least
    if part.role != "part" or least is None or part.hypothetical or whole.role != "value":
        return False
    if not (whole.comparable and whole.kind == part.kind == "count" and whole.unit == part.unit):
        return False
    if part.holder is not None and whole.holder is not None and part.holder != whole.holder:
        return False
    if part.subject and whole.subject and not part.subject & whole.subject:
        return False
    if not _same_frame(part, whole) or least <= whole.value:
        return False
    return not whole.approximate or least / whole.value >= APPROXIMATE_RATIO


def _same_event(a: Quantity, b: Quantity, a_text: str, b_text: str) -> bool:
    """Two years of one event: both clauses say something happened (moved, exited, ...)
    and share a distinctive word for what ("Consul", "data centre")."""
    first, second = a_text[a.clause[0] : a.clause[1]], b_text[b.clause[0] : b.clause[1]]
    if not (_EVENT.search(first) and _EVENT.search(second)):
        return False
    shared = _distinctive(first) & _distinctive(second)
    return bool(shared)


def _distinctive(clause: str) -> set[str]:
    return {
        stem(w)
        for w in re.findall(r"[A-Za-z]+", clause)
        if len(w) > 2
        and w.lower() not in STOP_WORDS
        and not _EVENT.fullmatch(w)
        and w.lower() not in {"joined", "year", "years", "after", "back", "completely", "right"}
    }


def _identified_conflict(a: Quantity, b: Quantity) -> str | None:
    """ "The 40% was our cloud bill" / "That 40% was the drop in alert volume": one number,
    identified with two different things."""
    if a.identified_as is None or b.identified_as is None:
        return None
    if a.kind != b.kind or _differ(a, b) or a.kind in {"plain", "year"}:
        return None
    first, second = _described(a.identified_as), _described(b.identified_as)
    if first is not None and second is not None and first != second:
        return f"{a.shown} is said to be the {first} in one statement and the {second} in the other"
    env_a = set(re.findall(r"\b(staging|production)\b", a.identified_as, re.I))
    env_b = set(re.findall(r"\b(staging|production)\b", b.identified_as, re.I))
    if env_a and env_b and not env_a & env_b:
        return f"{a.shown} is said to be {sorted(env_a)[0]} in one statement and {sorted(env_b)[0]} in the other"
    return None


_DESCRIBED = (
    ("detection time", r"detect\w*|notic\w*"),
    ("rollback time", r"roll(?:ing|ed)?\s*back|rollback"),
    ("recovery time", r"recover\w*|restor\w*"),
    ("latency SLO", r"latency\s+slo"),
    ("availability SLO", r"availability\s+slo"),
    ("p99", r"p99|99th"),
    ("median", r"median|p50"),
    ("cloud bill", r"cloud\s+bill|cost|spend"),
    ("alert volume", r"alert\s+volume|alerts|pages"),
    ("cache hit ratio", r"cache\s+hit"),
    ("disk utilisation", r"disk"),
    ("cpu utilisation", r"cpu"),
    ("error rate", r"error\s+rate"),
)


def _described(description: str) -> str | None:
    """What an identification names: the first known thing in its words."""
    best: tuple[int, str] | None = None
    for name, pattern in _DESCRIBED:
        match = re.search(r"\b(?:" + pattern + r")", description, re.I)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    return None if best is None else best[1]


def _also_said(quantity: Quantity, others: Iterable[Quantity]) -> bool:
    """The other text gives this very value for the same attribute (in any role)."""
    return any(
        o.attribute == quantity.attribute
        and (o.role == quantity.role or "value" in (o.role, quantity.role))
        and o.kind == quantity.kind
        and not _differ(o, quantity)
        and _same_thing(o, quantity)
        for o in others
    )


def _reconciled(old: Quantity, new_quantities: Iterable[Quantity], new_text: str) -> bool:
    """The new answer points back at the earlier number as a bare figure ("the 12 were the
    whole operations group"): it is explaining the two figures, not contradicting the earlier
    one. A figure restated with an attribute of its own ("ninety percent was the disk
    utilisation") is a claim, and is compared as usual."""
    return any(
        q.kind == "plain"
        and q.attribute is None
        and q.value == old.value
        and re.search(
            r"\b(?:the|that|those)\s+" + re.escape(q.shown) + r"\s+(?:was|were|is|are|meant)\b",
            new_text[q.clause[0] : q.clause[1]],
            re.I,
        )
        is not None
        for q in new_quantities
    )


# ------------------------------------------------------------------ flags


def _evidence(text: str, span: tuple[int, int], turn_id: str | None = None) -> Evidence:
    return Evidence(text[span[0] : span[1]], span[0], span[1], turn_id)


def _pairs(
    new_text: str, old_text: str, where: str, turn_id: str | None, *, same_text: bool
) -> list[FlagDetail]:
    """At most one number and one tool contradiction between two texts."""
    found = [
        f
        for f in (
            _number_pair(new_text, old_text, where, turn_id, same_text=same_text),
            _tool_pair(new_text, old_text, where, turn_id, same_text=same_text),
        )
        if f is not None
    ]
    if not found:
        event = _event_pair(new_text, old_text, where, turn_id, same_text=same_text)
        found += [event] if event is not None else []
    return found


def _event_pair(
    new_text: str, old_text: str, where: str, turn_id: str | None, *, same_text: bool
) -> FlagDetail | None:
    """One act affirmed in one statement and denied in the other (scoring.events)."""
    old_claims = event_claims(old_text)
    for new in event_claims(new_text):
        for old in old_claims:
            if same_text and new.clause == old.clause:
                continue
            if conflict(new, old) and frames_meet(new.frames, old.frames):
                here, there = ("said", "denied") if new.affirmed else ("denied", "said")
                return FlagDetail(
                    Flag.CONTRADICTION,
                    f"{new.act[0].upper()}{new.act[1:]}: {here} here, {there} {where}.",
                    [_evidence(new_text, new.clause), _evidence(old_text, old.clause, turn_id)],
                )
    return None


def _number_pair(
    new_text: str, old_text: str, where: str, turn_id: str | None, *, same_text: bool
) -> FlagDetail | None:
    new_q, old_q = quantities(new_text), quantities(old_text)
    reconciled: dict[int, bool] = {}  # by the earlier quantity: the same for every new one
    for new in new_q:
        for index, old in enumerate(old_q):
            if same_text and new.clause == old.clause:
                continue
            if index not in reconciled:
                reconciled[index] = _reconciled(old, new_q, new_text)
            if reconciled[index]:
                continue
            if _number_conflict(new, old, new_text, old_text) and not _also_said(new, old_q):
                detail = f"'{_label(new)}' is given as {new.shown} here but {old.shown} {where}."
            elif _outgrows(new, old):
                detail = (
                    f"'{_label(old)}' is given as {old.shown} {where}, but {new.shown} here "
                    f"are only part of them, so there are at least {new.whole_at_least:g}."
                )
            elif _outgrows(old, new):
                detail = (
                    f"'{_label(new)}' is given as {new.shown} here, but {old.shown} {where} "
                    f"are only part of them, so there are at least {old.whole_at_least:g}."
                )
            elif (identified := _identified_conflict(new, old)) is not None:
                detail = f"{identified} ({where})."
            else:
                continue
            evidence = [_evidence(new_text, new.clause), _evidence(old_text, old.clause, turn_id)]
            return FlagDetail(Flag.CONTRADICTION, detail, evidence)
    return None


def _label(quantity: Quantity) -> str:
    """How a message names the attribute ("team size", "p99 latency", "nodes")."""
    attribute = quantity.attribute or "value"
    if quantity.kind == "count":
        counted = "team size" if attribute == "people" else f"number of {attribute}s"
        return f"{quantity.holder} {counted}" if quantity.holder not in {None, "team"} else counted
    if attribute.startswith("latency:"):
        return f"{attribute.split(':')[1]} latency"
    return attribute


def _tool_pair(
    new_text: str, old_text: str, where: str, turn_id: str | None, *, same_text: bool
) -> FlagDetail | None:
    new_t, old_t = tool_uses(new_text), tool_uses(old_text)
    for new_use in new_t:
        for old_use in old_t:
            if same_text and new_use.clause == old_use.clause:
                continue
            reason = _tool_conflict(new_use, old_use, new_text, old_text)
            if reason is None or _names_both(new_use, old_use, old_t, new_t):
                continue
            return FlagDetail(
                Flag.CONTRADICTION,
                f"{reason[:-1]} ({where}).",
                [
                    _evidence(new_text, new_use.clause),
                    _evidence(old_text, old_use.clause, turn_id),
                ],
            )
    return None


def _names_both(
    new_use: ToolUse, old_use: ToolUse, old_t: tuple[ToolUse, ...], new_t: tuple[ToolUse, ...]
) -> bool:
    """Each statement also names the other tool for the same scope: a stack, not a conflict
    (unless one says it was the only tool)."""
    if new_use.tool == old_use.tool or "never" in (new_use.stance, old_use.stance):
        return False
    if "strict" in (new_use.stance, old_use.stance):
        return False
    return any(
        u.tool == new_use.tool and u.scopes & old_use.scopes and u.stance != "mention"
        for u in old_t
    ) or any(
        u.tool == old_use.tool and u.scopes & new_use.scopes and u.stance != "mention"
        for u in new_t
    )


def earlier_answers(context: InterviewContext | None) -> list[PriorAnswer]:
    """The answers an answer may contradict: other questions' and this exchange's earlier ones."""
    if context is None:
        return []
    exchange = [
        PriorAnswer("this question", e.prompt, e.answer, turn_id=e.turn_id)
        for e in context.exchange
    ]
    return [*context.prior_answers, *exchange]


def contradictions(answer: str, prior_answers: list[PriorAnswer]) -> list[FlagDetail]:
    """Contradictions within ``answer`` (both spans in it), then with each earlier answer
    (the first span in ``answer``, the second in the earlier answer, named by its turn_id)."""
    return self_contradictions(answer) + prior_contradictions(answer, prior_answers)


def self_contradictions(answer: str) -> list[FlagDetail]:
    text = answer[:MAX_CHARS]
    return _pairs(text, text, "elsewhere in the same answer", None, same_text=True)


def prior_contradictions(answer: str, prior_answers: list[PriorAnswer]) -> list[FlagDetail]:
    text = answer[:MAX_CHARS]
    found: list[FlagDetail] = []
    for prior in prior_answers:
        if prior.question_id == "this question":
            where = "in an earlier answer to this question"
        else:  # named as the report names it, never by its id ("'intro.system-you-ran'")
            where = f"in the answer to {prior.name}" if prior.name else "in an earlier answer"
        found.extend(_pairs(text, prior.answer[:MAX_CHARS], where, prior.turn_id, same_text=False))
    return found


def contradicts(earlier: str, later: str) -> FlagDetail | None:
    """The first contradiction between two statements (for the labelled-pairs benchmark)."""
    found = _pairs(
        later[:MAX_CHARS], earlier[:MAX_CHARS], "in the earlier one", None, same_text=False
    )
    return found[0] if found else None
