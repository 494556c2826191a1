"""The interview list a page at a time: cursors in the API's Link header and on the dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_support import api_login, create_invite, page_login

from panelist.web.routes import pages_recruiter

pytest_plugins = ["test_web_support"]  # the app and client fixtures


def links(response: Any) -> dict[str, str]:
    """rel -> URL of a Link header."""
    found = re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers.get("link", ""))
    return {rel: url for url, rel in found}


def names(response: Any) -> list[str]:
    return [row["candidate_name"] for row in response.json()]


def test_the_api_pages_by_the_link_header_and_counts_the_total(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    for name in ("First Grace", "Second Alan", "Third Ada"):
        create_invite(client, ann, name=name)

    first = client.get("/api/v1/interviews?limit=2", headers=ann.headers)
    assert names(first) == ["Third Ada", "Second Alan"]
    assert first.headers["x-total-count"] == "3" and set(links(first)) == {"next"}

    second = client.get(links(first)["next"], headers=ann.headers)
    assert names(second) == ["First Grace"] and set(links(second)) == {"prev"}
    back = client.get(links(second)["prev"], headers=ann.headers)
    assert names(back) == ["Third Ada", "Second Alan"]

    searched = client.get("/api/v1/interviews?search=alan&limit=2", headers=ann.headers)
    assert names(searched) == ["Second Alan"] and "link" not in searched.headers


def test_a_cursor_that_was_not_handed_out_is_a_422_that_says_what_to_do(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    refused = client.get("/api/v1/interviews?cursor=made-up", headers=ann.headers)
    assert refused.status_code == 422
    assert "Start again from the first page" in refused.json()["detail"]


def test_the_dashboard_shows_older_and_newer_links_and_the_total(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    for name in ("First Grace", "Second Alan", "Third Ada"):
        create_invite(client, ann, name=name)
    page_login(client, "ann@acme.example")
    monkeypatch.setattr(pages_recruiter, "DASHBOARD_PAGE", 2)

    first = client.get("/dashboard?status=created")
    assert "3 interviews, 2 on this page" in first.text
    assert "Third Ada" in first.text and "First Grace" not in first.text
    older = re.search(r'<a href="([^"]+)" rel="next">Older', first.text)
    assert older and 'rel="prev"' not in first.text

    second = client.get(older.group(1).replace("&amp;", "&"))
    assert "First Grace" in second.text and "Third Ada" not in second.text
    assert 'rel="prev">← Newer' in second.text and 'rel="next"' not in second.text
    assert 'value="created" selected' in second.text  # the filter is kept across pages

    searched = client.get("/dashboard?q=a")  # a search is not counted past its first page
    assert "2 interviews on this page, more on the next" in searched.text
