"""An aside on an earlier question through the interview service on real storage (issue 12):
scored under the question it adds to on the fast path, given its final score by the job
queue, kept across a reload, and shown in the report rendered from the stored interview."""

from __future__ import annotations

import uuid
from pathlib import Path

from interview_driver import hand_plan
from test_listening_asides import CANARY, NOTHING_MORE, SETTLEMENT, incident_then_load
from test_listening_heard import GO_ASIDE, LOG_PIPELINE, TIME_WAIT_ANSWER, TIME_WAIT_STOPGAP
from test_listening_last_runs import LOAD_ANSWER, PGBOUNCER_INTRO

from panelist.catalog.loader import load_catalog
from panelist.config import Settings
from panelist.interview.state import InterviewState, JudgeStatus
from panelist.jobs import JobStore
from panelist.jobs.hooks import QueuedWork
from panelist.jobs.judging import SEMANTIC_KIND, RescoreSemantic, judge_key
from panelist.jobs.queue import JobQueue
from panelist.reports import build_report, render
from panelist.scoring import EmbeddedScorer
from panelist.service.interviews import InterviewService
from panelist.storage import Database, open_database
from panelist.storage.memory import MemoryRepository

CATALOG = load_catalog()
QUEUED = JudgeStatus(status="queued", kind=SEMANTIC_KIND, by="embedded+semantic")


def queued_service(
    tmp_path: Path, *questions: str
) -> tuple[Database, JobQueue, InterviewService, InterviewState]:
    """An interview of ``questions`` stored on SQLite, its answers' final scores queued for
    semantic re-scoring (the request path scores on words only)."""
    settings = Settings(data_dir=tmp_path / "data")
    database = open_database(settings)
    queue = JobQueue(settings, JobStore(database.engine))
    service = InterviewService(
        settings,
        CATALOG,
        database.interviews,
        EmbeddedScorer(),
        slow_work=QueuedWork(queue, final=(SEMANTIC_KIND, "embedded+semantic")),
    )
    plan = hand_plan(CATALOG, *questions)
    state = InterviewState(
        id="iv-aside", role_code=plan.role_code, level=plan.level, candidate_name="Sam", plan=plan
    )
    database.interviews.create(state)
    return database, queue, service, state


def semantic_jobs(settings: Settings, database: Database) -> RescoreSemantic:
    return RescoreSemantic(
        settings.model_copy(update={"semantic": "on"}), lambda _state: CATALOG, database
    )


def test_an_aside_is_scored_stored_rescored_on_the_queue_and_reported(tmp_path: Path) -> None:
    database, queue, service, state = queued_service(
        tmp_path, "proj.production-failure", "os.load-vs-cpu"
    )
    settings = service.settings
    service.start(state.id)
    for text in (PGBOUNCER_INTRO, SETTLEMENT):
        service.submit(state.id, uuid.uuid4().hex, text)
    while service.transcript(state.id).turns[-1].question_id == "proj.production-failure":
        service.submit(state.id, uuid.uuid4().hex, NOTHING_MORE)
    service.submit(state.id, "mixed", f"{CANARY} {LOAD_ANSWER}")

    fast = next(t for t in service.transcript(state.id).turns if t.id == "mixed")
    assert fast.adds_to == "proj.production-failure" and fast.judge == QUEUED
    assert fast.aside_score is not None and fast.aside_score["signals"]["semantic"] == 0.0
    job = queue.store.by_key(judge_key(state.id, "mixed", SEMANTIC_KIND))
    assert job is not None  # one job gives the answer and its aside their final scores

    semantic_jobs(settings, database).run(job)
    database.close()

    reopened = open_database(settings)  # read back from storage, not from a cache
    try:
        stored = reopened.interviews.get(state.id)
    finally:
        reopened.close()
    final = next(t for t in stored.turns if t.id == "mixed")
    assert final.judge is not None and final.judge.status == "done"
    assert final.text == f"{CANARY} {LOAD_ANSWER}"  # the transcript as it was said
    assert (final.adds_to, final.aside) == ("proj.production-failure", (0, len(CANARY)))
    assert final.score is not None and final.score["signals"]["semantic"] == 1.0
    assert final.aside_score is not None and final.aside_score["signals"]["semantic"] == 1.0
    aside = final.aside_score_obj()
    assert aside is not None
    canary = [e for h in aside.key_points_hit for e in h.evidence if e.turn_id == "mixed"]
    assert [final.text[e.start : e.end] for e in canary] == [CANARY]

    report = build_report(stored, CATALOG)
    incident = next(q for q in report.questions if q.question_id == "proj.production-failure")
    (lasting,) = [c for c in incident.credited if c.key_point == "lasting-change"]
    assert lasting.added_during == 3 and lasting.quotes == [CANARY]
    assert incident.score_before_added is not None and incident.score is not None
    assert incident.score > incident.score_before_added
    assert "with what was added during Q3 (lasting change)." in incident.justification
    assert f"**Added during Q3:** {CANARY}" in render(report, "md")
    assert f"Added during Q3: {CANARY}" in render(report, "txt")


