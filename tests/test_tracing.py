"""Tracing for real: ``panelist demo`` exports its spans over OTLP/HTTP to a loopback collector.

Needs the ``tracing`` extra (``make setup-tracing``); under CI=true a missing extra fails.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import require
from tests.test_web_serve import free_port, run, wait_ready

SECRET_TOKEN = "tok3n-that-must-not-leave"
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


def test_demo_exports_request_and_scoring_spans(collector: Collector, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PANELIST_DATA_DIR": str(tmp_path / "data"),
        "PANELIST_SEMANTIC": "off",
        "PANELIST_OTEL_ENDPOINT": collector.url,
        "PANELIST_OTEL_SERVICE_NAME": "panelist-under-test",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    port = free_port()
    panelist = str(Path(sys.executable).with_name("panelist"))
    process = run([panelist, "demo", "--host", "127.0.0.1", "--port", str(port)], env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/healthz", process, seconds=120)
        assert httpx.get(f"{base}/login", timeout=5).status_code == 200
        httpx.get(f"{base}/i/{SECRET_TOKEN}?utm=mail", timeout=5)  # an invite link's token
    finally:
        process.terminate()  # a clean shutdown flushes the spans still batched
        process.wait(timeout=30)

    assert collector.paths and set(collector.paths) == {"/v1/traces"}
    assert {s["resource"]["service.name"] for s in collector.spans} == {"panelist-under-test"}
    scoring = collector.named("panelist.score")
    assert scoring, "the seeded interviews' answers were scored under a span"
    assert {s["attributes"]["scorer"] for s in scoring} == {"embedded"}
    assert {"technical", "scenario"} <= {s["attributes"]["question_kind"] for s in scoring}
    requests = {s["name"]: s["attributes"] for s in collector.spans if s["name"].startswith("GET")}
    assert {"GET /healthz", "GET /login", "GET /i/{invite_token}"} <= set(requests)
    invite = requests["GET /i/{invite_token}"]
    assert invite["http.route"] == invite["http.target"] == "/i/{invite_token}"
    assert invite["http.url"] == invite["net.peer.ip"] == "[redacted]"
    assert not [s for s in collector.spans if SECRET_TOKEN in repr(s)], "a token was exported"
