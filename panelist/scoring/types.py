"""The scoring contract shared by every scorer, the engine and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from panelist.catalog.models import Question


class Flag(StrEnum):
    OFF_TOPIC = "off_topic"
    TOO_SHORT = "too_short"
    EVASIVE = "evasive"
    STUFFING = "stuffing"
    INJECTION = "injection"
    CONTRADICTION = "contradiction"
    UNSUPPORTED_CLAIM = "unsupported_claim"
    DONT_KNOW = "dont_know"
    RED_FLAG = "red_flag"


@dataclass(frozen=True)
class Evidence:
    """An exact span of one answer: ``answer[start:end] == text``.

    ``turn_id`` names the answer quoted when it is not the one being scored (an earlier
    answer of the same exchange, or of the interview for a contradiction); None means
    the scored answer itself.
    """

    text: str
    start: int
    end: int
    turn_id: str | None = None


@dataclass(frozen=True)
class KeyPointHit:
    key_point: str  # the KeyPoint id (or the reference clause for an ad-hoc rubric)
    evidence: list[Evidence]
    strength: float = 1.0  # 0..1, how strongly the evidence supports the point


@dataclass(frozen=True)
class FlagDetail:
    """A flag with the words that raised it (exact spans of this or an earlier answer)."""

    flag: Flag
    detail: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class PriorAnswer:
    question_id: str
    question_text: str
    answer: str
    turn_id: str | None = None
    # the question as the report names it to a person ("Q1"): what a flag says, never the
    # catalog id
    name: str = ""


@dataclass(frozen=True)
class ExchangeAnswer:
    """An earlier answer in the same exchange (the planned question or one of its follow-ups)."""

    turn_id: str
    prompt: str  # the interviewer turn it answered, as the candidate saw it
    answer: str


@dataclass(frozen=True)
class InterviewContext:
    """What a scorer may know of the rest of the interview.

    ``prior_answers`` are the answers to *other* questions (for contradictions).
    ``exchange`` are the earlier answers to *this* question and its follow-ups, oldest first:
    key points, baselines and outcomes said there count for this answer's score, which is
    the exchange's score. ``prompt`` is the exact interviewer turn this answer replies to (a
    follow-up's own text, the intro prompt): relevance is measured against it.
    """

    prior_answers: list[PriorAnswer] = field(default_factory=list)
    exchange: list[ExchangeAnswer] = field(default_factory=list)
    prompt: str | None = None
    role_code: str | None = None
    level: str | None = None
    interview_id: str | None = None  # for per-interview LLM budgets and cost accounting
    candidate_name: str | None = None  # redacted before any text leaves the machine


@dataclass(frozen=True)
class Score:
    value: float | None  # on the question's scale (0..max_score); None = not scored, see reason
    relevance: float  # 0..1
    key_points_hit: list[KeyPointHit]
    key_points_missed: list[str]
    flags: list[FlagDetail]
    confidence: float  # 0..1
    scorer: str  # "embedded/1.0.0", "llm:openai:gpt-x/0.3.0", ...
    max_score: float = 5.0
    reason: str | None = None
    signals: dict[str, float] = field(default_factory=dict)  # raw features, for explanations

    @property
    def flag_names(self) -> list[str]:
        return [f.flag.value for f in self.flags]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the shape stored in the database and the JSON report)."""
        return {
            "value": self.value,
            "max_score": self.max_score,
            "relevance": self.relevance,
            "key_points_hit": [
                {
                    "key_point": h.key_point,
                    "strength": h.strength,
                    "evidence": [_evidence_dict(e) for e in h.evidence],
                }
                for h in self.key_points_hit
            ],
            "key_points_missed": list(self.key_points_missed),
            "flags": [
                {
                    "flag": f.flag.value,
                    "detail": f.detail,
                    "evidence": [_evidence_dict(e) for e in f.evidence],
                }
                for f in self.flags
            ],
            "confidence": self.confidence,
            "scorer": self.scorer,
            "reason": self.reason,
            "signals": dict(self.signals),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Score:
        return cls(
            value=data["value"],
            max_score=data.get("max_score", 5.0),
            relevance=data["relevance"],
            key_points_hit=[
                KeyPointHit(
                    key_point=h["key_point"],
                    strength=h.get("strength", 1.0),
                    evidence=[Evidence(**e) for e in h["evidence"]],
                )
                for h in data["key_points_hit"]
            ],
            key_points_missed=list(data["key_points_missed"]),
            flags=[
                FlagDetail(
                    flag=Flag(f["flag"]),
                    detail=f["detail"],
                    evidence=[Evidence(**e) for e in f.get("evidence", [])],
                )
                for f in data["flags"]
            ],
            confidence=data["confidence"],
            scorer=data["scorer"],
            reason=data.get("reason"),
            signals=dict(data.get("signals", {})),
        )


def _evidence_dict(evidence: Evidence) -> dict[str, Any]:
    data: dict[str, Any] = {"text": evidence.text, "start": evidence.start, "end": evidence.end}
    if evidence.turn_id is not None:
        data["turn_id"] = evidence.turn_id
    return data


@runtime_checkable
class Scorer(Protocol):
    """Scores one answer to one question. Never reads a gold score."""

    id: str
    version: str

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score: ...
