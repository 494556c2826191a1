"""Two ``panelist serve`` replicas on one PostgreSQL and one port: one is SIGKILLed mid-load,
and every answer a client got a 2xx for is in the database afterwards, exactly once.

The replicas share the address with ``--reuse-port`` (SO_REUSEPORT: the kernel spreads
connections over the live listeners). Clients do what the candidate page does: a fresh turn
id per answer, and on a broken connection or a 5xx the same turn id again, which the API
stores once.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from test_storage_support import migrated_postgres_database
from test_web_serve import free_port, wait_ready

from panelist.config import Settings
from panelist.storage import open_database
from panelist.storage.engine import make_engine

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PASSWORD = "scale-out-password-1"
ANSWER = (
    "I would page on a multi-window burn rate of the availability SLO, check the dashboards "
    "for the failing dependency, roll back the last deploy and write the postmortem."
)
INTERVIEWS = 12
CLIENTS = 6
RETRY_FOR_SECONDS = 20.0


@dataclass
class Load:
    """What the clients saw: acknowledged answers, retries, anything unexpected."""

    acked: list[tuple[str, str]] = field(default_factory=list)  # (turn id, text)
    retries: int = 0
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)


@dataclass
class Replica:
    process: subprocess.Popen[bytes]
    log: Path

    def answers_served(self) -> int:
        return self.log.read_text(errors="replace").count("/answers")


@pytest.fixture
def database_url() -> Iterator[str]:
    with migrated_postgres_database() as url:
        yield url


def start_replica(port: int, env: dict[str, str], log: Path) -> Replica:
    command = [sys.executable, "-m", "panelist", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--reuse-port"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Replica(process, log)


def answer_with_retries(client: httpx.Client, token: str, load: Load) -> str | None:
    """Submit one answer until it is acknowledged; the interview's status, None if refused."""
    turn_id = uuid.uuid4().hex
    body = {"turn_id": turn_id, "text": f"{ANSWER} Answer {turn_id}."}
    deadline = time.monotonic() + RETRY_FOR_SECONDS
    while time.monotonic() < deadline:
        try:
            response = client.post(f"/api/v1/candidate/{token}/answers", json=body)
        except httpx.TransportError:
            response = None
        if response is not None and response.status_code < 300:
            with load.lock:
                load.acked.append((turn_id, body["text"]))
            return str(response.json()["status"])
        if response is not None and response.status_code < 500:
            if response.status_code != 409:  # 409: the interview ended, nothing to store
                load.unexpected.append(f"{response.status_code} {response.text[:200]}")
            return None
        with load.lock:
            load.retries += 1
        time.sleep(0.05)  # the same turn id again, on a new connection
    load.unexpected.append(f"answer {turn_id} never acknowledged in {RETRY_FOR_SECONDS}s")
    return None


def candidate(base: str, tokens: list[str], load: Load) -> None:
    """Takes interviews one after another, each on a connection of its own (one candidate's
    browser), so the kernel spreads the interviews over the replicas, not only the threads."""
    while not load.stop.is_set():
        try:
            token = tokens.pop()
        except IndexError:  # every interview is done
            return
        with httpx.Client(base_url=base, timeout=10) as client:
            while not load.stop.is_set():
                if answer_with_retries(client, token, load) != "in_progress":
                    break


def invite_and_start(base: str, email: str) -> list[str]:
    with httpx.Client(base_url=base, timeout=30) as client:
        login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        tokens = []
        for n in range(INTERVIEWS):
            body = {"role_code": "SRES.GEN.P4", "candidate_name": f"Candidate {n}"}
            created = client.post("/api/v1/interviews", json=body, headers=headers)
            assert created.status_code == 201, created.text
            token = created.json()["invite_token"]
            started = client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
            assert started.status_code == 200, started.text
            tokens.append(token)
    return tokens


def stored(database_url: str, acked: list[tuple[str, str]]) -> dict[str, Any]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT turn_id, text FROM turns WHERE speaker = 'candidate'")
            ).all()
    finally:
        engine.dispose()
    by_id = {turn_id: said for turn_id, said in rows}
    texts = [said for _, said in rows]
    return {
        "missing": [turn_id for turn_id, _ in acked if turn_id not in by_id],
        "changed": [turn_id for turn_id, said in acked if by_id.get(turn_id, said) != said],
        "duplicated": [said for _, said in acked if texts.count(said) > 1],
    }


def test_killing_a_replica_mid_load_loses_no_acknowledged_answer(
    database_url: str, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "setup", database_url=database_url)
    database = open_database(settings)
    organisation = database.accounts.ensure_organisation("Scale Org")
    email = "recruiter@scale.example"
    database.accounts.create_user(
        email, PASSWORD, role="recruiter", organisation_id=organisation.id
    )
    database.close()

    port = free_port()
    env = {
        **os.environ,
        "PANELIST_DATABASE_URL": database_url,
        "PANELIST_SECRET_KEY": secrets.token_urlsafe(32),  # shared: invites open on either
        "PANELIST_SEMANTIC": "off",
        "PYTHONUNBUFFERED": "1",  # each request's log line is on disk before a SIGKILL
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    replicas = []
    for name in ("a", "b"):
        replica_env = {**env, "PANELIST_DATA_DIR": str(tmp_path / name)}
        replicas.append(start_replica(port, replica_env, tmp_path / f"{name}.log"))
    doomed, survivor = replicas
    base = f"http://127.0.0.1:{port}"
    try:
        for replica in replicas:
            wait_ready(f"{base}/healthz", replica.process)
        tokens = invite_and_start(base, email)
        load = Load()
        clients = [
            threading.Thread(target=candidate, args=(base, tokens, load)) for _ in range(CLIENTS)
        ]
        for client in clients:
            client.start()

        deadline = time.monotonic() + 30
        while doomed.answers_served() < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        served_by_doomed = doomed.answers_served()
        acked_before_kill = len(load.acked)
        doomed.process.send_signal(signal.SIGKILL)
        doomed.process.wait(timeout=10)

        time.sleep(6)  # load goes on against the survivor alone
        load.stop.set()
        for client in clients:
            client.join(timeout=RETRY_FOR_SECONDS + 15)
        acked_after_kill = len(load.acked) - acked_before_kill
    finally:
        for replica in replicas:
            if replica.process.poll() is None:
                replica.process.terminate()
                replica.process.wait(timeout=20)

    assert served_by_doomed >= 5, "the kernel never gave the doomed replica a connection"
    assert survivor.answers_served() > 0 and acked_after_kill > 0, "nothing served after the kill"
    assert load.unexpected == []
    result = stored(database_url, load.acked)
    assert result == {"missing": [], "changed": [], "duplicated": []}
    print(
        f"acknowledged {len(load.acked)} answers ({acked_after_kill} after the kill), "
        f"{load.retries} retries, doomed replica served {served_by_doomed}"
    )
