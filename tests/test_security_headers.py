"""Defence-in-depth headers: CSP (a nonce for the docs' one inline script), HSTS when cookies
are Secure, Permissions-Policy, no-store on interview JSON, and a sandboxed report iframe."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_support import (
    answer_until_done,
    api_login,
    create_invite,
    page_login,
    web_settings,
)

from panelist.web import create_app

pytest_plugins = ["test_web_support"]


def directives(policy: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


def test_pages_and_api_get_a_strict_policy_and_no_store(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann)
    for response in (
        client.get("/login"),
        client.get(f"/i/{created['invite_token']}"),
        client.get(f"/api/v1/interviews/{created['id']}", headers=ann.headers),
        client.get(f"/api/v1/candidate/{created['invite_token']}"),
    ):
        assert response.status_code == 200, response.text
        csp = directives(response.headers["content-security-policy"])
        assert csp["default-src"] == "'none'" and csp["script-src"] == "'self'"
        assert "unsafe-inline" not in csp["style-src"] and csp["frame-ancestors"] == "'self'"
        assert response.headers["cache-control"] == "no-store"
        permissions = response.headers["permissions-policy"]
        assert "camera=()" in permissions and "microphone=(self)" in permissions
        assert "strict-transport-security" not in response.headers  # plain HTTP here
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")


def test_no_template_needs_an_inline_script(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    token = create_invite(client, ann)["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    page_login(client, "ann@acme.example")
    for path in ("/login", "/dashboard", f"/i/{token}/chat", "/interviews/new"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), f"an inline event handler on {path}"


def test_the_docs_inline_script_carries_this_requests_nonce(client: TestClient) -> None:
    first, second = client.get("/docs"), client.get("/docs")
    nonces = []
    for page in (first, second):
        csp = directives(page.headers["content-security-policy"])
        (nonce,) = re.findall(r"'nonce-([^']+)'", csp["script-src"])
        assert f'<script nonce="{nonce}">' in page.text
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_hsts_is_sent_when_cookies_are_secure(tmp_path: Path) -> None:
    app = create_app(web_settings(tmp_path / "data", secure_cookies=True))
    with TestClient(app) as client:
        response = client.get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


def test_the_report_is_sandboxed_and_runs_no_script(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann)
    token = created["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answer_until_done(client, token)
    page_login(client, "ann@acme.example")
    detail = client.get(f"/interviews/{created['id']}").text
    (iframe,) = re.findall(r"<iframe[^>]*>", detail)
    assert re.search(r"\ssandbox[\s>]", iframe), iframe
    report = client.get(f"/interviews/{created['id']}/report.html")
    csp = directives(report.headers["content-security-policy"])
    assert "sandbox" in csp and "script-src" not in csp and csp["default-src"] == "'none'"
    assert report.headers["cache-control"] == "no-store"
