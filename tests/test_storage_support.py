"""Helpers for the storage tests: a throw-away PostgreSQL database and interview states.

Holds no tests; test modules load its fixtures (postgres_url, settings, db) with
``pytest_plugins = ["test_storage_support"]``. PostgreSQL is reached at
PANELIST_TEST_POSTGRES_URL (default: the trust-auth server on localhost); each test module
gets its own database, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import require
from sqlalchemy import text
from sqlalchemy.engine import make_url

from panelist.catalog.models import QuestionKind
from panelist.config import Settings
from panelist.interview.state import (
    InterviewState,
    Plan,
    PlanItem,
    Speaker,
    Status,
    Turn,
    TurnRole,
)
from panelist.scoring.types import Evidence, KeyPointHit, Score
from panelist.storage import Database, migrate, open_database
from panelist.storage.engine import make_engine

ADMIN_URL = os.environ.get(
    "PANELIST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TABLES = "organisations, users, interviews, turns, score_overrides, sign_offs, audit_log"


def postgres_reachable() -> bool:
    url = make_url(ADMIN_URL)
    try:
        psycopg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            dbname=url.database,
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        return False
    return True


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database; yields its URL and drops it on exit."""
    require(postgres_reachable(), f"PostgreSQL is not reachable at {ADMIN_URL}")
    name = f"panelist_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.engine.dispose()


@contextmanager
def migrated_postgres_database() -> Iterator[str]:
    """A new PostgreSQL database at the newest schema (as after `panelist db upgrade`)."""
    with postgres_database() as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
        yield url


def settings_for(backend: str, tmp_path: Path, postgres_url: str | None) -> Settings:
    if backend == "sqlite":
        return Settings(data_dir=tmp_path / "data")
    assert postgres_url is not None
    return Settings(data_dir=tmp_path / "data", database_url=postgres_url)


def empty_tables(database: Database) -> None:
    """PostgreSQL databases are shared by a module's tests: empty them between tests."""
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))


def open_clean(settings: Settings) -> Database:
    database = open_database(settings)
    empty_tables(database)
    return database


def plan(seed: int = 7) -> Plan:
    return Plan(
        role_code="SRES.GEN.P3",
        level="P3",
        seed=seed,
        budget_minutes=45,
        items=[
            PlanItem(
                question_id="mon.burn_rate",
                kind=QuestionKind.TECHNICAL,
                competencies=["monitoring"],
                minutes=6,
                reason="required competency monitoring",
            ),
            PlanItem(
                question_id="ts.oom",
                kind=QuestionKind.SCENARIO,
                competencies=["troubleshooting"],
                minutes=8,
                reason="required competency troubleshooting",
            ),
        ],
    )


def new_state(interview_id: str, name: str = "Ada Lovelace", **fields: object) -> InterviewState:
    return InterviewState.model_validate(
        {
            "id": interview_id,
            "role_code": "SRES.GEN.P3",
            "level": "P3",
            "candidate_name": name,
            "plan": plan(),
            **fields,
        }
    )


def ask(state: InterviewState, text_: str, *, question_id: str = "mon.burn_rate") -> Turn:
    """Append an interviewer question to ``state`` (as the engine would)."""
    seq = state.next_seq()
    turn = Turn(
        id=f"{state.id}-q{seq}",
        seq=seq,
        speaker=Speaker.INTERVIEWER,
        role=TurnRole.QUESTION,
        text=text_,
        at=T0 + timedelta(minutes=seq),
        question_id=question_id,
        kind=QuestionKind.TECHNICAL,
    )
    state.turns.append(turn)
    state.status = Status.IN_PROGRESS
    return turn


def answer(state: InterviewState, turn_id: str, text_: str) -> Turn:
    """Append a candidate answer with a client-supplied id."""
    seq = state.next_seq()
    turn = Turn(
        id=turn_id,
        seq=seq,
        speaker=Speaker.CANDIDATE,
        role=TurnRole.ANSWER,
        text=text_,
        at=T0 + timedelta(minutes=seq),
        question_id=state.turns[-1].question_id,
        kind=QuestionKind.TECHNICAL,
    )
    state.turns.append(turn)
    return turn


def score_dict(value: float, answer_text: str = "alert on burn rate") -> dict[str, Any]:
    """A real Score, as the engine stores it on a turn (``Score.to_dict()``)."""
    quote = answer_text.split()[-1]
    start = answer_text.index(quote)
    return Score(
        value=value,
        relevance=0.9,
        key_points_hit=[
            KeyPointHit("burn_rate", [Evidence(quote, start, start + len(quote))], strength=0.8)
        ],
        key_points_missed=["error_budget"],
        flags=[],
        confidence=0.7,
        scorer="test/1.0",
    ).to_dict()


def count_turns(database: Database, interview_id: str) -> int:
    with database.engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM turns WHERE interview_id = :id"), {"id": interview_id}
            ).scalar_one()
        )


# ------------------------------------------------------------------ fixtures

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with migrated_postgres_database() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "postgres":
        return settings_for("postgres", tmp_path, request.getfixturevalue("postgres_url"))
    return settings_for("sqlite", tmp_path, None)


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = open_clean(settings)
    yield database
    database.close()
