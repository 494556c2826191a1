"""Tracing for real: ``panelist demo`` exports its spans over OTLP/HTTP to a loopback receiver.

Needs the ``tracing`` extra (``make setup-tracing``); under CI=true a missing extra fails.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import require
from llm_server import build_app, serve
from test_web_serve import free_port, run, wait_ready
from test_web_support import ANSWER

from panelist.cli.serve import DEMO_EMAIL

HAS_TRACING = all(
    importlib.util.find_spec(name) is not None
    for name in ("opentelemetry.sdk", "opentelemetry.exporter.otlp.proto.http")
)


@dataclass
class Collector:
    """What an OTLP/HTTP trace collector received: every span with its resource."""

    url: str
    spans: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def named(self, name: str) -> list[dict[str, Any]]:
        return [s for s in self.spans if s["name"] == name]


def _attributes(items: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in items:
        kind = item.value.WhichOneof("value")
        values[item.key] = getattr(item.value, kind) if kind else None
    return values


@pytest.fixture
def collector() -> Iterator[Collector]:
    require(HAS_TRACING, "the tracing extra is not installed (make setup-tracing)")
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

    received = Collector(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            request = trace_service_pb2.ExportTraceServiceRequest.FromString(body)
            received.paths.append(self.path)
            for resource_spans in request.resource_spans:
                resource = _attributes(resource_spans.resource.attributes)
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        received.spans.append(
                            {
                                "name": span.name,
                                "resource": resource,
                                "attributes": _attributes(span.attributes),
                            }
                        )
            reply = trace_service_pb2.ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *_: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    received.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received
    server.shutdown()
    server.server_close()


def demo_password(process: subprocess.Popen[bytes]) -> str:
    """The demo admin's password, from what ``panelist demo`` prints before it serves."""
    assert process.stdout is not None
    for raw in iter(process.stdout.readline, b""):
        if match := re.search(r"sign in as \S+ with password (\S+)", raw.decode()):
            return match.group(1)
    raise AssertionError("panelist demo exited before printing the demo password")


def start_an_interview(base: str, password: str) -> str:
    """A recruiter invites a candidate, who consents and answers once; the invite token."""
    with httpx.Client(base_url=base, timeout=30) as client:
        login = client.post("/api/v1/auth/login", json={"email": DEMO_EMAIL, "password": password})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        created = client.post(
            "/api/v1/interviews",
            json={"role_code": "SRES.GEN.P4", "candidate_name": "Tracy Trace"},
            headers=headers,
        )
        token = str(created.json()["invite_token"])
        started = client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
        assert started.status_code == 200, started.text
        answered = client.post(
            f"/api/v1/candidate/{token}/answers",
            json={"turn_id": uuid.uuid4().hex, "text": ANSWER},
        )
        assert answered.status_code == 200, answered.text
    return token


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    with serve(build_app()) as url:
        yield f"{url}/v1"


def test_demo_exports_request_scoring_and_llm_spans(
    collector: Collector, llm_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PANELIST_DATA_DIR": str(tmp_path / "data"),
        "PANELIST_SEMANTIC": "off",
        "PANELIST_OTEL_ENDPOINT": collector.url,
        "PANELIST_OTEL_SERVICE_NAME": "panelist-under-test",
        "PANELIST_LLM_BACKEND": "openai",  # the interviewer's wording comes from a loopback LLM
        "PANELIST_LLM_MODEL": "smart",
        "PANELIST_LLM_BASE_URL": llm_url,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    port = free_port()
    panelist = str(Path(sys.executable).with_name("panelist"))
    process = run([panelist, "demo", "--host", "127.0.0.1", "--port", str(port)], env)
    try:
        base = f"http://127.0.0.1:{port}"
        password = demo_password(process)
        wait_ready(f"{base}/healthz", process, seconds=120)
        assert httpx.get(f"{base}/login", timeout=5).status_code == 200
        invite_token = start_an_interview(base, password)
        httpx.get(f"{base}/i/{invite_token}?utm=mail", timeout=5)  # the invite link's page
    finally:
        process.terminate()  # a clean shutdown flushes the spans still batched
        process.wait(timeout=30)

    assert collector.paths and set(collector.paths) == {"/v1/traces"}
    assert {s["resource"]["service.name"] for s in collector.spans} == {"panelist-under-test"}
    scoring = collector.named("panelist.score")
    assert scoring, "the seeded interviews' answers were scored under a span"
    assert {s["attributes"]["scorer"] for s in scoring} == {"embedded"}
    assert {"technical", "scenario"} <= {s["attributes"]["question_kind"] for s in scoring}
    llm = collector.named("panelist.llm.complete")
    assert llm and {s["attributes"]["purpose"] for s in llm} == {"interviewer"}
    requests = {s["name"]: s["attributes"] for s in collector.spans if s["name"].startswith("GET")}
    assert {"GET /login", "GET /i/{invite_token}"} <= set(requests)
    assert "GET /healthz" not in requests  # probes and scrapes are not traced
    invite = requests["GET /i/{invite_token}"]
    assert invite["http.route"] == invite["http.target"] == "/i/{invite_token}"
    assert invite["http.url"] == invite["net.peer.ip"] == "[redacted]"
    assert not [s for s in collector.spans if invite_token in repr(s)], "a token was exported"
