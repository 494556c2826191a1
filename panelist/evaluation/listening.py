"""Does the interviewer listen? Counts over whole interviews, scripted and simulated.

A *scripted* interview (``data/scripted_interviews/*.yaml``) is a candidate we wrote: for each
planned question, the first answer and the answers to each kind of follow-up, every answer
labelled with what it says (the key points, whether it gives a baseline, whether it is off
topic, which earlier answer it truly contradicts). The interview runs through the real
service; the candidate answers what it is asked (the follow-up's ``probe``). A *simulated*
interview is a :mod:`panelist.candidates` profile; without labels, what the exchange
"already contains" is what the scorer credited in it and the numbers written in it.

Per interview we count:

- ``redundant_follow_ups``: follow-ups asking for what the exchange already contains - a
  key-point probe whose point an earlier answer of the exchange says, a "how was it measured,
  what was the baseline" probe after an answer that gave the baseline;
- ``re_asks``: the question put again ("Let me bring us back to the question: ...") although
  the exchange already holds an on-topic answer;
- ``false_contradictions`` / ``missed_contradictions`` (scripted: the labels say which
  answers contradict which; simulated: an answer contradicts when it says one side of a
  contradiction the simulator planted and an earlier answer said the other,
  :mod:`panelist.candidates.planted`) and ``contradiction_flags`` (every flag raised);
- ``off_topic_on_direct``: off-topic flags on answers that did answer the turn they reply to
  (scripted: the labels say; simulated: every answer but the simulator's stock non-answers,
  :func:`panelist.candidates.answers.is_non_answer`);
- ``answers_per_question``: counted answers per scored planned question asked.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from statistics import fmean
from typing import Any, Protocol

import yaml

from panelist.candidates.answers import is_non_answer
from panelist.candidates.planted import contradicts_planted
from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import SCORED_KINDS
from panelist.config import load_settings
from panelist.interview.state import InterviewState, PlanItem, Speaker, Turn, TurnRole
from panelist.interview.utterances import Intent
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import Flag, Score
from panelist.service.interviews import InterviewService
from panelist.service.simulation import run_interview
from panelist.storage.memory import MemoryRepository

SCRIPTED_DIR = Path(__file__).resolve().parent / "data" / "scripted_interviews"
SIMULATED_PROFILES = ("exceptional", "strong", "average", "weak", "bluffer")
# A measured before/after: two numbers set against each other ("from 15 to 2", "30% → 85%",
# "11/12 vs 7/12", "down from 9,000"). The word "baseline" alone is not one.
_BASELINE = re.compile(
    r"\bfrom\s+\S*\d\S*\s+(?:\w+\s+){0,3}?to\s+\S*\d"
    r"|\d\S*\s*(?:->|→|=>)\s*\S*\d"
    r"|\d\S*\s+(?:vs\.?|versus|compared (?:with|to))\s+\S*\d"
    r"|\b(?:down|up) from\s+\S*\d",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- scripted data


@dataclass(frozen=True)
class ScriptedAnswer:
    """One thing the scripted candidate says, with what a reader would say it contains."""

    text: str
    says: frozenset[str] = frozenset()  # key point ids it gives
    baseline: bool = False  # gives a measured before/after or a baseline
    off_topic: bool = False  # really is about something else
    contradicts: str | None = None  # the question id of the earlier answer it contradicts

    @classmethod
    def parse(cls, data: str | dict[str, Any]) -> ScriptedAnswer:
        if isinstance(data, str):
            return cls(text=data)
        return cls(
            text=str(data["text"]),
            says=frozenset(data.get("says", [])),
            baseline=bool(data.get("baseline", False)),
            off_topic=bool(data.get("off_topic", False)),
            contradicts=data.get("contradicts"),
        )


@dataclass(frozen=True)
class ScriptedQuestion:
    """The candidate's answers for one planned question: the first, then per kind of probe."""

    first: ScriptedAnswer
    follow_ups: dict[str, ScriptedAnswer]  # probe key or prefix ("key_point:x", "vague") -> answer
    more: list[ScriptedAnswer]  # further turns in order (candidate questions)

    def reply_to(self, probe: str) -> ScriptedAnswer:
        for key in (probe, probe.split(":", 1)[0], "default"):
            if key in self.follow_ups:
                return self.follow_ups[key]
        return ScriptedAnswer("I think I've covered that - I don't have more to add on it.")


