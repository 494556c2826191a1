"""What the recruiter's reads (the interview list, a search, a report) send to the database:
each statement a signed-in request makes is one it needs."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from test_web_candidate_state import sql_seen
from test_web_decisions import finished_interview
from test_web_support import api_login, context, create_invite, database

from panelist.storage.listing import InterviewFilter
from panelist.storage.reviews import CLOSE_ACTION
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
    # the page and its count commit alone: no transaction to begin and roll back
    assert not [s for s in seen if s.startswith(("BEGIN", "ROLLBACK"))], seen


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


def test_a_report_read_again_reads_only_the_sign_in_and_the_stamp(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    url = f"/api/v1/interviews/{finished_interview(client, ann, 'Kept Kim')['id']}/report"
    first = client.get(url, headers=ann.headers).json()

    seen = statements_of(app, client, url, ann.headers)

    reads = [s for s in seen if "auth_sessions" not in s]
    assert len(reads) == 1, reads  # the owner, version and review marks, at once
    assert "score_overrides" in reads[0] and "audit_log" in reads[0], reads
    again = client.get(url, headers=ann.headers).json()
    assert again["generated_at"] > first["generated_at"]  # generated anew all the same
    assert {**again, "generated_at": None} == {**first, "generated_at": None}


def test_a_kept_report_shows_a_sign_off_a_scorecard_and_a_reopening_made_since(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    hm = api_login(client, "hm@acme.example", "Acme", role="hiring_manager")
    url = f"/api/v1/interviews/{finished_interview(client, ann, 'Signed Sam')['id']}"
    report = client.get(f"{url}/report", headers=ann.headers).json()  # built and kept
    assert report["sign_off"]["status"] == "pending sign-off"
    rated = [c["id"] for c in report["competencies"] if c["status"] != "not assessed"][:2]

    card = {"ratings": {c: 4 for c in rated}, "comment": "Clear about trade-offs."}
    client.post(f"{url}/reviews", json=card, headers=ann.headers).raise_for_status()
    client.post(f"{url}/sign-off", json={"decision": "hire"}, headers=hm.headers)
    signed = client.get(f"{url}/report", headers=ann.headers).json()
    assert (signed["sign_off"]["status"], signed["sign_off"]["decision"]) == ("signed", "hire")
    assert [c["comment"] for c in signed["reviewer_scorecards"]] == ["Clear about trade-offs."]

    reason = {"reason": "A reference check came in."}
    client.post(f"{url}/reopen", json=reason, headers=hm.headers).raise_for_status()
    reopened = client.get(f"{url}/report", headers=ann.headers).json()
    assert reopened["sign_off"]["status"] == "pending sign-off"
    assert [r["reason"] for r in reopened["reopenings"]] == ["A reference check came in."]


def test_a_kept_report_shows_the_close_reason_audited_after_the_interview_ended(
    client: TestClient, app: FastAPI
) -> None:
    """Closing ends the interview first and audits the reason after: a report read between
    the two is kept, and the audit entry alone must move it on."""
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann, "Closed Cleo")
    url = f"/api/v1/interviews/{created['id']}/report"
    context(app).service().abandon(created["id"])
    assert client.get(url, headers=ann.headers).json()["closed_reason"] is None  # kept

    database(app).audit.record(
        ann.email, CLOSE_ACTION, created["id"], {"reason": "The role was filled."}
    )

    assert client.get(url, headers=ann.headers).json()["closed_reason"] == "The role was filled."
