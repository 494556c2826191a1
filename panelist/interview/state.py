"""The interview's state: plan, stage, turns. Pure data, JSON-serialisable.

Storage persists ``InterviewState`` (and each ``Turn``); reports read it; the engine
(:mod:`panelist.interview.engine`) is the only code that changes it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from panelist.catalog.models import QuestionKind
from panelist.interview.utterances import Intent
from panelist.scoring.types import Score


def utcnow() -> datetime:
    return datetime.now(UTC)


class Stage(StrEnum):
    """Seed 001's flow: intro -> project deep-dive -> technical -> candidate questions -> close."""

    NOT_STARTED = "not_started"
    INTRO = "intro"
    PROJECT = "project"
    TECHNICAL = "technical"
    CANDIDATE_QUESTIONS = "candidate_questions"
    CLOSE = "close"
    FINISHED = "finished"


class Status(StrEnum):
    CREATED = "created"  # planned, invite not opened
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class Speaker(StrEnum):
    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"


class TurnRole(StrEnum):
    """What an interviewer turn is for. Only QUESTION and FOLLOW_UP are questions."""

    QUESTION = "question"
    FOLLOW_UP = "follow_up"
    ACKNOWLEDGEMENT = "acknowledgement"
    ANSWER_TO_CANDIDATE = "answer_to_candidate"  # answering the candidate's own question
    REPEAT = "repeat"
    CLOSING = "closing"
    ANSWER = "answer"  # a candidate's turn


class PlanItem(BaseModel):
    """One planned question and why it was chosen."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    kind: QuestionKind
    competencies: list[str]
    minutes: float
    reason: str
    priority: float = Field(
        default=0.0,
        description="Coverage gain when chosen; the lowest go first when time runs out.",
    )
    alternatives: list[str] = Field(
        default_factory=list,
        description="The equivalent questions this slot rotates among (same kind, competencies "
        "and difficulty band), this one included; empty for a slot with no equivalent.",
    )
    max_follow_ups: int | None = Field(
        default=None,
        description="At most this many follow-ups (for the candidate's questions: this many "
        "more of theirs answered), when a short budget asks it briefly; None: the setting.",
    )
    jd_topics: list[str] = Field(
        default_factory=list,
        description="Words of the job description that name this question's topic.",
    )
    added: bool = Field(
        default=False,
        description="Added during the interview: the candidate's pace left time for a required "
        "competency the plan had left out.",
    )


class Emphasis(BaseModel):
    """A competency the job description stresses, weighted up in the plan."""

    model_config = ConfigDict(frozen=True)

    competency: str
    base_weight: float
    weight: float
    evidence: list[str] = Field(description="The job description's words that stress it.")


class ResumeHighlights(BaseModel):
    """What the recruiter's pasted résumé names; the résumé text itself is not kept."""

    model_config = ConfigDict(frozen=True)

    projects: list[str] = Field(default_factory=list)
    tools: list[str] = Field(default_factory=list)
    opening: str | None = Field(
        default=None,
        description="How the first project question names the candidate's project "
        '("You led the payments ledger migration").',
    )


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True)

    role_code: str
    level: str
    seed: int
    budget_minutes: float
    items: list[PlanItem]
    uncovered: list[str] = Field(
        default_factory=list, description="Required competencies no question in budget covers."
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="What the recruiter must know about this plan (e.g. the budget cannot "
        "cover every required competency, and which are left out).",
    )
    emphasis: list[Emphasis] = Field(
        default_factory=list, description="Competencies the job description weighted up."
    )
    resume: ResumeHighlights | None = None


class CandidateQuestion(BaseModel):
    """A question the candidate asked about the role, and whether the role profile answered it.

    Every one is listed in the report so the recruiter can follow up on it.
    """

    turn_id: str  # the candidate's turn that asked it
    text: str  # the question, in the candidate's words
    answered: bool  # the role profile answered all of it (else the recruiter must)
    partly: bool = False  # the role profile answered part of it; the recruiter the rest
    answer: str | None = None  # what panelist told the candidate, when it could
    topics: list[str] = Field(default_factory=list)  # role-profile sections used


