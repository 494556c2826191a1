"""The interviewer's reply streams from the LLM to the candidate as the vendor writes it.

``POST /api/v1/candidate/{token}/answers/stream`` answers with server-sent events: ``turn``
and ``delta`` while the model phrases a turn, ``done`` with each turn's final text, ``end``
with the candidate's state. Time to first token is in /metrics.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from llm_server import build_app, serve
from test_web_support import ANSWER, api_login, context, create_invite, web_settings

from panelist.web.app import create_app

pytest_plugins = ["test_web_support"]


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    with serve(build_app()) as url:
        yield f"{url}/v1"


def events_of(client: TestClient, url: str, body: dict[str, Any]) -> list[tuple[str, Any]]:
    events: list[tuple[str, Any]] = []
    with client.stream("POST", url, json=body) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for block in response.read().decode().split("\n\n"):
            lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
            if "event" in lines:
                events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_the_reply_streams_piece_by_piece_and_ends_with_the_whole_text(
    tmp_path: Path, llm_url: str
) -> None:
    settings = web_settings(
        tmp_path / "data", llm_backend="openai", llm_model="smart", llm_base_url=llm_url
    )
    app = create_app(settings)
    context(app).stream_delay_seconds = 0.0
    with TestClient(app) as client:
        recruiter = api_login(client, "lee@acme.io", "Acme")
        token = create_invite(client, recruiter)["invite_token"]
        client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        turn_id = uuid.uuid4().hex
        url = f"/api/v1/candidate/{token}/answers/stream"
        events = events_of(client, url, {"turn_id": turn_id, "text": ANSWER})
        again = events_of(client, url, {"turn_id": turn_id, "text": ANSWER})  # a retry
        metrics = client.get("/metrics").text

    names = [name for name, _ in events]
    assert names[0] == "turn" and names[-1] == "end"
    streamed = [d["id"] for name, d in events if name == "turn"]
    final = {d["id"]: d["text"] for name, d in events if name == "done"}
    for turn_id in streamed:
        deltas = [d["text"] for name, d in events if name == "delta" and d["id"] == turn_id]
        assert len(deltas) > 3  # word by word, as the loopback vendor sends them
        assert "".join(deltas) == final[turn_id]
    bridge = "Thanks, that gives me a clear picture of your setup."
    bridged = [final[t] for t in streamed if final[t].startswith(bridge)]
    assert bridged and len(bridged[0]) > len(bridge) + 20  # the bridge, then the question
    assert names.index("done") > max(i for i, n in enumerate(names) if n == "delta")
    assert events[-1][1]["status"] == "in_progress"
    assert "score" not in json.dumps(events).lower()
    # the retry stores nothing twice and replays the same reply, without calling the LLM
    assert [n for n, _ in again] == ["done"] * names.count("done") + ["end"]
    assert [d["text"] for n, d in again if n == "done"] == [
        d["text"] for n, d in events if n == "done"
    ]
    assert 'panelist_llm_time_to_first_token_seconds_count{backend="openai",model="smart"}' in (
        metrics
    )


def test_a_refused_answer_is_a_problem_response_not_a_stream(tmp_path: Path, llm_url: str) -> None:
    settings = web_settings(
        tmp_path / "data", llm_backend="openai", llm_model="smart", llm_base_url=llm_url
    )
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/api/v1/candidate/no-such-token/answers/stream",
            json={"turn_id": uuid.uuid4().hex, "text": ANSWER},
        )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
