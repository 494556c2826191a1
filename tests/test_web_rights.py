"""Candidate rights in the web app, as recruiters, candidates, admins and auditors use them:
the notice before consent, accommodations, integrity signals (information that never changes a
score), the explanation after the decision, admin export/erase, and the compliance page."""

from __future__ import annotations

import ast
import html
import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_compliance_self_id import compliance_login, finished_interview
from test_web_support import (
    Recruiter,
    answer_until_done,
    api_login,
    context,
    create_invite,
    csrf_of,
    database,
    page_login,
    web_settings,
)

from panelist.compliance.chain import audit_entries, chain, verify
from panelist.storage.integrity import IntegrityLog
from panelist.storage.policies import PolicyStore
from panelist.web import create_app
from panelist.web.reviews import refresh_outcome, report_for

pytest_plugins = ["test_web_support"]
KEY = Fernet.generate_key().decode()
PACKAGE = Path(__file__).parents[1] / "panelist"


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    web = create_app(web_settings(tmp_path / "data", self_id_key=KEY))
    context(web).stream_delay_seconds = 0.0
    return web


def scores(app: FastAPI, interview_id: str) -> list[float | None]:
    ctx = context(app)
    report = report_for(ctx, ctx.database.interviews.get(interview_id))
    return [report.overall_score, *(q.score for q in report.questions)]


