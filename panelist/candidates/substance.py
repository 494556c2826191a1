"""What a simulated answer says about a key point, before any voice or misbehaviour.

The substance of a point comes from one of two places, never from the rubric's own wording:

* project and behavioural questions ask about the candidate's experience, so the persona's
  facts answer them (``data/stories.yaml`` says which fact answers which point);
* technical and scenario questions are answered from the question's reference answer: the
  clause that carries the point, said in the first person. A precise candidate says the whole
  clause; a less precise one says its gist (no parentheses, no code, no example list).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from panelist.candidates.personas import Persona, gist
from panelist.catalog.models import KeyPoint, Question

_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r".+?(?:[.!?]+(?=\s|$)|$)", re.S)
# Reference sentences that describe an answer rather than give one ("Strong answers ...").
_ABOUT_ANSWERS = re.compile(
    r"^(?:they\b|(?:a |the )?(?:strong |good |great |weak )?(?:answers?|candidates?)\b)", re.I
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "is",
        "are",
        "be",
        "it",
        "its",
        "that",
        "this",
        "from",
        "at",
        "than",
        "not",
        "into",
        "each",
        "how",
        "what",
        "which",
        "who",
        "why",
        "when",
        "one",
        "their",
        "they",
        "them",
        "own",
    ]
)
_PARENS = re.compile(r"\s*\([^()]*\)")
_CODE = re.compile(r"\S*[{}\[\]=<>`]\S*")
_DASHED = re.compile(r"\s+-\s+[^-]*\s+-\s+")
_EXAMPLE_TAIL = re.compile(r",?\s*(?:for example|e\.g\.|such as|like)\b.*$", re.I)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(" ".join(text.split())) if s.strip()]


@cache
def story_map() -> dict[str, dict[str, tuple[str, ...]]]:
    """question id -> key point id -> the persona facts that answer it."""
    text = (resources.files("panelist.candidates") / "data" / "stories.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return {q: {kp: tuple(paths) for kp, paths in points.items()} for q, points in raw.items()}


def story_facts(question: Question, point: KeyPoint, persona: Persona) -> list[str] | None:
    """The persona's sentences for this point in telling order; None when not a story."""
    paths = story_map().get(question.id, {}).get(point.id)
    return None if paths is None else [persona.fact(p.lstrip("*")) for p in paths]


def main_fact(question: Question, point: KeyPoint, persona: Persona) -> str:
    """The one fact a less precise candidate mentions: the first, or the one marked '*'."""
    paths = story_map()[question.id][point.id]
    return persona.fact(next((p for p in paths if p.startswith("*")), paths[0]).lstrip("*"))


def reference_clauses(question: Question) -> list[str]:
    """The reference answer cut into clauses a person could say one at a time."""
    out: list[str] = []
    for sentence in sentences(question.reference_answer or ""):
        if _ABOUT_ANSWERS.search(sentence):
            continue
        out += [c.strip().rstrip(".") for c in re.split(r";\s+", sentence) if len(c.split()) > 2]
    return out


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def clauses_for(point: KeyPoint, clauses: list[str], most: int = 1) -> list[str]:
    """The reference clauses that carry the point, best first: those naming most of it."""
    wanted = _content(point.text)
    scored: list[tuple[float, int, str]] = []
    for index, clause in enumerate(clauses):
        low = clause.lower()
        named = sum(1 for e in point.evidence if e.lower() in low)
        score = 2.0 * min(named, 1) + len(wanted & _content(clause)) / max(len(wanted), 1)
        if score >= 0.5:
            scored.append((score, index, clause))
    best = sorted(scored, key=lambda s: (-s[0], s[1]))[:most]
    # A second clause is said only when it carries the point nearly as well as the first.
    kept = [c for c in best if c[0] >= best[0][0] * 0.75] if best else []
    return [c for _, _, c in sorted(kept, key=lambda s: s[1])]


def loosen(clause: str) -> str:
    """The clause as someone says it who knows the idea but not the detail."""
    text = _PARENS.sub("", clause)
    text = _DASHED.sub(" ", text)
    head = text.split(": ", 1)[0]
    text = head if len(head.split()) >= 4 else text
    text = _EXAMPLE_TAIL.sub("", text)
    text = _CODE.sub("", text)
    words = " ".join(text.split()).split(" ")
    if len(words) > 22:
        cut = " ".join(words[:18])
        text = (
            cut.rsplit(",", 1)[0]
            if cut.count(",") and len(cut.rsplit(",", 1)[0].split()) >= 8
            else cut + " and so on"
        )
    return " ".join(text.split()).strip(" ,:-")


