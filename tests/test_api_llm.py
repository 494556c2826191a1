"""The web interview with an LLM configured: the LLM interviewer's wording reaches the
candidate, the judge scores, its calls reach /metrics, and the candidate sees no scores."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from llm_server import build_app, serve
from test_web_support import (
    ANSWER,
    api_login,
    assert_no_score_fields,
    context,
    create_invite,
    web_settings,
)

from panelist.web.app import create_app

pytest_plugins = ["test_web_support"]


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    with serve(build_app()) as url:
        yield f"{url}/v1"


def test_a_web_interview_with_an_llm_interviewer_and_judge(tmp_path: Path, llm_url: str) -> None:
    settings = web_settings(
        tmp_path / "data",
        llm_backend="openai",
        llm_model="smart",
        llm_base_url=llm_url,
        scorer="llm",
    )
    app = create_app(settings)
    context(app).stream_delay_seconds = 0.0
    with TestClient(app) as client:
        recruiter = api_login(client, "lee@acme.io", "Acme")
        invite = create_invite(client, recruiter)
        token = invite["invite_token"]
        started = client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        assert started.status_code == 200, started.text
        said = [m["text"] for m in started.json()["messages"]]
        for _ in range(60):
            body = client.post(
                f"/api/v1/candidate/{token}/answers",
                json={"turn_id": uuid.uuid4().hex, "text": ANSWER},
            ).json()
            assert_no_score_fields(body)
            said += [m["text"] for m in body["messages"] if m["speaker"] != "candidate"]
            if body["status"] != "in_progress":
                break
        jobs = context(app).jobs
        assert jobs is not None
        deadline = time.monotonic() + 60  # the judge's scores come from the queue's worker
        while any(s.queued or s.running for s in jobs.store.stats()):
            assert time.monotonic() < deadline, jobs.store.stats()
            time.sleep(0.05)
        report = client.get(
            f"/api/v1/interviews/{invite['id']}/report?format=json", headers=recruiter.headers
        ).json()
        metrics = client.get("/metrics").text
    assert body["status"] == "completed"
    assert any("clear picture of your setup" in text for text in said)
    assert any(s.startswith("llm:openai:smart") for s in report["scorers"])
    assert report["scoring_in_progress"] == 0
    assert 'panelist_llm_calls_total{backend="openai",model="smart",outcome="ok"}' in metrics
