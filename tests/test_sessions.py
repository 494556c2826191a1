"""Sessions that end: sign-out, a password change, a disabled account or an admin's
``panelist users sessions revoke`` end a browser session and an API token at once, even for
someone who kept a copy of the cookie or the token."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_support import PASSWORD, add_recruiter, api_login, csrf_of, page_login, web_settings
from typer.testing import CliRunner

from panelist.cli.app import app as cli
from panelist.errors import AuthError
from panelist.storage import Database
from panelist.web import create_app
from panelist.web.sessions import COOKIE_NAME

pytest_plugins = ["test_web_support"]
NEW_PASSWORD = "violet tractor umbrella 77"


def signed_in_cookie(client: TestClient, email: str) -> str:
    assert page_login(client, email).status_code == 303
    cookie = client.cookies.get(COOKIE_NAME)
    assert cookie
    return cookie


def opens_dashboard(app: FastAPI, cookie: str) -> bool:
    with TestClient(app, cookies={COOKIE_NAME: cookie}) as other:  # someone with a copy
        response = other.get("/dashboard", follow_redirects=False)
    return response.status_code == 200


def token_works(client: TestClient, token: str) -> bool:
    response = client.get("/api/v1/roles", headers={"Authorization": f"Bearer {token}"})
    return response.status_code == 200


def test_a_copied_cookie_stops_working_after_sign_out(client: TestClient, app: FastAPI) -> None:
    add_recruiter(app, "ann@acme.example", "Acme")
    cookie = signed_in_cookie(client, "ann@acme.example")
    assert opens_dashboard(app, cookie)
    page = client.get("/dashboard")
    out = client.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert not opens_dashboard(app, cookie)


def test_an_api_token_ends_at_logout(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    assert token_works(client, ann.token)
    assert client.post("/api/v1/auth/logout", headers=ann.headers).status_code == 204
    assert not token_works(client, ann.token)
    again = client.post("/api/v1/auth/logout", headers=ann.headers)
    assert again.status_code == 401 and "revoked" in again.json()["detail"]


def test_a_password_change_ends_every_session(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    cookie = signed_in_cookie(client, "ann@acme.example")
    db: Database = app.state.context.database
    user = db.accounts.get_user_by_email("ann@acme.example")
    assert db.accounts.set_password(user.id, NEW_PASSWORD) == 2
    assert not token_works(client, ann.token) and not opens_dashboard(app, cookie)
    login = {"email": "ann@acme.example", "password": NEW_PASSWORD}
    assert client.post("/api/v1/auth/login", json=login).status_code == 200


def test_the_admin_cli_disables_resets_and_revokes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("PANELIST_DATA_DIR", str(data))
    app = create_app(web_settings(data))
    runner = CliRunner()
    with TestClient(app) as client:
        ann = api_login(client, "ann@acme.example", "Acme")
        cookie = signed_in_cookie(client, "ann@acme.example")

        revoked = runner.invoke(cli, ["users", "sessions", "revoke", "ann@acme.example"])
        assert revoked.exit_code == 0, revoked.output
        assert "Ended 2 sessions and tokens" in revoked.output
        assert not token_works(client, ann.token) and not opens_dashboard(app, cookie)

        ann = api_login(client, "bob@acme.example", "Acme")  # a second account, still fine
        disabled = runner.invoke(cli, ["users", "disable", "bob@acme.example"])
        assert disabled.exit_code == 0 and "ended 1 session or token" in disabled.output
        assert not token_works(client, ann.token)
        login = {"email": "bob@acme.example", "password": PASSWORD}
        refused = client.post("/api/v1/auth/login", json=login)
        assert refused.status_code == 401 and "disabled" in refused.json()["detail"]
        assert runner.invoke(cli, ["users", "enable", "bob@acme.example"]).exit_code == 0
        assert client.post("/api/v1/auth/login", json=login).status_code == 200

        weak = runner.invoke(
            cli,
            ["users", "reset-password", "bob@acme.example", "--password-stdin"],
            input="password1234\n",
        )
        assert weak.exit_code != 0 and "too easy to guess" in weak.output
        reset = runner.invoke(
            cli,
            ["users", "reset-password", "bob@acme.example", "--password-stdin"],
            input=f"{NEW_PASSWORD}\n",
        )
        assert reset.exit_code == 0 and "ended 1 session or token" in reset.output, reset.output
        db: Database = app.state.context.database
        with pytest.raises(AuthError):
            db.accounts.authenticate("bob@acme.example", PASSWORD)
        actions = [e.action for e in db.audit.entries(actor="cli")]
    assert actions == [
        "user.reset_password",
        "user.enable",
        "user.disable",
        "user.sessions_revoke",
    ]


def test_the_stored_sessions_hold_no_secret(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    db: Database = app.state.context.database
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT token_hash, kind FROM auth_sessions").all()
    assert [kind for _, kind in rows] == ["api"]
    assert all(ann.token not in value for value, _ in rows)


def test_common_and_repetitive_passwords_are_refused(app: FastAPI) -> None:
    db: Database = app.state.context.database
    for weak in ("aaaaaaaaaaaa", "password1234", "qwertyuiop12", "ann@acme.example1"):
        with pytest.raises(AuthError, match="too easy to guess"):
            db.accounts.create_user("ann@acme.example", weak, role="recruiter")
    db.accounts.create_user("ann@acme.example", NEW_PASSWORD, role="recruiter")
