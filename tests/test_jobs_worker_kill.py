"""A worker killed mid-job loses nothing: a real ``panelist worker`` process is SIGKILLed
while the LLM judge is answering, and a second worker finishes the job.

The web path answered the candidate from the fast embedded score; the judge's score then
replaces it, recorded with the judge's id. Runs on the SQLite queue and on Redis.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from jobs_support import BROKERS, queue_settings, wait_for
from llm_server import build_app, serve

from panelist.config import Settings
from panelist.jobs import Job
from panelist.jobs.judging import judge_status
from panelist.web.app import build_context
from panelist.web.context import WebContext

ANSWER = (
    "I define SLOs from user journeys, alert on error budget burn rate over 1h and 5m "
    "windows with Prometheus and Alertmanager, and keep runbooks linked from every alert."
)


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    with serve(build_app()) as url:
        yield f"{url}/v1"


def worker_process(settings: Settings, llm_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "PANELIST_DATA_DIR": str(settings.data_dir),
        "PANELIST_QUEUE_URL": settings.effective_queue_url,
        "PANELIST_SCORER": "llm",
        "PANELIST_LLM_BACKEND": "openai",
        "PANELIST_LLM_MODEL": "slow-smart",
        "PANELIST_LLM_BASE_URL": llm_url,
        "PANELIST_SEMANTIC": "off",
        "PANELIST_JOB_LEASE_SECONDS": "1.5",
        "PANELIST_JOB_SWEEP_SECONDS": "0.3",
        "PANELIST_LOG_JSON": "false",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "panelist", "worker", "--threads", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def answer_until_judged(context: WebContext) -> tuple[str, str, Job]:
    """Run an interview on the fast path until one answer has a judge job queued."""
    service = context.service()
    state = service.create("SRES.GEN.P5", None, "Kim Killtest")
    service.start(state.id)
    for _ in range(10):
        turn_id = uuid.uuid4().hex
        service.submit(state.id, turn_id, ANSWER)
        assert context.jobs is not None
        job = context.jobs.store.by_key(f"judge_answer:{state.id}:{turn_id}")
        if job is not None:
            return state.id, turn_id, job
    raise AssertionError("no answer was queued for the judge in 10 answers")


@pytest.mark.slow
@pytest.mark.parametrize("broker", BROKERS)
def test_a_worker_killed_mid_job_loses_nothing(tmp_path: Path, broker: str, llm_url: str) -> None:
    settings = queue_settings(
        tmp_path / "data",
        broker,
        scorer="llm",
        llm_backend="openai",
        llm_model="slow-smart",
        llm_base_url=llm_url,
        queue_workers=0,
        job_lease_seconds=1.5,
    )
    context = build_context(settings)
    context.phraser = None  # template wording: the slow model is for the judge only
    assert context.jobs is not None
    store = context.jobs.store
    interview_id, turn_id, job = answer_until_judged(context)
    fast = next(t for t in context.database.interviews.get(interview_id).turns if t.id == turn_id)
    assert fast.score is not None and fast.score["scorer"].startswith("embedded/")
    assert judge_status(fast) == "queued"

    first = worker_process(settings, llm_url)
    try:
        wait_for(store, job.id, lambda j: j.status == "running", timeout=60)
    finally:
        first.send_signal(signal.SIGKILL)  # mid-job: the judge takes 3 s to answer
        first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    lost = store.get(job.id)
    assert lost is not None and lost.status == "running" and lost.attempts == 1

    second = worker_process(settings, llm_url)
    try:
        done = wait_for(store, job.id, lambda j: j.status == "done", timeout=60)
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=20)
    assert done.attempts == 2  # the killed attempt counts: a job that kills workers ends

    judged = next(t for t in context.database.interviews.get(interview_id).turns if t.id == turn_id)
    assert judged.score is not None
    assert judged.score["scorer"].startswith("llm:openai:slow-smart/")
    assert judge_status(judged) == "done"
    assert judged.text == ANSWER  # the answer itself untouched
    context.database.close()