# Verbs a reference answer opens an instruction with ("Cap attempts ...", "Patch through ...").
_IMPERATIVES = frozenset(
    [
        "add",
        "aggregate",
        "alert",
        "ask",
        "attach",
        "avoid",
        "build",
        "cap",
        "check",
        "choose",
        "compare",
        "confirm",
        "create",
        "cut",
        "declare",
        "define",
        "delete",
        "demote",
        "disable",
        "document",
        "drain",
        "drop",
        "export",
        "fail",
        "find",
        "fix",
        "give",
        "increase",
        "keep",
        "kill",
        "limit",
        "look",
        "make",
        "measure",
        "merge",
        "mitigate",
        "monitor",
        "move",
        "name",
        "open",
        "page",
        "patch",
        "prefer",
        "prevent",
        "prioritise",
        "prioritize",
        "propagate",
        "put",
        "raise",
        "record",
        "reduce",
        "remove",
        "replace",
        "require",
        "restart",
        "retry",
        "review",
        "roll",
        "rotate",
        "run",
        "scale",
        "scan",
        "send",
        "set",
        "share",
        "shift",
        "split",
        "start",
        "stop",
        "switch",
        "tag",
        "tell",
        "test",
        "track",
        "treat",
        "try",
        "turn",
        "update",
        "use",
        "verify",
        "wait",
        "write",
        "query",
        "reap",
        "deploy",
        "release",
        "enable",
        "compute",
        "count",
        "divide",
        "reproduce",
        "bisect",
        "isolate",
        "cordon",
        "evict",
        "throttle",
        "shed",
        "route",
        "cache",
        "warm",
        "pin",
        "lock",
        "sign",
        "store",
        "encrypt",
        "revoke",
        "block",
        "allow",
        "escalate",
        "inform",
        "notify",
        "post",
        "publish",
        "agree",
        "collect",
        "gather",
        "pull",
        "read",
        "trace",
        "profile",
        "capture",
        "dump",
        "inspect",
        "watch",
        "identify",
        "estimate",
        "plan",
        "schedule",
        "automate",
        "validate",
        "gate",
        "revert",
        "apply",
        "enforce",
        "audit",
        "assign",
    ]
)
_LABEL = re.compile(r"^[A-Z][a-z]+(?: now| first| it)?: (?=[a-z])")  # "Find: query SBOMs ..."


def first_person(clause: str) -> str:
    """A reference clause as the speaker says it: "Cap attempts" -> "I'd cap attempts",
    "you aggregate" -> "we aggregate", "Find: query SBOMs" -> "I'd query SBOMs"."""
    text = _LABEL.sub("", clause)
    head = text.split(" ", 1)[0]
    if head.lower() in _IMPERATIVES:
        text = "I'd " + text[:1].lower() + text[1:]
    text = re.sub(r"\bYou\b", "We", text)
    text = re.sub(r"\byou\b", "we", text)
    text = re.sub(r"\bYour\b", "Our", text)
    return re.sub(r"\byour\b", "our", text)


def point_substance(
    question: Question, point: KeyPoint, persona: Persona, *, precise: bool
) -> list[str]:
    """What the candidate says for one point: persona facts or the reference clause."""
    return [said for _, said in point_sayings(question, point, persona, precise=precise)]


def point_sayings(
    question: Question, point: KeyPoint, persona: Persona, *, precise: bool
) -> list[tuple[str, str]]:
    """(source, sentence) pairs: the source lets an answer say each fact or clause once."""
    facts = story_facts(question, point, persona)
    if facts is not None:
        if not precise:
            main = main_fact(question, point, persona)
            return [(main, gist(main))]
        return [(f, f) for f in facts]
    found = clauses_for(point, reference_clauses(question), most=2 if precise else 1)
    said = [(c, c if precise else loosen(c)) for c in found]
    return [(c, first_person(s)) for c, s in said if len(s.split()) > 2]


def is_story(question: Question) -> bool:
    return question.id in story_map()
