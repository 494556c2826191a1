"""Input that never breaks a request: NUL bytes, blank text, bad e-mails, huge or malformed
bodies and long ids all get a clear 4xx problem, the same on SQLite and PostgreSQL, and
nothing is changed (or audited) by a refused request."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_storage_support import migrated_postgres_database
from test_web_support import (
    ANSWER,
    api_login,
    create_invite,
    csrf_of,
    database,
    page_login,
    web_settings,
)

from panelist.web import create_app

pytest_plugins = ["test_web_support"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def http(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    overrides: dict[str, Any] = {"max_request_bytes": 64 * 1024}
    if request.param == "postgres":
        with migrated_postgres_database() as url:
            app = create_app(web_settings(tmp_path / "data", database_url=url, **overrides))
            with TestClient(app, raise_server_exceptions=False) as client:
                yield client
        return
    app = create_app(web_settings(tmp_path / "data", **overrides))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def assert_invalid(response: Any, where: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith("/validation"), body
    assert any(where in ".".join(map(str, e["loc"])) for e in body["errors"]), body
    return None


def test_nul_bytes_are_refused_everywhere_with_nothing_changed(http: TestClient) -> None:
    ann = api_login(http, "ann@acme.example", "Acme")
    created = create_invite(http, ann)
    token, url = created["invite_token"], f"/api/v1/interviews/{created['id']}"
    assert http.post(f"/api/v1/candidate/{token}/start", json={"consent": True}).is_success

    nul_name = {"role_code": "SRES.GEN.P4", "candidate_name": "Ada\x00Lovelace"}
    assert_invalid(http.post("/api/v1/interviews", json=nul_name, headers=ann.headers), "name")
    answer = {"turn_id": uuid.uuid4().hex, "text": "I use\x00 SLOs"}
    assert_invalid(http.post(f"/api/v1/candidate/{token}/answers", json=answer), "text")
    reason = {"reason": "Filled\x00 internally"}
    assert_invalid(http.post(f"{url}/close", json=reason, headers=ann.headers), "reason")
    search = http.get("/api/v1/interviews?search=a%00b", headers=ann.headers)
    assert_invalid(search, "query")
    assert "NUL character" in search.json()["detail"]

    page_login(http, "ann@acme.example")
    form = http.get(f"/interviews/{created['id']}")
    closed = http.post(
        f"/interviews/{created['id']}/close",
        data={"reason": "Gone\x00", "csrf_token": csrf_of(form.text)},
    )
    assert closed.status_code == 422 and "NUL character" in closed.text

    detail = http.get(url, headers=ann.headers).json()
    assert detail["status"] == "in_progress"  # no refused close changed anything
    db = database(http.app)  # type: ignore[arg-type]
    assert [e.action for e in db.audit.entries(target=created["id"])] == ["interview.create"]
    listed = http.get("/api/v1/interviews", headers=ann.headers).json()
    assert [i["candidate_name"] for i in listed] == ["Grace Candidate"]


def test_blank_names_blank_answers_and_bad_emails_are_refused(http: TestClient) -> None:
    ann = api_login(http, "ann@acme.example", "Acme")
    blank = {"role_code": "SRES.GEN.P4", "candidate_name": "   "}
    assert_invalid(http.post("/api/v1/interviews", json=blank, headers=ann.headers), "name")
    for email in ("not-an-email", "a@b", "two@@example.com", "sp ace@example.com"):
        body = {"role_code": "SRES.GEN.P4", "candidate_name": "Ada", "candidate_email": email}
        response = http.post("/api/v1/interviews", json=body, headers=ann.headers)
        assert_invalid(response, "candidate_email")
    good = create_invite(http, ann, name="  Ada Lovelace ", candidate_email="Ada@Example.COM")
    detail = http.get(f"/api/v1/interviews/{good['id']}", headers=ann.headers).json()
    assert detail["candidate_name"] == "Ada Lovelace"
    (listed,) = http.get("/api/v1/interviews", headers=ann.headers).json()
    assert listed["candidate_email"] == "Ada@example.com"

    token = good["invite_token"]
    http.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answer = {"turn_id": uuid.uuid4().hex, "text": " \n\t  "}
    assert_invalid(http.post(f"/api/v1/candidate/{token}/answers", json=answer), "text")
    close = http.post(
        f"/api/v1/interviews/{good['id']}/close", json={"reason": "      "}, headers=ann.headers
    )
    assert_invalid(close, "reason")


def test_a_body_over_the_limit_is_413_without_being_read_whole(http: TestClient) -> None:
    ann = api_login(http, "ann@acme.example", "Acme")
    token = create_invite(http, ann)["invite_token"]
    big = b'{"turn_id": "abcdefgh1", "text": "' + b"x" * (200 * 1024) + b'"}'
    declared = http.post(
        f"/api/v1/candidate/{token}/answers",
        content=big,
        headers={"content-type": "application/json"},
    )
    assert declared.status_code == 413, declared.text
    assert declared.headers["content-type"].startswith("application/problem+json")
    assert "65536 bytes" in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as it streams
        for start in range(0, len(big), 8192):
            yield big[start : start + 8192]

    streamed = http.post(
        f"/api/v1/candidate/{token}/answers",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert streamed.status_code == 413, streamed.text
    assert streamed.json()["title"] == "Request too large"


def test_malformed_utf8_and_long_ids_get_the_usual_problem_shape(http: TestClient) -> None:
    ann = api_login(http, "ann@acme.example", "Acme")
    token = create_invite(http, ann)["invite_token"]
    malformed = http.post(
        f"/api/v1/candidate/{token}/start",
        content=b'{"consent": "\xff\xfe"}',
        headers={"content-type": "application/json"},
    )
    assert_invalid(malformed, "body")
    assert "UTF-8" in malformed.json()["detail"]

    long_id = "x" * 60_000  # as long as an HTTP client sends
    missing = http.get(f"/api/v1/interviews/{long_id}", headers=ann.headers)
    assert missing.status_code == 404
    assert len(missing.content) < 1000 and long_id[:200] not in missing.text
    assert token not in http.get(f"/api/v1/candidate/{token}").text  # never echoed back


def test_a_retried_answer_is_still_stored_once(http: TestClient) -> None:
    """Validation keeps a valid answer as sent, so retries still match the stored turn."""
    ann = api_login(http, "ann@acme.example", "Acme")
    token = create_invite(http, ann)["invite_token"]
    http.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    body = {"turn_id": uuid.uuid4().hex, "text": "  " + ANSWER + "\n"}
    first = http.post(f"/api/v1/candidate/{token}/answers", json=body)
    again = http.post(f"/api/v1/candidate/{token}/answers", json=body)
    assert first.status_code == again.status_code == 200
    assert first.json()["messages"] == again.json()["messages"]
