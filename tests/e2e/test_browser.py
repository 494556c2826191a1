"""End to end in a real browser: a recruiter invites, a candidate interviews, the recruiter signs off.

The app runs under uvicorn on a free loopback port; Chromium is Debian's, driven by Playwright.
Screenshots land in test-artifacts/; PANELIST_UPDATE_SCREENSHOTS=1 refreshes docs/screenshots/.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import REPO_ROOT, require, require_binary
from fastapi import FastAPI

from panelist.config import load_settings
from panelist.web import create_app

pytestmark = pytest.mark.browser

ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
EMAIL, PASSWORD = "ann@acme.example", "correct horse battery staple"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ANSWERS = [
    "I'm an SRE at a payments company; lately I moved our checkout API to Kubernetes with "
    "Prometheus alerting on SLO burn rates.",
    "The checkout API: we defined a 99.9% availability SLO, alerted on multi-window burn "
    "rate, used canary deploys with automatic rollback and wrote blameless postmortems.",
    "I would check the dashboards for latency and errors, look at recent deploys, roll back "
    "if a deploy correlates, then dig into logs and traces to find the root cause.",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    settings = load_settings(
        data_dir=tmp_path / "data", semantic="off", environment="test", log_json=False
    )
    web = create_app(settings)
    context = web.state.context
    context.stream_delay_seconds = 0.002
    organisation = context.database.accounts.ensure_organisation("Acme")
    context.database.accounts.create_user(
        EMAIL, PASSWORD, role="hiring_manager", organisation_id=organisation.id
    )
    return web


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    import uvicorn

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


def launch(p: Any) -> Any:
    require_binary("chromium")
    return p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def sign_in(page: Any, server: str) -> None:
    """The recruiter signs in on the page; the dashboard is showing."""
    from playwright.sync_api import expect

    page.set_default_timeout(15_000)
    page.goto(server + "/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Interviews")).to_be_visible()


@contextmanager
def recruiter_api(server: str) -> Iterator[httpx.Client]:
    """A recruiter's API client, signed in."""
    with httpx.Client(base_url=server, timeout=10) as http:
        login = http.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
        http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        yield http


def invite_by_api(server: str) -> str:
    """A recruiter's API call that returns a new invite link."""
    with recruiter_api(server) as http:
        body = {"role_code": "SRES.GEN.P3", "candidate_name": "Linus Offline"}
        created = http.post("/api/v1/interviews", json=body)
        assert created.status_code == 201, created.text
        url: str = created.json()["invite_url"]
        return url


def consent_and_start(chat: Any, link: str) -> Any:
    """The candidate opens the invite, consents and starts; the chat's composer, ready."""
    from playwright.sync_api import expect

    chat.set_default_timeout(15_000)
    chat.goto(link)
    chat.get_by_label("I agree").check()
    chat.get_by_role("button", name="Start the interview").click()
    composer = chat.locator("#composer")
    expect(composer).to_have_attribute("data-state", "ready")
    return composer


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


def assert_newest_in_view(chat: Any, when: str) -> None:
    """The newest message starts inside the conversation box, ends above the composer (or the
    thank-you that replaces it), and that composer is on screen: nothing hides under it."""
    viewport = chat.viewport_size
    newest = chat.locator("#messages li").last.bounding_box()
    area = chat.locator("#messages").bounding_box()
    below = chat.locator("#composer" if chat.locator("#composer").is_visible() else "#done")
    floor = below.bounding_box()
    assert newest is not None and area is not None and floor is not None, when
    assert floor["y"] + min(floor["height"], 60) <= viewport["height"] + 1, (when, floor)
    assert area["y"] - 1 <= newest["y"] < floor["y"], (when, newest, floor)
    if newest["height"] <= area["height"]:
        assert newest["y"] + newest["height"] <= floor["y"] + 1, (when, newest, floor)
    assert newest["y"] >= 0 and newest["y"] < viewport["height"], (when, newest)


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]


