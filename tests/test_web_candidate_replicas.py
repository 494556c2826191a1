"""Two app instances on one database, as two workers or two replicas are: each keeps its own
candidate views, and a write through one is seen by the other's next read.

A kept view is reused only at the row version the invite lookup reads, and that lookup runs
outside any transaction (panelist.storage.quick), so it sees the other instance's commit; the
invite's own state (re-issued, expired, used) is read on every request, never kept.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_candidate_state import started, statements
from test_web_support import ANSWER, context, web_settings

from panelist.web import create_app

pytest_plugins = ["test_web_support"]


def instance(directory: Path) -> FastAPI:
    app = create_app(web_settings(directory))
    context(app).stream_delay_seconds = 0.0
    return app


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """Clients of two app instances on the same SQLite file."""
    first, second = instance(tmp_path / "data"), instance(tmp_path / "data")
    with (
        TestClient(first, raise_server_exceptions=False) as one,
        TestClient(second, raise_server_exceptions=False) as other,
    ):
        yield one, other


def answered(client: TestClient, token: str, text: str = ANSWER) -> None:
    client.post(
        f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": text}
    ).raise_for_status()


def test_an_answer_through_one_instance_shows_in_the_others_kept_view(
    pair: tuple[TestClient, TestClient],
) -> None:
    one, other = pair
    token, _ = started(one)
    before = one.get(f"/api/v1/candidate/{token}").json()  # kept by the first instance

    answered(other, token)
    after = one.get(f"/api/v1/candidate/{token}").json()

    assert len(after["messages"]) > len(before["messages"])
    assert ANSWER in [m["text"] for m in after["messages"]]


def test_a_reissued_invite_stops_the_old_link_on_every_instance(
    pair: tuple[TestClient, TestClient],
) -> None:
    one, other = pair
    token, interview_id = started(one)
    shown = one.get(f"/api/v1/candidate/{token}").json()  # kept by the first instance

    new = context(other.app).database.invites.issue(interview_id, ttl=timedelta(days=1))  # type: ignore[arg-type]
    old = one.get(f"/api/v1/candidate/{token}")
    fresh = one.get(f"/api/v1/candidate/{new.token}")

    assert old.status_code == 404 and old.json()["title"] == "Invite not found"
    assert fresh.status_code == 200 and fresh.json()["messages"] == shown["messages"]


def test_an_invite_that_expires_while_its_view_is_kept_is_refused(
    pair: tuple[TestClient, TestClient],
) -> None:
    one, other = pair
    _, interview_id = started(one)
    short = context(other.app).database.invites.issue(interview_id, ttl=timedelta(seconds=1))  # type: ignore[arg-type]
    assert one.get(f"/api/v1/candidate/{short.token}").status_code == 200  # kept now

    time.sleep(1.1)
    expired = one.get(f"/api/v1/candidate/{short.token}")

    assert expired.status_code == 410
    assert "This invite link has expired" in expired.json()["detail"]


def test_a_used_invite_is_refused_though_its_view_is_kept(
    pair: tuple[TestClient, TestClient],
) -> None:
    one, other = pair
    token, _ = started(one)
    assert one.get(f"/api/v1/candidate/{token}").status_code == 200  # kept now

    context(other.app).database.invites.redeem(token)  # type: ignore[arg-type]
    used = one.get(f"/api/v1/candidate/{token}")

    assert used.status_code == 410
    assert "This invite link has already been used" in used.json()["detail"]


def sse_events(body: str) -> list[str]:
    return [line.removeprefix("event: ") for line in body.splitlines() if line.startswith("event:")]


def test_a_stream_asked_for_nothing_new_reads_the_invite_row_alone(
    pair: tuple[TestClient, TestClient],
) -> None:
    one, other = pair
    token, _ = started(one)
    newest = one.get(f"/api/v1/candidate/{token}").json()["messages"][-1]["seq"]

    with statements(context(one.app).database) as sent:  # type: ignore[arg-type]
        idle = one.get(f"/api/v1/candidate/{token}/stream", params={"after": newest})
    answered(other, token, "Through the other replica: canary releases and rollbacks.")
    moved = one.get(f"/api/v1/candidate/{token}/stream", params={"after": newest})

    assert sse_events(idle.text) == ["end"]  # the whole stream, as one body
    assert idle.headers["content-type"].startswith("text/event-stream")
    assert idle.headers["cache-control"] == "no-store"
    selects = [s for s in sent if s.startswith("SELECT")]
    assert len(selects) == 1 and "INVITE_TOKEN_HASH" in selects[0], sent
    events = sse_events(moved.text)
    assert events[0] == "turn" and "done" in events and events[-1] == "end"
    assert "canary releases" not in moved.text  # the candidate's own words are not streamed back
