"""Optional OpenTelemetry tracing: on when its SDK is installed and an endpoint is configured.

``create_app`` calls :func:`configure_tracing` and, when it is on, wraps the app in
OpenTelemetry's ASGI middleware (one server span per request); scoring and LLM calls add
their own spans with :func:`span`. Nothing here imports the SDK until
:func:`configure_tracing` is called; without the packages (``pip install
'panelist[tracing]'``) or an endpoint it logs why and leaves the no-op tracer of
opentelemetry-api (or nothing) in place.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import structlog

from panelist.config import Settings

log = structlog.get_logger("panelist.tracing")

INSTALL_HINT = "pip install 'panelist[tracing]'"


@dataclass(frozen=True)
class TracingStatus:
    enabled: bool
    reason: str
    endpoint: str | None = None


def tracing_endpoint(settings: Settings) -> str | None:
    """PANELIST_OTEL_ENDPOINT, else the standard OTEL_EXPORTER_OTLP_ENDPOINT."""
    return settings.otel_endpoint or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or None


_installed: TracingStatus | None = None  # set once this process exports spans


def configure_tracing(settings: Settings) -> TracingStatus:
    """Install a tracer provider exporting spans over OTLP/HTTP, when possible.

    OpenTelemetry allows one provider per process: once one is installed, later calls
    (another app in the same process) return its status.
    """
    global _installed
    if _installed is not None:
        return _installed
    endpoint = tracing_endpoint(settings)
    if endpoint is None:
        status = TracingStatus(False, "no endpoint: set PANELIST_OTEL_ENDPOINT to trace")
        log.info("tracing disabled", reason=status.reason)
        return status
    try:
        trace = importlib.import_module("opentelemetry.trace")
        sdk_trace = importlib.import_module("opentelemetry.sdk.trace")
        export = importlib.import_module("opentelemetry.sdk.trace.export")
        resources = importlib.import_module("opentelemetry.sdk.resources")
        otlp = importlib.import_module("opentelemetry.exporter.otlp.proto.http.trace_exporter")
    except ImportError as exc:
        status = TracingStatus(False, f"{exc.name} is not installed: {INSTALL_HINT}", endpoint)
        log.warning("tracing disabled", reason=status.reason)
        return status
    resource = resources.Resource.create({"service.name": settings.otel_service_name})
    provider = sdk_trace.TracerProvider(resource=resource)
    exporter = otlp.OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces")
    provider.add_span_processor(export.BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    log.info("tracing enabled", endpoint=endpoint)
    _installed = TracingStatus(True, "exporting spans over OTLP/HTTP", endpoint)
    return _installed


def flush_tracing(timeout_ms: int = 5000) -> bool:
    """Export the spans still batched (called when the app shuts down); False if none could be."""
    if _installed is None:
        return False
    provider = importlib.import_module("opentelemetry.trace").get_tracer_provider()
    return bool(provider.force_flush(timeout_ms))


# Attributes of a server span that carry the raw path (invite tokens, ids) or the client.
_PATH_ATTRIBUTES = ("http.target", "http.url", "url.path", "url.full")
_CLIENT_ATTRIBUTES = ("net.peer.ip", "client.address", "http.client_ip", "http.user_agent")
REDACTED = "[redacted]"
# Polled by machines every few seconds: a span each would drown the requests people make.
UNTRACED_PATHS = ("/metrics", "/healthz", "/readyz")


def asgi_middleware(settings: Settings) -> tuple[Any, dict[str, Any]] | None:
    """OpenTelemetry's ASGI middleware (a server span per request) and its options, if installed.

    The span is named by the method until :func:`name_request_span` gives it the route
    template: a raw path holds invite tokens and ids, so it is never a span name or attribute.
    With ``log_redact`` the client's address and user agent are redacted too. Probes and
    scrapes (``UNTRACED_PATHS``) are not traced.
    """
    try:
        asgi = importlib.import_module("opentelemetry.instrumentation.asgi")
    except ImportError:
        return None

    def details(scope: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return str(scope.get("method", "HTTP")), {}

    def scrub(span: Any, _: dict[str, Any]) -> None:
        if span.is_recording():
            for key in _PATH_ATTRIBUTES:
                span.set_attribute(key, REDACTED)
            if settings.log_redact:
                for key in _CLIENT_ATTRIBUTES:
                    span.set_attribute(key, REDACTED)

    options = {
        "excluded_urls": ",".join(f"{re.escape(path)}(\\?|$)" for path in UNTRACED_PATHS),
        "default_span_details": details,
        "server_request_hook": scrub,
        "exclude_spans": ["receive", "send"],
    }
    return asgi.OpenTelemetryMiddleware, options


def name_request_span(method: str, route: str) -> None:
    """Name the current server span ``METHOD /route/{template}`` once the route is known."""
    if _installed is None:
        return
    current = importlib.import_module("opentelemetry.trace").get_current_span()
    if current.is_recording():
        current.update_name(f"{method} {route}")
        current.set_attribute("http.route", route)
        for key in ("http.target", "url.path"):
            current.set_attribute(key, route)


@contextmanager
def span(name: str, **attributes: str | int | float | bool) -> Iterator[None]:
    """A span around a block (scoring, an LLM call); nothing at all unless this process
    exports spans (scoring is a hot path)."""
    if _installed is None:
        yield
        return
    trace = importlib.import_module("opentelemetry.trace")
    with trace.get_tracer("panelist").start_as_current_span(name, attributes=attributes):
        yield