def test_invite_interview_report_and_sign_off(server: str) -> None:
    require_binary("chromium")
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    require(importlib.util.find_spec("axe_playwright_python") is not None, "axe is not installed")
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        recruiter = browser.new_context(
            viewport={"width": 1280, "height": 900},
            permissions=["clipboard-read", "clipboard-write"],
        )
        page = recruiter.new_page()
        page.set_default_timeout(15_000)

        page.goto(server + "/dashboard")
        assert serious_violations(page) == []  # the sign-in page
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Interviews")).to_be_visible()

        page.get_by_role("link", name="New interview").click()
        page.get_by_label("Role and level").select_option("SRES.GEN.P3")
        page.get_by_label("Candidate name").fill("Grace Hopper")
        page.get_by_label("Duration in minutes").fill("30")
        page.get_by_role("button", name="Create interview and invite link").click()
        link = page.get_by_label("Invite link").input_value()
        assert "/i/" in link
        expect(page.get_by_text("E-mail delivery is not available yet")).to_be_visible()
        page.get_by_role("button", name="Copy link").click()
        expect(page.get_by_text("Link copied.")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == link  # the whole link
        assert serious_violations(page) == []

        candidate = browser.new_context(viewport={"width": 1000, "height": 900})
        chat = candidate.new_page()
        chat.set_default_timeout(15_000)
        chat.goto(link)
        expect(chat.get_by_text("recorded and scored by software")).to_be_visible()
        assert serious_violations(chat) == []
        chat.get_by_label("I agree").check()
        chat.get_by_role("button", name="Start the interview").click()
        composer = chat.locator("#composer")
        expect(composer).to_have_attribute("data-state", "ready")
        expect(chat.locator("#messages li.interviewer").first).to_be_visible()
        assert serious_violations(chat) == []

        page.goto(server + "/dashboard")  # the recruiter watches the interview live
        page.get_by_role("link", name="Grace Hopper").click()
        expect(page.get_by_role("heading", name="Transcript (live)")).to_be_visible()
        assert page.get_by_label("Invite link").input_value() == link  # shown again, whole
        assert serious_violations(page) == []

        answers = 0
        while composer.get_attribute("data-state") != "finished":
            assert answers < 40, "the interview did not finish"
            box = chat.get_by_label("Your answer")
            box.focus()
            box.type(ANSWERS[min(answers, len(ANSWERS) - 1)], delay=0)
            box.press("Enter")
            answers += 1
            expect(composer).not_to_have_attribute("data-state", "busy", timeout=20_000)
            if answers == 1:  # arrives on the recruiter's page without a reload
                said = page.locator("#live li.candidate .text").first
                expect(said).to_have_text(ANSWERS[0], timeout=10_000)
            if answers == 2:
                chat.reload()  # resumes from the server's state
                expect(composer).to_have_attribute("data-state", "ready")
                chat.screenshot(path=str(ARTIFACTS / "candidate-chat.png"))
        expect(chat.get_by_text("The interview is complete")).to_be_visible()
        expect(chat.locator("#progress")).to_have_text("Interview complete")  # not "Question 8
        expect(chat.locator("#clock")).to_have_text("")  # of about 9", "41 min left"
        assert chat.locator("text=/score|rubric/i").count() == 0
        chat.screenshot(path=str(ARTIFACTS / "candidate-done.png"))
        chat.reload()
        expect(chat.get_by_role("heading", name="Thank you, Grace Hopper")).to_be_visible()
        assert serious_violations(chat) == []

        # the live page reloads itself into the scorecard once the interview has ended
        expect(page.get_by_role("heading", name="Scorecard", exact=True)).to_be_visible(
            timeout=20_000
        )
        scorecard = page.locator("section.scorecard")
        expect(scorecard.get_by_text("Recommendation:")).to_be_in_viewport()
        expect(page.get_by_text("Show the whole transcript")).to_be_visible()
        assert serious_violations(page) == []
        page.get_by_label("Decision", exact=True).select_option("hire")
        page.get_by_label("Note (shown in the report)").fill("Strong incident handling.")
        page.get_by_role("button", name="Sign off").click()
        expect(page.locator(".signed-off")).to_contain_text("signed by " + EMAIL)
        expect(page.locator(".signed-off")).to_contain_text("Strong incident handling.")
        expect(page.get_by_text("Scores are locked")).to_be_visible()
        page.evaluate("window.scrollTo(0, 0)")  # the scorecard is what a reviewer sees first
        page.screenshot(path=str(ARTIFACTS / "recruiter-interview.png"))
        page.screenshot(path=str(ARTIFACTS / "recruiter-interview-full.png"), full_page=True)
        assert serious_violations(page) == []
        page.goto(server + "/dashboard")
        expect(page.get_by_role("cell", name=f"Hire by {EMAIL}")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "recruiter-dashboard.png"))
        assert serious_violations(page) == []
        invite_by_api(server)  # a second candidate, to compare with
        with recruiter_api(server) as http:
            ids = [row["id"] for row in http.get("/api/v1/interviews").json()]
        for path in ("/roles", "/interviews/new", f"/compare?ids={ids[0]}&ids={ids[1]}"):
            page.goto(server + path)
            assert serious_violations(page) == [], path
        browser.close()
    for name in ("candidate-chat.png", "recruiter-interview.png", "recruiter-dashboard.png"):
        if os.environ.get("PANELIST_UPDATE_SCREENSHOTS") or not (SCREENSHOTS / name).exists():
            shutil.copy(ARTIFACTS / name, SCREENSHOTS / name)  # the README's pictures


