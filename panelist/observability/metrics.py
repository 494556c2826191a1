"""The metrics panelist exports, and the calls the rest of the code makes to feed them.

One :class:`Metrics` object owns its own ``CollectorRegistry``: nothing is added to
prometheus-client's global registry. Labels are bounded: every free-form value goes
through :func:`bounded`, so a typo or an attacker cannot create new time series.

Several uvicorn workers (``panelist serve --workers N``) share counters through
prometheus-client's multiprocess mode; see :mod:`panelist.observability.exposition`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

NAMESPACE: Final = "panelist"

HTTP_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Request duration buckets; 0.5 s is the latency SLO threshold and must stay a bucket."""

SLOW_BUCKETS: Final = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
"""For work measured in seconds to minutes: LLM calls, scoring, the first interviewer turn."""

INTERVIEW_EVENTS: Final = frozenset({"invited", "started", "completed", "abandoned"})
LOGIN_OUTCOMES: Final = frozenset({"success", "failure", "error"})
LLM_OUTCOMES: Final = frozenset(
    {"ok", "error", "timeout", "rate_limited", "circuit_open", "budget_exceeded", "refused"}
)
JOB_OUTCOMES: Final = frozenset({"done", "retried", "failed"})
FIRST_TOKEN_BUCKETS: Final = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)
LEVELS: Final = frozenset({"P1", "P2", "P3", "P4", "P5", "P6"})
HTTP_METHODS: Final = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER: Final = "other"

_LABEL_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,63}$")


def bounded(value: str | None, allowed: frozenset[str] | None = None) -> str:
    """A label value safe to export: one of ``allowed``, or a short plain token; else ``other``."""
    if value is None:
        return OTHER
    if allowed is not None:
        return value if value in allowed else OTHER
    return value if _LABEL_VALUE.match(value) else OTHER


def multiprocess_enabled() -> bool:
    """Whether prometheus-client writes values to files shared by several worker processes."""
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


