"""JSON logs: request and interview ids from contextvars, answers and personal data kept out."""

from __future__ import annotations

import importlib
import io
import json
import logging
from collections.abc import Iterator
from types import ModuleType

import pytest
import structlog
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panelist.config import Settings
from panelist.observability import (
    ObservedRequests,
    bind_interview,
    configure_logging,
    logs,
    tracing,
)
from panelist.observability.logs import REDACTED, reset_logging
from panelist.observability.tracing import configure_tracing, span


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    configure_logging(Settings(log_level="DEBUG"), stream=buffer)
    yield buffer
    reset_logging()


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_candidate_answers_and_personal_data_never_reach_the_log(stream: io.StringIO) -> None:
    log = structlog.get_logger("panelist.interview")
    log.info(
        "answer received",
        answer="I was paged at 3am and restarted etcd",
        candidate_name="Ada Lovelace",
        email="ada@example.com",
        password="hunter2",
        token="inv_9f8e7d",
        turn={"text": "my answer", "words": 7},
        question_id="sre.monitoring.slo_burn",
        note="reach me at ada@example.com",
    )
    (line,) = lines(stream)
    for key in ("answer", "candidate_name", "email", "password", "token"):
        assert line[key] == REDACTED
    assert line["turn"] == {"text": REDACTED, "words": 7}
    assert line["question_id"] == "sre.monitoring.slo_burn"
    assert line["note"] == f"reach me at {REDACTED}"
    assert "hunter2" not in stream.getvalue() and "Lovelace" not in stream.getvalue()


def test_standard_library_loggers_are_redacted_too(stream: io.StringIO) -> None:
    logging.getLogger("sqlalchemy.engine").warning("slow query for bob@example.org")
    (line,) = lines(stream)
    assert line["event"] == f"slow query for {REDACTED}"
    assert line["logger"] == "sqlalchemy.engine"
    assert line["level"] == "warning"


def test_redaction_can_be_switched_off_for_local_debugging() -> None:
    buffer = io.StringIO()
    configure_logging(Settings(log_redact=False), stream=buffer)
    try:
        structlog.get_logger().info("answer", answer="plain text")
    finally:
        reset_logging()
    assert lines(buffer)[0]["answer"] == "plain text"


def test_every_line_of_a_request_carries_its_request_and_interview_id(
    stream: io.StringIO,
) -> None:
    app = FastAPI()

    @app.post("/interviews/{interview_id}/answers")
    async def answer(interview_id: str) -> dict[str, str]:
        bind_interview(interview_id)
        structlog.get_logger("panelist.web").info("scoring answer")
        return {"ok": "yes"}

    @app.get("/ping")
    async def ping() -> dict[str, str]:
        structlog.get_logger("panelist.web").info("ping")
        return {}

    app.add_middleware(ObservedRequests)
    with TestClient(app) as client:
        response = client.post("/interviews/iv-42/answers", headers={"X-Request-ID": "rid-1"})
        client.get("/ping", headers={"X-Request-ID": "rid-2"})
    assert response.headers["x-request-id"] == "rid-1"
    records = [line for line in lines(stream) if line.get("request_id") == "rid-1"]
    events = {str(line["event"]): line for line in records}
    assert events["scoring answer"]["interview_id"] == "iv-42"
    access = events["request"]
    assert access["route"] == "/interviews/{interview_id}/answers"
    assert access["status"] == 200
    assert isinstance(access["duration_ms"], float)
    assert "timestamp" in access
    (next_request,) = [line for line in lines(stream) if line["event"] == "ping"]
    assert next_request["request_id"] == "rid-2" and "interview_id" not in next_request