class JudgeStatus(BaseModel):
    """Where an answer's final score stands with the slower scorer's job (panelist.jobs)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Literal["queued", "done", "failed"]
    kind: str = "judge_answer"  # the job kind that gives the final score (or rescore_semantic)
    by: str | None = None  # the scorer the job runs (queued, done)
    error: str | None = None  # why the job gave up, the fast score kept (failed)


class Turn(BaseModel):
    """One utterance. A candidate turn that answers a scored question carries a Score.

    Frozen: a turn in a state is never changed in place (states share their turns, storage
    and its cache recognise an unchanged turn by identity); ``InterviewState.replace_turn``
    puts a changed copy in its place.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str  # client-supplied for candidate turns (idempotent submit), generated otherwise
    seq: int
    speaker: Speaker
    role: TurnRole
    text: str
    at: datetime = Field(default_factory=utcnow)
    question_id: str | None = None  # the plan question this turn belongs to
    kind: QuestionKind | None = None
    follow_up_of: str | None = None  # for a FOLLOW_UP: the turn id of the question it probes
    score: dict[str, Any] | None = None  # Score.to_dict(); None until scored / if unscored
    # What the engine noted on the turn; each default means "not set".
    # A candidate's turn:
    intent: Intent | None = None  # what the reply was heard as (None: not classified)
    answers: str | None = None  # the id of the interviewer turn it replied to
    counted: bool = True  # False: no answer to the question ("sorry?", an aside): never scored
    skipped: bool = False  # the candidate skipped the question
    adds_to: str | None = None  # an aside: the id of the earlier question it added to
    aside: tuple[int, int] | None = None  # where in an answer its word on ``adds_to`` is
    aside_name: str | None = None  # how the candidate named that question ("the zombie one")
    # an aside: Score.to_dict() of the ``adds_to`` exchange read with the aside's words (its
    # own evidence names this turn, at offsets in this turn's text); None until scored
    aside_score: dict[str, Any] | None = None
    off_target: bool = False  # heard as about something else: lends the exchange no credit
    # An interviewer's turn:
    reason: str | None = None  # a planned question: why the plan chose it
    question_text: str | None = None  # a planned question: the catalog's words, no lead-in
    told_before: bool = False  # a planned question asked of the story already told
    why: str | None = None  # a follow-up: why it was asked ("off_topic", "contradiction", ...)
    probe: str | None = None  # a follow-up: the probe key it asked about
    repeated: str | None = None  # a repeat: the question put again
    left_open: bool = False  # a repeat: the candidate's detail was left to them to assume
    statement: bool = False  # a reply to a remark: asked whether they have a question
    covered: bool | None = None  # a reply from the role profile: it answered all of it
    topics: list[str] = Field(default_factory=list)  # the role-profile sections it used
    mid_interview: bool = False  # the reply answered a question asked in place of an answer
    time_up: bool = False  # the acknowledgement that says the time is up
    template_text: str | None = None  # the template wording, when the phraser reworded it
    phraser_error: str | None = None  # why the phraser failed (the template wording kept)
    judge: JudgeStatus | None = None  # the slower scorer's job on this answer (None: none)

    @model_validator(mode="before")
    @classmethod
    def _from_meta(cls, data: Any) -> Any:
        """Turns stored before these fields were typed kept them in a ``meta`` dict (and the
        ``turns.meta`` column still holds them, see :meth:`meta_document`): read them from it."""
        if not isinstance(data, dict) or "meta" not in data:
            return data
        data = dict(data)
        meta = data.pop("meta") or {}
        for key, value in meta.items():
            if key in NOTE_FIELDS and key not in data:
                data[key] = value
        return data

    def meta_document(self) -> dict[str, Any]:
        """The notes that are set, as the JSON the ``turns.meta`` column and exports keep."""
        document: dict[str, Any] = {}
        for name in NOTE_FIELDS:
            value = getattr(self, name)
            if value == NOTE_DEFAULTS[name]:
                continue
            if isinstance(value, BaseModel):
                value = value.model_dump(mode="json", exclude_none=True)
            elif isinstance(value, tuple):
                value = list(value)
            document[name] = value.value if isinstance(value, Intent) else value
        return document

    def score_obj(self) -> Score | None:
        return Score.from_dict(self.score) if self.score is not None else None

    def aside_score_obj(self) -> Score | None:
        """The earlier question's exchange scored with this turn's aside (``aside_score``)."""
        return Score.from_dict(self.aside_score) if self.aside_score is not None else None


# The fields a turn's ``meta`` dict held before they were typed (the ``turns.meta`` column).
NOTE_FIELDS = (
    "intent",
    "answers",
    "counted",
    "skipped",
    "adds_to",
    "aside",
    "aside_name",
    "aside_score",
    "off_target",
    "reason",
    "question_text",
    "told_before",
    "why",
    "probe",
    "repeated",
    "left_open",
    "statement",
    "covered",
    "topics",
    "mid_interview",
    "time_up",
    "template_text",
    "phraser_error",
    "judge",
)
NOTE_DEFAULTS = {
    name: Turn.model_fields[name].get_default(call_default_factory=True) for name in NOTE_FIELDS
}


class CatalogPin(BaseModel):
    """The organisation item versions an interview was planned with (built-in items have none).

    Every later step, score and report of the interview uses exactly these versions, so an
    edit of a role or question never changes a past interview; reports name them.
    """

    model_config = ConfigDict(frozen=True)

    organisation_id: str
    versions: dict[str, int] = Field(
        description='"role:CODE" / "question:ID" -> the version the interview uses.'
    )

    def role_version(self, code: str) -> int | None:
        return self.versions.get(f"role:{code}")

    def question_version(self, question_id: str) -> int | None:
        return self.versions.get(f"question:{question_id}")


