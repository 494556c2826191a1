"""What the recruiter's reads (the interview list, a search, a report) send to the database:
each statement a signed-in request makes is one it needs."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from test_web_candidate_state import sql_seen
from test_web_support import api_login, create_invite, database

from panelist.storage.listing import InterviewFilter
from panelist.web.routes.api_interviews import summaries_json, summary_public
from panelist.web.schemas import InterviewSummaryPublic

pytest_plugins = ["test_web_support"]


def statements_of(app: FastAPI, client: TestClient, url: str, headers: dict[str, str]) -> list[str]:
    """The SQL ``GET url`` ran, each statement on one line."""
    seen: list[str] = []
    with sql_seen(database(app), lambda sql: seen.append(" ".join(sql.split()))):
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return seen


def test_a_signed_in_api_request_reads_its_session_and_user_in_one_statement(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    create_invite(client, ann, "Grace Candidate")

    seen = statements_of(app, client, "/api/v1/interviews?limit=50", ann.headers)

    sign_in = [s for s in seen if "auth_sessions" in s or "FROM users" in s]
    assert len(sign_in) == 1, sign_in  # it was two: the session's user id, then the user
    assert "JOIN users" in sign_in[0] and "users.role" in sign_in[0], sign_in


def test_a_revoked_token_is_refused_by_the_next_request(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    assert client.get("/api/v1/interviews", headers=ann.headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=ann.headers).status_code == 204
    refused = client.get("/api/v1/interviews", headers=ann.headers)
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]


def test_the_list_shows_a_changed_row_at_once_though_rows_are_kept(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann, "Grace Candidate")
    first = client.get("/api/v1/interviews", headers=ann.headers).json()
    assert first[0]["overall_score"] is None

    database(app).interviews.set_outcome(created["id"], overall_score=3.5, recommendation="hire")

    again = client.get("/api/v1/interviews", headers=ann.headers).json()
    assert (again[0]["overall_score"], again[0]["recommendation"]) == (3.5, "hire")


def test_a_pages_json_is_the_models_json(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    for name in ("Grace Candidate", "Ada Candidate"):
        create_invite(client, ann, name)
    which = InterviewFilter(organisation_id=ann.organisation_id)
    rows = database(app).interviews.page(which).rows

    as_models = TypeAdapter(list[InterviewSummaryPublic]).dump_json(
        [summary_public(row) for row in rows]
    )
    assert summaries_json(rows) == as_models
    assert client.get("/api/v1/interviews", headers=ann.headers).content == as_models