class Metrics:
    """Every panelist metric, in a registry of its own.

    >>> metrics = Metrics()
    >>> metrics.interview_event("started", "SRES.GEN", "P5")
    >>> metrics.login("success")
    """

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        self.multiprocess = multiprocess_enabled()
        if not self.multiprocess:
            ProcessCollector(namespace=NAMESPACE, registry=self.registry)
        self._define_http()
        self._define_interviews()
        self._define_llm()
        self._define_database()
        self._define_jobs()
        self.live: list[Collector] = []  # read at scrape time, in every mode (see watch_jobs)

    # definitions ---------------------------------------------------------------

    def _counter(self, name: str, doc: str, labels: tuple[str, ...]) -> Counter:
        return Counter(name, doc, labels, namespace=NAMESPACE, registry=self.registry)

    def _histogram(
        self, name: str, doc: str, labels: tuple[str, ...], buckets: tuple[float, ...]
    ) -> Histogram:
        return Histogram(
            name, doc, labels, namespace=NAMESPACE, registry=self.registry, buckets=buckets
        )

    def _gauge(self, name: str, doc: str, labels: tuple[str, ...]) -> Gauge:
        return Gauge(
            name,
            doc,
            labels,
            namespace=NAMESPACE,
            registry=self.registry,
            multiprocess_mode="livesum",
        )

    def _define_http(self) -> None:
        labels = ("route", "method", "status_class", "code")
        self.http_requests = self._counter(
            "http_requests", "HTTP requests answered, by route template.", labels
        )
        self.http_duration = self._histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template.",
            labels,
            HTTP_BUCKETS,
        )
        self.http_in_progress = self._gauge(
            "http_requests_in_progress", "HTTP requests being answered now.", ("method",)
        )
        # The series of each (route, method, status) seen, looked up once: every label is
        # bounded, so this stays as small as the exported series.
        self._http_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        self._in_progress_series: dict[str, Gauge] = {}

    def _define_interviews(self) -> None:
        self.interviews = self._counter(
            "interviews",
            "Interview funnel events: invited, started, completed, abandoned.",
            ("event", "role_family", "level"),
        )
        self.logins = self._counter(
            "logins", "Login attempts by outcome (success, failure, error).", ("outcome",)
        )
        self.first_turn = self._histogram(
            "time_to_first_turn_seconds",
            "From the candidate opening the interview to the interviewer's first turn.",
            (),
            SLOW_BUCKETS,
        )
        self.scoring = self._histogram(
            "scoring_duration_seconds",
            "Time to score one answer, by scorer.",
            ("scorer",),
            SLOW_BUCKETS,
        )

    def _define_llm(self) -> None:
        self.llm_calls = self._counter(
            "llm_calls", "LLM calls by backend, model and outcome.", ("backend", "model", "outcome")
        )
        self.llm_tokens = self._counter(
            "llm_tokens", "LLM tokens by direction (in, out).", ("backend", "model", "direction")
        )
        self.llm_cost = self._counter(
            "llm_cost_usd", "Estimated LLM spend in US dollars.", ("backend", "model")
        )
        self.llm_latency = self._histogram(
            "llm_call_duration_seconds", "LLM call latency.", ("backend", "model"), SLOW_BUCKETS
        )
        self.llm_fallbacks = self._counter(
            "llm_fallbacks",
            "Times panelist fell back to its embedded default, by backend and reason.",
            ("backend", "reason"),
        )

    def _define_database(self) -> None:
        self.db_pool_in_use = self._gauge(
            "db_pool_connections_in_use", "Database connections checked out.", ("database",)
        )
        self.db_pool_size = self._gauge(
            "db_pool_size", "Database connections the pool keeps.", ("database",)
        )

    def _define_jobs(self) -> None:
        self.jobs_finished = self._counter(
            "jobs_finished",
            "Job attempts that ended, by kind and outcome (done, retried, failed for good).",
            ("kind", "outcome"),
        )
        self.job_duration = self._histogram(
            "job_duration_seconds", "Time one job attempt ran, by kind.", ("kind",), SLOW_BUCKETS
        )
        self.llm_first_token = self._histogram(
            "llm_time_to_first_token_seconds",
            "From asking the LLM to phrase a turn to its first streamed token.",
            ("backend", "model"),
            FIRST_TOKEN_BUCKETS,
        )

    # calls the rest of panelist makes -------------------------------------------

    def job_finished(self, kind: str, outcome: str, seconds: float) -> None:
        """Count one job attempt: ``done``, ``retried`` (will run again) or ``failed``."""
        if outcome not in JOB_OUTCOMES:
            raise ValueError(f"unknown job outcome {outcome!r}: use one of {sorted(JOB_OUTCOMES)}")
        self.jobs_finished.labels(bounded(kind), outcome).inc()
        self.job_duration.labels(bounded(kind)).observe(seconds)

    def first_token(self, backend: str, model: str, seconds: float) -> None:
        """Time to the first streamed token of an LLM-phrased interviewer turn."""
        self.llm_first_token.labels(bounded(backend), bounded(model)).observe(seconds)

    def watch_jobs(self, backlog: Callable[[], Iterable[Backlog]]) -> None:
        """Export the job backlog (queue depth, oldest job's age, failures), read from the
        jobs table at every scrape, so every replica reports the same shared numbers."""
        collector = JobBacklogCollector(backlog)
        if not self.multiprocess:
            self.registry.register(collector)
        self.live.append(collector)

    def in_progress(self, method: str) -> Gauge:
        """The gauge of requests being answered now with ``method`` (the middleware's)."""
        gauge = self._in_progress_series.get(method)
        if gauge is None:
            gauge = self.http_in_progress.labels(bounded(method, HTTP_METHODS))
            if method in HTTP_METHODS:  # kept only for the bounded names
                self._in_progress_series[method] = gauge
        return gauge

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one answered HTTP request (the middleware calls this)."""
        method = bounded(method.upper(), HTTP_METHODS)
        series = self._http_series.get((route, method, status))
        if series is None:
            labels = (
                route,
                method,
                f"{status // 100}xx",
                str(status) if 100 <= status <= 599 else OTHER,
            )
            series = (self.http_requests.labels(*labels), self.http_duration.labels(*labels))
            if 100 <= status <= 599:  # out-of-range codes share one series, not kept apart
                self._http_series[route, method, status] = series
        series[0].inc()
        series[1].observe(seconds)

    def interview_event(self, event: str, role_family: str, level: str) -> None:
        """Count a funnel event: ``invited``, ``started``, ``completed`` or ``abandoned``."""
        if event not in INTERVIEW_EVENTS:
            raise ValueError(
                f"unknown interview event {event!r}: use one of {sorted(INTERVIEW_EVENTS)}"
            )
        self.interviews.labels(event, bounded(role_family), bounded(level, LEVELS)).inc()

    def login(self, outcome: str) -> None:
        """Count a login attempt: ``success``, ``failure`` (bad credentials) or ``error``."""
        if outcome not in LOGIN_OUTCOMES:
            raise ValueError(
                f"unknown login outcome {outcome!r}: use one of {sorted(LOGIN_OUTCOMES)}"
            )
        self.logins.labels(outcome).inc()

    def observe_first_turn(self, seconds: float) -> None:
        """Time from the candidate opening the interview to the interviewer's first turn."""
        self.first_turn.observe(seconds)

    def observe_scoring(self, scorer: str, seconds: float) -> None:
        """Time one scorer took on one answer (``scorer`` like ``embedded/1.2.0``)."""
        self.scoring.labels(bounded(scorer)).observe(seconds)

    def llm_call(
        self,
        backend: str,
        model: str,
        seconds: float,
        tokens_in: int,
        tokens_out: int,
        cost: float | None,
        outcome: str = "ok",
    ) -> None:
        """Record one LLM call; ``cost`` is None when the model has no known price."""
        backend, model = bounded(backend), bounded(model)
        self.llm_calls.labels(backend, model, bounded(outcome, LLM_OUTCOMES)).inc()
        self.llm_latency.labels(backend, model).observe(seconds)
        if tokens_in:
            self.llm_tokens.labels(backend, model, "in").inc(tokens_in)
        if tokens_out:
            self.llm_tokens.labels(backend, model, "out").inc(tokens_out)
        if cost:
            self.llm_cost.labels(backend, model).inc(cost)

    def fallback(self, backend: str, reason: str) -> None:
        """Count a fall back to the embedded default (``reason`` like ``timeout``)."""
        self.llm_fallbacks.labels(bounded(backend), bounded(reason)).inc()

    def bind_db_pool(self, engine: Any) -> None:
        """Keep the pool gauges current from a SQLAlchemy ``Engine``'s pool events."""
        from panelist.observability.dbpool import bind_pool_gauges

        bind_pool_gauges(engine, self.db_pool_in_use, self.db_pool_size)