@dataclass(frozen=True)
class ScriptedInterview:
    name: str
    label: str  # strong | average | evasive | contradicting
    role: str
    seed: int
    candidate: str
    questions: dict[str, ScriptedQuestion]

    @classmethod
    def load(cls, path: Path) -> ScriptedInterview:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions = {}
        for qid, entry in data["answers"].items():
            follow = {
                k: ScriptedAnswer.parse(v) for k, v in (entry.get("follow_ups") or {}).items()
            }
            more = [ScriptedAnswer.parse(v) for v in entry.get("more", [])]
            questions[qid] = ScriptedQuestion(ScriptedAnswer.parse(entry["first"]), follow, more)
        return cls(
            name=path.stem,
            label=str(data["label"]),
            role=str(data["role"]),
            seed=int(data["seed"]),
            candidate=str(data["candidate"]),
            questions=questions,
        )


def scripted_interviews(directory: Path = SCRIPTED_DIR) -> list[ScriptedInterview]:
    return [ScriptedInterview.load(p) for p in sorted(directory.glob("*.yaml"))]


class ScriptedCandidate:
    """Answers each interviewer turn from the script; remembers which labels it said when."""

    def __init__(self, script: ScriptedInterview) -> None:
        self.script = script
        self.name = script.candidate
        self.said: dict[str, ScriptedAnswer] = {}  # text -> labels (texts are unique per script)
        self._turns: dict[str, int] = {}

    def reply(self, interviewer_turn: Turn, state: InterviewState) -> str:
        qid = interviewer_turn.question_id or ""
        entry = self.script.questions.get(qid)
        if entry is None:
            return "Thank you."
        index = self._turns.get(qid, 0)
        self._turns[qid] = index + 1
        if interviewer_turn.role is TurnRole.FOLLOW_UP:
            answer = entry.reply_to(interviewer_turn.probe or "")
        elif index == 0 or interviewer_turn.role is TurnRole.QUESTION:
            answer = entry.first
        elif index - 1 < len(entry.more):
            answer = entry.more[index - 1]
        else:
            answer = ScriptedAnswer("No, that's all from me, thank you.")
        self.said[" ".join(answer.text.split())] = answer
        return answer.text

    def labels(self, turn: Turn) -> ScriptedAnswer | None:
        return self.said.get(" ".join(turn.text.split()))


# --------------------------------------------------------------------------- counting


@dataclass
class Counts:
    """The listening counts of one interview (see the module doc)."""

    name: str
    kind: str  # scripted | simulated
    label: str
    redundant_follow_ups: int = 0
    re_asks: int = 0
    false_contradictions: int | None = None
    missed_contradictions: int | None = None
    contradiction_flags: int = 0
    off_topic_on_direct: int = 0
    answers: int = 0
    questions: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def answers_per_question(self) -> float | None:
        return round(self.answers / self.questions, 3) if self.questions else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "label": self.label,
            "redundant_follow_ups": self.redundant_follow_ups,
            "re_asks": self.re_asks,
            "false_contradictions": self.false_contradictions,
            "missed_contradictions": self.missed_contradictions,
            "contradiction_flags": self.contradiction_flags,
            "off_topic_on_direct": self.off_topic_on_direct,
            "answers_per_question": self.answers_per_question,
            "examples": self.examples[:6],
        }