def test_the_notice_says_what_is_assessed_kept_recorded_and_how_to_ask_for_more_time(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    PolicyStore(database(app).engine).set(
        ann.organisation_id,
        by="dpo@acme.example",
        retention_months=18,
        contact="access@acme.example",
        notice_text="Acme keeps a human in every hiring decision.",
    )
    created = create_invite(client, ann)
    base = database(app).interviews.get(created["id"]).plan.budget_minutes

    granted = client.post(
        f"/api/v1/interviews/{created['id']}/accommodation",
        json={"extra_time_factor": 1.5, "note": "dyslexia: more time to read"},
        headers=ann.headers,
    )

    assert granted.status_code == 200, granted.text
    assert database(app).interviews.get(created["id"]).plan.budget_minutes == base * 1.5
    notice = client.get(f"/i/{created['invite_token']}").text
    for words in (
        "An automated tool is used",
        "What it assesses:",
        "18 months",
        "access@acme.example",
        "when you paste text",
        "when you leave this page",
        "extra time",
        "Extra time has been granted",
        "Acme keeps a human in every hiring decision.",
        "nothing analyses your face, voice, tone, emotions or personality",
    ):
        assert words in notice, words
    assert database(app).audit.entries(target=created["id"], limit=1)[0].action == (
        "accommodation.grant"
    )
    client.post(f"/api/v1/candidate/{created['invite_token']}/start", json={"consent": True})
    late = client.post(
        f"/api/v1/interviews/{created['id']}/accommodation",
        json={"extra_time_factor": 2},
        headers=ann.headers,
    )
    assert late.status_code == 409 and "already started" in late.json()["detail"]
    page_login(client, "ann@acme.example")
    shown = client.get(f"/interviews/{created['id']}").text
    assert "Extra time granted" in shown and "dyslexia: more time to read" in shown


def test_integrity_signals_are_stored_per_question_shown_to_reviewers_and_never_scored(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann)
    token = created["invite_token"]
    assert (
        client.post(f"/api/v1/candidate/{token}/integrity", json={"kind": "paste"}).status_code
        == 409
    )
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    asked = database(app).interviews.get(created["id"]).prompt_turn

    pasted = client.post(
        f"/api/v1/candidate/{token}/integrity", json={"kind": "paste", "chars": 240}
    )
    left = client.post(
        f"/api/v1/candidate/{token}/integrity", json={"kind": "leave", "seconds": 42}
    )

    assert (pasted.status_code, left.status_code) == (204, 204)
    [line] = IntegrityLog(database(app).engine).summary(created["id"])
    assert (line.turn_id, line.pastes, line.pasted_chars, line.leaves) == (asked, 1, 240, 1)
    bad = client.post(f"/api/v1/candidate/{token}/integrity", json={"kind": "face"})
    assert bad.status_code == 422

    answer_until_done(client, token)
    before = scores(app, created["id"])
    for _ in range(5):
        IntegrityLog(database(app).engine).record(created["id"], "paste", turn_id=asked, chars=999)
    assert scores(app, created["id"]) == before  # information, never a score
    page_login(client, "ann@acme.example")
    shown = client.get(f"/interviews/{created['id']}").text
    assert "Integrity signals" in shown and "never change a score" in shown
    assert "Question 1" in shown


def test_no_scorer_report_or_engine_module_reads_integrity_signals() -> None:
    for area in ("scoring", "interview", "reports", "service", "evaluation"):
        for path in (PACKAGE / area).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module:
                    assert "integrity" not in node.module, (path, node.module)


def test_the_explanation_opens_from_the_link_after_the_decision_in_plain_words(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = finished_interview(client, ann)
    token = created["invite_token"]
    waiting = client.get(f"/i/{token}/explanation")
    assert waiting.status_code == 200 and "No decision has been made yet" in waiting.text
    database(app).reviews.sign_off(created["id"], decision="hire", note=None, user_id=None)
    ctx = context(app)
    report = refresh_outcome(ctx, ctx.database.interviews.get(created["id"]))

    page = html.unescape(client.get(f"/i/{token}/explanation").text)

    assert "made the decision" in page and "<strong>Hire</strong>" in page
    assert "What was assessed" in page and "Your answers showed" in page
    for competency in (c for c in report.competencies if c.status != "not assessed"):
        assert competency.name in page
    rubric = {k for q in report.questions for k in q.missed} | {
        c.label for q in report.questions for c in q.credited
    }
    catalog = ctx.catalog
    references = {
        catalog.question(q.question_id).reference_answer
        for q in report.questions
        if q.question_id in catalog.questions
    }
    for secret in rubric | {r for r in references if r}:
        assert secret not in page, secret
    assert f"{report.overall_score:.2f}" not in page
    api = client.get(f"/api/v1/candidate/{token}/explanation").json()
    assert api["decision"] == "Hire" and api["competencies"]
    assert "explanation" in client.get(f"/i/{token}/chat").text  # linked from the thank-you page


def test_admins_export_and_erase_a_candidate_over_the_api(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    finished_interview(client, ann)  # sent to grace@example.org
    refused = client.post(
        "/api/v1/admin/candidates/export", json={"email": "grace@example.org"}, headers=ann.headers
    )
    assert refused.status_code == 403 and "admin" in refused.json()["detail"]
    root = api_login(client, "root@acme.example", "Acme", role="admin")

    exported = client.post(
        "/api/v1/admin/candidates/export", json={"email": "grace@example.org"}, headers=root.headers
    )
    erased = client.post(
        "/api/v1/admin/candidates/erase", json={"email": "grace@example.org"}, headers=root.headers
    )

    assert exported.status_code == 200 and exported.json()["interviews"][0]["candidate_email"] == (
        "grace@example.org"
    )
    assert erased.status_code == 200 and len(erased.json()["interview_ids"]) == 1
    [interview_id] = erased.json()["interview_ids"]
    assert database(app).interviews.get(interview_id).candidate_name == "[erased]"
    again = client.post(
        "/api/v1/admin/candidates/export", json={"email": "grace@example.org"}, headers=root.headers
    )
    assert again.status_code == 404


def test_the_admin_api_erase_scrubs_the_log_files_the_deployment_keeps(tmp_path: Path) -> None:
    log = tmp_path / "panelist.log"
    log.write_text(
        '{"event": "request", "candidate": "Grace Candidate"}\n{"event": "login"}\n'
        '{"event": "invite", "to": "grace@example.org"}\n',
        encoding="utf-8",
    )
    web = create_app(web_settings(tmp_path / "data", self_id_key=KEY, erase_log_files=[log]))
    context(web).stream_delay_seconds = 0.0
    with TestClient(web) as client:
        ann = api_login(client, "ann@acme.example", "Acme")
        finished_interview(client, ann)  # Grace Candidate, grace@example.org
        root = api_login(client, "root@acme.example", "Acme", role="admin")
        erased = client.post(
            "/api/v1/admin/candidates/erase",
            json={"email": "grace@example.org"},
            headers=root.headers,
        )
    assert erased.status_code == 200, erased.text
    kept = log.read_text(encoding="utf-8")
    assert "Grace" not in kept and "grace@example.org" not in kept
    assert '{"event": "login"}' in kept  # other lines untouched


def test_the_organisation_policy_is_shown_and_changed_by_admins_only(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    assert (
        client.get("/api/v1/organisation/policy", headers=ann.headers).json()["retention_months"]
        == 12
    )
    assert (
        client.put(
            "/api/v1/organisation/policy", json={"retention_months": 24}, headers=ann.headers
        ).status_code
        == 403
    )
    root = api_login(client, "root@acme.example", "Acme", role="admin")
    too_short = client.put(
        "/api/v1/organisation/policy", json={"retention_months": 3}, headers=root.headers
    )
    assert too_short.status_code == 422
    changed = client.put(
        "/api/v1/organisation/policy",
        json={"retention_months": 24, "contact": "hr@acme.example"},
        headers=root.headers,
    )
    assert changed.status_code == 200 and changed.json()["retention_months"] == 24
    entry = database(app).audit.entries(limit=1)[0]
    assert (entry.actor, entry.action, entry.detail["retention_months"]) == (
        "root@acme.example",
        "policy.update",
        24,
    )


def test_the_compliance_page_shows_the_bias_report_with_a_chart_and_filters(
    client: TestClient, app: FastAPI
) -> None:
    ann: Recruiter = api_login(client, "ann@acme.example", "Acme")
    for _ in range(2):
        created = finished_interview(client, ann)
        client.post(
            f"/api/v1/candidate/{created['invite_token']}/self-identification",
            json={"sex": "female"},
        )
    page_login(client, "ann@acme.example")
    assert client.get("/compliance").status_code == 403
    client.cookies.clear()
    compliance_login(client, app, ann.organisation_id)
    signed_in = page_login(client, "cora@acme.example")
    assert signed_in.headers["location"] == "/compliance"  # it reviews no interview

    page = client.get("/compliance")

    assert page.status_code == 200
    assert "2 candidates" in page.text and "<svg" in page.text and "<script" not in page.text
    assert "Female" in page.text and "Retention and notice settings" in page.text
    filtered = client.get("/compliance?role=SRES.GEN.P5&since=2020-01-01&until=2020-12-31")
    assert "0 candidates" in filtered.text
    assert csrf_of(page.text)
    assert database(app).audit.entries(limit=1)[0].action == "audit.bias"


def test_without_an_app_key_the_pages_still_render(tmp_path: Path) -> None:
    web = create_app(web_settings(tmp_path / "data"))
    with TestClient(web, raise_server_exceptions=False) as http:
        ann = api_login(http, "ann@acme.example", "Acme")
        created = create_invite(http, ann)
        assert "how this interview works" in http.get(f"/i/{created['invite_token']}").text


def test_every_score_override_sign_off_close_export_erasure_and_setting_is_in_the_chain(
    client: TestClient, app: FastAPI
) -> None:
    """Each kind of event lands in the audit log with who and when, and the exported hash chain
    of all of them verifies."""
    boss = api_login(client, "boss@acme.example", "Acme", role="hiring_manager")
    root = api_login(client, "root@acme.example", "Acme", role="admin")
    created = create_invite(client, boss, candidate_email="grace@example.org")
    interview_id, token = created["id"], created["invite_token"]
    client.post(
        f"/api/v1/interviews/{interview_id}/accommodation",
        json={"extra_time_factor": 1.25},
        headers=boss.headers,
    )
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answer_until_done(client, token)
    question = next(
        q.question_id
        for q in report_for(context(app), database(app).interviews.get(interview_id)).questions
        if q.scored_kind and q.question_id
    )
    calls = [
        (
            f"/api/v1/interviews/{interview_id}/overrides",
            {"question_id": question, "new_score": 4, "reason": "strong in the follow-up"},
        ),
        (f"/api/v1/interviews/{interview_id}/sign-off", {"decision": "hire"}),
        (f"/api/v1/interviews/{interview_id}/reopen", {"reason": "new evidence arrived"}),
    ]
    for path, body in calls:
        done = client.post(path, json=body, headers=boss.headers)
        assert done.status_code in (200, 201), done.text
    closed = create_invite(client, boss)
    client.post(
        f"/api/v1/interviews/{closed['id']}/close",
        json={"reason": "role filled"},
        headers=boss.headers,
    )
    client.put("/api/v1/organisation/policy", json={"retention_months": 9}, headers=root.headers)
    for action in ("export", "erase"):
        client.post(
            f"/api/v1/admin/candidates/{action}",
            json={"email": "grace@example.org"},
            headers=root.headers,
        )

    exported = chain(audit_entries(database(app).engine))

    entries = [json.loads(line) for line in exported.lines[:-1]]
    seen = {e["action"]: e for e in entries}
    for action, actor in {
        "interview.create": "boss@acme.example",
        "accommodation.grant": "boss@acme.example",
        "interview.scored": "panelist",
        "score.override": "boss@acme.example",
        "interview.sign_off": "boss@acme.example",
        "interview.reopen": "boss@acme.example",
        "interview.close": "boss@acme.example",
        "policy.update": "root@acme.example",
        "candidate.export": "root@acme.example",
        "candidate.erase": "root@acme.example",
    }.items():
        assert action in seen, action
        assert seen[action]["actor"] == actor and seen[action]["at"], action
    scored = [e for e in entries if e["action"] == "interview.scored"]
    assert {e["target"] for e in scored} == {interview_id, closed["id"]}
    assert scored[0]["detail"]["questions"][0]["scored_by"]
    assert verify(line + "\n" for line in exported.lines).ok
    assert "grace@example.org" not in "".join(exported.lines)


def test_the_settings_page_shows_retention_to_the_team_and_lets_an_admin_change_it(
    client: TestClient, app: FastAPI
) -> None:
    api_login(client, "ann@acme.example", "Acme")
    api_login(client, "root@acme.example", "Acme", role="admin")
    page_login(client, "ann@acme.example")
    seen = client.get("/settings")
    assert seen.status_code == 200 and "12 months" in seen.text
    assert 'action="/settings"' not in seen.text  # a recruiter sees it, without the form
    refused = client.post(
        "/settings", data={"csrf_token": csrf_of(seen.text), "retention_months": "24"}
    )
    assert refused.status_code == 403
    client.cookies.clear()

    page_login(client, "root@acme.example")
    form = client.get("/settings")
    changed = client.post(
        "/settings",
        data={
            "csrf_token": csrf_of(form.text),
            "retention_months": "18",
            "contact": "access@acme.example",
            "notice_text": "",
        },
        follow_redirects=False,
    )
    too_short = client.post(
        "/settings", data={"csrf_token": csrf_of(form.text), "retention_months": "3"}
    )

    assert changed.status_code == 303
    shown = client.get("/settings").text
    assert "18 months" in shown and "access@acme.example" in shown and "root@acme.example" in shown
    assert too_short.status_code == 422
    entry = database(app).audit.entries(limit=5)[0]
    assert entry.action == "policy.update" and entry.detail["retention_months"] == 18
