"""Metrics, logs, traces and SLOs of panelist itself.

What the web app plugs in::

    metrics = Metrics()
    configure_logging(settings)
    configure_tracing(settings)      # and, when on, OpenTelemetry's ASGI middleware
    app.add_middleware(ObservedRequests, metrics=metrics)  # request id, access log, metrics
    app.add_route("/metrics", metrics_endpoint(settings, metrics), include_in_schema=False)
    metrics.bind_db_pool(engine)
"""

from __future__ import annotations

from panelist.observability.exposition import (
    metrics_endpoint,
    prepare_multiprocess,
    render_metrics,
)
from panelist.observability.logs import bind_interview, bound_interview, configure_logging
from panelist.observability.metrics import Metrics
from panelist.observability.middleware import ObservedRequests
from panelist.observability.slo_spec import SloSpec, load_spec
from panelist.observability.tracing import (
    asgi_middleware,
    configure_tracing,
    flush_tracing,
    name_request_span,
    span,
)

__all__ = [
    "Metrics",
    "ObservedRequests",
    "SloSpec",
    "asgi_middleware",
    "bind_interview",
    "bound_interview",
    "configure_logging",
    "configure_tracing",
    "flush_tracing",
    "load_spec",
    "metrics_endpoint",
    "name_request_span",
    "prepare_multiprocess",
    "render_metrics",
    "span",
]
