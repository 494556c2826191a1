"""End to end in a real browser: a recruiter pastes a job description, accepts the matched role,
edits one question's rubric (the check shows a typo as it is typed), makes it live, invites a
candidate who is asked that edited question, and reads a report naming the version."""

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

        # 2. one question's rubric, edited: a typo is shown at its line while typing
        question_id = first_technical(role_code)
        page.goto(server + "/catalog")
        page.get_by_label("Question", exact=True).select_option(question_id)
        page.get_by_role("button", name="Copy question").click()
        editor = page.get_by_label(re.compile("^The question in the catalog's YAML layout"))
        original = editor.input_value()
        typo = re.sub(r"weight: [0-9.]+", "weight: 3", original, count=1)
        editor.fill(typo)
        line = typo.splitlines().index(next(x for x in typo.splitlines() if "weight: 3" in x))
        expect(page.locator("#problems li").first).to_contain_text(f"Line {line + 1}:")
        expect(page.get_by_role("button", name="Save as a new version")).to_be_disabled()
        assert serious_violations(page) == []
        lines = original.splitlines()
        at = next(i for i, x in enumerate(lines) if x.strip() == "evidence:") + 1
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        lines.insert(at, f"{indent}- {ADDED_EVIDENCE}")  # a new evidence phrase
        editor.fill("\n".join(lines) + "\n")
        expect(page.get_by_text("No problems: the catalog check passes.")).to_be_visible()
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.get_by_text("Saved as version 2")).to_be_visible()
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
