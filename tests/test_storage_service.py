"""The interview service on real storage: a whole simulated interview, with client retries."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from panelist.candidates.simulated import simulated_candidate
from panelist.catalog.loader import load_catalog
from panelist.config import Settings
from panelist.interview.state import Status
from panelist.scoring import EmbeddedScorer
from panelist.service.interviews import InterviewService
from panelist.storage import Database, open_database

pytest_plugins = ["test_storage_support"]


def test_a_simulated_interview_is_stored_once_and_reads_back_whole(
    db: Database, settings: Settings
) -> None:
    catalog = load_catalog(None)
    service = InterviewService(settings, catalog, db.interviews, EmbeddedScorer())
    interview = service.create("SRES.GEN.P3", None, "Sim Strong", quality_profile="strong", seed=3)
    candidate = simulated_candidate("strong", 3, catalog)

    said = service.start(interview.id)
    answers = 0
    while service.transcript(interview.id).status is Status.IN_PROGRESS and answers < 60:
        reply = candidate.reply(said[-1], service.transcript(interview.id))
        turn_id = uuid.uuid4().hex
        said = service.submit(interview.id, turn_id, reply)
        retried = service.submit(interview.id, turn_id, reply)  # the client retries
        assert [t.id for t in retried] == [t.id for t in said]
        answers += 1

    final = service.transcript(interview.id)
    assert final.status is Status.COMPLETED and answers > 3
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT turn_id FROM turns")).scalars().all()
    assert sorted(rows) == sorted(t.id for t in final.turns)  # every turn, none twice
    assert sum(1 for t in final.candidate_turns() if t.score is not None) >= 3

    reopened = open_database(settings)
    try:
        assert reopened.interviews.get(interview.id) == final
        assert reopened.interviews.list(status=Status.COMPLETED)[0].id == interview.id
    finally:
        reopened.close()