def count(
    state: InterviewState,
    catalog: Catalog,
    *,
    name: str,
    kind: str,
    label: str,
    labels: ScriptedCandidate | None = None,
    planted: Planted | None = None,
) -> Counts:
    """Count what the interviewer did in ``state`` (a finished interview). ``planted`` says
    which simulated answers truly contradict an earlier one (scripted ones have ``labels``)."""
    counts = Counts(name, kind, label)
    if labels is not None or planted is not None:
        counts.false_contradictions = 0
        counts.missed_contradictions = 0
    truly = _planted_answers(state, planted) if planted is not None else None
    for qid, turns in _exchanges(state):
        question = catalog.questions.get(qid)
        if question is None:
            continue
        scored = question.kind in SCORED_KINDS
        answered: list[Turn] = []  # the exchange's counted answers so far
        for turn in turns:
            if turn.speaker is Speaker.CANDIDATE:
                if not turn.counted or turn.skipped:
                    continue
                answered.append(turn)
                _count_answer(counts, turn, labels)
                if truly is not None:
                    _count_planted(counts, turn, turn.id in truly)
                continue
            if turn.role is not TurnRole.FOLLOW_UP:
                continue
            probe = turn.probe if turn.probe is not None else (turn.why or "")
            said = _exchange_contains(answered, labels)
            reason = probe.split(":", 1)[0]
            if reason == "key_point" and probe.split(":", 1)[1] in said.points:
                counts.redundant_follow_ups += 1
                counts.examples.append(f"asked for {probe} already said: {turn.text}")
            elif reason == "unsupported_claim" and said.baseline:
                counts.redundant_follow_ups += 1
                counts.examples.append(f"asked for a baseline already given: {turn.text}")
            elif reason == "off_topic" and said.on_topic:
                counts.re_asks += 1
                counts.examples.append(f"re-asked an answered question: {turn.text}")
        if scored:
            counted = [t for t in answered if t.intent is not Intent.SKIP]
            if counted:
                counts.answers += len(counted)
                counts.questions += 1
    return counts


class Planted(Protocol):
    """Whether an answer says one side of a contradiction the simulator planted, given the
    answers before it (:func:`panelist.candidates.planted.contradicts_planted`)."""

    def __call__(self, answer: str, earlier: Sequence[str]) -> bool: ...


def _planted_answers(state: InterviewState, planted: Planted) -> set[str]:
    """The ids of the candidate turns that truly contradict an earlier answer."""
    earlier: list[str] = []
    found: set[str] = set()
    for turn in state.turns:
        if turn.speaker is not Speaker.CANDIDATE:
            continue
        if planted(turn.text, earlier):
            found.add(turn.id)
        earlier.append(turn.text)
    return found


def _count_planted(counts: Counts, turn: Turn, truly: bool) -> None:
    score = turn.score_obj()
    flagged = score is not None and Flag.CONTRADICTION in _flags(score)
    if flagged and not truly and counts.false_contradictions is not None:
        counts.false_contradictions += 1
        counts.examples.append(f"false contradiction on: {turn.text[:80]}")
    if truly and not flagged and counts.missed_contradictions is not None:
        counts.missed_contradictions += 1
        counts.examples.append(f"missed contradiction on: {turn.text[:80]}")


def _exchanges(state: InterviewState) -> list[tuple[str, list[Turn]]]:
    """The turns of each planned question, in order (an exchange per question id)."""
    order: list[str] = []
    by_id: dict[str, list[Turn]] = {}
    for turn in state.turns:
        if turn.question_id is None:
            continue
        if turn.question_id not in by_id:
            order.append(turn.question_id)
            by_id[turn.question_id] = []
        by_id[turn.question_id].append(turn)
    return [(qid, by_id[qid]) for qid in order]


@dataclass(frozen=True)
class _Contains:
    points: frozenset[str]
    baseline: bool
    on_topic: bool


def _exchange_contains(answers: list[Turn], labels: ScriptedCandidate | None) -> _Contains:
    points: set[str] = set()
    baseline = False
    on_topic = False
    for turn in answers:
        label = labels.labels(turn) if labels is not None else None
        if label is not None:
            points |= label.says
            baseline = baseline or label.baseline
            on_topic = on_topic or not label.off_topic
            continue
        score = turn.score_obj()
        if score is not None:
            points |= {h.key_point for h in score.key_points_hit}
        baseline = baseline or bool(_BASELINE.search(turn.text))
        on_topic = on_topic or (score is not None and Flag.OFF_TOPIC not in _flags(score))
    return _Contains(frozenset(points), baseline, on_topic)


def _flags(score: Score) -> set[Flag]:
    return {f.flag for f in score.flags}


