"""Pydantic models of the catalog: competencies, level rules, role profiles, questions.

The YAML under ``panelist/catalog/data`` is validated against these models.
Role profiles follow the job-architecture schema of seed 002; competencies and
level rules follow seed 000.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LevelCode = Literal["P1", "P2", "P3", "P4", "P5", "P6"]
LEVEL_CODES: tuple[LevelCode, ...] = ("P1", "P2", "P3", "P4", "P5", "P6")
ROLE_CODE = r"^[A-Z]{3,6}\.[A-Z]{2,6}\.P[1-6]$"  # FAMILY.SPECIALTY.LEVEL: SRES.GEN.P5
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", min_length=2, max_length=80)]


class Strict(BaseModel):
    """Base of every catalog model: unknown keys are an error, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# the words of a job-architecture title that name the seniority, said before the job
_SENIORITY = frozenset(
    [
        "associate",
        "junior",
        "senior",
        "staff",
        "principal",
        "lead",
        "distinguished",
        "chief",
        "head",
        "intern",
    ]
)
# the family as a discipline, said as the person doing it: "Site Reliability Engineering" is
# what a "Site Reliability Engineer" does
_DISCIPLINE = {"engineering": "Engineer", "operations": "Operator", "management": "Manager"}
_LINKS = frozenset({"of", "for", "and", "in"})  # "Head of Engineering" keeps its discipline


def spoken_title(title: str, family_name: str = "") -> str:
    """A job-architecture title as a person says it: the seniority first, the discipline as
    the job, no abbreviation in brackets. "Site Reliability Engineering (SRE) Senior" is
    "Senior Site Reliability Engineer", "Site Reliability Engineering (SRE) Senior
    Engineer" too, "Platform Engineer Staff" is "Staff Platform Engineer"; a title already in
    that order ("Platform Engineer") is kept."""
    words = re.sub(r"\s*\([^)]*\)", "", title).split()
    seniority: list[str] = []
    while len(words) > 1:
        last, before = words[-1].lower(), words[-2].lower()
        if last in _SENIORITY:
            seniority.insert(0, words.pop())
        elif last == "engineer" and (before in _SENIORITY or before in _DISCIPLINE):
            words.pop()  # the level's own noun ("Senior Engineer"): the discipline says the job
        else:
            break
    if len(words) > 1 and words[-1].lower() in _DISCIPLINE and words[-2].lower() not in _LINKS:
        words[-1] = _DISCIPLINE[words[-1].lower()]
    said = " ".join([*seniority, *words])
    return said or title


# --------------------------------------------------------------------------- competencies


class CareerLevel(StrEnum):
    """The three career levels of seed 000."""

    EXPERIENCED = "experienced"
    EXPERT = "expert"
    THOUGHT_LEADER = "thought_leader"


class CompetencyGroup(StrEnum):
    CORE = "core"
    LEADERSHIP = "leadership"


class Competency(Strict):
    """One of the 11 core SRE tenets or 8 leadership skills of seed 000."""

    id: Identifier
    name: str
    group: CompetencyGroup
    definition: str
    indicators: dict[CareerLevel, list[str]] = Field(
        description="Observable behaviours at each career level."
    )
    technical: bool | None = Field(
        default=None,
        description="A technical skill, listed under the HR report's Technical Skills "
        "Demonstrated; when absent, the core tenets are and the leadership skills are not.",
    )

    @property
    def is_technical(self) -> bool:
        return self.group is CompetencyGroup.CORE if self.technical is None else self.technical

    @field_validator("indicators")
    @classmethod
    def _every_level(cls, value: dict[CareerLevel, list[str]]) -> dict[CareerLevel, list[str]]:
        missing = [level.value for level in CareerLevel if not value.get(level)]
        if missing:
            raise ValueError(f"indicators are missing for level(s): {', '.join(missing)}")
        return value


class LevelRule(Strict):
    """How a career level is decided from the competencies evidenced (seed 000), as data.

    A competency counts as *evidenced* when its mean score across the interview is
    at least ``evidence_threshold`` on the 1-5 scale.
    """

    id: CareerLevel
    name: str
    description: str
    rank: int = Field(ge=1, description="1 = lowest; verdicts pick the highest rule met.")
    min_core: int | Literal["all"] = Field(description="Core tenets that must be evidenced.")
    required_leadership: list[Identifier] = Field(default_factory=list)
    min_leadership: int = 0
    includes: CareerLevel | None = Field(
        default=None, description="A level whose rule must also be met (Thought leader ⊇ Expert)."
    )
    evidence_threshold: float = Field(default=3.0, ge=1, le=5)


