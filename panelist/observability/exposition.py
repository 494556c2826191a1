"""Serving ``/metrics``, in one process or gathered from several worker processes.

Multiprocess mode: prometheus-client decides when it is first imported whether values
live in memory or in files under ``PROMETHEUS_MULTIPROC_DIR``. ``panelist serve
--workers N`` therefore calls :func:`prepare_multiprocess` *before* it starts the
workers, and each worker (a fresh process) inherits the variable.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from starlette.requests import Request
from starlette.responses import Response

from panelist.config import Settings
from panelist.errors import ConfigurationError
from panelist.observability.metrics import Metrics


def multiproc_dir(settings: Settings) -> Path | None:
    """The shared metrics directory: Settings.metrics_multiproc_dir or PROMETHEUS_MULTIPROC_DIR."""
    if settings.metrics_multiproc_dir is not None:
        return settings.metrics_multiproc_dir
    env = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(env) if env else None


def prepare_multiprocess(settings: Settings, *, clean: bool = True) -> Path:
    """Create (and by default empty) the shared metrics directory and export it to workers.

    Call once in the parent process before starting workers; counters restart at zero,
    which Prometheus' ``rate()`` handles as a restart.
    """
    directory = multiproc_dir(settings)
    if directory is None:
        raise ConfigurationError(
            "Several workers need a shared metrics directory: set "
            "PANELIST_METRICS_MULTIPROC_DIR to an empty directory panelist may write to."
        )
    if clean and directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    return directory


_LIVE_GAUGE_FILE = re.compile(r"gauge_live(?:sum|all)_(\d+)\.db")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def forget_dead_workers(directory: Path) -> list[int]:
    """Drop the live gauges (requests in progress, pool connections) of workers that have
    died, so a restarted worker's old values stop being added in; counters and histograms
    are kept (their totals must not go down). Returns the pids forgotten."""
    dead = sorted(
        {
            int(match.group(1))
            for path in directory.glob("gauge_live*_*.db")
            if (match := _LIVE_GAUGE_FILE.fullmatch(path.name)) and not _alive(int(match.group(1)))
        }
    )
    for pid in dead:
        mark_process_dead(pid, str(directory))  # type: ignore[no-untyped-call]
    return dead


def render_metrics(settings: Settings, metrics: Metrics | None) -> bytes:
    """The Prometheus text exposition.

    A process whose metrics live in memory serves its own registry; in multiprocess mode
    (or with no Metrics object, e.g. a sidecar) every worker's files are added up.
    """
    if metrics is not None and not metrics.multiprocess:
        return generate_latest(metrics.registry)
    directory = multiproc_dir(settings)
    if directory is None:
        raise ConfigurationError(
            "No metrics to serve: pass the app's Metrics object, or set "
            "PANELIST_METRICS_MULTIPROC_DIR when running several workers."
        )
    forget_dead_workers(directory)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]
    for collector in metrics.live if metrics is not None else []:
        registry.register(collector)
    return generate_latest(registry)


def metrics_endpoint(
    settings: Settings, metrics: Metrics | None = None
) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint for ``/metrics``: ``app.add_route("/metrics", metrics_endpoint(...))``."""

    async def endpoint(request: Request) -> Response:
        return Response(render_metrics(settings, metrics), media_type=CONTENT_TYPE_PLAIN_0_0_4)

    return endpoint
