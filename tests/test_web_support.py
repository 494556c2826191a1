"""Helpers for the web and API tests: the real app on a temporary SQLite, recruiters, invites.

(No tests here; the web tests import these with ``pytest_plugins = ["test_web_support"]``.)
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panelist.config import Settings, load_settings
from panelist.storage import Database, UserRole
from panelist.web import create_app
from panelist.web.context import WebContext

PASSWORD = "correct horse battery staple"
SCORE_WORDS = ("score", "rubric", "flag", "relevance", "key_point", "evidence", "recommend")


@dataclass
class Recruiter:
    email: str
    organisation_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def web_settings(directory: Path, **overrides: Any) -> Settings:
    return load_settings(
        data_dir=directory, semantic="off", environment="test", log_json=False, **overrides
    )


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    web = create_app(web_settings(tmp_path / "data"))
    context(web).stream_delay_seconds = 0.0
    return web


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as http:
        yield http


def context(app: FastAPI) -> WebContext:
    found = app.state.context
    assert isinstance(found, WebContext)
    return found


def database(app: FastAPI) -> Database:
    return context(app).database


def add_recruiter(app: FastAPI, email: str, organisation: str, role: str = "recruiter") -> str:
    db = database(app)
    org = db.accounts.ensure_organisation(organisation)
    roles: dict[str, UserRole] = {"admin": "admin", "hiring_manager": "hiring_manager"}
    db.accounts.create_user(
        email, PASSWORD, role=roles.get(role, "recruiter"), organisation_id=org.id
    )
    return org.id


def api_login(
    client: TestClient, email: str, organisation: str, role: str = "recruiter"
) -> Recruiter:
    organisation_id = add_recruiter(client.app, email, organisation, role)  # type: ignore[arg-type]
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return Recruiter(email, organisation_id, response.json()["access_token"])


def create_invite(
    client: TestClient, recruiter: Recruiter, name: str = "Grace Candidate", **extra: Any
) -> dict[str, Any]:
    body = {"role_code": "SRES.GEN.P4", "candidate_name": name, **extra}
    response = client.post("/api/v1/interviews", json=body, headers=recruiter.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


ANSWER = (
    "At a payments company I ran Kubernetes clusters with Prometheus and Alertmanager. "
    "We defined SLOs with error budgets, alerted on burn rate, and after an outage caused "
    "by a bad deploy we added canary releases and automated rollback, which cut incidents."
)


def answer_until_done(client: TestClient, token: str, max_answers: int = 60) -> dict[str, Any]:
    """Answer every question with the same solid answer until the interview ends."""
    body: dict[str, Any] = {}
    for _ in range(max_answers):
        response = client.post(
            f"/api/v1/candidate/{token}/answers",
            json={"turn_id": uuid.uuid4().hex, "text": ANSWER},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        if body["status"] != "in_progress":
            return body
    raise AssertionError(f"the interview did not finish in {max_answers} answers")


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def page_login(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": "/dashboard"},
        follow_redirects=False,
    )


def assert_no_score_fields(value: Any, where: str = "") -> None:
    """Recursively: no key of a candidate-facing document talks about scoring."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert not any(w in key.lower() for w in SCORE_WORDS), f"{where}.{key} leaks scoring"
            assert_no_score_fields(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_no_score_fields(item, f"{where}[{index}]")