def test_a_dropped_connection_keeps_the_draft_and_sends_the_answer_once(
    server: str, app: FastAPI
) -> None:
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    link = invite_by_api(server)
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context()
        chat = context.new_page()
        composer = consent_and_start(chat, link)

        box = chat.get_by_label("Your answer")
        box.fill(ANSWERS[0])
        box.dispatch_event("input")
        chat.reload()  # the draft survives a reload
        expect(composer).to_have_attribute("data-state", "ready")
        expect(box).to_have_value(ANSWERS[0])

        context.set_offline(True)
        box.press("Enter")
        expect(chat.locator("#notice")).to_contain_text("Connection problem")
        context.set_offline(False)
        expect(composer).to_have_attribute("data-state", "ready", timeout=20_000)
        expect(chat.locator("#messages li.candidate")).to_have_count(1)

        lost: list[str] = []

        def lose_the_first_response(route: Any) -> None:
            if lost:
                route.continue_()
                return
            lost.append(route.request.post_data or "")
            route.fetch()  # the server stores the answer...
            route.abort("connectionreset")  # ...but the browser never hears back

        chat.route("**/answers", lose_the_first_response)
        box.fill(ANSWERS[1])
        box.press("Enter")
        expect(composer).to_have_attribute("data-state", "ready", timeout=20_000)
        assert len(lost) == 1
        expect(chat.locator("#messages li.candidate")).to_have_count(2)
        browser.close()

    token = link.rsplit("/", 1)[1]
    database = app.state.context.database
    state = database.interviews.get(database.invites.peek(token))
    answers = [t.text for t in state.turns if t.speaker.value == "candidate"]
    assert answers == [ANSWERS[0], ANSWERS[1]]  # each stored once, however often it was sent


