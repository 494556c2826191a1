"""In a real browser: the candidate reads the notice, answers (one answer pasted, once away from
the page), and is offered the voluntary self-identification once the interview is complete:
one candidate answers it, another skips it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from fastapi import FastAPI
from test_browser import (
    ANSWERS,
    EMAIL,
    PASSWORD,
    consent_and_start,
    launch,
    recruiter_api,
    serious_violations,
    server,
)

from panelist.compliance.categories import RaceEthnicity, Sex
from panelist.compliance.crypto import SelfIdCipher
from panelist.config import load_settings
from panelist.storage.integrity import IntegrityLog
from panelist.storage.self_id import SelfIdStore
from panelist.web import create_app

pytestmark = pytest.mark.browser
__all__ = ["server"]  # the fixture, used by name
KEY = Fernet.generate_key().decode()
PASTE = """(() => {
  const box = document.getElementById("answer");
  const data = new DataTransfer();
  data.setData("text/plain", "pasted words ".repeat(10));
  box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
})()"""
AWAY_AND_BACK = """async () => {
  let state = "hidden";
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  document.dispatchEvent(new Event("visibilitychange"));
  await new Promise((r) => setTimeout(r, 1200));
  state = "visible";
  document.dispatchEvent(new Event("visibilitychange"));
  await new Promise((r) => setTimeout(r, 300));
}"""


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    settings = load_settings(
        data_dir=tmp_path / "data",
        semantic="off",
        environment="test",
        log_json=False,
        self_id_key=KEY,
    )
    web = create_app(settings)
    context = web.state.context
    context.stream_delay_seconds = 0.002
    organisation = context.database.accounts.ensure_organisation("Acme")
    context.database.accounts.create_user(
        EMAIL, PASSWORD, role="hiring_manager", organisation_id=organisation.id
    )
    return web


def invite(server: str, name: str) -> tuple[str, str]:
    with recruiter_api(server) as http:
        created = http.post(
            "/api/v1/interviews", json={"role_code": "SRES.GEN.P3", "candidate_name": name}
        )
        assert created.status_code == 201, created.text
        return created.json()["id"], created.json()["invite_url"]


def answer_all(chat: Any, composer: Any) -> None:
    from playwright.sync_api import expect

    answers = 0
    while composer.get_attribute("data-state") != "finished":
        assert answers < 40, "the interview did not finish"
        box = chat.get_by_label("Your answer")
        box.focus()
        if answers == 0:
            chat.evaluate(PASTE)
            chat.evaluate(AWAY_AND_BACK)
        box.type(ANSWERS[min(answers, len(ANSWERS) - 1)], delay=0)
        box.press("Enter")
        answers += 1
        expect(composer).not_to_have_attribute("data-state", "busy", timeout=20_000)


def test_self_identification_is_offered_after_the_interview_and_can_be_skipped(
    server: str, app: FastAPI
) -> None:
    from playwright.sync_api import expect, sync_playwright

    database = app.state.context.database
    store = SelfIdStore(database.engine, SelfIdCipher(KEY))
    first, link = invite(server, "Grace Hopper")
    with sync_playwright() as p:
        browser = launch(p)
        chat = browser.new_context(viewport={"width": 1000, "height": 900}).new_page()
        chat.set_default_timeout(15_000)
        chat.goto(link)
        expect(chat.get_by_text("An automated tool is used.")).to_be_visible()
        expect(chat.get_by_text("when you paste text into the answer box")).to_be_visible()
        composer = consent_and_start(chat, link)
        survey = chat.get_by_role("heading", name="Optional: a voluntary equal-opportunity survey")
        expect(survey).to_be_hidden()  # never during the interview

        answer_all(chat, composer)

        expect(survey).to_be_visible()
        expect(chat.get_by_text("not answering changes nothing")).to_be_visible()
        assert serious_violations(chat) == []
        chat.get_by_label("Female").check()
        chat.get_by_label("Race/ethnicity").select_option(label="Asian")
        chat.get_by_role("button", name="Send my answers").click()
        expect(
            chat.get_by_text("your answers are saved, apart from your interview")
        ).to_be_visible()
        [said] = store.answers(
            database.accounts.create_user("cora@acme.example", PASSWORD, role="compliance")
        ).values()
        assert (said.sex, said.race_ethnicity) == (Sex.FEMALE, RaceEthnicity.ASIAN)
        kinds = sorted(e.kind for e in IntegrityLog(database.engine).events(first))
        assert kinds == ["leave", "paste"]
        [paste] = [e for e in IntegrityLog(database.engine).events(first) if e.kind == "paste"]
        assert paste.chars == len("pasted words ") * 10

        second, second_link = invite(server, "Alan Turing")  # finished elsewhere, link reopened
        token = second_link.rsplit("/", 1)[1]
        with httpx.Client(base_url=server, timeout=10) as http:
            http.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
            for _ in range(40):
                answered = http.post(
                    f"/api/v1/candidate/{token}/answers",
                    json={"turn_id": uuid.uuid4().hex, "text": ANSWERS[1]},
                )
                assert answered.status_code == 200, answered.text
                body = answered.json()
                if body["status"] != "in_progress":
                    break
        chat.goto(second_link)
        expect(chat.get_by_role("heading", name="Thank you, Alan Turing")).to_be_visible()
        expect(survey).to_be_visible()
        chat.get_by_role("button", name="Skip").click()
        expect(chat.get_by_text("Skipped: nothing was sent.")).to_be_visible()
        assert store.count() == 1
        assert chat.get_by_role("link", name="this page explains it").count() == 1

        with recruiter_api(server) as http:  # a person decides; the candidate reads why
            signed = http.post(f"/api/v1/interviews/{second}/sign-off", json={"decision": "no"})
            assert signed.status_code == 201, signed.text
        chat.get_by_role("link", name="this page explains it").click()
        expect(chat.get_by_role("heading", name="What was assessed")).to_be_visible()
        expect(chat.get_by_text("ReliableOps made the decision")).to_be_visible()
        assert serious_violations(chat) == []

        auditor = browser.new_context().new_page()
        auditor.set_default_timeout(15_000)
        auditor.goto(server + "/login")
        auditor.get_by_label("Email").fill("cora@acme.example")
        auditor.get_by_label("Password").fill(PASSWORD)
        auditor.get_by_role("button", name="Sign in").click()
        auditor.goto(server + "/compliance")
        expect(auditor.get_by_role("heading", name="Bias audit")).to_be_visible()
        expect(auditor.locator("figure.chart svg")).to_be_visible()
        assert serious_violations(auditor) == []
        browser.close()
    assert second != first
