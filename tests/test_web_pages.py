"""The server-rendered pages: sign-in with a session cookie and CSRF, recruiter pages, candidate pages."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_support import (
    PASSWORD,
    SCORE_WORDS,
    add_recruiter,
    answer_until_done,
    api_login,
    create_invite,
    csrf_of,
    page_login,
    web_settings,
)

from panelist.web import create_app
from panelist.web.security import SECRET_FILE

pytest_plugins = ["test_web_support"]


def test_pages_need_a_signed_in_recruiter(client: TestClient) -> None:
    response = client.get("/dashboard?status=completed", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/dashboard%3Fstatus%3Dcompleted"
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_sign_in_sets_a_secure_session_cookie(client: TestClient, app: FastAPI) -> None:
    add_recruiter(app, "ann@acme.example", "Acme")
    response = page_login(client, "ann@acme.example")
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard"
    assert response.headers["referrer-policy"] == "same-origin"  # invite tokens stay here
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200
    assert "ann@acme.example" in dashboard.text


def test_cookies_are_secure_when_configured(tmp_path: Path) -> None:
    app = create_app(web_settings(tmp_path / "data", secure_cookies=True))
    with TestClient(app) as client:
        assert "Secure" in client.get("/login").headers["set-cookie"]


def test_forms_without_the_csrf_token_are_refused(client: TestClient, app: FastAPI) -> None:
    add_recruiter(app, "ann@acme.example", "Acme")
    client.get("/login")
    forged = client.post("/login", data={"email": "ann@acme.example", "password": PASSWORD})
    assert forged.status_code == 403
    assert "reload the page" in forged.text
    page_login(client, "ann@acme.example")
    no_token = client.post("/interviews", data={"role_code": "SRES.GEN.P4", "candidate_name": "X"})
    assert no_token.status_code == 403
    other_session = TestClient(app)
    stolen = csrf_of(other_session.get("/login").text)
    wrong_session = client.post(
        "/interviews",
        data={"role_code": "SRES.GEN.P4", "candidate_name": "X", "csrf_token": stolen},
    )
    assert wrong_session.status_code == 403


def test_wrong_password_is_shown_then_rate_limited(client: TestClient, app: FastAPI) -> None:
    add_recruiter(app, "ann@acme.example", "Acme")
    for _ in range(5):
        failed = page_login(client, "ann@acme.example", "wrong password, sorry")
        assert failed.status_code == 401
        assert "Wrong email or password." in failed.text
    limited = page_login(client, "ann@acme.example")  # even the right password must wait
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert "wait" in limited.text


def test_recruiter_creates_an_invite_and_the_candidate_sees_what_to_expect(
    client: TestClient, app: FastAPI
) -> None:
    add_recruiter(app, "ann@acme.example", "Acme")
    page_login(client, "ann@acme.example")
    form = client.get("/interviews/new")
    assert 'value="SRES.GEN.P5"' in form.text
    created = client.post(
        "/interviews",
        data={
            "role_code": "SRES.GEN.P3",
            "candidate_name": "Grace <b>Hopper</b>",
            "candidate_email": "grace@example.org",
            "duration_minutes": "30",
            "csrf_token": csrf_of(form.text),
        },
    )
    assert created.status_code == 200
    assert "Grace &lt;b&gt;Hopper&lt;/b&gt;" in created.text  # escaped
    assert "E-mail delivery is not available yet: nothing was sent to grace@example.org" in (
        created.text
    )
    assert "Copy link" in created.text
    link = re.search(r">(http://testserver/i/[^<]+)</textarea>", created.text)
    assert link, created.text
    path = link.group(1).removeprefix("http://testserver")

    candidate = TestClient(app)
    invite = candidate.get(path)
    assert invite.status_code == 200
    for expectation in ("30 minutes", "questions", "scored by software", "person reviews", "ask"):
        assert expectation in invite.text
    assert 'type="checkbox"' in invite.text and "required" in invite.text
    assert candidate.get(path + "/chat", follow_redirects=False).status_code == 303
    started = candidate.post(
        path + "/start", data={"consent": "true", "csrf_token": csrf_of(invite.text)}
    )
    assert started.status_code == 200 and started.url.path == path + "/chat"
    chat = started.text
    assert 'aria-live="polite"' in chat and '<label for="answer">' in chat
    assert "Skip question" in chat
    lowered = re.sub(r"<script.*?</script>", "", chat, flags=re.S).lower()
    assert not any(word in lowered for word in SCORE_WORDS if word != "flag")

    dashboard = client.get("/dashboard?status=in_progress").text
    assert "Grace &lt;b&gt;Hopper&lt;/b&gt;" in dashboard
    assert "No interviews yet" in client.get("/dashboard?status=completed").text


def test_detail_override_sign_off_and_compare(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme", role="hiring_manager")
    ids = []
    for name in ("First Candidate", "Second Candidate"):
        created = create_invite(client, ann, name=name)
        client.post(f"/api/v1/candidate/{created['invite_token']}/start", json={"consent": True})
        answer_until_done(client, created["invite_token"])
        ids.append(created["id"])
    page_login(client, "ann@acme.example")
    detail = client.get(f"/interviews/{ids[0]}")
    assert detail.status_code == 200
    assert "First Candidate" in detail.text and "pending sign-off" in detail.text
    question_id = re.search(r'<option value="([^"]+)">Q\d', detail.text)
    assert question_id
    token = csrf_of(detail.text)
    overridden = client.post(
        f"/interviews/{ids[0]}/overrides",
        data={
            "question_id": question_id.group(1),
            "new_score": "1",
            "reason": "Did not explain the rollback.",
            "csrf_token": token,
        },
    )
    assert overridden.status_code == 200
    assert "Did not explain the rollback." in overridden.text
    signed = client.post(
        f"/interviews/{ids[0]}/sign-off",
        data={"decision": "no", "note": "Panel agreed", "csrf_token": token},
    )
    assert "No - do not proceed</strong>, signed by ann@acme.example" in signed.text
    assert "Note: “Panel agreed”" in signed.text
    assert "Scores are locked" in signed.text and "Reopen the decision" in signed.text
    report = client.get(f"/interviews/{ids[0]}/report.md")
    assert re.search(
        r'filename="panelist-first-candidate-sres-gen-p4-\d{4}-\d\d-\d\d\.md"$',
        report.headers["content-disposition"],
    )
    assert "Did not explain the rollback." in report.text
    assert client.get(f"/interviews/{ids[0]}/report.pdf").content.startswith(b"%PDF")

    compare = client.get(f"/compare?ids={ids[0]}&ids={ids[1]}")
    assert compare.status_code == 200
    assert "First Candidate" in compare.text and "Second Candidate" in compare.text
    assert "Troubleshooting" in compare.text or "troubleshooting" in compare.text.lower()
    assert client.get(f"/compare?ids={ids[0]}").status_code == 422

    transcript = client.get(f"/interviews/{ids[0]}/transcript")
    assert 'data-status="completed"' in transcript.text


def test_a_running_interview_can_be_closed_from_its_page(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann, name="Gone Candidate")
    client.post(f"/api/v1/candidate/{created['invite_token']}/start", json={"consent": True})
    page_login(client, "ann@acme.example")
    detail = client.get(f"/interviews/{created['id']}")
    assert "Close interview" in detail.text and 'id="report"' not in detail.text
    blank = client.post(
        f"/interviews/{created['id']}/close",
        data={"reason": "      ", "csrf_token": csrf_of(detail.text)},
    )
    assert blank.status_code == 422 and "Write the reason" in blank.text
    assert "Close interview" in client.get(f"/interviews/{created['id']}").text  # still open
    closed = client.post(
        f"/interviews/{created['id']}/close",
        data={"reason": "Role filled internally.", "csrf_token": csrf_of(detail.text)},
    )
    assert closed.status_code == 200
    assert "status-abandoned" in closed.text and 'id="report"' in closed.text
    assert "Close interview" not in closed.text  # a finished interview cannot be closed again


def test_another_organisations_interview_is_not_found(client: TestClient, app: FastAPI) -> None:
    bob = api_login(client, "bob@globex.example", "Globex")
    theirs = create_invite(client, bob, name="Globex Candidate")
    add_recruiter(app, "ann@acme.example", "Acme")
    page_login(client, "ann@acme.example")
    assert client.get(f"/interviews/{theirs['id']}").status_code == 404
    assert client.get(f"/interviews/{theirs['id']}/report.json").status_code == 404
    assert "Globex Candidate" not in client.get("/dashboard").text


def test_logout_ends_the_session(client: TestClient, app: FastAPI) -> None:
    add_recruiter(app, "ann@acme.example", "Acme")
    page_login(client, "ann@acme.example")
    token = csrf_of(client.get("/dashboard").text)
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_roles_page_lists_levels(client: TestClient, app: FastAPI) -> None:
    add_recruiter(app, "ann@acme.example", "Acme")
    page_login(client, "ann@acme.example")
    roles = client.get("/roles").text
    for level in range(2, 7):
        assert f"/interviews/new?role=SRES.GEN.P{level}" in roles


def test_a_development_secret_key_is_generated_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    create_app(web_settings(data))
    key = (data / SECRET_FILE).read_text()
    assert len(key.strip()) >= 40
    assert oct((data / SECRET_FILE).stat().st_mode & 0o777) == "0o600"
    create_app(web_settings(data))
    assert (data / SECRET_FILE).read_text() == key


def test_a_finished_interview_s_link_shows_a_thank_you_never_an_error(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    token = create_invite(client, ann)["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answer_until_done(client, token)
    page = client.get(f"/i/{token}")  # a reload after the last answer
    assert page.status_code == 200 and page.url.path == f"/i/{token}/chat"
    assert "Thank you, Grace Candidate" in page.text
    assert "no longer valid" not in page.text and "new one" not in page.text
