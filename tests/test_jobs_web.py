"""The web app's slow work on the queue: the LLM judge's score replaces the fast one, the
recruiter's PDF is rendered by a job and cached, a webhook announces a completed interview."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response
from fastapi.testclient import TestClient
from jobs_support import wait_for
from llm_server import build_app, serve
from test_web_support import (
    ANSWER,
    answer_until_done,
    api_login,
    context,
    create_invite,
    web_settings,
)

from panelist.interview.state import JudgeStatus
from panelist.jobs import JobStore, Worker, default_handlers
from panelist.web.app import create_app

pytest_plugins = ["test_web_support"]


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    with serve(build_app()) as url:
        yield f"{url}/v1"


def kinds(store: JobStore) -> dict[str, Any]:
    return {s.kind: s for s in store.stats()}


def all_done(store: JobStore, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(s.queued == 0 and s.running == 0 for s in store.stats()):
            return
        time.sleep(0.05)
    raise AssertionError(f"jobs still waiting after {timeout} s: {store.stats()}")


def test_the_llm_judges_on_the_queue_and_its_score_replaces_the_fast_one(
    tmp_path: Path, llm_url: str
) -> None:
    settings = web_settings(
        tmp_path / "data",
        llm_backend="openai",
        llm_model="smart",
        llm_base_url=llm_url,
        scorer="llm",
        queue_workers=0,  # no worker yet: the judging waits in the queue
    )
    app = create_app(settings)
    web = context(app)
    web.stream_delay_seconds = 0.0
    assert web.jobs is not None
    with TestClient(app) as client:
        recruiter = api_login(client, "lee@acme.io", "Acme")
        invite = create_invite(client, recruiter)
        token = invite["invite_token"]
        client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        assert answer_until_done(client, token)["status"] == "completed"
        url = f"/api/v1/interviews/{invite['id']}/report"
        waiting = client.get(f"{url}?format=json", headers=recruiter.headers).json()
        page = client.get(f"{url}?format=md", headers=recruiter.headers).text
        queued = kinds(web.jobs.store)["judge_answer"].queued

        worker = Worker(settings, web.jobs, default_handlers(settings, web.catalog, web.database))
        worker.start()
        try:
            all_done(web.jobs.store)
        finally:
            worker.stop()
        judged = client.get(f"{url}?format=json", headers=recruiter.headers).json()
        metrics = client.get("/metrics").text

    assert waiting["scoring_in_progress"] == queued > 0
    assert "**Scoring:** in progress:" in page
    assert all(s.startswith("embedded/") for s in waiting["scorers"])
    assert judged["scoring_in_progress"] == 0
    assert any(s.startswith("llm:openai:smart/") for s in judged["scorers"])
    assert 'panelist_jobs_queued{kind="judge_answer"} 0.0' in metrics
    assert 'panelist_jobs_failed{kind="judge_answer"} 0.0' in metrics


def test_the_pdf_is_rendered_by_a_job_once_and_then_served_from_the_cache(
    tmp_path: Path,
) -> None:
    app = create_app(web_settings(tmp_path / "data"))  # an in-process worker thread
    web = context(app)
    web.stream_delay_seconds = 0.0
    assert web.jobs is not None
    with TestClient(app) as client:
        recruiter = api_login(client, "ann@acme.io", "Acme")
        invite = create_invite(client, recruiter)
        token = invite["invite_token"]
        client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        answer_until_done(client, token)
        url = f"/api/v1/interviews/{invite['id']}/report?format=pdf"
        first = client.get(url, headers=recruiter.headers)
        second = client.get(url, headers=recruiter.headers)
        renders = kinds(web.jobs.store)["render_report"]
        report = client.get(url.replace("pdf", "json"), headers=recruiter.headers).json()
        question = next(q for q in report["questions"] if q["score"] is not None)
        override = {"question_id": question["question_id"], "new_score": 1, "reason": "Re-read."}
        posted = client.post(
            f"/api/v1/interviews/{invite['id']}/overrides", json=override, headers=recruiter.headers
        )
        third = client.get(url, headers=recruiter.headers)
        metrics = client.get("/metrics").text

    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert second.content == first.content  # the cached file, not a new rendering
    assert renders.queued == renders.running == renders.failed == 0
    assert posted.status_code == 201, posted.text
    assert third.status_code == 200 and third.content != first.content  # the override shows
    assert 'panelist_jobs_finished_total{kind="render_report",outcome="done"} 2.0' in metrics


def test_a_pdf_nobody_renders_answers_503_with_retry_after(tmp_path: Path) -> None:
    app = create_app(web_settings(tmp_path / "data", queue_workers=0, pdf_wait_seconds=0.2))
    with TestClient(app) as client:
        recruiter = api_login(client, "bo@acme.io", "Acme")
        invite = create_invite(client, recruiter)
        response = client.get(
            f"/api/v1/interviews/{invite['id']}/report?format=pdf", headers=recruiter.headers
        )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "still being rendered" in response.json()["detail"]


def hook_app(received: list[dict[str, Any]]) -> FastAPI:
    """A recruiter's system that is down once (503), then accepts."""
    hook = FastAPI()

    @hook.post("/hook")
    async def receive(request: Request) -> Response:
        received.append({"body": await request.json(), "key": request.headers["idempotency-key"]})
        return Response(status_code=503 if len(received) == 1 else 204)

    return hook


