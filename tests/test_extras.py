"""The default install without its optional extras: PDF output (``pdf``), the PostgreSQL
driver (``postgres``) and the Redis client (``redis``) missing, everything else works and the
missing feature says what to install (uvloop and httptools are in the default install; without
them the server falls back to asyncio and h11). The extras are blocked here with ``sys.modules[name] = None`` (how Python marks a
module that must not import), since the development venv has them installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web_support import answer_until_done, api_login, create_invite, web_settings

from panelist.cli.serve import fast_protocols
from panelist.config import load_settings
from panelist.errors import ConfigurationError, MissingExtraError
from panelist.jobs.queue import build_huey
from panelist.storage.engine import make_engine
from panelist.web.app import create_app

pytest_plugins = ["test_web_support"]

PDF_HINT = "Install it with: pip install 'panelist[pdf]'."


@pytest.fixture
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fpdf", None)


def test_the_app_and_cli_load_without_the_extras_and_say_what_a_pdf_needs() -> None:
    probe = """
import sys
for name in ("fpdf", "PIL", "fontTools", "psycopg"):
    sys.modules[name] = None
import panelist.cli.app, panelist.web.app, panelist.jobs.rendering
from panelist.reports.render import render
from panelist.errors import MissingExtraError
try:
    render(None, "pdf")
except MissingExtraError as exc:
    print(exc)
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "The PDF report needs the optional 'pdf' extra, which is not installed. "
        f"{PDF_HINT} The Markdown, HTML, text and JSON formats work without it."
    )


def test_a_pdf_download_without_the_extra_answers_501_and_markdown_still_works(
    tmp_path: Path, no_pdf: None
) -> None:
    app = create_app(web_settings(tmp_path / "data", queue_workers=0))
    with TestClient(app) as client:
        recruiter = api_login(client, "bo@acme.io", "Acme")
        invite = create_invite(client, recruiter)
        token = invite["invite_token"]
        client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        assert answer_until_done(client, token)["status"] == "completed"
        url = f"/api/v1/interviews/{invite['id']}/report"
        pdf = client.get(f"{url}?format=pdf", headers=recruiter.headers)
        markdown = client.get(f"{url}?format=md", headers=recruiter.headers)

    assert pdf.status_code == 501
    assert pdf.json()["title"] == "Not available on this install"
    assert PDF_HINT in pdf.json()["detail"]
    assert markdown.status_code == 200
    assert markdown.text.startswith("#")


def test_a_postgres_url_without_the_driver_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)

    with pytest.raises(MissingExtraError) as raised:
        make_engine("postgresql://ann:secret@db:5432/hr")

    assert isinstance(raised.value, ConfigurationError)
    assert str(raised.value) == (
        "PANELIST_DATABASE_URL=postgresql+psycopg://ann:***@db:5432/hr needs the optional "
        "'postgres' extra, which is not installed. Install it with: pip install "
        "'panelist[postgres]'. Or use SQLite: PANELIST_DATABASE_URL=sqlite:///PATH."
    )
    make_engine("sqlite:///:memory:").dispose()  # SQLite needs no extra


def test_a_redis_queue_without_the_client_names_the_redis_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)
    settings = load_settings(data_dir=tmp_path, queue_url="redis://127.0.0.1:6379/0")

    with pytest.raises(MissingExtraError, match=r"pip install 'panelist\[redis\]'") as raised:
        build_huey(settings)

    assert str(raised.value).startswith(
        "A Redis job queue (PANELIST_QUEUE_URL) needs the optional 'redis' extra"
    )
    assert build_huey(load_settings(data_dir=tmp_path)).storage is not None  # SQLite: no extra


def test_the_server_runs_on_asyncio_and_h11_without_uvloop_and_httptools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert fast_protocols() == {"loop": "uvloop", "http": "httptools"}  # make setup has them
    monkeypatch.setitem(sys.modules, "uvloop", None)
    monkeypatch.setitem(sys.modules, "httptools", None)

    assert fast_protocols() == {"loop": "asyncio", "http": "h11"}
