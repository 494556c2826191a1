"""The recruiter's live transcript as server-sent events, from a real server on loopback
while a candidate answers through a second client."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from llm_server import serve
from test_web_candidate_state import sql_seen
from test_web_support import (
    ANSWER,
    PASSWORD,
    add_recruiter,
    context,
    database,
    page_login,
    web_settings,
)

from panelist.interview.state import JudgeStatus
from panelist.web.app import create_app

Event = tuple[str, dict[str, Any]]


def events(lines: Iterator[str]) -> Iterator[Event]:
    """(event, data) of each server-sent event; comment lines (keep-alives) are skipped."""
    name = ""
    for line in lines:
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            yield name, json.loads(line.removeprefix("data: "))


def until(stream: Iterator[Event], wanted: Callable[[Event], bool]) -> Event:
    for event in stream:
        if wanted(event):
            return event
    raise AssertionError("the stream ended first")


def live_app(directory: Path) -> FastAPI:
    app = create_app(web_settings(directory))
    context(app).stream_delay_seconds = 0.0
    context(app).live_poll_seconds = 0.05
    add_recruiter(app, "ann@acme.example", "Acme")
    return app


def invite(recruiter: httpx.Client) -> tuple[dict[str, Any], dict[str, str]]:
    """A signed-in recruiter's new interview, and the API headers that created it."""
    page_login(recruiter, "ann@acme.example")
    login = recruiter.post(
        "/api/v1/auth/login", json={"email": "ann@acme.example", "password": PASSWORD}
    )
    api = {"Authorization": f"Bearer {login.json()['access_token']}"}
    created = recruiter.post(
        "/api/v1/interviews",
        json={"role_code": "SRES.GEN.P4", "candidate_name": "Lee Live"},
        headers=api,
    ).json()
    return created, api


def test_the_live_transcript_follows_the_interview_and_ends_with_it(tmp_path: Path) -> None:
    app = live_app(tmp_path / "data")
    add_recruiter(app, "bob@globex.example", "Globex")
    with (
        serve(app) as base,
        httpx.Client(base_url=base, timeout=10) as recruiter,
        httpx.Client(base_url=base, timeout=10) as candidate,
        httpx.Client(base_url=base, timeout=10) as outsider,
    ):
        created, api = invite(recruiter)
        token, url = created["invite_token"], f"/interviews/{created['id']}/transcript/stream"

        page_login(outsider, "bob@globex.example")
        assert outsider.get(url).status_code == 404  # another organisation's interview

        with recruiter.stream("GET", url) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            stream = events(response.iter_lines())
            name, first = next(stream)
            assert (name, first["status"]) == ("transcript", "created")
            assert "has not started yet" in first["html"]

            candidate.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
            _, started = until(stream, lambda e: e[1].get("status") == "in_progress")
            assert 'class="turn interviewer' in started["html"]

            candidate.post(
                f"/api/v1/candidate/{token}/answers",
                json={"turn_id": uuid.uuid4().hex, "text": ANSWER},
            )
            _, answered = until(stream, lambda e: "canary releases" in e[1].get("html", ""))
            assert 'class="turn candidate' in answered["html"]

            recruiter.post(
                f"/api/v1/interviews/{created['id']}/close",
                json={"reason": "Seen enough."},
                headers=api,
            )
            rest = list(stream)
        assert rest[-1] == ("end", {"status": "abandoned"})  # the stream closes itself
        assert rest[-2][1]["status"] == "abandoned"


def test_the_live_transcript_ends_when_the_interview_is_deleted(tmp_path: Path) -> None:
    app = live_app(tmp_path / "data")
    with serve(app) as base, httpx.Client(base_url=base, timeout=10) as recruiter:
        created, _ = invite(recruiter)
        url = f"/interviews/{created['id']}/transcript/stream"
        with recruiter.stream("GET", url) as response:
            stream = events(response.iter_lines())
            assert next(stream)[0] == "transcript"
            database(app).interviews.delete(created["id"])
            assert list(stream) == [("end", {"status": "deleted"})]


def test_an_idle_live_transcript_reads_only_the_change_marker(tmp_path: Path) -> None:
    """While nothing happens, each poll reads the row's version, never the interview itself."""
    app = live_app(tmp_path / "data")
    reads: list[str] = []

    def record(sql: str) -> None:
        if "FROM interviews" in sql or "FROM turns" in sql:
            reads.append(" ".join(sql.split()))

    with serve(app) as base, httpx.Client(base_url=base, timeout=10) as recruiter:
        created, _ = invite(recruiter)
        url = f"/interviews/{created['id']}/transcript/stream"
        with recruiter.stream("GET", url) as response:
            stream = events(response.iter_lines())
            assert next(stream)[0] == "transcript"
            with sql_seen(database(app), record):
                time.sleep(1.0)  # about 20 polls at live_poll_seconds = 0.05

    polls = [s for s in reads if s.startswith("SELECT interviews.version FROM interviews")]
    assert len(polls) >= 5, reads
    assert polls == reads, "an idle poll read more than the version"


def test_a_version_move_that_changes_nothing_shown_sends_nothing(tmp_path: Path) -> None:
    """A job's final score moves the row version: the stream reads and renders the interview
    again, but the fragment is the same, so the next event is the next real change."""
    app = live_app(tmp_path / "data")
    with (
        serve(app) as base,
        httpx.Client(base_url=base, timeout=10) as recruiter,
        httpx.Client(base_url=base, timeout=10) as candidate,
    ):
        created, api = invite(recruiter)
        token, url = created["invite_token"], f"/interviews/{created['id']}/transcript/stream"
        candidate.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        candidate.post(
            f"/api/v1/candidate/{token}/answers",
            json={"turn_id": uuid.uuid4().hex, "text": ANSWER},
        )
        repository = database(app).interviews
        with recruiter.stream("GET", url) as response:
            stream = events(response.iter_lines())
            name, shown = next(stream)
            assert name == "transcript" and "canary releases" in shown["html"]
            answer = next(t for t in repository.get(created["id"]).turns if t.text == ANSWER)
            before = repository.change_marker(created["id"])
            repository.update_turn(
                created["id"],
                answer.id,
                score=answer.score or {},
                judge=JudgeStatus(status="done", by="a test"),
            )
            assert repository.change_marker(created["id"]) == before + 1
            time.sleep(0.3)  # several polls see the new version
            recruiter.post(
                f"/api/v1/interviews/{created['id']}/close",
                json={"reason": "Seen enough."},
                headers=api,
            )
            following = list(stream)
        assert [data["status"] for _, data in following] == ["abandoned", "abandoned"]
        assert following[0][0] == "transcript" and following[-1][0] == "end"
