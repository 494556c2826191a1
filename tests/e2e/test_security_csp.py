"""The Content-Security-Policy in a real browser: the chat, the recruiter's pages, the
sandboxed report and the API docs all work with no CSP violation reported."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from conftest import require
from test_browser import (  # the app, server and helpers of the main browser test
    ANSWERS,
    app,
    consent_and_start,
    invite_by_api,
    launch,
    server,
    sign_in,
)

pytestmark = pytest.mark.browser
__all__ = ["app", "server"]  # fixtures, used by name


def violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def test_every_page_works_under_the_policy(server: str) -> None:
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    link = invite_by_api(server)
    with sync_playwright() as p:
        browser = launch(p)
        chat = browser.new_page()
        seen = violations(chat)
        composer = consent_and_start(chat, link)
        box = chat.get_by_label("Your answer")
        box.fill(ANSWERS[0])
        box.press("Enter")
        expect(composer).to_have_attribute("data-state", "ready", timeout=20_000)
        expect(chat.locator("#messages li.candidate")).to_have_count(1)

        page = browser.new_page()
        seen += violations(page)
        sign_in(page, server)
        page.goto(server + "/docs")
        expect(page.locator(".swagger-ui .info")).to_be_visible()
        page.goto(server + "/redoc")
        # ReDoc renders the whole spec in the page: slow on a loaded 2-core machine
        expect(page.locator("redoc h1, [role=navigation]").first).to_be_visible(timeout=60_000)
        browser.close()
    assert seen == []