class CompetencyFramework(Strict):
    competencies: list[Competency]
    level_rules: list[LevelRule]


# --------------------------------------------------------------------------- role profiles


class Level(Strict):
    code: LevelCode
    name: str
    description: str


class Story(Strict):
    who: str
    external_problem: str
    internal_problem: str
    why_it_matters: str
    plan: list[str]
    at_stake: str
    success: str


class LevelAttributes(Strict):
    scope: str
    autonomy: str
    complexity: str
    impact: str
    decision_rights: str
    leadership: str
    typical_experience: str


class ComponentType(StrEnum):
    COMMON = "common"
    SPECIALIZED = "specialized"
    DIFFERENTIATING = "differentiating"


class Component(Strict):
    """A responsibility, task, skill, knowledge area, competency or qualification."""

    name: str
    type: ComponentType = ComponentType.COMMON
    level: Literal["foundational", "working", "advanced", "expert", "level"] = "level"

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: object) -> object:
        """A bare string is a common component at the role's level: ``- Lead incidents``."""
        return {"name": value} if isinstance(value, str) else value


class TitleAlias(Strict):
    alias: str
    type: Literal["common", "internal", "market", "legacy"] = "common"
    confidence: float = Field(ge=0, le=1)
    approved: bool = False

    @property
    def band(self) -> Literal["high", "medium", "low"]:
        """Confidence band as the job architecture shows it: high >= 0.8, medium >= 0.5."""
        if self.confidence >= 0.8:
            return "high"
        return "medium" if self.confidence >= 0.5 else "low"


class Classification(Strict):
    system: Literal["O*NET/SOC", "ISCO", "ESCO"] = "O*NET/SOC"
    code: str
    title: str
    source: str
    review_status: Literal["needs_review", "reviewed", "approved"] = "needs_review"


class Taxonomy(Strict):
    """Structural coordinates used for adjacency: function > family > specialty."""

    function: Identifier
    family: Identifier
    specialty: Identifier


class InterviewBlueprint(Strict):
    """What an interview for this role must cover."""

    competencies: list[Identifier] = Field(
        description="Framework competency ids this role's interview must evidence."
    )
    weights: dict[Identifier, float] = Field(
        default_factory=dict, description="Relative importance; 1.0 when absent."
    )
    target_level: CareerLevel
    duration_minutes: int = Field(default=45, ge=10, le=240)


class RoleProfile(Strict):
    """A role at one level, in the schema of seed 002."""

    code: str = Field(pattern=ROLE_CODE)
    title: str
    family_name: str
    taxonomy: Taxonomy
    level: Level
    summary: str
    story: Story
    attributes: LevelAttributes
    core_outputs: list[str] = Field(default_factory=list)
    responsibilities: list[Component]
    tasks: list[Component]
    skills: list[Component]
    knowledge: list[Component]
    competencies: list[Component]
    qualifications: list[Component]
    title_aliases: list[TitleAlias] = Field(default_factory=list)
    classifications: list[Classification] = Field(default_factory=list)
    adjacent_roles: list[str] = Field(
        default_factory=list,
        description="Curated role codes (career moves) shown with the structural neighbours.",
    )
    interview: InterviewBlueprint

    @property
    def family_code(self) -> str:
        """The code without its level: ``SRES.GEN`` for ``SRES.GEN.P5``."""
        return self.code.rsplit(".", 1)[0]

    @property
    def level_number(self) -> int:
        """The level as a number: 5 for P5."""
        return int(self.level.code[1:])

    @property
    def spoken_title(self) -> str:
        """The title as a person says it to a candidate (see :func:`spoken_title`)."""
        return spoken_title(self.title, self.family_name)

    @model_validator(mode="after")
    def _code_matches_level(self) -> RoleProfile:
        if not self.code.endswith(self.level.code):
            raise ValueError(
                f"code {self.code} ends in a different level than level.code {self.level.code}"
            )
        return self


# --------------------------------------------------------------------------- questions