class InterviewState(BaseModel):
    """Everything the engine needs to continue an interview."""

    id: str
    role_code: str
    level: str
    candidate_name: str
    quality_profile: str | None = None  # simulated candidates only
    plan: Plan
    stage: Stage = Stage.NOT_STARTED
    status: Status = Status.CREATED
    cursor: int = 0  # index into plan.items of the current question
    follow_ups_asked: int = 0  # for the current question
    turns: list[Turn] = Field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    project_topic: str | None = None  # what the candidate said in the intro, for the deep-dive
    candidate_questions: list[CandidateQuestion] = Field(default_factory=list)
    # The engine's scratch, typed. ``question_turn`` opens the current exchange.
    pending_score: str | None = None  # the answer waiting for its Score
    timed_out: bool = False  # the budget ran out (acted on once the pending answer is scored)
    prompt_turn: str | None = None  # the interviewer turn the next answer replies to
    question_turn: str | None = None  # the current planned question's turn
    probed: list[str] = Field(default_factory=list)  # probe keys asked on the current question
    clarified: list[str] = Field(default_factory=list)  # contradictions already put (interview)
    repeats: int = 0  # "sorry?" on the current question
    dropped: list[int] = Field(default_factory=list)  # plan indices dropped for time
    dropped_reasons: dict[str, str] = Field(default_factory=dict)  # question id -> why
    awaiting_close_answer: bool = False  # the close asked "anything to add?"
    catalog_pin: CatalogPin | None = None  # None: planned from built-in items only
    notes: dict[str, Any] = Field(default_factory=dict)  # the edge's (e.g. llm_usage), not engine

    @model_validator(mode="before")
    @classmethod
    def _from_old_notes(cls, data: Any) -> Any:
        """Interviews stored before the scratch was typed kept it in ``notes``: read it from there."""
        if not isinstance(data, dict) or not isinstance(data.get("notes"), dict):
            return data
        notes = dict(data["notes"])
        moved = {
            "pending_score": "pending_score",
            "timed_out": "timed_out",
            "prompt_turn": "prompt_turn",
            "question_turn": "question_turn",
            "probed": "probed",
            "probed_anywhere": "clarified",
            "repeats": "repeats",
            "dropped": "dropped",
            "dropped_reasons": "dropped_reasons",
            "awaiting_close_answer": "awaiting_close_answer",
        }
        for old, new in moved.items():
            if old in notes:
                value = notes.pop(old)
                if value is not None and new not in data:
                    data = {**data, new: value}
        for scratch in ("candidate_questions", "unanswered_candidate_questions"):
            notes.pop(scratch, None)  # now state.candidate_questions
        pin = notes.pop("catalog", None)  # the pinned versions, now state.catalog_pin
        if isinstance(pin, dict) and pin.get("organisation_id") and "catalog_pin" not in data:
            data = {**data, "catalog_pin": pin}
        return {**data, "notes": notes}

    def fork(self) -> InterviewState:
        """A copy the engine may change, sharing what it never changes in place.

        The copy has its own lists and dicts (turns, probed, dropped, notes, ...), so appending
        to it or setting its fields never touches ``self``; the Turn objects and the frozen
        plan are shared. A turn is never changed in place once it is in a state: a changed
        turn is a new Turn put in the copy's list (``replace_turn``). The cost is one list of
        references, not a copy of every turn and score, however long the interview is.
        Private attributes (a stored version) travel with the copy, as with ``model_copy``.
        """
        return self.model_copy(
            update={
                "turns": list(self.turns),
                "candidate_questions": list(self.candidate_questions),
                "probed": list(self.probed),
                "clarified": list(self.clarified),
                "dropped": list(self.dropped),
                "dropped_reasons": dict(self.dropped_reasons),
                "notes": dict(self.notes),
            }
        )

    def replace_turn(self, turn_id: str, **changes: Any) -> Turn:
        """Put a copy of turn ``turn_id`` with ``changes`` in this state's list; return it."""
        index = next(i for i, t in enumerate(self.turns) if t.id == turn_id)
        changed = self.turns[index].model_copy(update=changes)
        self.turns[index] = changed
        return changed

    def next_seq(self) -> int:
        return len(self.turns)

    @property
    def finished(self) -> bool:
        """Completed or abandoned: it takes no more answers."""
        return self.status in (Status.COMPLETED, Status.ABANDONED)

    @property
    def role_family(self) -> str:
        """``SRES.GEN`` of ``SRES.GEN.P5`` (the metrics' ``role_family`` label)."""
        return self.role_code.rsplit(".", 1)[0]

    def candidate_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker is Speaker.CANDIDATE]

    def question_turns(self) -> list[Turn]:
        """Real questions only: never acknowledgements, repeats or closings."""
        return [t for t in self.turns if t.role in (TurnRole.QUESTION, TurnRole.FOLLOW_UP)]

    def elapsed_minutes(self, now: datetime | None = None) -> float:
        if self.started_at is None:
            return 0.0
        end = self.finished_at or now or utcnow()
        return (end - self.started_at).total_seconds() / 60.0
