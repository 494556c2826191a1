"""No token, answer text or personal data in any log line at any level, errors included.

The app runs under uvicorn as ``panelist serve`` runs it (JSON logs at DEBUG), through a
whole run with failures: wrong passwords, forged tokens, refused input and a 500 raised by
the database in the middle of storing an answer. Then the log is searched for every secret.
"""

from __future__ import annotations

import io
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from llm_server import free_port
from sqlalchemy import text
from test_web_support import PASSWORD, add_recruiter, web_settings

from panelist.cli.serve import server_options
from panelist.config import Settings
from panelist.observability import configure_logging
from panelist.observability.logs import reset_logging
from panelist.storage.engine import make_engine
from panelist.web import create_app
from panelist.web.sessions import COOKIE_NAME

pytest_plugins = ["test_web_support"]
NAME, EMAIL = "Zelda Quarterfield", "zelda.quarterfield@example.org"
ANSWER = "At Flamingotelemetry we paged on burn rates with Prometheus and rolled back canaries."
FAILING_ANSWER = "Pelicanwarehouse ran Kubernetes and I owned the etcd backups there."


@contextmanager
def served_with_logs(settings: Settings) -> Iterator[tuple[str, io.StringIO]]:
    buffer = io.StringIO()
    configure_logging(settings, stream=buffer)
    app = create_app(settings)
    add_recruiter(app, "rita.recruiter@acme.example", "Acme")
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **server_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", buffer
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        reset_logging()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path / "data", log_level="DEBUG").model_copy(update={"log_json": True})


def test_a_run_with_errors_logs_no_secret(settings: Settings) -> None:
    secrets: list[str] = [PASSWORD, NAME, "Quarterfield", EMAIL, "rita.recruiter@acme.example"]
    with served_with_logs(settings) as (base, log), httpx.Client(base_url=base) as http:
        login = {"email": "rita.recruiter@acme.example", "password": PASSWORD}
        wrong = http.post("/api/v1/auth/login", json={**login, "password": "guess " * 3})
        assert wrong.status_code == 401
        token = http.post("/api/v1/auth/login", json=login).json()["access_token"]
        recruiter = {"Authorization": f"Bearer {token}"}
        created = http.post(
            "/api/v1/interviews",
            json={"role_code": "SRES.GEN.P4", "candidate_name": NAME, "candidate_email": EMAIL},
            headers=recruiter,
        ).json()
        invite = created["invite_token"]
        secrets += [token, invite]
        assert http.get("/api/v1/interviews?search=Zelda", headers=recruiter).is_success
        forged = {"Authorization": "Bearer pnl_forgedforgedforgedforged"}
        assert http.get("/api/v1/roles", headers=forged).status_code == 401
        assert http.get(f"/api/v1/candidate/{invite[::-1]}").status_code == 404
        assert http.get(f"/i/{invite}").is_success
        assert http.post(f"/api/v1/candidate/{invite}/start", json={"consent": True}).is_success
        answer = {"turn_id": uuid.uuid4().hex, "text": ANSWER}
        assert http.post(f"/api/v1/candidate/{invite}/answers", json=answer).is_success
        refused = {"turn_id": "bad id!", "text": ANSWER + "\x00"}
        assert http.post(f"/api/v1/candidate/{invite}/answers", json=refused).status_code == 422

        page = http.get("/login")  # a browser session too
        csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        signed_in = http.post("/login", data={**login, "csrf_token": csrf, "next": "/dashboard"})
        assert signed_in.status_code == 303
        secrets.append(http.cookies[COOKIE_NAME])

        # the database fails while the next answer is being stored
        engine = make_engine(settings.effective_database_url)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE TRIGGER broken BEFORE INSERT ON turns "
                    "BEGIN SELECT * FROM a_table_that_is_gone; END"
                )
            )
        failing = {"turn_id": uuid.uuid4().hex, "text": FAILING_ANSWER}
        crashed = http.post(f"/api/v1/candidate/{invite}/answers", json=failing)
        assert crashed.status_code == 500
        engine.dispose()
    secrets += [ANSWER, ANSWER[:30], FAILING_ANSWER, FAILING_ANSWER[:30], "Pelicanwarehouse"]

    written = log.getvalue()
    records = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    assert any(r["level"] == "debug" for r in records)
    (error,) = [r for r in records if r["event"].startswith("unhandled error")]
    assert "a_table_that_is_gone" in error["exception"]  # the failure is there to debug...
    assert "/api/v1/candidate/{invite_token}/answers" in error["event"]
    leaked = [secret for secret in secrets if secret in written]
    assert leaked == [], f"in the log: {leaked}"  # ...and no secret with it