def _count_answer(counts: Counts, turn: Turn, labels: ScriptedCandidate | None) -> None:
    score = turn.score_obj()
    flags = _flags(score) if score is not None else set()
    label = labels.labels(turn) if labels is not None else None
    if Flag.CONTRADICTION in flags:
        counts.contradiction_flags += 1
    if label is not None:
        truly = label.contradicts is not None
        if Flag.CONTRADICTION in flags and not truly and counts.false_contradictions is not None:
            counts.false_contradictions += 1
            counts.examples.append(f"false contradiction on: {turn.text[:80]}")
        if truly and Flag.CONTRADICTION not in flags and counts.missed_contradictions is not None:
            counts.missed_contradictions += 1
        if Flag.OFF_TOPIC in flags and not label.off_topic:
            counts.off_topic_on_direct += 1
            counts.examples.append(f"off-topic flag on a direct answer: {turn.text[:80]}")
    elif (
        labels is None
        and Flag.OFF_TOPIC in flags
        and counts.label != "off-topic"
        and not is_non_answer(turn.text)
    ):
        counts.off_topic_on_direct += 1  # the simulator's stock non-answers are not direct
        counts.examples.append(f"off-topic flag on a direct answer: {turn.text[:80]}")


# --------------------------------------------------------------------------- running


def _service(scratch: Path) -> tuple[InterviewService, Catalog]:
    settings = load_settings(data_dir=scratch, semantic="off")
    catalog = load_catalog(settings.catalog_path)
    return InterviewService(settings, catalog, MemoryRepository(), EmbeddedScorer()), catalog


def _ask_as_scripted(
    service: InterviewService, interview_id: str, script: ScriptedInterview, catalog: Catalog
) -> None:
    """Plan exactly the script's questions, in its order: its answers are labelled for those
    questions, and rotation (which the seed drives) would otherwise ask others."""
    state = service.repository.get(interview_id)
    items = [
        PlanItem(
            question_id=question.id,
            kind=question.kind,
            competencies=list(question.competencies),
            minutes=question.time_budget_minutes,
            reason="asked as scripted",
        )
        for question in (catalog.question(qid) for qid in script.questions)
    ]
    state.plan = state.plan.model_copy(update={"items": items})
    service.repository.save(state)


def run_scripted(scripts: Iterable[ScriptedInterview]) -> list[Counts]:
    with tempfile.TemporaryDirectory() as scratch:
        service, catalog = _service(Path(scratch))
        results = []
        for script in scripts:
            candidate = ScriptedCandidate(script)
            created = service.create(script.role, None, script.candidate, seed=script.seed)
            _ask_as_scripted(service, created.id, script, catalog)
            state = run_interview(service, created.id, candidate)
            results.append(
                count(
                    state,
                    catalog,
                    name=script.name,
                    kind="scripted",
                    label=script.label,
                    labels=candidate,
                )
            )
        return results


def run_simulated(roles: Iterable[str], seeds: int, profiles: Iterable[str]) -> list[Counts]:
    from panelist.candidates import simulated_candidate

    with tempfile.TemporaryDirectory() as scratch:
        service, catalog = _service(Path(scratch))
        results = []
        for role in roles:
            for profile in profiles:
                for seed in range(seeds):
                    candidate = simulated_candidate(profile, seed, catalog)
                    created = service.create(
                        role, None, candidate.name, quality_profile=profile, seed=seed
                    )
                    state = run_interview(service, created.id, candidate)
                    name = f"{role}/{profile}/{seed}"
                    planted = partial(contradicts_planted, candidate.persona)
                    results.append(
                        count(
                            state,
                            catalog,
                            name=name,
                            kind="simulated",
                            label=profile,
                            planted=planted,
                        )
                    )
        return results


METRICS = (
    "redundant_follow_ups",
    "re_asks",
    "false_contradictions",
    "missed_contradictions",
    "contradiction_flags",
    "off_topic_on_direct",
    "answers_per_question",
)


def summarise(counts: list[Counts]) -> dict[str, dict[str, float | None]]:
    """Per label: the total of each count (mean for answers per question)."""
    out: dict[str, dict[str, float | None]] = {}
    for label in dict.fromkeys(c.label for c in counts):
        group = [c.to_dict() for c in counts if c.label == label]
        row: dict[str, float | None] = {"interviews": float(len(group))}
        for metric in METRICS:
            values = [g[metric] for g in group if g[metric] is not None]
            if not values:
                row[metric] = None
            elif metric == "answers_per_question":
                row[metric] = round(fmean(values), 3)
            else:
                row[metric] = float(sum(values))
        out[label] = row
    return out


def markdown_table(title: str, summary: dict[str, dict[str, float | None]]) -> list[str]:
    head = ["label", "interviews", *METRICS]
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, row in summary.items():
        cells = [label, *("-" if row.get(m) is None else f"{row[m]:g}" for m in head[1:])]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]
