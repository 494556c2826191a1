"""Decisions that hold, one truth for scores, blind reviewers, re-issued invites and terminal
interviews in the web app: the real app on a temporary SQLite, through its API and pages."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_support import (
    ANSWER,
    Recruiter,
    answer_until_done,
    api_login,
    create_invite,
    csrf_of,
    database,
    page_login,
)
from typer.testing import CliRunner

from panelist.cli.app import app as cli_app

pytest_plugins = ["test_web_support"]


def finished_interview(client: TestClient, recruiter: Recruiter, name: str) -> dict[str, Any]:
    created = create_invite(client, recruiter, name=name)
    client.post(f"/api/v1/candidate/{created['invite_token']}/start", json={"consent": True})
    answer_until_done(client, created["invite_token"])
    return created


def a_scored_question(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    report = client.get(f"{url}/report", headers=headers).json()
    found: dict[str, Any] = next(
        q for q in report["questions"] if q["scored_kind"] and q["score"] is not None
    )
    return found


def test_a_sign_off_locks_the_interview_until_a_hiring_manager_reopens_it(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")  # a recruiter
    hm = api_login(client, "hm@acme.example", "Acme", role="hiring_manager")
    url = f"/api/v1/interviews/{finished_interview(client, ann, 'Locked Lin')['id']}"
    question = a_scored_question(client, url, ann.headers)

    by_recruiter = client.post(f"{url}/sign-off", json={"decision": "hire"}, headers=ann.headers)
    assert by_recruiter.status_code == 403
    assert "Only a hiring manager or an admin" in by_recruiter.json()["detail"]
    signed = client.post(
        f"{url}/sign-off", json={"decision": "hire", "note": "Strong on call."}, headers=hm.headers
    )
    assert signed.status_code == 201, signed.text

    override = {"question_id": question["question_id"], "new_score": 1, "reason": "Second look."}
    for attempt in (
        client.post(f"{url}/overrides", json=override, headers=ann.headers),
        client.post(f"{url}/close", json={"reason": "Role filled."}, headers=ann.headers),
        client.post(f"{url}/sign-off", json={"decision": "no"}, headers=hm.headers),
    ):
        assert attempt.status_code == 409, attempt.text
        assert "signed off" in attempt.json()["detail"]
        assert "reopen" in attempt.json()["detail"].lower()
    report = client.get(f"{url}/report", headers=ann.headers).json()
    assert report["sign_off"]["decision"] == "hire"  # the first decision still holds
    assert report["sign_off"]["note"] == "Strong on call."

    assert client.post(f"{url}/reopen", json={"reason": ""}, headers=hm.headers).status_code == 422
    assert (
        client.post(f"{url}/reopen", json={"reason": "Reference came back."}, headers=ann.headers)
    ).status_code == 403
    reopened = client.post(
        f"{url}/reopen", json={"reason": "Reference check came back mixed."}, headers=hm.headers
    )
    assert reopened.status_code == 200, reopened.text
    assert client.post(f"{url}/overrides", json=override, headers=ann.headers).status_code == 201
    report = client.get(f"{url}/report?format=txt", headers=ann.headers).text
    assert "Reopened: Hire signed by hm@acme.example" in report
    assert "Reference check came back mixed." in report
    audit = [e.action for e in database(app).audit.entries(target=url.rsplit("/", 1)[1])]
    assert "interview.reopen" in audit


def test_lists_search_compare_api_and_cli_show_the_effective_score_and_sign_off(
    client: TestClient, app: FastAPI, monkeypatch: Any
) -> None:
    hm = api_login(client, "hm@acme.example", "Acme", role="hiring_manager")
    first = finished_interview(client, hm, "Effective Eve")
    other = finished_interview(client, hm, "Other Otto")
    url = f"/api/v1/interviews/{first['id']}"
    question = a_scored_question(client, url, hm.headers)
    client.post(
        f"{url}/overrides",
        json={"question_id": question["question_id"], "new_score": 1, "reason": "Vague."},
        headers=hm.headers,
    )
    client.post(f"{url}/sign-off", json={"decision": "lean_no"}, headers=hm.headers)
    report = client.get(f"{url}/report", headers=hm.headers).json()

    listed = client.get("/api/v1/interviews?search=effective", headers=hm.headers).json()
    assert [r["overall_score"] for r in listed] == [report["overall_score"]]
    assert listed[0]["recommendation"] == report["recommendation"]
    assert (listed[0]["signed_decision"], listed[0]["signed_by"]) == ("lean_no", hm.email)

    page_login(client, hm.email)
    dashboard = client.get("/dashboard?q=effective").text
    assert f"{report['overall_score']:.2f}" in dashboard
    assert "<strong>Lean no</strong>" in dashboard and f"by {hm.email}" in dashboard
    compare = client.get(f"/compare?ids={first['id']}&ids={other['id']}").text
    assert f"{report['overall_score']:.2f}" in compare and "(after 1 override)" in compare

    settings = app.state.context.settings
    monkeypatch.setenv("PANELIST_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PANELIST_SEMANTIC", "off")
    cli = CliRunner().invoke(cli_app, ["interviews", "--search", "effective"])
    assert cli.exit_code == 0, cli.output
    assert f"{report['overall_score']:.2f}" in cli.output
    assert "Lean no by" in cli.output and "hm@acme.example" in cli.output
    assert "lean_no" not in cli.output


def test_a_closed_interview_reads_closed_early_with_insufficient_evidence_everywhere(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann, name="Early Ezra")
    token, url = created["invite_token"], f"/api/v1/interviews/{created['id']}"
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    for _ in range(2):  # the introduction and one scored answer
        client.post(
            f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": ANSWER}
        )
    client.post(f"{url}/close", json={"reason": "Candidate withdrew."}, headers=ann.headers)

    report = client.get(f"{url}/report", headers=ann.headers).json()
    assert report["status_label"] == "Closed early: Candidate withdrew."
    assert report["recommendation"] == "insufficient_evidence"
    assert "insufficient evidence" in report["recommendation_reasons"][0]
    listed = client.get("/api/v1/interviews", headers=ann.headers).json()[0]
    assert listed["recommendation"] == "insufficient_evidence"
    assert listed["overall_score"] == report["overall_score"]
    page_login(client, ann.email)
    page = client.get(f"/interviews/{created['id']}").text
    assert "Closed early: Candidate withdrew." in page
    assert "Insufficient evidence" in client.get("/dashboard").text


def test_reviewers_see_each_other_s_scorecards_only_after_submitting_their_own(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    bob = api_login(client, "bob@acme.example", "Acme")
    url = f"/api/v1/interviews/{finished_interview(client, ann, 'Blind Bea')['id']}"
    report = client.get(f"{url}/report", headers=ann.headers).json()
    rated = [c["id"] for c in report["competencies"] if c["status"] != "not assessed"][:3]

    mine = {"ratings": {c: 4 for c in rated}, "comment": "Solid incident handling."}
    assert client.post(f"{url}/reviews", json=mine, headers=ann.headers).status_code == 201
    again = client.post(f"{url}/reviews", json=mine, headers=ann.headers)
    assert again.status_code == 409 and "already submitted" in again.json()["detail"]
    bad = {"ratings": {rated[0]: 9}, "comment": "Too high."}
    out_of_range = client.post(f"{url}/reviews", json=bad, headers=bob.headers)
    assert out_of_range.status_code == 422 and "from 1 to 5" in out_of_range.json()["detail"]

    hidden = client.get(f"{url}/reviews", headers=bob.headers).json()
    assert hidden["others"] is None and hidden["others_submitted"] == 1
    theirs = {"ratings": {c: 2 for c in rated}, "comment": "Thin on design."}
    assert client.post(f"{url}/reviews", json=theirs, headers=bob.headers).status_code == 201
    shown = client.get(f"{url}/reviews", headers=bob.headers).json()
    assert [c["comment"] for c in shown["others"]] == ["Solid incident handling."]
    assert shown["mine"]["ratings"] == {c: 2 for c in rated}

    page_login(client, ann.email)
    page = client.get(url.replace("/api/v1", "")).text
    assert "Thin on design." in page and "Submit my scorecard" not in page
    unsigned = client.get(f"{url}/report?format=txt", headers=ann.headers).text
    assert "Thin on design." not in unsigned  # blind in the report until the decision is signed
    hm = api_login(client, "hm@acme.example", "Acme", role="hiring_manager")
    client.post(f"{url}/sign-off", json={"decision": "hire"}, headers=hm.headers)
    signed = client.get(f"{url}/report?format=txt", headers=ann.headers).text
    assert "Reviewers' scorecards:" in signed and '"Thin on design."' in signed


def test_the_invite_link_is_shown_again_and_reissuing_retires_the_old_one(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann, name="Invite Ivy")
    page_login(client, ann.email)
    detail = client.get(f"/interviews/{created['id']}").text
    assert created["invite_url"] in detail and "Copy link" in detail
    assert "E-mail delivery is not available yet" in detail

    client.post(f"/interviews/{created['id']}/invite", data={"csrf_token": csrf_of(detail)})
    fresh = client.get(f"/interviews/{created['id']}").text
    assert created["invite_url"] not in fresh
    assert client.get(f"/api/v1/candidate/{created['invite_token']}").status_code == 404
    api = client.post(f"/api/v1/interviews/{created['id']}/invite", headers=ann.headers).json()
    new_token = api["invite_url"].rsplit("/", 1)[1]
    assert client.get(f"/api/v1/candidate/{new_token}").status_code == 200
    actions = [e.action for e in database(app).audit.entries(target=created["id"])]
    assert actions.count("invite.reissue") == 2


def test_an_interview_held_in_the_terminal_shows_in_the_web_app(
    client: TestClient, app: FastAPI, monkeypatch: Any
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    settings = app.state.context.settings
    monkeypatch.setenv("PANELIST_DATA_DIR", str(settings.data_dir))  # the same default store
    monkeypatch.setenv("PANELIST_SEMANTIC", "off")
    monkeypatch.delenv("PANELIST_DATABASE_URL", raising=False)
    skips = "".join("/skip\n" for _ in range(40))
    result = CliRunner().invoke(
        cli_app, ["interview", "--candidate", "Terminal Tess", "--seed", "3"], input=skips
    )
    assert result.exit_code == 0, result.output

    listed = client.get("/api/v1/interviews", headers=ann.headers).json()
    assert [r["candidate_name"] for r in listed] == ["Terminal Tess"]
    page_login(client, ann.email)
    page = client.get(f"/interviews/{listed[0]['id']}")
    assert page.status_code == 200 and "Terminal Tess" in page.text
    assert "skipped the question" in page.text  # a skip reads as a skip, not an empty answer
    report = client.get(f"/interviews/{listed[0]['id']}/report.txt").text
    assert "Answer: (skipped)" in report and "panelist: " in report


def test_a_hiring_manager_account_comes_from_the_cli(tmp_data_dir: Any) -> None:
    args = ["users", "create", "hm@acme.io", "--role", "hiring_manager", "--org", "Acme"]
    result = CliRunner().invoke(cli_app, [*args, "--password-stdin"], input="a long passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Created hiring_manager hm@acme.io in Acme" in result.output


def test_a_report_read_again_shows_an_override_made_since_and_is_generated_anew(
    client: TestClient,
) -> None:
    """Reports are kept per interview version and review inputs: an override is an input."""
    ann = api_login(client, "ann@acme.example", "Acme")
    url = f"/api/v1/interviews/{finished_interview(client, ann, 'Kept Kim')['id']}"
    question = a_scored_question(client, url, ann.headers)  # the report is built and kept
    new_score = 1 if question["score"] != 1 else 2

    client.post(
        f"{url}/overrides",
        json={"question_id": question["question_id"], "new_score": new_score, "reason": "Thin."},
        headers=ann.headers,
    ).raise_for_status()
    after = client.get(f"{url}/report", headers=ann.headers).json()
    again = client.get(f"{url}/report", headers=ann.headers).json()

    shown = next(q for q in after["questions"] if q["question_id"] == question["question_id"])
    assert shown["score"] == new_score
    assert again["generated_at"] > after["generated_at"]
    assert {**again, "generated_at": None} == {**after, "generated_at": None}
