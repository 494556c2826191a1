"""Pronouns that agree with the project's name: "the CI runners" is "them", not "it".

A question about ``{project}`` refers back to it as "it" and "its" ("What was the hardest
technical decision in it", "Sketch its architecture"). When the candidate's project is
plural, those read wrong; :func:`agree` turns them into "them", "their" and "they were" in
the sentence that names the project, and in the one after when that sentence only names it
("You mentioned {project}. What was ...").

A project that is a piece of work ("the log pipeline rebuild", "the move to two regions") is
no place where something breaks: :func:`agree` asks about a time something broke "during or
after" it, never "something in the move to two regions broke".
"""

from __future__ import annotations

import re

PLACEHOLDER = "{project}"
_PREPOSITION = re.compile(r"\s(?:of|to|for|in|on|at|from|with|behind|across)\s", re.IGNORECASE)
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics")  # "the business", "the status", "analysis"
_SENTENCE = re.compile(r"(?<=[.?!])\s+")
_ONLY_NAMES = re.compile(r"^(?:You mentioned|You described|Let's go deeper into) \{project\}\.$")
_LEAD = re.compile(r"^.*?\{project\}: ")  # "Staying with {project}: which part of it ..."
_VERB = {"was": "they were", "is": "they are", "has": "they have"}
# a name for work done rather than for a system: its head noun, or a verb's -ing form first
_WORK = re.compile(
    r"\b(?:rebuild|rework|revamp|migration|overhaul|rollout|rewrite|redesign|project|programme"
    r"|program|initiative|upgrade|move|switch|cutover)s?\b",
    re.IGNORECASE,
)
_BROKE_IN = re.compile(r"something in \{project\} (broke or misbehaved in production)")
# a piece of work has no architecture of its own: "Let's go deeper into the rewrite of your
# checkout page. Sketch its architecture ..." asks for what the work built
_ITS_ARCHITECTURE = re.compile(r"\b([Ss])ketch its architecture\b")
# ... nor is anything "in" it: "In the rewrite of your checkout page, how did you know in
# production that it was working" is asked of what the work left running, after it
_IN_THE_WORK = re.compile(r"^(?:In|With) \{project\}, ")


def is_work(topic: str) -> bool:
    """The name is of work done ("the log pipeline rebuild", "the move to EKS", "rebuilding
    our alerting"), not of a system ("the card authorisation gateway")."""
    head_phrase = _PREPOSITION.split(topic, maxsplit=1)[0].strip()
    first = topic.split()[:1]
    gerund = bool(first) and first[0].endswith("ing") and first[0].islower()
    return gerund or _WORK.search(head_phrase) is not None


def is_plural(topic: str) -> bool:
    """The project's name is a plural noun phrase: "the CI runners", "the build agents for
    iOS" (the head before a preposition decides), not "the move to EKS", "the business" or
    "rebuilding our alerting around SLOs"."""
    first = topic.split()[:2]
    if len(first) == 2 and first[0].endswith("ing") and first[0].islower():
        return False  # the work as a verb: "rebuilding our alerting around SLOs" is one thing
    head_phrase = _PREPOSITION.split(topic, maxsplit=1)[0].strip()
    words = head_phrase.split()
    if not words:
        return False
    head = words[-1].strip(",.;:")
    if head.isupper() or not head.lower().endswith("s"):
        return False  # an acronym ("EKS") or a singular noun
    return not head.lower().endswith(_SINGULAR_ENDINGS)


def agree(text: str, topic: str) -> str:
    """``text`` (with ``{project}`` still in it) with the project's pronouns made plural when
    ``topic`` is plural, and no breakage "in" a piece of work; unchanged otherwise."""
    first = topic.split()[:1]
    if first and first[0].endswith("ing") and first[0].islower():
        # "Staying with moving your feature flag system to LaunchDarkly: ..." reads as a
        # verb after "with"; the project was just named, so "that project" says it
        text = text.replace("Staying with {project}", "Staying with that project")
    if PLACEHOLDER in text and is_work(topic):
        text = _BROKE_IN.sub(r"something \1 during or after {project}", text)
        text = _ITS_ARCHITECTURE.sub(r"\1ketch the architecture you ended up with", text)
        text = _IN_THE_WORK.sub("After {project}, ", text)
    if PLACEHOLDER not in text or not is_plural(topic):
        return text
    sentences = _SENTENCE.split(text)
    index = next(i for i, s in enumerate(sentences) if PLACEHOLDER in s)
    if _ONLY_NAMES.match(sentences[index]) and index + 1 < len(sentences):
        index += 1
    sentences[index] = _plural(sentences[index])
    return " ".join(sentences)


def _plural(sentence: str) -> str:
    """The project's "it" (the first) and "its" made plural in the sentence's first clause;
    after a colon only "its", which still means the project ("the numbers that describe its
    size"), while "it" there is something else ("do about it", "how it was measured")."""
    lead = _LEAD.match(sentence)
    prefix = lead.group(0) if lead else ""
    head, colon, tail = sentence[len(prefix) :].partition(": ")
    head = re.sub(r"\bits\b", "their", head)
    head = re.sub(r"\bit (was|is|has)\b", lambda m: _VERB[m.group(1)], head, count=1)
    head = re.sub(r"\bthat it\b", "that they", head, count=1)
    if "they" not in head:
        head = re.sub(r"\bit\b", "them", head, count=1)
    return prefix + head + colon + re.sub(r"\bits\b", "their", tail)
