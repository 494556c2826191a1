"""A save writes only what changed since the state was read; a read reuses cached turns.

Run on SQLite and on PostgreSQL. The SQL each save sends is recorded with SQLAlchemy's
``before_cursor_execute`` event, so the tests say what is written, never how long it takes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from test_storage_support import answer, ask, count_turns, new_state, open_clean, score_dict

from panelist.config import Settings
from panelist.jobs import JobStore
from panelist.storage import ConcurrentUpdateError, Database
from panelist.storage.repository import NewJob

pytest_plugins = ["test_storage_support"]  # the postgres_url, settings and db fixtures


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """The SQL sent to the database inside the block, upper-cased, one string each."""
    sent: list[str] = []

    def record(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        sent.append(" ".join(sql.upper().split()))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(database.engine, "before_cursor_execute", record)


def long_interview(database: Database, interview_id: str, answers: int) -> None:
    state = new_state(interview_id)
    for n in range(answers):
        ask(state, f"Question {n}?")
        answer(state, f"a{n}", f"Answer {n}, about burn rate")
    database.interviews.create(state)


def test_a_save_inserts_the_new_turns_and_reads_none_of_the_old(db: Database) -> None:
    long_interview(db, "iv-long", 30)
    state = db.interviews.get("iv-long")
    ask(state, "One more question?")
    answer(state, "a-last", "The last answer")

    with statements(db) as sent:
        db.interviews.save(state)

    turn_writes = [s for s in sent if "TURNS" in s and not s.startswith("SELECT")]
    assert not [s for s in sent if s.startswith("SELECT") and "FROM TURNS" in s]
    assert turn_writes
    assert [s.split()[0] for s in turn_writes] == ["INSERT"] * len(turn_writes)
    assert [t.id for t in db.interviews.get("iv-long").turns][-2:] == ["iv-long-q60", "a-last"]
    assert count_turns(db, "iv-long") == 62


def test_a_rescored_turn_is_updated_alone(db: Database) -> None:
    long_interview(db, "iv-rescore", 10)
    state = db.interviews.get("iv-rescore")
    state.replace_turn("a3", score=score_dict(2.0, "Answer 3, about burn rate"))

    with statements(db) as sent:
        db.interviews.save(state)

    turn_writes = [s for s in sent if s.startswith(("UPDATE TURNS", "INSERT INTO TURNS"))]
    assert len(turn_writes) == 1 and turn_writes[0].startswith("UPDATE TURNS")
    again = db.interviews.get("iv-rescore")
    rescored = next(t for t in again.turns if t.id == "a3").score_obj()
    assert rescored is not None and rescored.value == 2.0
    assert all(t.score is None for t in again.turns if t.id != "a3")


def test_a_read_at_the_current_version_reads_no_turns(db: Database) -> None:
    long_interview(db, "iv-cached", 10)
    db.interviews.get("iv-cached")  # loads and keeps the turns at this version

    with statements(db) as sent:
        again = db.interviews.get("iv-cached")

    assert [s.split(" WHERE")[0] for s in sent if not s.startswith("BEGIN")] == [
        "SELECT INTERVIEWS.VERSION FROM INTERVIEWS"
    ], "a read at the current version reads only the version"
    assert len(again.turns) == 20


def test_what_a_caller_does_to_its_read_never_reaches_the_next_read(db: Database) -> None:
    long_interview(db, "iv-mine", 2)
    mine = db.interviews.get("iv-mine")
    ask(mine, "Not saved?")  # appends to the list and sets the status on this copy only
    mine.notes["draft"] = True
    mine.probed.append("probe")

    fresh = db.interviews.get("iv-mine")

    assert [t.id for t in fresh.turns] == ["iv-mine-q0", "a0", "iv-mine-q2", "a1"]
    assert fresh.notes == {} and fresh.probed == []


def test_a_save_by_another_replica_is_seen_by_the_next_read(settings: Settings) -> None:
    first, second = open_clean(settings), open_clean(settings)  # two processes' repositories
    try:
        long_interview(first, "iv-two", 3)
        first.interviews.get("iv-two")  # cached in the first at version 1
        theirs = second.interviews.get("iv-two")
        answer(theirs, "from-second", "Said through the other replica")
        second.interviews.save(theirs)

        assert first.interviews.get("iv-two").turns[-1].id == "from-second"
    finally:
        first.close()
        second.close()


def test_a_copy_of_an_old_read_still_cannot_drop_a_stored_turn(db: Database) -> None:
    long_interview(db, "iv-drop", 3)
    state = db.interviews.get("iv-drop")
    state.turns.pop()

    with pytest.raises(ConcurrentUpdateError, match="are not in this state"):
        db.interviews.save(state)
    assert count_turns(db, "iv-drop") == 6


def test_a_stored_turn_cannot_be_changed_in_place(db: Database) -> None:
    """Turns are frozen: a change is a new Turn, which is how a save sees what changed."""
    long_interview(db, "iv-frozen", 1)
    turn = db.interviews.get("iv-frozen").turns[-1]

    with pytest.raises(ValueError, match="frozen"):
        turn.text = "rewritten"  # type: ignore[misc]


def test_a_save_reads_no_version_when_the_row_is_still_at_the_one_read(db: Database) -> None:
    long_interview(db, "iv-quick", 3)
    state = db.interviews.get("iv-quick")
    answer(state, "a-next", "The next answer")

    with statements(db) as sent:
        db.interviews.save(state)

    assert not [s for s in sent if s.startswith("SELECT")]
    assert [s.split()[0] for s in sent if s.split()[0] in ("INSERT", "UPDATE")] == [
        "UPDATE",
        "INSERT",
    ]


def test_a_job_is_stored_by_the_save_that_records_it_and_only_once(db: Database) -> None:
    long_interview(db, "iv-job", 2)
    job = NewJob("job-1", "semantic_score", "semantic:iv-job:a-job", {"turn_id": "a-job"})
    state = db.interviews.get("iv-job")
    answer(state, "a-job", "We page on the fast burn window")
    db.interviews.save(state, jobs=[job])
    again = db.interviews.get("iv-job")  # the same answer retried: a new job id, the same key
    db.interviews.save(again, jobs=[NewJob("job-2", job.kind, job.key, job.payload)])

    stored = JobStore(db.engine).by_key(job.key)
    assert stored is not None
    assert (stored.id, stored.status, stored.payload) == ("job-1", "queued", {"turn_id": "a-job"})


def test_a_save_that_lost_the_race_stores_its_job_neither(db: Database) -> None:
    long_interview(db, "iv-race", 2)
    first, second = db.interviews.get("iv-race"), db.interviews.get("iv-race")
    answer(first, "a-first", "One tab's answer")
    db.interviews.save(first)
    answer(second, "a-second", "The other tab's answer")

    with pytest.raises(ConcurrentUpdateError):
        db.interviews.save(second, jobs=[NewJob("job-x", "semantic_score", "k-race", {})])

    assert JobStore(db.engine).by_key("k-race") is None


def test_the_state_cache_holds_as_many_interviews_as_the_settings_say(settings: Settings) -> None:
    """Reading 3 interviews in turn, as a server serving 3 live interviews does: with room for
    all 3, the second round reads no turns; with room for 2, every read misses."""
    for room, turn_reads in ((3, 0), (2, 3)):
        sized = settings.model_copy(update={"state_cache_interviews": room})
        database = open_clean(sized)
        try:
            for n in range(3):
                long_interview(database, f"iv-{room}-{n}", 4)
                database.interviews.get(f"iv-{room}-{n}")
            with statements(database) as sent:
                for n in range(3):
                    database.interviews.get(f"iv-{room}-{n}")
        finally:
            database.close()
        assert len([s for s in sent if "FROM TURNS" in s]) == turn_reads, room
