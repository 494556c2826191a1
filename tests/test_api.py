"""The JSON API against create_app(settings) on a temporary SQLite, through httpx's TestClient."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_support import (
    ANSWER,
    answer_until_done,
    api_login,
    assert_no_score_fields,
    create_invite,
    database,
    web_settings,
)

from panelist.interview.state import utcnow
from panelist.storage import migrate
from panelist.storage.logins import failure_key
from panelist.web.app import create_app

pytest_plugins = ["test_web_support"]
PROBLEM = "application/problem+json"


def test_health_and_readiness(client: TestClient, app: FastAPI) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["schema_revision"] == migrate.head_revision()

    migrate.downgrade(database(app).engine, "base")
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503
    assert not_ready.headers["content-type"] == PROBLEM
    assert "panelist db upgrade" in not_ready.json()["detail"]
    assert client.get("/healthz").status_code == 200  # the process is still up


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/auth/login",
        "/api/v1/roles",
        "/api/v1/interviews",
        "/api/v1/interviews/{interview_id}/report",
        "/api/v1/candidate/{invite_token}/answers",
    ):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_login_gives_a_token_and_wrong_passwords_are_rate_limited(client: TestClient) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    assert client.get("/api/v1/roles", headers=recruiter.headers).status_code == 200

    wrong = {"email": "ann@acme.example", "password": "not the password at all"}
    for _ in range(5):
        failed = client.post("/api/v1/auth/login", json=wrong)
        assert failed.status_code == 401
        assert failed.headers["content-type"] == PROBLEM
        assert failed.json()["detail"] == "Wrong email or password."
    limited = client.post("/api/v1/auth/login", json=wrong)
    assert limited.status_code == 429
    assert 0 < int(limited.headers["retry-after"]) <= 15 * 60
    assert "wait" in limited.json()["detail"]


def test_endpoints_need_a_valid_token(client: TestClient) -> None:
    missing = client.get("/api/v1/interviews")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    forged = client.get("/api/v1/interviews", headers={"Authorization": "Bearer abc.def"})
    assert forged.status_code == 401
    assert "POST /api/v1/auth/login" in forged.json()["detail"]


def test_roles_lists_sre_levels(client: TestClient) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    families = {
        f["family"]: f for f in client.get("/api/v1/roles", headers=recruiter.headers).json()
    }
    levels = [level["role_code"] for level in families["SRES.GEN"]["levels"]]
    assert levels == [f"SRES.GEN.P{n}" for n in range(2, 7)]


def test_validation_errors_are_problem_json(client: TestClient) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    response = client.post("/api/v1/interviews", json={"role_code": 5}, headers=recruiter.headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["title"] == "Invalid request"
    assert "candidate_name" in body["detail"]
    unknown = client.post(
        "/api/v1/interviews",
        json={"role_code": "NOPE.GEN.P4", "candidate_name": "X"},
        headers=recruiter.headers,
    )
    assert unknown.status_code == 422
    assert "NOPE.GEN.P4" in unknown.json()["detail"]


def test_unexpected_errors_are_500_without_internals(client: TestClient, app: FastAPI) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    database(app).engine.dispose()
    database(app).interviews.page = _boom  # type: ignore[method-assign]
    response = client.get("/api/v1/interviews", headers=recruiter.headers)
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert "secret internals" not in response.text
    assert "request id" in response.json()["detail"]


def _boom(*_: object, **__: object) -> list[object]:
    raise RuntimeError("secret internals: password=hunter2")


def test_a_whole_interview_through_the_api(client: TestClient) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, recruiter, candidate_email="grace@example.org", level="P5")
    assert created["role_code"] == "SRES.GEN.P5"
    assert created["invite_url"].endswith("/i/" + created["invite_token"])
    token = created["invite_token"]

    opened = client.get(f"/api/v1/candidate/{token}").json()
    assert opened["status"] == "created" and opened["messages"] == []
    refused = client.post(f"/api/v1/candidate/{token}/start", json={"consent": False})
    assert refused.status_code == 422
    started = client.post(f"/api/v1/candidate/{token}/start", json={"consent": True}).json()
    assert started["status"] == "in_progress"
    assert started["messages"][0]["speaker"] == "interviewer"
    assert started["progress"]["questions"] >= 5

    final = answer_until_done(client, token)
    assert final["status"] == "completed"
    assert final["messages"], "the interviewer closes the interview"

    detail = client.get(f"/api/v1/interviews/{created['id']}", headers=recruiter.headers).json()
    assert detail["status"] == "completed"
    assert detail["overall_score"] is not None
    assert any(t["score"] is not None for t in detail["turns"])

    report = client.get(
        f"/api/v1/interviews/{created['id']}/report", headers=recruiter.headers
    ).json()
    assert report["candidate_name"] == "Grace Candidate"
    assert report["sign_off"]["status"] == "pending sign-off"
    for fmt, media in (("md", "text/markdown"), ("html", "text/html"), ("txt", "text/plain")):
        rendered = client.get(
            f"/api/v1/interviews/{created['id']}/report?format={fmt}", headers=recruiter.headers
        )
        assert rendered.status_code == 200
        assert rendered.headers["content-type"].startswith(media)
        assert "Grace Candidate" in rendered.text


def test_answers_are_idempotent_by_turn_id(client: TestClient, app: FastAPI) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, recruiter)
    token = created["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    body = {"turn_id": uuid.uuid4().hex, "text": ANSWER}
    first = client.post(f"/api/v1/candidate/{token}/answers", json=body)
    again = client.post(f"/api/v1/candidate/{token}/answers", json=body)
    assert first.status_code == again.status_code == 200
    assert first.json()["messages"] == again.json()["messages"]
    state = database(app).interviews.get(created["id"])
    assert [t.id for t in state.turns].count(body["turn_id"]) == 1
    resumed = client.get(f"/api/v1/candidate/{token}").json()
    assert [m["id"] for m in resumed["messages"]] == [t.id for t in state.turns]


def test_candidate_api_never_shows_scores(client: TestClient) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    token = create_invite(client, recruiter)["invite_token"]
    started = client.post(f"/api/v1/candidate/{token}/start", json={"consent": True}).json()
    assert_no_score_fields(started)
    answered = client.post(
        f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": ANSWER}
    ).json()
    assert_no_score_fields(answered)
    resumed = client.get(f"/api/v1/candidate/{token}").json()
    assert_no_score_fields(resumed)
    assert {m["speaker"] for m in resumed["messages"]} == {"interviewer", "candidate"}
    skipped = client.post(f"/api/v1/candidate/{token}/skip").json()
    assert_no_score_fields(skipped)


def test_stream_sends_new_interviewer_turns_word_by_word(client: TestClient) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    token = create_invite(client, recruiter)["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answered = client.post(
        f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": ANSWER}
    ).json()
    first_new = answered["messages"][0]
    with client.stream("GET", f"/api/v1/candidate/{token}/stream?after=0") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        text = "".join(stream.iter_text())
    events = [block.split("\n")[0].removeprefix("event: ") for block in text.strip().split("\n\n")]
    assert events[-1] == "end"
    assert events.count("turn") == events.count("done") == len(answered["messages"])
    assert events.count("delta") >= len(first_new["text"].split(" "))
    assert "score" not in text


def test_used_and_expired_invites_are_refused_clearly(client: TestClient, app: FastAPI) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, recruiter)
    token = created["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answer_until_done(client, token)
    finished = client.get(f"/api/v1/candidate/{token}")  # the API no longer opens it
    assert finished.status_code == 410 and finished.json()["type"].endswith("/interview-ended")
    thanks = client.get(f"/i/{token}/chat")  # the candidate's page says thank you, not an error
    assert thanks.status_code == 200 and "Thank you" in thanks.text
    late = client.post(
        f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": ANSWER}
    )
    assert late.status_code == 409 and late.json()["type"].endswith("/interview-ended")

    other = create_invite(client, recruiter, name="Late Larry")
    database(app).invites.issue(other["id"], ttl=timedelta(seconds=-1))
    expired = client.get(f"/api/v1/candidate/{other['invite_token']}")
    assert expired.status_code == 404  # re-issuing replaced the token
    fresh = database(app).invites.issue(other["id"], ttl=timedelta(seconds=-1))
    gone = client.post(f"/api/v1/candidate/{fresh.token}/start", json={"consent": True})
    assert gone.status_code == 410
    assert "expired" in gone.json()["detail"]
    assert client.get("/api/v1/candidate/not-a-token").status_code == 404


def test_recruiters_see_only_their_organisation(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    bob = api_login(client, "bob@globex.example", "Globex")
    mine = create_invite(client, ann, name="Acme Candidate")
    theirs = create_invite(client, bob, name="Globex Candidate")
    listed = client.get("/api/v1/interviews", headers=ann.headers).json()
    assert [row["id"] for row in listed] == [mine["id"]]
    for path in ("", "/report", "/overrides"):
        response = client.get(f"/api/v1/interviews/{theirs['id']}{path}", headers=ann.headers)
        assert response.status_code == 404, path
    signed = client.post(
        f"/api/v1/interviews/{theirs['id']}/sign-off",
        json={"decision": "hire"},
        headers=ann.headers,
    )
    assert signed.status_code == 404


def test_filters_and_search(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    create_invite(client, ann, name="Ada Lovelace")
    other = create_invite(client, ann, name="Alan Turing", role_code="SRES.GEN.P3")
    token = other["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})

    def names(query: str) -> list[str]:
        rows = client.get(f"/api/v1/interviews?{query}", headers=ann.headers).json()
        return [row["candidate_name"] for row in rows]

    assert names("search=lovel") == ["Ada Lovelace"]
    assert names("status=in_progress") == ["Alan Turing"]
    assert names("role_code=SRES.GEN.P4") == ["Ada Lovelace"]


def test_override_and_sign_off_show_in_the_report(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    hm = api_login(client, "hm@acme.example", "Acme", role="hiring_manager")
    created = create_invite(client, ann)
    token = created["invite_token"]
    early = client.post(
        f"/api/v1/interviews/{created['id']}/sign-off",
        json={"decision": "hire"},
        headers=hm.headers,
    )
    assert early.status_code == 409  # not finished yet
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answer_until_done(client, token)
    url = f"/api/v1/interviews/{created['id']}"
    report = client.get(f"{url}/report", headers=ann.headers).json()
    question = next(q for q in report["questions"] if q["scored_kind"] and q["score"] is not None)

    no_reason = client.post(
        f"{url}/overrides",
        json={"question_id": question["question_id"], "new_score": 2, "reason": ""},
        headers=ann.headers,
    )
    assert no_reason.status_code == 422
    override = client.post(
        f"{url}/overrides",
        json={
            "question_id": question["question_id"],
            "new_score": 2,
            "reason": "Vague on rollback.",
        },
        headers=ann.headers,
    )
    assert override.status_code == 201, override.text
    assert override.json()["old_score"] == question["score"]
    signed = client.post(
        f"{url}/sign-off",
        json={"decision": "lean_no", "note": "Panel agreed."},
        headers=hm.headers,
    )
    assert signed.status_code == 201

    after = client.get(f"{url}/report", headers=ann.headers).json()
    changed = next(q for q in after["questions"] if q["question_id"] == question["question_id"])
    assert changed["score"] == 2
    assert after["overrides"][0]["reason"] == "Vague on rollback."
    assert after["sign_off"]["decision"] == "lean_no"
    assert after["sign_off"]["by"] == "hm@acme.example"
    actions = [e.action for e in database(app).audit.entries(target=created["id"])]
    assert "score.override" in actions and "interview.sign_off" in actions


def test_a_recruiter_closes_a_running_interview_and_keeps_its_answers(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann)
    token, url = created["invite_token"], f"/api/v1/interviews/{created['id']}"
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    turn_ids = [uuid.uuid4().hex for _ in range(3)]
    for turn_id in turn_ids:
        client.post(f"/api/v1/candidate/{token}/answers", json={"turn_id": turn_id, "text": ANSWER})

    no_reason = client.post(f"{url}/close", json={"reason": ""}, headers=ann.headers)
    assert no_reason.status_code == 422
    closed = client.post(
        f"{url}/close", json={"reason": "Candidate withdrew by e-mail."}, headers=ann.headers
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "abandoned"
    answers = [t for t in closed.json()["turns"] if t["speaker"] == "candidate"]
    assert [t["text"] for t in answers] == [ANSWER] * 3  # nothing said is lost

    again = client.post(f"{url}/close", json={"reason": "Twice."}, headers=ann.headers)
    assert again.status_code == 409 and "already finished" in again.json()["detail"]
    late = client.post(
        f"/api/v1/candidate/{token}/answers",
        json={"turn_id": uuid.uuid4().hex, "text": ANSWER},
    )
    assert late.status_code == 409  # the candidate's link no longer takes answers
    assert late.json()["type"].endswith("/interview-ended")
    assert "answers you gave before are saved" in late.json()["detail"]
    assert "abandoned" not in late.json()["detail"]
    replayed = client.post(  # a retry of an answer stored before the close is still answered
        f"/api/v1/candidate/{token}/answers", json={"turn_id": turn_ids[-1], "text": ANSWER}
    )
    assert replayed.status_code == 200 and replayed.json()["status"] == "abandoned"
    ended = client.get(f"/api/v1/candidate/{token}")  # the invite stops opening it
    assert ended.status_code == 410 and ended.json()["type"].endswith("/interview-ended")
    restart = client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    assert restart.status_code == 410
    page = client.get(f"/i/{token}")  # the page no longer opens the chat: it says it ended
    assert page.status_code == 200 and "This interview has ended" in page.text
    assert 'id="composer"' not in page.text and "<textarea" not in page.text
    report = client.get(f"{url}/report", headers=ann.headers).json()
    assert any(q["score"] is not None for q in report["questions"])
    audit = database(app).audit.entries(target=created["id"])
    (entry,) = [e for e in audit if e.action == "interview.close"]
    assert entry.actor == "ann@acme.example"
    assert entry.detail == {
        "reason": "Candidate withdrew by e-mail.",
        "status_before": "in_progress",
    }
    assert 'event="abandoned"' in client.get("/metrics").text

    bob = api_login(client, "bob@globex.example", "Globex")
    theirs = create_invite(client, bob)
    other = client.post(
        f"/api/v1/interviews/{theirs['id']}/close",
        json={"reason": "Not mine."},
        headers=ann.headers,
    )
    assert other.status_code == 404


def test_metrics_count_the_funnel_and_logins(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    token = create_invite(client, ann)["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answer_until_done(client, token)
    text = client.get("/metrics").text
    for event in ("invited", "started", "completed"):
        assert f'event="{event}"' in text
    assert 'outcome="success"' in text
    assert 'route="/api/v1/candidate/{invite_token}/answers"' in text


def test_answering_before_consent_is_a_conflict(client: TestClient) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    token = create_invite(client, recruiter)["invite_token"]
    early = client.post(
        f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": ANSWER}
    )
    assert early.status_code == 409
    assert early.headers["content-type"] == PROBLEM
    assert "agree to start" in early.json()["detail"]
    assert client.post(f"/api/v1/candidate/{token}/skip").status_code == 409


def test_api_docs_work_offline(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assert "/docs-assets/" in html
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        response = client.get(f"/docs-assets/{asset}")
        assert response.status_code == 200 and len(response.content) > 10_000


def test_the_login_limit_is_shared_by_every_worker(tmp_path: Path) -> None:
    """Two app instances on one database (as N workers or replicas are) count the same failures."""
    settings = web_settings(tmp_path / "data")
    first, second = create_app(settings), create_app(settings)
    wrong = {"email": "bo@acme.example", "password": "not the password at all"}
    with TestClient(first) as one, TestClient(second) as two:
        api_login(one, "bo@acme.example", "Acme")
        for client in (one, two, one, two, one):
            assert client.post("/api/v1/auth/login", json=wrong).status_code == 401
        assert two.post("/api/v1/auth/login", json=wrong).status_code == 429
    stored = database(first).login_failures.since(
        failure_key("bo@acme.example", "testclient"), start=utcnow() - timedelta(hours=1)
    )
    assert stored[0] == 5  # hashed keys only: the table holds no email address
