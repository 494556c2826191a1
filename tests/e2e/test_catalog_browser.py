"""End to end in a real browser: a recruiter pastes a job description, accepts the matched role,
edits one question's rubric through the form (the check shows a typo next to its field as it is
typed; a row is added from the keyboard), makes it live, invites a candidate who is asked that
edited question, and reads a report naming the version."""

from __future__ import annotations

import importlib.util
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require, require_binary
from fastapi import FastAPI
from test_browser import ANSWERS, free_port, launch, serious_violations

from panelist.catalog.loader import load_catalog
from panelist.catalog.models import QuestionKind
from panelist.config import load_settings
from panelist.interview.planner import plan_interview
from panelist.web import create_app

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "rita@acme.example", "correct horse battery staple"
SEED = 11
JD = (
    "Senior Site Reliability Engineer, Payments. You will own the reliability of our card "
    "payments platform: define SLOs and error budgets with product owners, lead incident "
    "response as incident commander, run blameless postmortems, build observability with "
    "Prometheus and Grafana, and automate toil on Kubernetes and Terraform. 6+ years of "
    "experience running production systems; you mentor other engineers."
)
ADDED_EVIDENCE = "payments error budget"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    import uvicorn

    settings = load_settings(
        data_dir=tmp_path / "data", semantic="off", environment="test", log_json=False, seed=SEED
    )
    app: FastAPI = create_app(settings)
    context = app.state.context
    context.stream_delay_seconds = 0.002
    organisation = context.database.accounts.ensure_organisation("Acme")
    context.database.accounts.create_user(
        EMAIL, PASSWORD, role="recruiter", organisation_id=organisation.id
    )
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


def first_technical(role_code: str) -> str:
    """The technical question an interview for ``role_code`` with SEED opens with."""
    catalog = load_catalog()
    role = catalog.role(role_code)
    plan = plan_interview(
        catalog, role, role.level.code, budget_minutes=role.interview.duration_minutes, seed=SEED
    )
    return next(i.question_id for i in plan.items if i.kind is QuestionKind.TECHNICAL)


def test_jd_to_edited_question_to_a_report_naming_its_version(server: str) -> None:
    require_binary("chromium")
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    require(importlib.util.find_spec("axe_playwright_python") is not None, "axe is not installed")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        page.goto(server + "/catalog")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(
            page.get_by_role("heading", name="Your organisation's roles and questions")
        ).to_be_visible()
        assert serious_violations(page) == []

        # 1. the job description, and the role it matches
        page.get_by_role("link", name="Start from a job description").click()
        page.get_by_label("Paste the job description").fill(JD)
        page.get_by_role("button", name="Find matching roles").click()
        accept = page.get_by_role("button", name=re.compile(r"^Accept SRES\.GEN\.P\d")).first
        role_code = str(accept.get_attribute("aria-label")).split()[1]
        assert serious_violations(page) == []
        accept.click()
        expect(page.get_by_role("heading", name=f"Role {role_code}")).to_be_visible()
        page.get_by_role("button", name="Make v1 live").click()
        expect(page.get_by_role("row", name=re.compile(r"v1 live"))).to_be_visible()

        # 2. one question's rubric, edited through the form: a typo is shown at its field as
        # it is typed; an evidence phrase and a red flag row (added from the keyboard) are saved
        question_id = first_technical(role_code)
        page.goto(server + "/catalog")
        page.get_by_label("Question", exact=True).select_option(question_id)
        page.get_by_role("button", name="Copy question").click()
        weight = page.get_by_label("Weight of key point 1", exact=True)
        original = weight.input_value()
        weight.fill("3")
        expect(page.locator("#f-key_points-0-weight-problems li")).to_have_text(
            "Input should be less than or equal to 1."
        )
        expect(weight).to_have_attribute("aria-invalid", "true")
        save = page.get_by_role("button", name="Save as a new version", exact=True)
        expect(save).to_be_disabled()
        assert serious_violations(page) == []
        weight.fill(original)
        evidence = page.get_by_label("Evidence phrases of key point 1", exact=True)
        evidence.fill(evidence.input_value().rstrip("\n") + "\n" + ADDED_EVIDENCE)
        page.get_by_role("button", name="Add a red flag").press("Enter")
        flags = len(load_catalog().question(question_id).red_flags) + 1
        expect(page.get_by_label(f"Id of red flag {flags}", exact=True)).to_be_focused()
        page.keyboard.type("promises-a-date")
        page.get_by_label(f"What it is of red flag {flags}", exact=True).fill(
            "Promises a fix date before the cause is known"
        )
        page.get_by_label(f"Phrases of red flag {flags}", exact=True).fill("fixed by friday")
        expect(page.locator("#form-status")).to_have_text("No problems: the catalog check passes.")
        page.locator("#yaml-view summary").click()  # the advanced view shows what will be saved
        expect(page.locator("#editor")).to_have_value(re.compile(f"- {ADDED_EVIDENCE}\n"))
        expect(page.locator("#editor")).to_have_value(re.compile("id: promises-a-date"))
        save.click()
        expect(page.get_by_text("Saved as version 2")).to_be_visible()
        expect(page.get_by_label(f"Id of red flag {flags}", exact=True)).to_have_value(
            "promises-a-date"
        )
        page.get_by_role("button", name="Make v2 live").click()
        expect(page.get_by_role("row", name=re.compile(r"v2 live"))).to_be_visible()

        # 3. a candidate is invited for the role and asked that question
        page.goto(server + "/interviews/new")
        page.get_by_label("Role and level").select_option(role_code)
        page.get_by_label("Candidate name").fill("Grace Hopper")
        page.get_by_role("button", name="Create interview and invite link").click()
        link = page.get_by_label("Invite link").input_value()
        chat = browser.new_page(viewport={"width": 1000, "height": 900})
        chat.set_default_timeout(15_000)
        chat.goto(link)
        chat.get_by_label("I agree").check()
        chat.get_by_role("button", name="Start the interview").click()
        composer = chat.locator("#composer")
        expect(composer).to_have_attribute("data-state", "ready")
        asked_text = load_catalog().question(question_id).text.split()[:6]
        answers = 0
        while composer.get_attribute("data-state") != "finished":
            assert answers < 40, "the interview did not finish"
            box = chat.get_by_label("Your answer")
            box.fill(ANSWERS[min(answers, len(ANSWERS) - 1)] + f" We keep a {ADDED_EVIDENCE}.")
            box.press("Enter")
            answers += 1
            expect(composer).not_to_have_attribute("data-state", "busy", timeout=20_000)
        transcript = chat.locator("#messages").inner_text()
        assert " ".join(asked_text) in " ".join(transcript.split())

        # 4. the report names the version of the question that was asked
        page.goto(server + "/dashboard")
        page.get_by_role("link", name="Grace Hopper").click()
        expect(page.get_by_role("heading", name="Scorecard", exact=True)).to_be_visible(
            timeout=20_000
        )
        assert f"(question {question_id} v2)" in page.content()
        assert serious_violations(page) == []
        browser.close()


