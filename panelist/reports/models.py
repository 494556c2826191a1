"""The report as data: what the text, Markdown, HTML, JSON and PDF renderings show.

Every number here is computed from the interview's scores; a value that cannot be
computed is ``None`` with a reason next to it. ``Report.model_json_schema()`` is the
published JSON Schema (``panelist report --schema``, docs/report.schema.json).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Decision = Literal["strong_hire", "hire", "lean_no", "no"]
# What the report recommends: a decision, or "insufficient_evidence" when too little was
# scored to recommend either way (see panelist.reports.recommendation.MIN_SCORED_QUESTIONS).
Recommendation = Literal["strong_hire", "hire", "lean_no", "no", "insufficient_evidence"]
DECISION_ORDER: tuple[Decision, ...] = ("no", "lean_no", "hire", "strong_hire")
DECISION_LABELS: dict[str, str] = {
    "strong_hire": "Strong hire - proceed to the next round",
    "hire": "Hire - proceed to the next round",
    "lean_no": "Lean no - do not proceed without further evidence",
    "no": "No - do not proceed",
    "insufficient_evidence": "Insufficient evidence - too little was scored to recommend",
}
# The short names people read in running text ("Lean no", never "lean_no").
DECISION_NAMES: dict[str, str] = {
    "strong_hire": "Strong hire",
    "hire": "Hire",
    "lean_no": "Lean no",
    "no": "No",
    "insufficient_evidence": "Insufficient evidence",
}
SCHEMA_VERSION = "1.2"


class Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- inputs


class Override(Part):
    """A recruiter's change of one question's score (storage's ScoreOverride maps onto it)."""

    question_id: str
    new_score: float = Field(ge=0, le=5)
    reason: str = Field(min_length=1)
    by: str | None = None
    at: datetime | None = None


class SignOff(Part):
    """A person's decision on the interview."""

    decision: Decision
    by: str
    at: datetime
    note: str | None = None


# --------------------------------------------------------------------------- parts


class TranscriptLine(Part):
    speaker: Literal["interviewer", "candidate"]
    role: str
    text: str
    skipped: bool = Field(default=False, description="The candidate skipped the question.")


class QuoteSpan(Part):
    """Where a quote's words are: ``text[start:end]`` of the candidate turn ``turn_id`` (the
    quote without the "…" that marks a clause going on)."""

    turn_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Credit(Part):
    """A rubric point the candidate was credited for, with their own words."""

    key_point: str
    label: str
    quotes: list[str]
    spans: list[QuoteSpan] = Field(
        default_factory=list,
        description="Where the quotes are in the candidate's answers, in the same order (a "
        "quote whose offsets did not point into its answer has none).",
    )
    added_during: int | None = Field(
        default=None,
        description="The number of the later question during which the candidate said the "
        "words credited, when they added them to this question then (null: said here).",
    )


class AddedLater(Part):
    """Words the candidate added to a question while answering a later one ("Going back to
    the incident question: we also added a canary step afterwards")."""

    text: str = Field(description="The words added, as said.")
    during: int | None = Field(description="The number of the question it was said during.")
    span: QuoteSpan = Field(description="Where the words are in that turn's text.")
    credited: list[str] = Field(
        default_factory=list,
        description="The rubric points of this question only these words evidenced.",
    )


class FlagNote(Part):
    flag: str
    detail: str
    quotes: list[str]


class AnswerScore(Part):
    """One candidate answer (to a question or a follow-up) and what its Score said."""

    turn_id: str
    text: str
    value: float | None = Field(description="On the 1-5 scale; null when not scored.")
    relevance: float | None
    reason: str | None = Field(description="Why the answer was not scored, when it was not.")
    scorer: str | None
    flags: list[str] = Field(default_factory=list, description="Flag names on this answer.")
    skipped: bool = Field(default=False, description="The candidate skipped the question.")


class FollowUpEntry(Part):
    text: str
    answer: AnswerScore | None


class AppliedOverride(Part):
    question_number: int
    question_id: str
    old_score: float | None
    new_score: float
    reason: str
    by: str | None
    at: datetime | None


class QuestionEntry(Part):
    number: int
    question_id: str | None
    kind: str
    topic: str
    text: str
    competencies: list[str]
    answer: AnswerScore | None
    follow_ups: list[FollowUpEntry]
    added_later: list[AddedLater] = Field(
        default_factory=list,
        description="What the candidate added to this question later in the interview; its "
        "score counts those words as one more answer of the question.",
    )
    scored_kind: bool = Field(description="Whether this kind of question is scored at all.")
    computed_score: float | None = Field(description="Best scored answer, before any override.")
    score_before_added: float | None = Field(
        default=None,
        description="The question's score from its own answers, when what the candidate "
        "added later moved it (null: nothing added later changed it).",
    )
    score: float | None = Field(description="The score that counts (after an override).")
    not_scored_reason: str | None
    credited: list[Credit]
    missed: list[str]
    rubric_weight: float = Field(description="Total weight of the question's rubric points.")
    credited_weight: float = Field(description="Weight of the rubric points credited.")
    flags: list[FlagNote]
    justification: str
    scored_by: list[str] = Field(
        default_factory=list, description="Scorer ids of this question's answers."
    )
    scoring_notes: list[str] = Field(
        default_factory=list,
        description="Why a fallback scorer scored an answer (e.g. the LLM judge was down).",
    )
    override: AppliedOverride | None = None
    version: int | None = Field(
        default=None,
        description="The version of the organisation's question that was asked (None: built-in).",
    )

    @property
    def version_label(self) -> str:
        """``(question acme.slo-budget v3)`` for an organisation's question, else empty."""
        return f" (question {self.question_id} v{self.version})" if self.version else ""


class EvidenceQuote(Part):
    """The candidate's own words from one question, with that question's score."""

    question_number: int
    score: float | None
    quote: str | None = Field(
        description="Words credited for a key point that evidences this competency; null when "
        "none was credited."
    )
    point: str | None = Field(
        default=None, description="Label of the key point the quoted words were credited for."
    )
    missed: list[str] = Field(
        default_factory=list,
        description="The question's rubric points for this competency that were not covered.",
    )


class CompetencyCoverage(Part):
    id: str
    name: str
    group: Literal["core", "leadership"]
    required: bool = Field(description="Listed in the role's interview blueprint.")
    technical: bool = Field(
        default=True, description="A technical skill (the catalog's Competency.technical)."
    )
    status: Literal["evidenced", "not evidenced", "not scored", "not assessed"]
    mean_score: float | None
    questions: list[int] = Field(description="Numbers of the scored questions that evidence it.")
    strongest: EvidenceQuote | None = Field(
        default=None, description="From its best-scored question."
    )
    weakest: EvidenceQuote | None = Field(
        default=None, description="From its lowest-scored question, when it has two or more."
    )


class LevelVerdict(Part):
    level: str | None = Field(description="Level rule id met, or null when below the lowest.")
    name: str
    target: str
    target_name: str
    meets_target: bool = Field(
        description="The target level's rule is met and every competency the role requires "
        "is evidenced."
    )
    rule_met: bool = Field(
        default=False,
        description="The target level's rule (seed 000: 5 of 11 core tenets for Experienced) "
        "is met, whether or not every competency the role requires is evidenced.",
    )
    threshold: float = Field(
        description="Mean score (1-5) at which the target counts a competency."
    )
    evidenced: list[str]
    missing: list[str] = Field(
        description="Competencies the target level's rule or the role requires, not evidenced "
        "(including those never asked)."
    )
    missing_names: list[str] = Field(
        default_factory=list, description="The same competencies by name."
    )
    not_assessed: list[str] = Field(description="Of the missing: never asked in this interview.")
    notes: list[str]


class HrReport(Part):
    overall_suitability: str
    key_strengths: list[str]
    areas_for_development: list[str]
    technical_skills: list[str]
    communication: str
    overall_recommendation: str


class SignOffStatus(Part):
    status: Literal["pending sign-off", "signed"]
    decision: Decision | None = None
    by: str | None = None
    at: datetime | None = None
    note: str | None = None
    agrees_with_recommendation: bool | None = None


class Reopening(Part):
    """A sign-off that was lifted so the decision could change: who, when and why."""

    decision: Decision
    signed_by: str
    signed_at: datetime
    reopened_by: str
    reopened_at: datetime
    reason: str


class ReviewerFlag(Part):
    """Something a person should look at, with the candidate's words (both sides of a
    contradiction). Flags inform the reviewer; only some of them cap the recommendation."""

    question_number: int
    flag: str
    label: str
    detail: str
    quotes: list[str]


class ReviewerCard(Part):
    """One reviewer's own ratings (competency name -> 1-5) and comment."""

    reviewer: str
    ratings: dict[str, int]
    comment: str
    submitted_at: datetime


class CandidateQuestionNote(Part):
    """A question the candidate asked, for the recruiter to follow up."""

    text: str
    answered: bool = Field(description="The role profile answered all of it in the interview.")
    answer: str | None
    status: Literal["answered", "partly answered", "not answered"] = Field(
        default="not answered",
        description="Answered from the role profile, partly (what it said is in answer; the "
        "recruiter answers the rest), or not at all (the recruiter answers it).",
    )


class LLMUsage(Part):
    calls: int
    input_tokens: int
    output_tokens: int
    cost_usd: float = Field(description="0 when no price is known for the model.")


class Report(Part):
    schema_version: str = SCHEMA_VERSION
    interview_id: str
    candidate_name: str
    interviewer_name: str = Field(description="The interviewer's name, as the candidate saw it.")
    quality_profile: str | None
    role_code: str
    role_version: int | None = Field(
        default=None, description="The version of the organisation's role profile (None: built-in)."
    )
    position: str
    level: str
    level_name: str
    status: str
    status_label: str = Field(description='"Completed", "Closed early: <reason>" or "In progress".')
    closed_reason: str | None = Field(description="Why a recruiter ended it, if one did.")
    started_at: datetime | None
    finished_at: datetime | None
    duration_minutes: float | None = Field(description="From the first to the last turn.")
    generated_at: datetime
    total_turns: int
    average_relevance: float | None
    relevance_count: int = Field(description="Answers whose relevance is in the average.")
    average_score: float | None
    scored_count: int = Field(description="Questions whose score is in the average.")
    scorable_count: int = Field(description="Questions of a scored kind that were asked.")
    overall_score: float | None
    rubric_coverage: float | None = Field(
        description="Weighted share (0-1) of rubric points credited over the scored questions."
    )
    recommendation: Recommendation | None
    recommendation_label: str
    recommendation_provisional: bool = Field(
        default=False,
        description="True while the interview is not finished: the recommendation is from the "
        "answers so far and can change.",
    )
    recommendation_reasons: list[str]
    level_verdict: LevelVerdict
    competencies: list[CompetencyCoverage]
    transcript: list[TranscriptLine]
    questions: list[QuestionEntry]
    hr: HrReport
    reviewer_flags: list[ReviewerFlag] = Field(default_factory=list)
    candidate_questions: list[CandidateQuestionNote] = Field(default_factory=list)
    overrides: list[AppliedOverride]
    sign_off: SignOffStatus
    reopenings: list[Reopening] = Field(default_factory=list)
    reviewer_scorecards: list[ReviewerCard] = Field(
        default_factory=list,
        description="Reviewers' own scorecards; in the report only once the decision is "
        "signed (before that they are blind, see the interview page).",
    )
    scorers: list[str]
    scoring_in_progress: int = Field(
        default=0,
        description="Answers whose final score a queued job (the LLM judge) has not given "
        "yet; their fast embedded score is shown meanwhile.",
    )
    llm_usage: LLMUsage | None = Field(
        default=None,
        description="LLM calls, tokens and cost of this interview; null without an LLM.",
    )
