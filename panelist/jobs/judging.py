"""The final score as a job: the fast score is shown at once, the slower scorer's replaces it.

Two slower scorers run here: the LLM judge (``judge_answer``, with ``PANELIST_SCORER=llm``)
and the embedded scorer with its semantic model (``rescore_semantic``: about 25 times slower
than words alone, see docs/operations.md "Job queue"). The request path scores with the
embedded scorer on words only, marks the turn ``judge=JudgeStatus(status="queued")`` and
submits the job (its row is committed before the fast score is, so no scored answer lacks its
job). The job replaces the stored score with its own (``scorer`` says which one and its
version), or, when it keeps failing, keeps the fast score and says why. Reports show "scoring
in progress" while any turn is still queued.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from panelist.catalog.loader import Catalog
from panelist.config import Settings
from panelist.interview.state import InterviewState, JudgeStatus, Status, Turn
from panelist.jobs.store import Job
from panelist.llm.cost import Ledger
from panelist.llm.guard import CallObserver
from panelist.llm.registry import build_model
from panelist.scoring.fallback import record_fallback
from panelist.scoring.types import Score, Scorer
from panelist.service.outcome import record_outcome
from panelist.service.scoring import score_answer
from panelist.storage import Database

log = logging.getLogger(__name__)
KIND = "judge_answer"
SEMANTIC_KIND = "rescore_semantic"


class JobNotReadyError(RuntimeError):
    """The answer's fast score is not stored yet (a crash between the two commits): retry."""


def judge_key(interview_id: str, turn_id: str, kind: str = KIND) -> str:
    return f"{kind}:{interview_id}:{turn_id}"


def judge_status(turn: Turn) -> str | None:
    """``queued``, ``done``, ``failed`` or None (never sent to the judge)."""
    return turn.judge.status if turn.judge is not None else None


class JudgeAnswer:
    """Handler of ``judge_answer`` jobs (and, as :class:`RescoreSemantic`, semantic ones)."""

    kind = KIND

    def __init__(
        self,
        settings: Settings,
        catalog_for: Callable[[InterviewState], Catalog],
        database: Database,
        *,
        observer: CallObserver | None = None,
    ) -> None:
        self.settings = settings
        self.catalog_for = catalog_for  # the catalog each interview was planned with
        self.database = database
        self.observer = observer
        self._scorer: Scorer | None = None

    def judge(self) -> Scorer:
        """The bare LLM judge (raises when the model fails, so the job is retried)."""
        if self._scorer is None:
            from panelist.scoring.embedded import factory as embedded_factory
            from panelist.scoring.llm_judge import LLMJudge

            model = build_model(self.settings, observer=self.observer, ledger=Ledger())
            if model is None:
                raise RuntimeError(
                    "judge_answer jobs need a model: set PANELIST_LLM_BACKEND and "
                    "PANELIST_LLM_MODEL for the worker as for the web app."
                )
            self._scorer = LLMJudge(model, screen=embedded_factory(self.settings))
        return self._scorer

    def run(self, job: Job) -> None:
        interview_id, turn_id = str(job.payload["interview_id"]), str(job.payload["turn_id"])
        state = self.database.interviews.get(interview_id)
        turn = next((t for t in state.turns if t.id == turn_id), None)
        if turn is None or (turn.score is None and turn.aside_score is None):
            raise JobNotReadyError(f"turn {turn_id} of {interview_id} has no fast score yet")
        if turn.judge is None or turn.judge.status != "queued":
            return  # judged already (this is a repeated message)
        if turn.judge.kind != self.kind:
            return  # queued for the other final scorer (the settings changed meanwhile)
        judge = self.judge()
        catalog = self.catalog_for(state)
        score = aside = None
        if turn.score is not None:  # the answer to its own question (its aside cut out)
            score = score_answer(judge, catalog, state, turn_id, fallback=False)
            score = _kept_if_empty(score, Score.from_dict(turn.score), judge.id)
        if turn.aside_score is not None:  # its aside, under the earlier question it adds to
            aside = score_answer(judge, catalog, state, turn_id, aside=True, fallback=False)
            aside = _kept_if_empty(aside, Score.from_dict(turn.aside_score), judge.id)
        marker = JudgeStatus(status="done", kind=self.kind, by=judge.id)
        self._store(interview_id, turn_id, score, aside, marker)

    def give_up(self, job: Job, error: str) -> None:
        interview_id, turn_id = str(job.payload["interview_id"]), str(job.payload["turn_id"])
        state = self.database.interviews.get(interview_id)
        turn = next((t for t in state.turns if t.id == turn_id), None)
        if turn is None or (turn.score is None and turn.aside_score is None):
            return
        why = f"{self.kind} failed: {error}"
        fast = record_fallback(Score.from_dict(turn.score), why) if turn.score else None
        aside = turn.aside_score_obj()
        marker = JudgeStatus(status="failed", kind=self.kind, error=error[:500])
        self._store(
            interview_id, turn_id, fast, record_fallback(aside, why) if aside else None, marker
        )

    def _store(
        self,
        interview_id: str,
        turn_id: str,
        score: Score | None,
        aside: Score | None,
        marker: JudgeStatus,
    ) -> None:
        """Replace the turn's score (and its aside's): one update of that turn, which no answer
        submitted meanwhile conflicts with (``SqlInterviewRepository.update_turn``)."""
        status = self.database.interviews.update_turn(
            interview_id,
            turn_id,
            score=score.to_dict() if score is not None else None,
            aside_score=aside.to_dict() if aside is not None else None,
            judge=marker,
        )
        if status is Status.COMPLETED:  # as this write left it: an interview ended meanwhile too
            state = self.database.interviews.get(interview_id)
            record_outcome(
                self.database,
                self.catalog_for(state),
                interview_id,
                interviewer_name=self.settings.interviewer_name,
            )


def _kept_if_empty(score: Score, fast: Score, judge: str) -> Score:
    """The judge's score, or the fast one (saying why) when the judge gave no value."""
    if score.value is None and fast.value is not None:
        return record_fallback(fast, f"{judge} returned no score ({score.reason})")
    return score


class RescoreSemantic(JudgeAnswer):
    """Handler of ``rescore_semantic`` jobs: the embedded scorer with its semantic model."""

    kind = SEMANTIC_KIND

    def judge(self) -> Scorer:
        if self._scorer is None:
            from panelist.scoring.embedded import factory as embedded_factory

            self._scorer = embedded_factory(self.settings)
        return self._scorer