class QuestionKind(StrEnum):
    INTRO = "intro"
    PROJECT = "project"
    TECHNICAL = "technical"
    SCENARIO = "scenario"
    BEHAVIOURAL = "behavioural"
    CANDIDATE_QUESTIONS = "candidate_questions"
    CLOSE = "close"


SCORED_KINDS: frozenset[QuestionKind] = frozenset(
    {QuestionKind.PROJECT, QuestionKind.TECHNICAL, QuestionKind.SCENARIO, QuestionKind.BEHAVIOURAL}
)


class KeyPoint(Strict):
    """A rubric point: what a good answer says, its weight, and phrases that evidence it."""

    id: Identifier
    text: str
    weight: float = Field(gt=0, le=1)
    evidence: list[str] = Field(
        min_length=1,
        description="Words or short phrases whose presence (not negated) evidences the point.",
    )
    competency: Identifier | None = Field(
        default=None,
        description="The competency this point evidences, one of its question's competencies; "
        "when absent, the question's first (primary) competency. A report quotes a "
        "competency's words from the points that evidence it.",
    )
    misconceptions: list[str] = Field(
        default_factory=list,
        max_length=4,
        description="What a candidate wrong on this point asserts, as they would say it (a "
        "claim, not a description of them: 'Load average is the CPU usage in percent.'). An "
        "answer that asserts one without making the point is capped at anchor 2 "
        "(panelist/scoring/misconceptions.py).",
    )
    examples: list[str] = Field(
        default_factory=list,
        description="Concrete sentences a candidate might say that make the point in their own "
        'words ("The first thing to go at ten times the load would have been the database '
        "primary.\"): read by meaning as well as the point's text and the reference answer.",
    )


class RedFlag(Strict):
    id: Identifier
    text: str
    phrases: list[str] = Field(default_factory=list)


class FollowUp(Strict):
    """A probe. ``key_point`` ties it to the rubric point it tries to draw out."""

    text: str
    key_point: Identifier | None = None


class Question(Strict):
    id: Identifier
    kind: QuestionKind
    competencies: list[Identifier] = Field(default_factory=list)
    levels: list[LevelCode] = Field(default_factory=lambda: list(LEVEL_CODES))
    topic: str = ""
    text: str = Field(
        description="Question wording. Project questions may use {project} for what the "
        "candidate mentioned in the intro."
    )
    reference_answer: str | None = None
    key_points: list[KeyPoint] = Field(default_factory=list)
    descriptors: dict[int, str] = Field(
        default_factory=dict, description="Behaviourally anchored descriptors for scores 1-5."
    )
    red_flags: list[RedFlag] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    time_budget_minutes: float = Field(default=5.0, gt=0, le=30)
    max_score: float = 5.0

    @property
    def scored(self) -> bool:
        return self.kind in SCORED_KINDS

    def evidences(self, point: KeyPoint) -> str | None:
        """The competency ``point`` evidences: its own tag, else the question's primary one."""
        if point.competency is not None:
            return point.competency
        return self.competencies[0] if self.competencies else None

    def points_for(self, competency: str) -> list[KeyPoint]:
        """The key points that evidence ``competency``, in rubric order."""
        return [kp for kp in self.key_points if self.evidences(kp) == competency]

    @model_validator(mode="after")
    def _scored_questions_have_rubrics(self) -> Question:
        if not self.scored:
            return self
        problems: list[str] = []
        if not self.reference_answer:
            problems.append("a reference_answer")
        if not 3 <= len(self.key_points) <= 7:
            problems.append(f"3-7 key_points (has {len(self.key_points)})")
        if sorted(self.descriptors) != [1, 2, 3, 4, 5]:
            problems.append("descriptors for exactly 1, 2, 3, 4 and 5")
        if not self.red_flags:
            problems.append("at least one red_flag")
        if not 1 <= len(self.follow_ups) <= 3:
            problems.append(f"1-3 follow_ups (has {len(self.follow_ups)})")
        if not self.competencies:
            problems.append("at least one competency")
        if problems:
            raise ValueError(
                f"scored question {self.id} ({self.kind.value}) needs " + "; ".join(problems)
            )
        ids = [kp.id for kp in self.key_points]
        if len(ids) != len(set(ids)):
            raise ValueError(f"question {self.id} repeats a key point id")
        return self