def test_tracing_stays_off_without_an_endpoint(
    stream: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    status = configure_tracing(Settings())
    assert not status.enabled
    assert "PANELIST_OTEL_ENDPOINT" in status.reason
    assert any(line["event"] == "tracing disabled" for line in lines(stream))
    with span("score", scorer="embedded"):
        pass


def test_tracing_says_what_to_install_when_the_sdk_is_missing(
    stream: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = importlib.import_module

    def without_sdk(name: str, package: str | None = None) -> ModuleType:
        if name.startswith("opentelemetry.sdk"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, package)

    monkeypatch.setattr(tracing.importlib, "import_module", without_sdk)
    status = configure_tracing(Settings(otel_endpoint="http://127.0.0.1:4318"))
    assert not status.enabled
    assert status.reason.endswith("is not installed: pip install 'panelist[tracing]'")
    assert any(line["event"] == "tracing disabled" for line in lines(stream))


def test_the_quick_check_lets_no_secret_through_that_the_patterns_catch() -> None:
    token = "Zq3_" + "x" * 39  # 43 url-safe characters
    samples = [
        "GET",
        "/api/v1/candidate/{invite_token}",
        f"/api/v1/candidate/{token}/answers",
        f"/i/{token}",
        "Bearer pnl_abcdefghijklmnopqrstuvwxyz",
        f"nonce {token} end",
        "(sqlite3.IntegrityError) [parameters: ('Ada', 'ada@x.io')] (Background on this error",
        "1 validation error input_value='my answer' input_type=str",
        "mail ada.lovelace@example.org now",
        "request",
        "/candidate/" + "a" * 16,  # the shortest token the path pattern hides
    ]

    def every_pattern(text: str) -> str:
        for pattern, replacement in logs._SECRETS:
            text = pattern.sub(replacement, text)
        return logs._EMAIL.sub(logs.REDACTED, text)

    assert [logs.scrub_text(s) for s in samples] == [every_pattern(s) for s in samples]
    assert logs.scrub_text(f"/i/{token}") == "/i/[redacted]"


def test_a_route_template_is_not_scanned_for_secrets_on_every_request() -> None:
    assert logs._MAY_HIDE_SECRET.search("/api/v1/candidate/{invite_token}/answers") is None
    assert logs._MAY_HIDE_SECRET.search("/i/{invite_token}") is None


def test_structlog_lines_keep_the_configured_level_and_the_handlers_stream() -> None:
    buffer = io.StringIO()
    configure_logging(Settings(log_level="WARNING"), stream=buffer)
    try:
        log = structlog.get_logger("panelist.http")
        log.info("request", route="/healthz")
        log.warning("tracing disabled", reason="no endpoint")
        logging.getLogger("uvicorn.error").warning("Shutting down")
    finally:
        reset_logging()

    assert [(line["event"], line["logger"], line["level"]) for line in lines(buffer)] == [
        ("tracing disabled", "panelist.http", "warning"),
        ("Shutting down", "uvicorn.error", "warning"),
    ]


def test_a_line_to_a_closed_stream_is_reported_like_the_standard_library_does_and_never_raises(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A test (or a server whose stderr went away) closed the stream logging was set up with:
    'tracing disabled' raised 'I/O operation on closed file' out of create_app."""
    stream = io.StringIO()
    configure_logging(Settings(), stream=stream)
    stream.close()
    try:
        structlog.get_logger("panelist.tracing").info("tracing disabled", reason="no endpoint")
    finally:
        reset_logging()
    assert "Logging error" in capsys.readouterr().err


def test_uvicorns_access_line_stays_off_whoever_set_up_logging_first() -> None:
    """A `serve --workers 2` worker sets up logging after uvicorn did: uvicorn's access line
    (the raw path, invite token and all) came back beside panelist's request line."""
    logging.getLogger("uvicorn.access").propagate = True  # as uvicorn leaves it when enabled
    buffer = io.StringIO()
    configure_logging(Settings(log_level="DEBUG"), stream=buffer)
    try:
        logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET /i/abc HTTP/1.1" 200')
        logging.getLogger("panelist.web").info("still logged")
    finally:
        reset_logging()
    assert [line["logger"] for line in lines(buffer)] == ["panelist.web"]
