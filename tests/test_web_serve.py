"""``panelist serve`` as a real process on loopback, and what ``panelist demo`` prepares."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from panelist.catalog.loader import load_catalog
from panelist.cli.serve import DEMO_PROFILES, ensure_demo_admin, seed_demo_interviews
from panelist.config import load_settings
from panelist.interview.state import Status
from panelist.observability.logs import reset_logging
from panelist.storage import open_database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            response = httpx.get(url, timeout=1)
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        if response.status_code == 200:
            return response
        time.sleep(0.2)
    raise AssertionError(f"{url} was not ready after {seconds}s")


# A worker stops gracefully: running jobs get the queue's shutdown_timeout (10 s), the job
# sweeper 5 s more (panelist/jobs/worker.py); on a CI machine busy on both cores two workers
# once took over 20 s (2026-12-04), so a stop is waited for well past that budget.
STOP_SECONDS = 60


def stop(process: subprocess.Popen[bytes]) -> None:
    """Wait for a terminated server to exit; if it does not, say what it printed."""
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired as late:
        process.kill()
        _, err = process.communicate(timeout=10)
        said = err.decode()[-3000:]
        raise AssertionError(f"not stopped {STOP_SECONDS}s after SIGTERM:\n{said}") from late


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[list[str], dict[str, str]]]:
    env = {
        **os.environ,
        "PANELIST_DATA_DIR": str(tmp_path / "data"),
        "PANELIST_SEMANTIC": "off",
        "PANELIST_METRICS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    executable = Path(sys.executable).with_name("panelist")
    yield [str(executable), "serve", "--host", "127.0.0.1"], env


def run(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_health_readiness_and_metrics(
    serve: tuple[list[str], dict[str, str]], workers: int
) -> None:
    command, env = serve
    port = free_port()
    process = run([*command, "--port", str(port), "--workers", str(workers)], env)
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_ready(f"{base}/healthz", process).json() == {"status": "ok"}
        assert httpx.get(f"{base}/readyz", timeout=5).json()["status"] == "ready"
        for _ in range(3):
            httpx.get(f"{base}/login", timeout=5)
        metrics = httpx.get(f"{base}/metrics", timeout=5).text
        assert 'panelist_http_requests_total{code="200",method="GET",route="/login"' in metrics
        assert "# TYPE panelist_jobs_queued gauge" in metrics  # the backlog, in every mode
    finally:
        process.terminate()
        stop(process)


def test_demo_admin_gets_a_fresh_password_each_start(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data", semantic="off")
    email, first, organisation_id = ensure_demo_admin(settings)
    again_email, second, again_org = ensure_demo_admin(settings)
    assert (email, organisation_id) == (again_email, again_org)
    assert first != second
    database = open_database(settings)
    try:
        user = database.accounts.authenticate(email, second)
        assert user.role == "admin" and user.organisation_id == organisation_id
    finally:
        database.close()


def test_demo_seeds_simulated_interviews_once(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data", semantic="off")
    catalog = load_catalog()
    _, _, organisation_id = ensure_demo_admin(settings)
    assert seed_demo_interviews(settings, catalog, organisation_id) == len(DEMO_PROFILES)
    assert seed_demo_interviews(settings, catalog, organisation_id) == 0
    database = open_database(settings)
    try:
        rows = database.interviews.list(organisation_id=organisation_id)
    finally:
        database.close()
    assert len(rows) == len(DEMO_PROFILES)
    assert {row.status for row in rows} == {Status.COMPLETED}
    assert {row.quality_profile for row in rows} == {p for p, _, _ in DEMO_PROFILES}
    assert all(row.overall_score is not None for row in rows)


def test_the_server_runs_on_uvloop_and_httptools() -> None:
    """Both are runtime requirements; uvicorn is told to use them, not left to guess."""
    import uvicorn
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from panelist.cli.serve import server_options
    from panelist.web import create_app

    options = server_options(load_settings())
    assert (options["loop"], options["http"]) == ("uvloop", "httptools")
    config = uvicorn.Config(create_app(load_settings()), **options)
    config.load()
    assert config.http_protocol_class is HttpToolsProtocol
    # a worker still building the app on a busy machine is waited for, not killed and restarted
    assert config.timeout_worker_healthcheck >= 30


def test_a_served_worker_keeps_its_start_up_heap_out_of_later_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from panelist.service.heap import GC_THRESHOLDS
    from panelist.web.app import app_from_environment

    monkeypatch.setenv("PANELIST_DATABASE_URL", f"sqlite:///{tmp_path / 'panelist.db'}")
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    try:
        app_from_environment()
        assert gc.get_freeze_count() > 0  # the catalog, routes and settings, never walked again
        # and a young collection every 50,000 containers, not every 700 (an answer makes tens
        # of thousands): 1.6 ms of an answer's CPU was the collector's
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        reset_logging()


WORKER_LINE = """
import structlog
from panelist.web.app import app_from_environment
app_from_environment()
structlog.get_logger("panelist.http").info("request", route="/healthz", email="ada@example.org")
structlog.get_logger("panelist.http").debug("below the level")
"""


def test_a_spawned_worker_logs_json_lines_redacted_like_the_server(tmp_path: Path) -> None:
    """`panelist serve --workers 2` spawns interpreters that build the app from the
    environment: their lines came out as structlog's coloured console text on stdout, with
    the e-mail in it and debug lines too."""
    env = {
        **os.environ,
        "PANELIST_DATABASE_URL": f"sqlite:///{tmp_path / 'panelist.db'}",
        "PANELIST_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER_LINE], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout == ""
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    (request,) = [line for line in lines if line["event"] == "request"]
    assert request["email"] == "[redacted]" and request["logger"] == "panelist.http"
    assert request["level"] == "info" and "timestamp" in request
    assert not any(line["event"] == "below the level" for line in lines)
