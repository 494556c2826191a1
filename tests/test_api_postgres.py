"""The same app on PostgreSQL: a whole interview through the API, and readiness on its schema.

Skips locally when PostgreSQL is not reachable (PANELIST_TEST_POSTGRES_URL); fails under CI=true.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_storage_support import migrated_postgres_database
from test_web_support import answer_until_done, api_login, create_invite, database, web_settings

from panelist.storage import migrate
from panelist.web import create_app


@pytest.fixture
def pg_client(tmp_path: Path) -> Iterator[TestClient]:
    with migrated_postgres_database() as url:
        app = create_app(web_settings(tmp_path / "data", database_url=url))
        app.state.context.stream_delay_seconds = 0.0
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client


def test_a_whole_interview_on_postgresql(pg_client: TestClient) -> None:
    recruiter = api_login(pg_client, "ann@acme.example", "Acme")
    created = create_invite(pg_client, recruiter)
    token = created["invite_token"]
    pg_client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    assert answer_until_done(pg_client, token)["status"] == "completed"
    report = pg_client.get(
        f"/api/v1/interviews/{created['id']}/report", headers=recruiter.headers
    ).json()
    assert report["status"] == "completed" and report["overall_score"] is not None
    after = pg_client.get(f"/api/v1/candidate/{token}")  # ended: the API no longer opens it
    assert after.status_code == 410 and after.json()["type"].endswith("/interview-ended")
    thanks = pg_client.get(f"/i/{token}/chat")  # the candidate's page says thank you
    assert thanks.status_code == 200 and "Thank you" in thanks.text
    listed = pg_client.get("/api/v1/interviews", headers=recruiter.headers).json()[0]
    assert listed["recommendation"] == report["recommendation"]


def test_readiness_follows_the_postgresql_schema(pg_client: TestClient) -> None:
    assert pg_client.get("/readyz").status_code == 200
    migrate.downgrade(database(pg_client.app).engine, "base")  # type: ignore[arg-type]
    not_ready = pg_client.get("/readyz")
    assert not_ready.status_code == 503
    assert "panelist db upgrade" in not_ready.json()["detail"]
