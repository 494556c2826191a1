"""Durability: answers survive a restart; concurrent writers neither lose nor duplicate turns."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from test_storage_support import answer, ask, count_turns, new_state, open_clean

from panelist.config import Settings
from panelist.storage import (
    ConcurrentUpdateError,
    Database,
    SqlInterviewRepository,
    migrate,
    open_database,
)
from panelist.storage.engine import make_engine

pytest_plugins = ["test_storage_support"]

WRITERS = 4
ANSWERS_EACH = 5


def append_answers(repository: SqlInterviewRepository, writer: str, count: int) -> int:
    """Add ``count`` answers the way the service does (read, append, save), retrying
    on conflicts. Returns how many conflicts it met."""
    conflicts = 0
    for i in range(count):
        while True:
            state = repository.get("iv-busy")
            if any(t.id == f"{writer}-{i}" for t in state.turns):
                break  # a retried submit that already landed
            answer(state, f"{writer}-{i}", f"answer {i} from {writer}")
            try:
                repository.save(state)
                break
            except ConcurrentUpdateError:
                conflicts += 1
    return conflicts


def append_answers_in_process(settings: dict[str, Any], writer: str, count: int) -> int:
    database = open_database(Settings(**settings))
    try:
        return append_answers(database.interviews, writer, count)
    finally:
        database.close()


def open_and_list(data_dir: str) -> int:
    database = open_database(Settings(data_dir=Path(data_dir)))
    try:
        return len(database.interviews.list())
    finally:
        database.close()


def assert_every_answer_once(database: Database, writers: list[str], each: int) -> None:
    turns = database.interviews.get("iv-busy").turns
    expected = {f"{w}-{i}" for w in writers for i in range(each)}
    answers = [t.id for t in turns[1:]]
    assert sorted(answers) == sorted(expected)  # none lost, none twice
    assert [t.seq for t in turns] == list(range(len(expected) + 1))
    assert count_turns(database, "iv-busy") == len(expected) + 1


def test_a_saved_answer_survives_closing_and_reopening(settings: Settings) -> None:
    database = open_clean(settings)
    state = new_state("iv-1")
    ask(state, "Walk me through an OOM kill.")
    database.interviews.create(state)
    answer(state, "client-a1", "dmesg shows the oom-killer picked the biggest RSS")
    database.interviews.save(state)
    database.close()

    reopened = open_database(settings)
    try:
        turns = reopened.interviews.get("iv-1").turns
        assert [t.text for t in turns][-1] == "dmesg shows the oom-killer picked the biggest RSS"
    finally:
        reopened.close()


@pytest.mark.parametrize("sharing", ["one repository per writer", "one shared repository"])
def test_concurrent_writers_neither_lose_nor_duplicate_turns(
    settings: Settings, sharing: str
) -> None:
    databases = [open_clean(settings) for _ in range(WRITERS)]
    try:
        state = new_state("iv-busy")
        ask(state, "Tell me about an outage.")
        databases[0].interviews.create(state)
        repositories = [
            d.interviews if sharing.startswith("one repository") else databases[0].interviews
            for d in databases
        ]
        writers = [f"w{n}" for n in range(WRITERS)]
        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(append_answers, repositories, writers, [ANSWERS_EACH] * WRITERS))
        assert_every_answer_once(databases[0], writers, ANSWERS_EACH)
    finally:
        for database in databases:
            database.close()


def test_two_processes_writing_one_sqlite_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    database = open_database(settings)
    state = new_state("iv-busy")
    ask(state, "Tell me about an outage.")
    database.interviews.create(state)

    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(2) as pool:
        args = [({"data_dir": str(settings.data_dir)}, f"p{n}", 8) for n in range(2)]
        pool.starmap(append_answers_in_process, args)

    assert_every_answer_once(database, ["p0", "p1"], 8)
    database.close()


def test_processes_starting_together_migrate_a_new_sqlite_file_once(tmp_path: Path) -> None:
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(3) as pool:
        assert pool.map(open_and_list, [str(tmp_path / "data")] * 3) == [0, 0, 0]
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'panelist.db'}")
    try:
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    database = open_database(Settings(data_dir=tmp_path / "fresh" / "dir"))
    try:
        assert (tmp_path / "fresh" / "dir" / "panelist.db").is_file()
        with database.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    finally:
        database.close()
