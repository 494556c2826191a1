"""In a real browser: the interviewer's turns appear as they are produced, word by word -
the greeting when the chat opens and the goodbye that ends it as much as the turns between.

A whole interview run in Chromium showed the greeting, the first question and the goodbye
each appear at once, whole, while every turn between them streamed in word by word.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from conftest import require
from fastapi import FastAPI
from test_browser import EMAIL, PASSWORD, consent_and_start, invite_by_api, launch
from test_browser import server as server

from panelist.config import load_settings
from panelist.web import create_app

pytestmark = pytest.mark.browser
WORD_DELAY = 0.03  # seconds between streamed words: slow enough to see a turn half-written

# Every text an interviewer bubble showed, in order, by turn id.
RECORD = """
window.__shown = {};
new MutationObserver(function () {
  document.querySelectorAll('#messages li.interviewer').forEach(function (li) {
    const text = li.querySelector('.text').textContent;
    const seen = window.__shown[li.dataset.id] || (window.__shown[li.dataset.id] = []);
    if (seen[seen.length - 1] !== text) seen.push(text);
  });
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    settings = load_settings(
        data_dir=tmp_path / "data", semantic="off", environment="test", log_json=False
    )
    web = create_app(settings)
    context = web.state.context
    context.stream_delay_seconds = WORD_DELAY
    organisation = context.database.accounts.ensure_organisation("Acme")
    context.database.accounts.create_user(
        EMAIL, PASSWORD, role="hiring_manager", organisation_id=organisation.id
    )
    return web


def shown(chat: Any, selector: str) -> tuple[str, list[str]]:
    """The whole text of the bubble ``selector`` picks and every text it showed on the way."""
    bubble = chat.locator(selector)
    texts: list[str] = chat.evaluate(
        "id => window.__shown[id] || []", bubble.get_attribute("data-id")
    )
    return bubble.locator(".text").text_content() or "", texts


def written_word_by_word(whole: str, texts: list[str]) -> bool:
    """The bubble showed at least three growing beginnings of its text before the whole."""
    partial = [t for t in texts if t and t != whole and whole.startswith(t)]
    return len(partial) >= 3 and texts[-1] == whole


def test_the_greeting_and_the_goodbye_are_shown_as_they_arrive(server: str) -> None:
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    link = invite_by_api(server)
    with sync_playwright() as p:
        browser = launch(p)
        chat = browser.new_page()
        chat.add_init_script(RECORD)
        composer = consent_and_start(chat, link)
        greeting, texts = shown(chat, "#messages li.interviewer >> nth=0")
        assert greeting.startswith("Welcome, Linus Offline.") or "Linus" in greeting
        assert written_word_by_word(greeting, texts), texts[:5]

        skip = chat.get_by_role("button", name="Skip question")
        for _ in range(20):  # skipped through to the end: the goodbye is the last turn
            if chat.locator("#done").is_visible():
                break
            expect(composer).to_have_attribute("data-state", "ready")
            skip.click()
            chat.wait_for_function(
                "() => !document.getElementById('done').hidden || "
                "document.getElementById('composer').dataset.state === 'ready'"
            )
        expect(chat.locator("#done")).to_be_visible()
        # the goodbye streams in after the end is marked (on a loaded CI machine the last
        # closing bubble was still the close question when it was read): wait for it
        expect(chat.locator("#messages li.closing").last).to_contain_text("recruiter")
        goodbye, texts = shown(chat, "#messages li.closing >> nth=-1")
        assert "recruiter" in goodbye
        assert written_word_by_word(goodbye, texts), texts[:5]
        browser.close()