def test_the_candidate_is_told_when_the_recruiter_closes_the_interview(
    server: str, app: FastAPI
) -> None:
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    link = invite_by_api(server)
    with sync_playwright() as p:
        browser = launch(p)
        chat = browser.new_page()
        composer = consent_and_start(chat, link)

        token = link.rsplit("/", 1)[1]
        interview_id = app.state.context.database.invites.peek(token)
        with recruiter_api(server) as http:
            closed = http.post(
                f"/api/v1/interviews/{interview_id}/close", json={"reason": "Filled."}
            )
            assert closed.status_code == 200, closed.text

        box = chat.get_by_label("Your answer")
        box.fill(ANSWERS[0])
        box.press("Enter")
        expect(chat.locator("#done")).to_contain_text("This interview has ended")
        expect(composer).to_have_attribute("data-state", "finished")
        expect(box).to_be_disabled()
        assert_newest_in_view(chat, "after the recruiter closed it")
        chat.reload()
        expect(chat.get_by_role("heading", name="This interview has ended")).to_be_visible()
        assert serious_violations(chat) == []
        browser.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_newest_message_stays_in_view_above_the_composer(
    server: str, viewport: dict[str, int]
) -> None:
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    link = invite_by_api(server)
    name = "phone" if viewport is PHONE else "desktop"
    with sync_playwright() as p:
        browser = launch(p)
        chat = browser.new_context(viewport=viewport).new_page()
        composer = consent_and_start(chat, link)
        assert_newest_in_view(chat, "after start")
        height = composer.bounding_box()["height"]
        assert height <= 0.3 * viewport["height"], f"the composer takes {height:.0f} px"
        answers = 0
        while composer.get_attribute("data-state") != "finished":
            assert answers < 40, "the interview did not finish"
            box = chat.get_by_label("Your answer")
            box.fill(ANSWERS[min(answers, len(ANSWERS) - 1)])
            box.press("Enter")
            answers += 1
            expect(composer).not_to_have_attribute("data-state", "busy", timeout=20_000)
            assert_newest_in_view(chat, f"after send {answers}")
            if answers in (1, 3):
                chat.reload()
                expect(composer).to_have_attribute("data-state", "ready")
                assert_newest_in_view(chat, f"after reload {answers}")
            if answers == 2:
                chat.screenshot(path=str(ARTIFACTS / f"candidate-chat-{name}.png"))
                assert serious_violations(chat) == []
        expect(chat.locator("#done")).to_contain_text("The interview is complete")
        assert_newest_in_view(chat, "at the end")
        chat.screenshot(path=str(ARTIFACTS / f"candidate-done-{name}.png"))
        browser.close()
    target = SCREENSHOTS / "candidate-chat-phone.png"
    if name == "phone" and (os.environ.get("PANELIST_UPDATE_SCREENSHOTS") or not target.exists()):
        shutil.copy(ARTIFACTS / "candidate-chat-phone.png", target)  # the README's picture


def test_a_long_answer_is_counted_refused_kindly_and_kept(server: str) -> None:
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    link = invite_by_api(server)
    with sync_playwright() as p:
        browser = launch(p)
        chat = browser.new_context(viewport=PHONE).new_page()
        composer = consent_and_start(chat, link)
        box = chat.get_by_label("Your answer")
        count = chat.locator("#answer-count")
        box.fill("x" * 18_500)
        expect(count).to_have_text("18,500 / 20,000 characters · 1,500 left")
        long_answer = "y" * 20_050
        box.fill(long_answer)
        expect(count).to_have_text("20,050 / 20,000 characters · 50 too many")
        box.press("Enter")
        notice = chat.locator("#notice")
        expect(notice).to_contain_text("the limit is 20,000. Shorten it by 50 characters")
        expect(notice).not_to_contain_text("body.text")
        expect(box).to_have_value(long_answer)  # nothing typed is lost
        expect(chat.locator("#messages li.candidate")).to_have_count(0)
        expect(composer).to_have_attribute("data-state", "ready")
        assert serious_violations(chat) == []
        box.fill("z" * 19_990)
        box.press("Enter")
        expect(composer).not_to_have_attribute("data-state", "busy", timeout=20_000)
        expect(chat.locator("#messages li.candidate")).to_have_count(1)
        browser.close()
