"""Optional OpenTelemetry tracing: on when its SDK is installed and an endpoint is configured.

Nothing here imports the SDK until :func:`configure_tracing` is called; without the
packages or an endpoint it logs why and leaves the no-op tracer of opentelemetry-api
(or nothing) in place.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import structlog

from panelist.config import Settings

log = structlog.get_logger("panelist.tracing")

INSTALL_HINT = (
    "pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http "
    "opentelemetry-instrumentation-asgi"
)


@dataclass(frozen=True)
class TracingStatus:
    enabled: bool
    reason: str
    endpoint: str | None = None


def tracing_endpoint(settings: Settings) -> str | None:
    """PANELIST_OTEL_ENDPOINT, else the standard OTEL_EXPORTER_OTLP_ENDPOINT."""
    return settings.otel_endpoint or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or None


def configure_tracing(settings: Settings) -> TracingStatus:
    """Install a tracer provider exporting spans over OTLP/HTTP, when possible."""
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
    return TracingStatus(True, "exporting spans over OTLP/HTTP", endpoint)


def instrument_asgi(app: Any) -> Any:
    """Wrap an ASGI app in OpenTelemetry's middleware when it is installed; else return it."""
    try:
        asgi = importlib.import_module("opentelemetry.instrumentation.asgi")
    except ImportError:
        return app
    return asgi.OpenTelemetryMiddleware(app)


@contextmanager
def span(name: str, **attributes: str | int | float | bool) -> Iterator[None]:
    """A span around a block (scoring, an LLM call); a no-op without opentelemetry-api."""
    try:
        trace = importlib.import_module("opentelemetry.trace")
    except ImportError:
        yield
        return
    with trace.get_tracer("panelist").start_as_current_span(name, attributes=attributes):
        yield
