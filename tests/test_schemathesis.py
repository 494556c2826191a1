"""Schemathesis with every check against the served app: each response's status, content type,
headers and body match the OpenAPI document, invalid input is refused with a 4xx, auth is
enforced, and nothing answers 500.

Bounded: a fixed seed and ``--max-examples`` keep the run to about a minute. Logout is left
out of the run because it would end the token the run uses (tests/test_sessions.py covers it).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from llm_server import free_port
from test_web_support import PASSWORD, add_recruiter, web_settings

from panelist.cli.serve import server_options
from panelist.web import create_app

MAX_EXAMPLES = 25
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    settings = web_settings(tmp_path / "data", max_request_bytes=256 * 1024)
    app = create_app(settings)
    add_recruiter(app, "ann@acme.example", "Acme")
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **server_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


def test_every_operation_passes_every_check(served: str, tmp_path: Path) -> None:
    login = {"email": "ann@acme.example", "password": PASSWORD}
    token = httpx.post(f"{served}/api/v1/auth/login", json=login).json()["access_token"]
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(CONFIG),
        "run",
        f"{served}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "16",
        "--workers",
        "1",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--exclude-path",
        "/api/v1/auth/logout",
        "--header",
        f"Authorization: Bearer {token}",
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        "--no-color",
    ]
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-3000:]
    document = httpx.get(f"{served}/openapi.json").json()
    operations = sum(len(methods) for methods in document["paths"].values())
    assert f"Tested: {operations - 1}" in run.stdout, run.stdout[-3000:]  # all but logout
    print(run.stdout[run.stdout.find("SUMMARY") :])  # what ran, for the record (pytest -s)


def test_every_api_operation_documents_its_problems(tmp_path: Path) -> None:
    app = create_app(web_settings(tmp_path / "data"))
    document = app.openapi()
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, operations in document["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            where = f"{method.upper()} {path}"
            assert responses["422"]["content"]["application/problem+json"]["schema"] == problem
            if operation.get("security"):
                assert {"401", "403"} <= set(responses), where
                assert "WWW-Authenticate" in responses["401"]["headers"], where
            if "{" in path:
                assert "404" in responses, where
            if "requestBody" in operation:
                assert "413" in responses, where
            if path.startswith("/api/v1/candidate/"):
                assert {"404", "409", "410"} <= set(responses), where
    login = document["paths"]["/api/v1/auth/login"]["post"]["responses"]
    assert "Retry-After" in login["429"]["headers"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
