"""The edge that drives the engine: plan, persist, score, phrase, report.

The CLI, the web app and the simulator all go through :class:`InterviewService`; none of
them re-implements interview logic. Every step of the engine is saved before the next
thing happens: an answer is committed before it is scored and before the next question
is produced, so a crash loses nothing a candidate said.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Protocol, TypeVar

from panelist.catalog.loader import Catalog
from panelist.catalog.models import QuestionKind, RoleProfile
from panelist.config import Settings
from panelist.errors import InterviewError
from panelist.interview.engine import EngineConfig, step
from panelist.interview.events import (
    Abandoned,
    Answered,
    Event,
    Finished,
    Say,
    Scored,
    ScoreRequested,
    Skipped,
    Started,
)
from panelist.interview.planner import plan_interview
from panelist.interview.state import (
    InterviewState,
    JudgeStatus,
    Speaker,
    Stage,
    Status,
    Turn,
    utcnow,
)
from panelist.interview.utterances import Intent
from panelist.llm.cost import Ledger
from panelist.reports import build_report
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.semantic import load_encoder
from panelist.scoring.types import Scorer
from panelist.service.catalogs import pin
from panelist.service.scoring import context_for, score_request
from panelist.storage.interviews import ConcurrentUpdateError
from panelist.storage.repository import InterviewRepository, NewJob

T = TypeVar("T")
log = logging.getLogger(__name__)
ASKS_NOTHING = frozenset({QuestionKind.CANDIDATE_QUESTIONS, QuestionKind.CLOSE})
# A save that lost a race is retried on fresh state this many times in all: the race is with
# another tab or replica answering the same interview. The job queue's final scores do not
# count: they update one turn, which a submit's save takes in instead of losing to it
# (SqlInterviewRepository.update_turn), so a candidate never gets a 409 for a job's write.
WRITE_ATTEMPTS = 3
Clock = Callable[[], datetime]


class Phraser(Protocol):
    """Rewords an interviewer turn (e.g. with an LLM). Never changes which question is asked.

    Returns the new text; raising keeps the template wording (``Turn.phraser_error`` says why).
    """

    def phrase(self, turn: Turn, state: InterviewState) -> str: ...


# What slow work hands back for one answer: the status stored in the turn's ``judge`` and
# the job that does the work, stored by the same save (one transaction: both or neither).
Handoff = tuple[JudgeStatus, NewJob]


class SlowWork(Protocol):
    """Work handed to the job queue after the fast path (``panelist.jobs.hooks.QueuedWork``).

    ``answer_scored`` runs after the fast score is computed and before it is stored; its marker
    is stored in the turn's ``judge`` and its job with it (None: nothing is queued).
    ``relevance_queued`` does the same for an answer to an unscored question (the intro): when
    it hands back a job, the request path measures the answer's relevance on words only and
    the queue measures it again with the semantic model (None: the request path does it all).
    ``send`` tells the queue about a job once the save that stored it has committed (a crash
    before that is covered by the queue's sweep of jobs never picked up).
    """

    def answer_scored(self, state: InterviewState, turn_id: str) -> Handoff | None: ...

    def relevance_queued(self, state: InterviewState, turn_id: str) -> Handoff | None: ...

    def send(self, job: NewJob) -> None: ...

    def interview_completed(self, state: InterviewState) -> None: ...


class InterviewService:
    """Create, run and read interviews. See the module doc."""

    def __init__(
        self,
        settings: Settings,
        catalog: Catalog,
        repository: InterviewRepository,
        scorer: Scorer,
        phraser: Phraser | None = None,
        *,
        clock: Clock = utcnow,
        llm_ledger: Ledger | None = None,
        catalog_for: Callable[[InterviewState], Catalog] | None = None,
        slow_work: SlowWork | None = None,
    ) -> None:
        self.settings = settings
        self.slow_work = slow_work
        self.catalog = catalog  # what new interviews are planned from
        # The catalog an existing interview was planned with (its pinned organisation items);
        # without one, every interview uses ``catalog``.
        self.catalog_for = catalog_for or (lambda _state: catalog)
        self.repository = repository
        self.scorer = scorer
        self.phraser = phraser
        self.clock = clock
        self.llm_ledger = llm_ledger
        self.config = EngineConfig(
            max_follow_ups=settings.max_follow_ups,
            interviewer_name=settings.interviewer_name,
            company_name=settings.company_name,
        )

    # ------------------------------------------------------------------ commands
    def create(
        self,
        role_code: str,
        level: str | None,
        candidate_name: str,
        *,
        candidate_email: str | None = None,
        quality_profile: str | None = None,
        seed: int | None = None,
        organisation_id: str | None = None,
        job_description: str | None = None,
        resume: str | None = None,
    ) -> InterviewState:
        """Plan and store a new interview (not started yet).

        The plan's questions rotate by ``seed``: by default the interview id's, so two
        candidates for one opening get different equivalent questions. ``job_description``
        and ``resume`` tailor the plan; only what was read from them is stored.
        """
        role = self.resolve_role(role_code, level)
        interview_id = uuid.uuid4().hex
        if seed is None:
            seed = (
                self.settings.seed
                if self.settings.seed is not None
                else int(interview_id[:8], 16) & 0x7FFFFFFF
            )
        plan = plan_interview(
            self.catalog,
            role,
            role.level.code,
            budget_minutes=self._budget(role),
            seed=seed,
            job_description=job_description,
            resume=resume,
        )
        state = InterviewState(
            id=interview_id,
            role_code=role.code,
            level=role.level.code,
            candidate_name=candidate_name,
            quality_profile=quality_profile,
            plan=plan,
        )
        pin(state, self.catalog, organisation_id)
        self.repository.create(
            state, candidate_email=candidate_email, organisation_id=organisation_id
        )
        return state

    def start(self, interview_id: str) -> list[Turn]:
        """The first interviewer turns. Idempotent: a second call returns what is pending."""
        return self._retrying(lambda: self._start_once(interview_id))

    def submit(self, interview_id: str, turn_id: str, text: str) -> list[Turn]:
        """Answer the pending question; returns the interviewer's next turns.

        Idempotent by ``turn_id``: a retry returns the same turns and stores nothing twice.
        When another request changed the interview meanwhile, it is reloaded and the answer
        applied again (or, if that request carried this very answer, its replies returned).
        """
        return self.answer(interview_id, turn_id, text)[1]

    def answer(
        self, interview_id: str, turn_id: str, text: str, *, read: InterviewState | None = None
    ) -> tuple[InterviewState, list[Turn]]:
        """:meth:`submit`, returning the interview as saved too (the caller reads it no more).

        ``read``: the interview as the caller just read it, used for the first attempt instead
        of reading it again; if another write came in between, the save's version check
        refuses it and the retry reads the interview afresh.
        """
        given = [read] if read is not None else []

        def attempt() -> tuple[InterviewState, list[Turn]]:
            return self._submit_once(interview_id, turn_id, text, given.pop() if given else None)

        with self.repository.answer_slots:  # a few answers at a time, each one finished fast
            return self._retrying(attempt)

    def skip(self, interview_id: str) -> list[Turn]:
        state = self._load(interview_id)
        _, said = self._run(state, Skipped(self.clock()))
        return said

    def abandon(self, interview_id: str) -> InterviewState:
        state = self._load(interview_id)
        new, _ = self._run(state, Abandoned(self.clock()))
        return new

    def transcript(self, interview_id: str) -> InterviewState:
        return self.repository.get(interview_id)

    def resolve_role(self, role_code: str, level: str | None) -> RoleProfile:
        """``SRES.GEN.P5`` as is, or with its level replaced by ``level`` (``P3``)."""
        if level is None or role_code.endswith("." + level):
            return self.catalog.role(role_code)
        return self.catalog.role_for(role_code, level)

    # ------------------------------------------------------------------ driving the engine
    def _retrying(self, attempt: Callable[[], T]) -> T:
        """Run ``attempt``; when it lost a race with another writer, run it again on fresh state."""
        for _ in range(WRITE_ATTEMPTS - 1):
            try:
                return attempt()
            except ConcurrentUpdateError as exc:
                log.info("retrying after a concurrent update: %s", exc)
        return attempt()

    def _start_once(self, interview_id: str) -> list[Turn]:
        state = self._load(interview_id)
        if state.stage is not Stage.NOT_STARTED:
            return pending_prompt(state)
        return self._run(state, Started(self.clock()))[1]

    def _submit_once(
        self, interview_id: str, turn_id: str, text: str, read: InterviewState | None
    ) -> tuple[InterviewState, list[Turn]]:
        state = self._load(interview_id, read)
        if any(t.id == turn_id for t in state.turns):
            return state, replies_to(state, turn_id)
        return self._run(state, Answered(turn_id, text, self.clock()))

    def _note_relevance(self, state: InterviewState, turn_id: str) -> NewJob | None:
        """Give an answer to an unscored kind (intro, candidate questions) its relevance.

        Its value stays None ("intro questions are not scored"); the report still shows how
        relevant the answer was. The candidate's own questions and the goodbye answer nothing,
        so they get no relevance (a question about pay is not "off topic"). The next question
        never depends on it, so with a job queue the semantic model's measure is the queue's
        (the request path's is on words only, replaced when the job has run). Runs between the
        engine's step and the save of the answer, so both are one write; returns the job the
        queue measures it with, which that save stores too.
        """
        turn = next((t for t in state.turns if t.id == turn_id), None)
        catalog = self.catalog_for(state)
        if turn is None or turn.score is not None or turn.question_id not in catalog.questions:
            return None
        if turn.intent not in (None, Intent.ANSWER) or not turn.text.strip():
            return None
        question = catalog.question(str(turn.question_id))
        if question.scored or question.kind in ASKS_NOTHING:
            return None
        handoff = self.slow_work.relevance_queued(state, turn_id) if self.slow_work else None
        semantic = "off" if handoff is not None else self.settings.semantic
        context = context_for(state, catalog, turn_id)  # relevance to the prompt answered
        score = relevance_scorer(semantic).score(turn.text, question, context)
        judge = handoff[0] if handoff is not None else turn.judge
        state.replace_turn(turn_id, score=score.to_dict(), judge=judge)
        return handoff[1] if handoff is not None else None

    def _budget(self, role: RoleProfile) -> float:
        if "interview_minutes" in self.settings.model_fields_set:
            return float(self.settings.interview_minutes)
        return float(role.interview.duration_minutes)

    def _load(self, interview_id: str, read: InterviewState | None = None) -> InterviewState:
        """The stored state (or ``read``, as just read from storage), with any answer a crash
        left unscored scored now."""
        state = read if read is not None else self.repository.get(interview_id)
        if state.status is not Status.IN_PROGRESS:
            return state
        pending = state.pending_score
        owed = [
            ScoreRequested(t.id, str(t.question_id))
            for t in state.turns
            if pending is not None and t.id == pending
        ]
        owed += [  # an aside the crash left unscored under the question it adds to
            ScoreRequested(t.id, t.adds_to, aside=True)
            for t in state.turns
            if t.adds_to is not None and t.aside_score is None
        ]
        if owed:
            state, _ = self._run(state, None, score_for=owed)
        return state

    def _run(
        self,
        state: InterviewState,
        event: Event | None,
        *,
        score_for: list[ScoreRequested] | None = None,
    ) -> tuple[InterviewState, list[Turn]]:
        """Step the engine with ``event``, then until it stops asking for scores."""
        said: list[str] = []
        finished = False
        catalog = self.catalog_for(state)
        usage_before = self._usage(state.id)
        queue: list[Event] = [event] if event is not None else []
        requests = list(score_for or [])
        jobs: list[NewJob] = []  # stored by the next save, sent to the queue after it
        while queue or requests:
            if queue:
                event = queue.pop(0)
                state, actions = step(state, event, catalog, self.config)
                if isinstance(event, Answered):  # saved with the answer: one write, not two
                    jobs += filter(None, [self._note_relevance(state, event.turn_id)])
                state = self._phrase(state, [a.turn.id for a in actions if isinstance(a, Say)])
                said += [a.turn.id for a in actions if isinstance(a, Say)]
                finished = finished or any(isinstance(a, Finished) for a in actions)
                requests += [a for a in actions if isinstance(a, ScoreRequested)]
                usage_before = self._note_llm_usage(state, usage_before)
                self.repository.save(state, jobs=jobs)  # the answer before it is scored
                self._send(jobs)
                jobs = []
            if requests:
                request = requests.pop(0)
                score = score_request(self.scorer, catalog, state, request)
                jobs += filter(None, [self._hand_off(state, request)])
                queue.append(Scored(request.turn_id, score, aside=request.aside))
        if finished:
            self._record_outcome(state)
            if self.slow_work is not None and state.status is Status.COMPLETED:
                self.slow_work.interview_completed(state)
        by_id = {t.id: t for t in state.turns}
        return state, [by_id[i] for i in said]

    def _hand_off(self, state: InterviewState, request: ScoreRequested) -> NewJob | None:
        """The slow work on a fast-scored answer: its status goes in the turn's ``judge``, and the
        job is stored by the save that stores the fast score (a crash before it re-scores the
        answer and hands the work off again: submitting is idempotent). One job per turn: it
        gives the final score of the answer and of its aside, if any (a turn that only adds
        to an earlier question has no answer's score, so its aside's hands the work off)."""
        if self.slow_work is None:
            return None
        turn_id = request.turn_id
        if request.aside and any(t.id == turn_id and t.judge is not None for t in state.turns):
            return None  # the answer's job scores the aside too
        handoff = self.slow_work.answer_scored(state, turn_id)
        if handoff is None:
            return None
        marker, job = handoff
        index = next(i for i, t in enumerate(state.turns) if t.id == turn_id)
        turn = state.turns[index]
        state.turns[index] = turn.model_copy(update={"judge": marker})
        return job

    def _send(self, jobs: list[NewJob]) -> None:
        """Tell the queue about ``jobs``, just stored (a duplicate message is skipped there)."""
        if self.slow_work is not None:
            for job in jobs:
                self.slow_work.send(job)

    def _usage(self, interview_id: str) -> dict[str, float | int]:
        return self.llm_ledger.summary(interview_id) if self.llm_ledger else {}

    def _note_llm_usage(
        self, state: InterviewState, before: dict[str, float | int]
    ) -> dict[str, float | int]:
        """Add this process's new LLM calls, tokens and cost to the interview's running total
        in ``state.notes["llm_usage"]`` (deltas, so a restart never loses or double counts)."""
        now = self._usage(state.id)
        delta = {k: now[k] - before.get(k, 0) for k in now}
        if any(delta.values()):
            total = dict(state.notes.get("llm_usage") or {})
            for key, value in delta.items():
                total[key] = round(total.get(key, 0) + value, 6)
            state.notes["llm_usage"] = total
        return now

    def _phrase(self, state: InterviewState, turn_ids: list[str]) -> InterviewState:
        if self.phraser is None or not turn_ids:
            return state
        wanted = set(turn_ids)
        for turn in list(state.turns):
            if turn.id not in wanted:
                continue
            error = turn.phraser_error
            try:
                text = self.phraser.phrase(turn, state)
            except Exception as exc:  # a phraser is optional: any failure keeps the template
                log.warning("phraser failed on turn %s: %s", turn.id, exc)
                error = str(exc)
                text = turn.text
            state.replace_turn(turn.id, text=text, template_text=turn.text, phraser_error=error)
        return state

    def _record_outcome(self, state: InterviewState) -> None:
        if state.status is not Status.COMPLETED:
            return
        report = build_report(state, self.catalog_for(state))
        self.repository.set_outcome(
            state.id, overall_score=report.overall_score, recommendation=report.recommendation
        )


@cache
def relevance_scorer(semantic: str) -> EmbeddedScorer:
    """The embedded scorer (``scoring.embedded.factory``) for ``Settings.semantic``, built once
    per process: the web app builds a service per request, and building it cost ~1 ms."""
    return EmbeddedScorer(encoder=load_encoder(semantic))


def pending_prompt(state: InterviewState) -> list[Turn]:
    """The interviewer turns since the candidate last spoke (what a resumed session shows)."""
    tail: list[Turn] = []
    for turn in reversed(state.turns):
        if turn.speaker is Speaker.CANDIDATE:
            break
        tail.append(turn)
    return list(reversed(tail))


def replies_to(state: InterviewState, turn_id: str) -> list[Turn]:
    """The interviewer turns that followed the candidate turn ``turn_id``."""
    index = next((i for i, t in enumerate(state.turns) if t.id == turn_id), None)
    if index is None:
        raise InterviewError(f"Interview {state.id} has no turn {turn_id!r}.")
    replies: list[Turn] = []
    for turn in state.turns[index + 1 :]:
        if turn.speaker is Speaker.CANDIDATE:
            break
        replies.append(turn)
    return replies
