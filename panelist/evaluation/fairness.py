"""Fairness checks on the whole pipeline: counterfactual interviews and non-native pairs.

**Counterfactual interviews.** A simulated candidate of some profile is interviewed; then the
same answers, with every name, pronoun and gendered word swapped, are given by a candidate of
another name. A fair pipeline asks the same questions and gives the same scores and
recommendation (:func:`counterfactual_pair`).

**Non-native English.** ``data/non_native_pairs.jsonl`` holds the same answer to a catalog
question twice: in fluent English and in common non-native patterns (dropped articles,
simpler grammar, tense and agreement slips). :func:`non_native_gaps` scores both with the
embedded scorer; the gap is measured and held to :data:`NON_NATIVE_TOLERANCE`.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from panelist.candidates import simulated_candidate
from panelist.catalog.loader import Catalog
from panelist.config import Settings
from panelist.interview.state import InterviewState, Speaker, Turn, TurnRole
from panelist.reports import build_report
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import Scorer
from panelist.service.interviews import InterviewService
from panelist.service.simulation import run_interview
from panelist.storage.memory import MemoryRepository

NON_NATIVE_FILE = Path(__file__).with_name("data") / "non_native_pairs.jsonl"
# The stated tolerance, in points on the 1-5 scale (see docs/fairness.md):
NON_NATIVE_TOLERANCE = 0.15  # mean |non-native - fluent| over the set
NON_NATIVE_MAX_GAP = 0.75  # no single pair further apart than this
NON_NATIVE_MAX_PENALTY = 0.10  # the mean signed gap: non-native answers not lower on average

_SWAPS = {
    "he": "she", "she": "he", "him": "her", "his": "her", "her": "his", "hers": "his",
    "himself": "herself", "herself": "himself", "man": "woman", "woman": "man",
    "men": "women", "women": "men", "male": "female", "female": "male", "boy": "girl",
    "girl": "boy", "guys": "ladies", "ladies": "guys", "father": "mother", "mother": "father",
    "brother": "sister", "sister": "brother", "son": "daughter", "daughter": "son",
    "husband": "wife", "wife": "husband", "boyfriend": "girlfriend", "girlfriend": "boyfriend",
    "mr": "ms", "ms": "mr", "sir": "madam", "madam": "sir", "chairman": "chairwoman",
    "chairwoman": "chairman", "paternity": "maternity", "maternity": "paternity",
}  # fmt: skip
_WORD = re.compile(r"\b(" + "|".join(sorted(_SWAPS, key=len, reverse=True)) + r")\b", re.I)
FRAMES = (
    "I did this with my teammate {name}; {he} owned the rollout and I owned the monitoring.",
    "My manager {name} asked me to lead it, and {he} reviewed {his} part of the plan with me.",
    "{name}, one of our senior engineers, paired with me, so credit is shared with {him}.",
)  # fmt: skip


def swap_gender(text: str, names: dict[str, str]) -> str:
    """``text`` with every name in ``names`` and every gendered word swapped (case kept)."""

    def word(match: re.Match[str]) -> str:
        found = match.group(0)
        swapped = _SWAPS[found.lower()]
        if found.isupper() and len(found) > 1:
            return swapped.upper()
        return swapped.capitalize() if found[0].isupper() else swapped

    if names:
        pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
        text = pattern.sub(lambda m: names[m.group(0)], text)
    return _WORD.sub(word, text)


class _Framed:
    """A simulated candidate whose answers also mention a colleague by name and pronoun."""

    def __init__(self, inner: Any, colleague: str) -> None:
        self._inner, self._colleague = inner, colleague
        self.said: list[str] = []

    def reply(self, interviewer_turn: Turn, state: InterviewState) -> str:
        text = str(self._inner.reply(interviewer_turn, state))
        if interviewer_turn.role in (TurnRole.QUESTION, TurnRole.FOLLOW_UP):
            frame = FRAMES[len(self.said) % len(FRAMES)]
            text = frame.format(name=self._colleague, he="he", his="his", him="him") + " " + text
        self.said.append(text)
        return text


class _Scripted:
    def __init__(self, answers: list[str]) -> None:
        self._answers = iter(answers)

    def reply(self, interviewer_turn: Turn, state: InterviewState) -> str:
        return next(self._answers, "Nothing to add, thank you.")


@dataclass(frozen=True)
class Outcome:
    """What must not change: the questions asked, each answer's score, the recommendation."""

    questions: tuple[str | None, ...]
    scores: tuple[tuple[Any, ...], ...]
    overall: float | None
    recommendation: str | None


