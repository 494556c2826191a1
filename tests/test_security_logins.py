"""The login limit cannot be bypassed: X-Forwarded-For counts only from a configured proxy,
and parallel wrong passwords are counted atomically (exactly ``limit`` are ever checked)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from llm_server import free_port
from test_storage_support import migrated_postgres_database
from test_web_support import PASSWORD, add_recruiter, web_settings

from panelist.cli.serve import proxy_options
from panelist.config import Settings
from panelist.errors import ConfigurationError
from panelist.web import create_app

pytest_plugins = ["test_web_support"]
WRONG = {"email": "ann@acme.example", "password": "not the password at all"}
RIGHT = {"email": "ann@acme.example", "password": PASSWORD}


@contextmanager
def served(settings: Settings) -> Iterator[tuple[FastAPI, str]]:
    """The app under uvicorn with the proxy options ``panelist serve`` passes."""
    app = create_app(settings)
    add_recruiter(app, "ann@acme.example", "Acme")
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", **proxy_options(settings)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.02)
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def login(base: str, body: dict[str, str], forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return httpx.post(f"{base}/api/v1/auth/login", json=body, headers=headers).status_code


def test_rotating_forwarded_for_does_not_reset_the_limit(tmp_path: Path) -> None:
    with served(web_settings(tmp_path / "data")) as (_, base):
        codes = [login(base, WRONG, f"203.0.113.{i}") for i in range(1, 31)]
        assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
        assert login(base, RIGHT, "198.51.100.7") == 429  # a fresh address changes nothing


def test_a_configured_proxy_is_believed(tmp_path: Path) -> None:
    settings = web_settings(tmp_path / "data", trusted_proxies=["127.0.0.1"])
    with served(settings) as (_, base):
        codes = [login(base, WRONG, "203.0.113.1") for _ in range(6)]
        assert codes == [401] * 5 + [429]
        assert login(base, RIGHT, "203.0.113.2") == 200  # another client behind the proxy


def test_the_proxy_setting_reads_addresses_and_networks() -> None:
    settings = web_settings(Path("/tmp/unused"), trusted_proxies="10.0.0.5, 10.1.0.0/16")
    assert proxy_options(settings) == {
        "proxy_headers": True,
        "forwarded_allow_ips": "10.0.0.5,10.1.0.0/16",
    }
    assert proxy_options(web_settings(Path("/tmp/unused"))) == {"proxy_headers": False}
    with pytest.raises(ConfigurationError, match="PANELIST_TRUSTED_PROXIES"):
        web_settings(Path("/tmp/unused"), trusted_proxies="proxy.internal")


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_parallel_wrong_logins_are_checked_exactly_limit_times(
    backend: str, tmp_path: Path
) -> None:
    overrides: dict[str, Any] = {}
    with migrated_postgres_database() if backend == "postgres" else _nothing() as url:
        if url:
            overrides["database_url"] = url
        with (
            served(web_settings(tmp_path / "data", **overrides)) as (_, base),
            ThreadPoolExecutor(max_workers=24) as pool,
        ):
            codes = Counter(pool.map(lambda _: login(base, WRONG), range(24)))
    assert codes == Counter({401: 5, 429: 19})


@contextmanager
def _nothing() -> Iterator[str | None]:
    yield None