def test_an_aside_left_unscored_is_scored_when_the_interview_goes_on(tmp_path: Path) -> None:
    """A crash after the answer was saved, or an interview stored before asides were scored
    where they add: the next submit scores the aside under its earlier question first."""
    interview = incident_then_load(CATALOG, f"{CANARY} {LOAD_ANSWER}")
    index, turn = next((i, t) for i, t in enumerate(interview.state.turns) if t.adds_to)
    unscored = interview.state.fork()
    unscored.turns[index] = turn.model_copy(update={"aside_score": None})
    repository = MemoryRepository()
    repository.create(unscored)
    service = InterviewService(
        Settings(data_dir=tmp_path / "data"), CATALOG, repository, EmbeddedScorer()
    )
    service.submit(unscored.id, "q1", "How big is the team?")
    again = next(t for t in service.transcript(unscored.id).turns if t.id == turn.id)
    assert again.aside_score is not None
    incident = next(
        q
        for q in build_report(service.transcript(unscored.id), CATALOG).questions
        if q.question_id == "proj.production-failure"
    )
    assert [c.added_during for c in incident.credited if c.key_point == "lasting-change"] == [3]


def test_a_turn_that_only_adds_to_the_last_question_gets_its_final_score_on_the_queue(
    tmp_path: Path,
) -> None:
    """ "Sorry, one thing on the last one before I forget - ..." has no score of its own (it
    answers no question asked), so its aside's score hands the final-score job off."""
    database, queue, service, state = queued_service(
        tmp_path, "net.tcp-time-wait", "sec.cve-patching-fleet"
    )
    service.start(state.id)
    service.submit(state.id, uuid.uuid4().hex, LOG_PIPELINE)
    service.submit(state.id, uuid.uuid4().hex, TIME_WAIT_ANSWER)
    while service.transcript(state.id).turns[-1].question_id != "sec.cve-patching-fleet":
        service.submit(state.id, uuid.uuid4().hex, TIME_WAIT_STOPGAP)
    service.submit(state.id, "go", GO_ASIDE)
    fast = next(t for t in service.transcript(state.id).turns if t.id == "go")
    assert fast.score is None and fast.judge == QUEUED
    assert fast.aside_score is not None and fast.aside_score["signals"]["semantic"] == 0.0
    job = queue.store.by_key(judge_key(state.id, "go", SEMANTIC_KIND))
    assert job is not None
    handler = semantic_jobs(service.settings, database)
    handler.give_up(job, "the model was not there")  # the last attempt failed: fast kept
    kept = next(t for t in database.interviews.get(state.id).turns if t.id == "go")
    assert kept.score is None and kept.judge is not None and kept.judge.status == "failed"
    assert kept.aside_score is not None
    assert kept.aside_score["reason"] == (
        "scored by embedded/2.0.0 (fallback): rescore_semantic failed: the model was not there"
    )
    assert kept.aside_score["signals"]["semantic"] == 0.0
    database.close()