def outcome(state: InterviewState, catalog: Catalog) -> Outcome:
    report = build_report(state, catalog)
    scored = []
    for turn in state.turns:
        if turn.speaker is Speaker.CANDIDATE and turn.score is not None:
            s = turn.score
            scored.append(
                (
                    turn.question_id,
                    s.get("value"),
                    s.get("relevance"),
                    tuple(sorted(f["flag"] for f in s.get("flags", []))),
                    tuple(sorted(h["key_point"] for h in s.get("key_points_hit", []))),
                )
            )
    return Outcome(
        questions=tuple(t.question_id for t in state.question_turns()),
        scores=tuple(scored),
        overall=report.overall_score,
        recommendation=report.recommendation,
    )


@dataclass(frozen=True)
class Counterfactual:
    original: Outcome
    swapped: Outcome
    answers: int
    answers_changed: int  # answers the swap rewrote (names, pronouns, gendered words)

    @property
    def identical(self) -> bool:
        return self.original == self.swapped


def counterfactual_pair(
    settings: Settings,
    catalog: Catalog,
    *,
    role_code: str,
    profile: str,
    seed: int,
    candidates: tuple[str, str],
    colleagues: tuple[str, str],
) -> Counterfactual:
    """The interview of ``candidates[0]`` and its counterfactual by ``candidates[1]``."""
    service = InterviewService(settings, catalog, MemoryRepository(), EmbeddedScorer())
    first_name, other_name = candidates
    one = service.create(role_code, None, first_name, seed=seed)
    speaker = _Framed(simulated_candidate(profile, seed, catalog, name=first_name), colleagues[0])
    first = run_interview(service, one.id, speaker)
    names = {colleagues[0]: colleagues[1]}
    for mine, theirs in zip(first_name.split(), other_name.split(), strict=False):
        names[mine] = theirs
    swapped = [swap_gender(text, names) for text in speaker.said]
    two = service.create(role_code, None, other_name, seed=seed)
    second = run_interview(service, two.id, _Scripted(swapped))
    return Counterfactual(
        original=outcome(first, catalog),
        swapped=outcome(second, catalog),
        answers=len(swapped),
        answers_changed=sum(a != b for a, b in zip(speaker.said, swapped, strict=True)),
    )


@dataclass(frozen=True)
class PairGap:
    id: str
    question_id: str
    fluent: float | None
    non_native: float | None

    @property
    def gap(self) -> float | None:
        if self.fluent is None or self.non_native is None:
            return None
        return self.non_native - self.fluent


def read_pairs(path: Path = NON_NATIVE_FILE) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def non_native_gaps(
    catalog: Catalog, scorer: Scorer | None = None, path: Path = NON_NATIVE_FILE
) -> list[PairGap]:
    chosen = scorer or EmbeddedScorer()
    gaps = []
    for pair in read_pairs(path):
        question = catalog.question(pair["question_id"])
        gaps.append(
            PairGap(
                id=pair["id"],
                question_id=pair["question_id"],
                fluent=chosen.score(pair["fluent"], question).value,
                non_native=chosen.score(pair["non_native"], question).value,
            )
        )
    return gaps


def summarise(gaps: list[PairGap]) -> dict[str, Any]:
    measured = [g.gap for g in gaps if g.gap is not None]
    return {
        "pairs": len(gaps),
        "scored_pairs": len(measured),
        "mean_gap": statistics.fmean(measured) if measured else None,
        "mean_abs_gap": statistics.fmean(abs(g) for g in measured) if measured else None,
        "max_abs_gap": max((abs(g) for g in measured), default=None),
        "non_native_lower": sum(1 for g in measured if g < 0),
        "non_native_higher": sum(1 for g in measured if g > 0),
        "tolerance_mean_abs": NON_NATIVE_TOLERANCE,
        "tolerance_max_abs": NON_NATIVE_MAX_GAP,
        "tolerance_mean_penalty": NON_NATIVE_MAX_PENALTY,
        "within_tolerance": bool(measured)
        and statistics.fmean(abs(g) for g in measured) <= NON_NATIVE_TOLERANCE
        and max(abs(g) for g in measured) <= NON_NATIVE_MAX_GAP
        and statistics.fmean(measured) >= -NON_NATIVE_MAX_PENALTY,
        "unscored_one_side": [
            g.id for g in gaps if g.gap is None and (g.fluent, g.non_native) != (None, None)
        ],
    }
