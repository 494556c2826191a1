"""InterviewService on a real SQLite database: persistence, idempotency, scoring, phrasing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from panelist.candidates import simulated_candidate
from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import Question
from panelist.config import Settings, load_settings
from panelist.interview.state import (
    InterviewState,
    Speaker,
    Stage,
    Status,
    Turn,
    TurnRole,
    utcnow,
)
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import InterviewContext, Score, Scorer
from panelist.service import InterviewService, Phraser, replies_to
from panelist.service.interviews import Clock
from panelist.service.simulation import run_interview
from panelist.storage import Database, open_database
from panelist.storage.interviews import SQLITE_ANSWER_SLOTS

INTRO = "I'm Kim. At Acme I migrated our billing service to Kubernetes and ran its on-call."


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'p.db'}")


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    db = open_database(settings)
    yield db
    db.close()


def service_for(
    settings: Settings,
    catalog: Catalog,
    database: Database,
    scorer: Scorer | None = None,
    *,
    phraser: Phraser | None = None,
    clock: Clock = utcnow,
) -> InterviewService:
    repository = database.interviews
    return InterviewService(
        settings, catalog, repository, scorer or EmbeddedScorer(), phraser, clock=clock
    )


class BrokenVendorScorer:
    """An outside LLM judge whose API is down: every call raises."""

    id = "llm:down"
    version = "0"

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        raise ConnectionError("api.vendor.example: connection refused")


class RecordingScorer:
    """The embedded scorer, noting what the database already held when each score was asked."""

    id = "embedded"
    version = "recording"

    def __init__(self, database: Database, interview_id: list[str]) -> None:
        self.database = database
        self.interview_id = interview_id
        self.stored_before_scoring: list[bool] = []
        self.inner = EmbeddedScorer()

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        stored = self.database.interviews.get(self.interview_id[0])
        self.stored_before_scoring.append(any(t.text == answer for t in stored.turns))
        return self.inner.score(answer, question, context)


class Crash(BaseException):
    """The process dies (power cut, SIGKILL) in the middle of scoring."""


class CrashingScorer:
    id = "embedded"
    version = "crash"

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        raise Crash


def test_a_simulated_candidate_completes_an_interview_and_the_outcome_is_recorded(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    service = service_for(settings, catalog, database)
    candidate = simulated_candidate("average", 4, catalog)
    created = service.create("SRES.GEN.P5", None, candidate.name, quality_profile="average", seed=4)

    final = run_interview(service, created.id, candidate)

    assert final.status is Status.COMPLETED and final.stage is Stage.FINISHED
    scored = [t for t in final.candidate_turns() if t.score is not None]
    assert len(scored) >= 4
    row = database.interviews.list()[0]
    assert row.id == created.id and row.status is Status.COMPLETED
    assert row.overall_score is not None and row.recommendation is not None


def test_submitting_the_same_answer_twice_stores_it_once_and_replies_the_same(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    service = service_for(settings, catalog, database)
    created = service.create("SRES.GEN.P5", "P5", "Kim", seed=1)
    assert service.start(created.id) == service.start(created.id)  # start is idempotent too

    first = service.submit(created.id, "client-1", INTRO)
    retry = service.submit(created.id, "client-1", INTRO)

    assert [t.id for t in first] == [t.id for t in retry] and first
    stored = service.transcript(created.id)
    assert [t.id for t in stored.candidate_turns()] == ["client-1"]
    assert stored.project_topic == "your billing service"


def test_an_answer_is_committed_before_it_is_scored(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    ids: list[str] = []
    scorer = RecordingScorer(database, ids)
    service = service_for(settings, catalog, database, scorer)
    created = service.create("SRES.GEN.P5", None, "Kim", seed=2)
    ids.append(created.id)
    service.start(created.id)
    service.submit(created.id, "a1", INTRO)

    service.submit(created.id, "a2", "We rolled out service by service behind canaries.")

    assert scorer.stored_before_scoring == [True]


def test_a_crash_while_scoring_loses_nothing_and_the_next_call_finishes_the_step(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    crashing = service_for(settings, catalog, database, CrashingScorer())
    created = crashing.create("SRES.GEN.P5", None, "Kim", seed=3)
    crashing.start(created.id)
    crashing.submit(created.id, "a1", INTRO)
    with pytest.raises(Crash):
        crashing.submit(created.id, "a2", "We used canaries and SLO dashboards.")

    restarted = open_database(settings)  # a new process: a new connection pool
    healthy = service_for(settings, catalog, restarted)
    replies = healthy.submit(created.id, "a2", "We used canaries and SLO dashboards.")

    state = healthy.transcript(created.id)
    restarted.close()
    answer = next(t for t in state.turns if t.id == "a2")
    assert answer.score is not None and replies  # scored on recovery; the interview moved on
    assert [t.id for t in state.candidate_turns()] == ["a1", "a2"]


def test_a_failing_scorer_falls_back_to_the_embedded_one_and_says_so(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    service = service_for(settings, catalog, database, BrokenVendorScorer())
    created = service.create("SRES.GEN.P5", None, "Kim", seed=5)
    service.start(created.id)
    service.submit(created.id, "a1", INTRO)

    service.submit(created.id, "a2", "Canaries, feature flags and a tested rollback.")

    score = next(t for t in service.transcript(created.id).turns if t.id == "a2").score_obj()
    assert score is not None and score.scorer.startswith("embedded")
    assert score.reason is not None and "llm:down failed" in score.reason
    assert score.signals["fallback"] == 1.0


class ShoutingPhraser:
    def phrase(self, turn: Turn, state: InterviewState) -> str:
        if turn.role is TurnRole.ACKNOWLEDGEMENT:
            raise TimeoutError("model too slow")
        return turn.text.upper()


def test_a_phraser_rewords_turns_and_a_failing_one_keeps_the_template(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    service = service_for(settings, catalog, database, phraser=ShoutingPhraser())
    created = service.create("SRES.GEN.P5", None, "Kim", seed=6)
    opening = service.start(created.id)

    replies = service.submit(created.id, "a1", INTRO)

    assert opening[0].text.isupper() and opening[0].template_text != opening[0].text
    ack = next(t for t in replies if t.role is TurnRole.ACKNOWLEDGEMENT)
    assert not ack.text.isupper() and ack.phraser_error == "model too slow"
    stored = service.transcript(created.id)
    assert stored.turns[0].text == opening[0].text  # what was said is what is stored


def test_running_over_the_budget_goes_to_the_candidates_questions(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    clock = [datetime(2026, 3, 2, 9, 0, tzinfo=UTC)]
    service = service_for(settings, catalog, database, clock=lambda: clock[0])
    created = service.create("SRES.GEN.P5", None, "Kim", seed=7)
    service.start(created.id)
    service.submit(created.id, "a1", INTRO)

    clock[0] += timedelta(minutes=50)
    service.submit(created.id, "a2", "I would look at the deploy history first, then the logs.")

    state = service.transcript(created.id)
    assert state.stage in (Stage.CANDIDATE_QUESTIONS, Stage.PROJECT)  # a follow-up may come first
    while state.stage is Stage.PROJECT:
        service.skip(created.id)
        state = service.transcript(created.id)
    assert state.stage is Stage.CANDIDATE_QUESTIONS
    assert state.dropped_reasons


def test_skip_and_abandon(settings: Settings, catalog: Catalog, database: Database) -> None:
    service = service_for(settings, catalog, database)
    created = service.create("SRES.GEN.P5", None, "Kim", seed=8)
    service.start(created.id)
    service.submit(created.id, "a1", INTRO)

    after_skip = service.skip(created.id)
    abandoned = service.abandon(created.id)

    assert any(t.role is TurnRole.QUESTION for t in after_skip)
    assert abandoned.status is Status.ABANDONED
    stored = service.transcript(created.id)
    assert stored.status is Status.ABANDONED
    assert [t.skipped for t in stored.turns if t.speaker is Speaker.CANDIDATE] == [False, True]
    assert database.interviews.list(status=Status.ABANDONED)[0].overall_score is None


class InterleavingScorer:
    """Scores with the embedded scorer; the first time, another request on the same interview
    (another web worker, its own connection pool) gets in while this one is scoring."""

    id = "embedded"
    version = "interleaving"

    def __init__(self, other: Callable[[], object]) -> None:
        self.other = other
        self.inner = EmbeddedScorer()
        self.interleaved = False

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        if not self.interleaved:
            self.interleaved = True
            self.other()
        return self.inner.score(answer, question, context)


def test_two_workers_answering_at_once_lose_nothing_and_duplicate_nothing(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    second_pool = open_database(settings)
    worker_b = service_for(settings, catalog, second_pool)
    created = worker_b.create("SRES.GEN.P5", None, "Kim", seed=9)
    worker_b.start(created.id)
    worker_b.submit(created.id, "a1", INTRO)
    same_answer = "We rolled out behind canaries with SLO-based rollback."
    # while worker A scores "a2", worker B receives the same answer again (a client retry)
    scorer = InterleavingScorer(lambda: worker_b.submit(created.id, "a2", same_answer))
    worker_a = service_for(settings, catalog, database, scorer)

    replies = worker_a.submit(created.id, "a2", same_answer)

    state = worker_a.transcript(created.id)
    second_pool.close()
    assert [t.id for t in state.candidate_turns()] == ["a1", "a2"]
    assert replies == replies_to(state, "a2") and replies
    assert next(t for t in state.turns if t.id == "a2").score is not None


def test_intro_answers_get_a_relevance_but_no_score(tmp_path: Path) -> None:
    """Relevance is computed for every kind of question; unscored kinds keep value None."""
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'r.db'}")
    database = open_database(settings)
    try:
        service = InterviewService(settings, load_catalog(), database.interviews, EmbeddedScorer())
        created = service.create("SRES.GEN.P3", None, "Ana Ruiz", seed=1)
        service.start(created.id)
        service.submit(
            created.id,
            "intro-1",
            "I'm an SRE at Acme: I run the payments API on Kubernetes, about 40 services, "
            "and I led its migration to multi-region with on-call for the whole team.",
        )
        intro = next(t for t in service.transcript(created.id).turns if t.id == "intro-1")
    finally:
        database.close()
    assert intro.score is not None
    assert intro.score["value"] is None and "not scored" in intro.score["reason"]
    assert 0.0 <= intro.score["relevance"] <= 1.0


class PeakScorer:
    """The embedded scorer, taking 20 ms a score and noting how many scores ran at once."""

    id = "embedded"
    version = "peak"

    def __init__(self) -> None:
        self.inner = EmbeddedScorer()
        self.running = 0
        self.peak = 0
        self.lock = threading.Lock()

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        time.sleep(0.02)
        with self.lock:
            self.running -= 1
        return self.inner.score(answer, question, context)


def test_eight_answers_at_once_are_worked_on_two_at_a_time_on_sqlite(
    settings: Settings, catalog: Catalog, database: Database
) -> None:
    scorer = PeakScorer()
    service = service_for(settings, catalog, database, scorer)
    interviews = [service.create("SRES.GEN.P5", None, f"Kim {n}", seed=n).id for n in range(8)]
    for interview_id in interviews:
        service.start(interview_id)
        service.submit(interview_id, "intro", INTRO)  # the intro is not scored
    answer = "We rolled out behind canaries with SLO-based rollback."

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda i: service.submit(i, "a2", answer), interviews))

    assert scorer.peak <= SQLITE_ANSWER_SLOTS == 2  # without the slots, 4 ran at once
    assert all(replies)
    assert all(service.transcript(i).turns[-1].speaker is Speaker.INTERVIEWER for i in interviews)