def test_a_completed_interview_is_announced_by_webhook_until_it_is_accepted(
    tmp_path: Path,
) -> None:
    received: list[dict[str, Any]] = []
    with serve(hook_app(received)) as hook_url:
        settings = web_settings(
            tmp_path / "data", webhook_url=f"{hook_url}/hook", job_retry_delay_seconds=0.1
        )
        app = create_app(settings)
        web = context(app)
        web.stream_delay_seconds = 0.0
        assert web.jobs is not None
        with TestClient(app) as client:
            recruiter = api_login(client, "cy@acme.io", "Acme")
            invite = create_invite(client, recruiter)
            token = invite["invite_token"]
            client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
            answer_until_done(client, token)
            job = web.jobs.store.by_key(f"webhook:interview.completed:{invite['id']}")
            assert job is not None
            done = wait_for(web.jobs.store, job.id, lambda j: j.status == "done")
    assert done.attempts == 2
    assert [r["body"]["event"] for r in received] == ["interview.completed"] * 2
    assert received[0]["body"]["interview_id"] == invite["id"]
    assert received[0]["key"] == received[1]["key"] == job.id  # the receiver can deduplicate
    assert "score" not in str(received[0]["body"])


def test_semantic_rescoring_runs_on_the_queue_and_replaces_the_words_only_score(
    tmp_path: Path,
) -> None:
    settings = web_settings(tmp_path / "data", queue_workers=0).model_copy(
        update={"semantic": "on"}
    )
    app = create_app(settings)
    web = context(app)
    web.stream_delay_seconds = 0.0
    assert web.jobs is not None
    with TestClient(app) as client:
        recruiter = api_login(client, "di@acme.io", "Acme")
        invite = create_invite(client, recruiter)
        token = invite["invite_token"]
        client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        for _ in range(3):
            client.post(
                f"/api/v1/candidate/{token}/answers",
                json={"turn_id": uuid.uuid4().hex, "text": ANSWER},
            )
        fast = [t for t in web.database.interviews.get(invite["id"]).turns if t.judge]
        worker = Worker(settings, web.jobs, default_handlers(settings, web.catalog, web.database))
        worker.start()
        try:
            all_done(web.jobs.store)
        finally:
            worker.stop()
        final = {t.id: t for t in web.database.interviews.get(invite["id"]).turns}

    assert fast, "no answer was queued for semantic re-scoring"
    for turn in fast:
        assert turn.judge == JudgeStatus(
            status="queued", kind="rescore_semantic", by="embedded+semantic"
        )
        assert turn.score is not None and turn.score["signals"]["semantic"] == 0.0  # words only
        rescored = final[turn.id]
        assert rescored.judge is not None and rescored.judge.status == "done"
        assert rescored.score is not None and rescored.score["signals"]["semantic"] == 1.0


def test_an_intro_answers_relevance_is_the_queues_and_the_request_path_uses_words_only(
    tmp_path: Path,
) -> None:
    """The intro is not scored and its relevance never changes the next question, so the
    semantic model measures it on the queue; the candidate's request measured it on words."""
    settings = web_settings(tmp_path / "data", queue_workers=0).model_copy(
        update={"semantic": "on"}
    )
    app = create_app(settings)
    web = context(app)
    web.stream_delay_seconds = 0.0
    assert web.jobs is not None
    with TestClient(app) as client:
        recruiter = api_login(client, "di@acme.io", "Acme")
        invite = create_invite(client, recruiter)
        token = invite["invite_token"]
        client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        client.post(
            f"/api/v1/candidate/{token}/answers",
            json={"turn_id": "intro-answer-1", "text": ANSWER},
        )
        asked = web.database.interviews.get(invite["id"])
        intro = next(t for t in asked.turns if t.id == "intro-answer-1")
        question = web.catalog_for(asked).question(str(intro.question_id))
        assert not question.scored, f"the first question is {question.kind}, not the intro"
        assert intro.judge is not None and intro.judge.status == "queued"
        assert intro.score is not None and intro.score["value"] is None
        assert intro.score["signals"]["semantic"] == 0.0  # words only on the request path
        worker = Worker(settings, web.jobs, default_handlers(settings, web.catalog, web.database))
        worker.start()
        try:
            all_done(web.jobs.store)
        finally:
            worker.stop()
        final = next(
            t for t in web.database.interviews.get(invite["id"]).turns if t.id == "intro-answer-1"
        )

    assert final.judge is not None and final.judge.status == "done"
    assert final.score is not None and final.score["value"] is None  # still not scored
    assert final.score["signals"]["semantic"] == 1.0
