"""The candidate's state read: while nothing changed, one read of the invite's row answers it.

The view of each stored version is kept (``WebContext.candidate_views``); any write moves the
row version on, so the next read shows it. The SQL each read sends is recorded with
SQLAlchemy's ``before_cursor_execute`` event: the tests say what is read, not how long it took.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from test_web_support import ANSWER, api_login, context, create_invite

from panelist.storage import Database
from panelist.web.candidate_view import CandidateView
from panelist.web.schemas import CandidateState

pytest_plugins = ["test_web_support"]


@contextmanager
def sql_seen(database: Database, record: Callable[[str], None]) -> Iterator[None]:
    """``record(sql)`` for each statement the database runs while inside, on the thread that
    runs it: SQLAlchemy's events of both engines (the main one and the quick reads'), and
    sqlite3's trace callback of the connections the quick reads keep per thread (their SQL
    goes to the driver directly)."""

    def on_execute(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        record(sql)

    traced: list[Any] = []

    def trace(driver: Any, *_args: object) -> None:  # a kept one, or one a thread opens now
        driver.set_trace_callback(record)
        traced.append(driver)

    engines = database.engine, database.quick.engine
    for engine in engines:
        event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(database.quick.engine, "connect", trace)
    for connection in database.quick.kept:
        trace(connection.connection.driver_connection)
    try:
        yield
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(database.quick.engine, "connect", trace)
        for driver in traced:
            driver.set_trace_callback(None)


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    sent: list[str] = []
    with sql_seen(database, lambda sql: sent.append(" ".join(sql.upper().split()))):
        yield sent


def started(client: TestClient) -> tuple[str, str]:
    recruiter = api_login(client, "di@acme.io", "Acme")
    invite = create_invite(client, recruiter)
    token = invite["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True}).raise_for_status()
    return token, invite["id"]


def test_a_second_state_read_reads_the_invite_row_alone(app: FastAPI, client: TestClient) -> None:
    token, _ = started(client)
    first = client.get(f"/api/v1/candidate/{token}").json()

    with statements(context(app).database) as sent:
        again = client.get(f"/api/v1/candidate/{token}").json()

    selects = [s for s in sent if s.startswith("SELECT")]
    assert len(selects) == 1 and "INVITE_TOKEN_HASH" in selects[0], sent
    assert not [s for s in sent if "FROM TURNS" in s]
    assert again["messages"] == first["messages"]


def test_an_answer_shows_in_the_next_state_read(app: FastAPI, client: TestClient) -> None:
    token, _ = started(client)
    before = client.get(f"/api/v1/candidate/{token}").json()
    client.post(
        f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": ANSWER}
    ).raise_for_status()

    after = client.get(f"/api/v1/candidate/{token}").json()

    assert len(after["messages"]) > len(before["messages"])
    assert ANSWER in [m["text"] for m in after["messages"]]


def test_an_interview_closed_since_the_last_read_is_seen_through_the_kept_view(
    app: FastAPI, client: TestClient
) -> None:
    token, interview_id = started(client)
    client.get(f"/api/v1/candidate/{token}").raise_for_status()  # kept at this version
    web = context(app)
    state = web.database.interviews.get(interview_id)
    web.service().abandon(state.id)  # a recruiter closes it: another write, another version

    ended = client.get(f"/api/v1/candidate/{token}")

    assert ended.status_code == 410
    assert "This interview has ended" in ended.json()["detail"]


def test_the_time_remaining_is_worked_out_at_each_read_not_kept(
    app: FastAPI, client: TestClient
) -> None:
    _, interview_id = started(client)
    state = context(app).database.interviews.get(interview_id)
    view = CandidateView.of(state)
    assert state.started_at is not None

    soon = view.progress(state.started_at + timedelta(minutes=1)).seconds_remaining
    later = view.progress(state.started_at + timedelta(minutes=11)).seconds_remaining

    assert soon - later == 600


def test_the_kept_json_is_the_state_model_serialised(app: FastAPI, client: TestClient) -> None:
    token, interview_id = started(client)
    client.post(
        f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": ANSWER}
    ).raise_for_status()
    state = context(app).database.interviews.get(interview_id)
    view = CandidateView.of(state)
    assert state.started_at is not None
    now = state.started_at + timedelta(minutes=3)

    assert view.json(now) == view.state(now).model_dump_json().encode()
    shown = client.get(f"/api/v1/candidate/{token}").json()
    assert CandidateState.model_validate(shown).messages == view.state(now).messages


@contextmanager
def reading_threads(database: Database) -> Iterator[set[str]]:
    """The names of the threads the state reads' SQL ran on."""
    seen: set[str] = set()
    with sql_seen(database, lambda _sql: seen.add(threading.current_thread().name)):
        yield seen


def test_on_sqlite_a_poll_reads_the_invite_row_on_the_event_loop(
    app: FastAPI, client: TestClient
) -> None:
    token, _ = started(client)
    client.get(f"/api/v1/candidate/{token}").raise_for_status()  # kept at this version
    assert context(app).reads_on_loop  # the default install: SQLite

    with reading_threads(context(app).database) as threads:
        client.get(f"/api/v1/candidate/{token}").raise_for_status()
    context(app).reads_on_loop = False  # as on PostgreSQL
    with reading_threads(context(app).database) as hopped:
        client.get(f"/api/v1/candidate/{token}").raise_for_status()

    assert len(threads) == 1 and "AnyIO worker thread" not in threads, threads
    assert hopped == {"AnyIO worker thread"}


def test_with_reads_off_the_loop_the_state_read_shows_the_same(
    app: FastAPI, client: TestClient
) -> None:
    token, _ = started(client)
    on_loop = client.get(f"/api/v1/candidate/{token}").json()
    context(app).reads_on_loop = False  # as on PostgreSQL: the row is read on a worker thread

    in_thread = client.get(f"/api/v1/candidate/{token}")
    unknown = client.get("/api/v1/candidate/not-a-token-we-issued")

    assert in_thread.json()["messages"] == on_loop["messages"]
    assert unknown.status_code == 404 and unknown.json()["title"] == "Invite not found"
