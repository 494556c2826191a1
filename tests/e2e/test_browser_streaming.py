"""In a real browser: with an LLM interviewer, the reply appears as the model writes it.

The loopback vendor (``trickle``) sends one word every 0.3 s; the page must show part of the
interviewer's sentence before the rest of it has arrived, then the whole turn.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require
from fastapi import FastAPI
from llm_server import build_app, serve
from test_browser import (
    ANSWERS,
    EMAIL,
    PASSWORD,
    consent_and_start,
    invite_by_api,
    launch,
)
from test_browser import server as server

from panelist.config import load_settings
from panelist.web import create_app

pytestmark = pytest.mark.browser
BRIDGE = "Thanks, that gives me a clear picture of your setup."


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    with serve(build_app()) as url:
        yield f"{url}/v1"


@pytest.fixture
def app(tmp_path: Path, llm_url: str) -> FastAPI:
    settings = load_settings(
        data_dir=tmp_path / "data",
        semantic="off",
        environment="test",
        log_json=False,
        llm_backend="openai",
        llm_model="trickle",
        llm_base_url=llm_url,
    )
    web = create_app(settings)
    organisation = web.state.context.database.accounts.ensure_organisation("Acme")
    web.state.context.database.accounts.create_user(
        EMAIL, PASSWORD, role="hiring_manager", organisation_id=organisation.id
    )
    return web


def test_the_candidate_sees_the_llm_reply_while_it_is_written(server: str) -> None:
    require(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import expect, sync_playwright

    link = invite_by_api(server)
    with sync_playwright() as p:
        browser = launch(p)
        chat = browser.new_page()
        composer = consent_and_start(chat, link)
        assert composer.get_attribute("data-llm-stream") == "on"
        chat.get_by_label("Your answer").fill(ANSWERS[0])
        chat.get_by_role("button", name="Send").click()
        bubbles = chat.locator("#messages li.interviewer .text")
        # part of the bridge is on screen while its last words are still being written
        chat.wait_for_function(
            """bridge => Array.from(document.querySelectorAll('#messages li.interviewer .text'))
                 .some(p => p.textContent.startsWith('Thanks,') && !p.textContent.includes(bridge))""",
            arg=BRIDGE,
            timeout=20_000,
        )
        expect(composer).to_have_attribute("data-state", "busy")  # the reply is not over yet
        expect(bubbles.filter(has_text=BRIDGE)).to_have_count(1, timeout=30_000)
        expect(composer).to_have_attribute("data-state", "ready", timeout=30_000)
        whole = bubbles.filter(has_text=BRIDGE).first.text_content() or ""
        assert len(whole) > len(BRIDGE) + 20  # the catalog's question follows the bridge
        browser.close()