def test_the_form_adds_a_row_and_saves_without_javascript(server: str) -> None:
    require_binary("chromium")
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    question_id = "inc.incident-command"
    flags = len(load_catalog().question(question_id).red_flags)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_context(java_script_enabled=False).new_page()
        page.set_default_timeout(15_000)
        page.goto(server + "/catalog")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_label("Question", exact=True).select_option(question_id)
        page.get_by_role("button", name="Copy question").click()

        page.get_by_label("Weight of key point 1", exact=True).fill("0.9")
        page.get_by_role("button", name="Add a red flag").click()  # a round trip, nothing saved
        expect(page.get_by_label(f"Id of red flag {flags + 2}", exact=True)).to_be_visible()
        expect(page.get_by_label("Weight of key point 1", exact=True)).to_have_value("0.9")
        page.get_by_label(f"Id of red flag {flags + 1}", exact=True).fill("promises-a-date")
        page.get_by_label(f"What it is of red flag {flags + 1}", exact=True).fill(
            "Promises a fix date before the cause is known"
        )
        page.get_by_label(f"Phrases of red flag {flags + 1}", exact=True).fill("fixed by friday")
        page.get_by_role("button", name="Save as a new version", exact=True).click()

        expect(page.get_by_text("Saved as version 2")).to_be_visible()
        expect(page.get_by_label("Weight of key point 1", exact=True)).to_have_value("0.9")
        expect(page.get_by_label(f"Id of red flag {flags + 1}", exact=True)).to_have_value(
            "promises-a-date"
        )
        browser.close()


def test_a_key_point_offers_the_questions_own_competencies(server: str) -> None:
    require_binary("chromium")
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        page.goto(server + "/catalog")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_label("Question", exact=True).select_option("inc.incident-command")
        page.get_by_role("button", name="Copy question").click()
        tag = page.get_by_label("Competency it evidences of key point 5", exact=True)
        offered = "Array.from(s.options).filter(o => !o.disabled).map(o => o.value)"

        assert tag.input_value() == "executive_communication"  # cadence-comms
        assert tag.evaluate(f"s => {offered}") == [
            "",
            "org_knowledge",
            "communication",
            "executive_communication",
            "cross_org_leadership",
        ]
        page.locator("input[name=competencies][value=executive_communication]").uncheck()
        expect(page.locator("#f-key_points-4-competency-problems li")).to_contain_text(
            "key point 'cadence-comms' of question inc.incident-command evidences "
            "'executive_communication', which is not one of the question's competencies"
        )
        assert "executive_communication" in tag.evaluate(f"s => {offered}")  # still named
        tag.select_option("")
        expect(page.locator("#form-status")).to_have_text("No problems: the catalog check passes.")
        assert "executive_communication" not in tag.evaluate(f"s => {offered}")
        browser.close()
