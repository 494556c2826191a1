"""`panelist models` and `panelist models check`."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from llm_server import build_app, serve
from typer.testing import CliRunner

from panelist.cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(build_app()) as url:
        yield url


def test_models_lists_backends_and_says_none_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANELIST_LLM_BACKEND", raising=False)
    result = runner.invoke(app, ["models", "--json"])
    assert result.exit_code == 0, result.output
    names = [row["backend"] for row in json.loads(result.output)["backends"]]
    assert {"openai", "anthropic", "fake"} <= set(names)


def test_models_check_reports_latency(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANELIST_LLM_BACKEND", "openai")
    monkeypatch.setenv("PANELIST_LLM_MODEL", "ok")
    monkeypatch.setenv("PANELIST_LLM_BASE_URL", f"{server}/v1")
    result = runner.invoke(app, ["models", "check"])
    assert result.exit_code == 0, result.output
    assert "openai:ok answered" in result.output and " ms " in result.output


def test_models_check_fails_cleanly_when_the_vendor_is_down(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANELIST_LLM_BACKEND", "openai")
    monkeypatch.setenv("PANELIST_LLM_MODEL", "down")
    monkeypatch.setenv("PANELIST_LLM_BASE_URL", f"{server}/v1")
    monkeypatch.setenv("PANELIST_LLM_MAX_RETRIES", "0")
    result = runner.invoke(app, ["models", "check"])
    assert result.exit_code == 1
    assert "HTTP 500" in result.output