class Backlog(Protocol):
    """One job kind's backlog (``panelist.jobs.KindStats`` has this shape)."""

    @property
    def kind(self) -> str: ...
    @property
    def queued(self) -> int: ...
    @property
    def running(self) -> int: ...
    @property
    def failed(self) -> int: ...
    @property
    def oldest_waiting_seconds(self) -> float: ...


class JobBacklogCollector(Collector):
    """Gauges computed from the jobs table when Prometheus scrapes."""

    def __init__(self, backlog: Callable[[], Iterable[Backlog]]) -> None:
        self._backlog = backlog

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            f"{NAMESPACE}_jobs_queued", "Jobs waiting to run, by kind.", labels=["kind"]
        )
        running = GaugeMetricFamily(
            f"{NAMESPACE}_jobs_running", "Jobs running now, by kind.", labels=["kind"]
        )
        failed = GaugeMetricFamily(
            f"{NAMESPACE}_jobs_failed",
            "Jobs that failed for good (every retry used), by kind.",
            labels=["kind"],
        )
        oldest = GaugeMetricFamily(
            f"{NAMESPACE}_jobs_oldest_age_seconds",
            "Age of the oldest job not finished yet, by kind (0: none waiting).",
            labels=["kind"],
        )
        try:
            rows = list(self._backlog())
        except Exception:  # a scrape must not fail because the database is busy
            log.exception("could not read the job backlog")
            rows = []
        for row in rows:
            kind = bounded(row.kind)
            depth.add_metric([kind], row.queued)
            running.add_metric([kind], row.running)
            failed.add_metric([kind], row.failed)
            oldest.add_metric([kind], row.oldest_waiting_seconds)
        yield from (depth, running, failed, oldest)

    def describe(self) -> Iterator[Metric]:
        return iter(())
