"""How each SLO is doing: attainment and remaining error budget, read from Prometheus' API."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from panelist.errors import ConfigurationError
from panelist.observability.slo_spec import Slo, SloSpec, duration_seconds

AT_RISK_BELOW = 0.25
"""Budget remaining under which an SLO is reported ``at risk``."""


@dataclass(frozen=True)
class SloAttainment:
    name: str
    objective: float
    window: str
    events: float | None
    """Total events in the window (rate x seconds, as Prometheus extrapolates it)."""
    attainment: float | None
    budget_remaining: float | None
    """1 - bad share / error budget: 1 is untouched, 0 spent, below 0 the SLO is missed."""
    status: str
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class PrometheusClient:
    """The few calls of Prometheus' HTTP API that the report needs."""

    def __init__(self, base_url: str, client: httpx.Client | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = client or httpx.Client(timeout=10.0)

    def scalar(self, query: str, at: float | None = None) -> float | None:
        """The value of an instant query (at unix time ``at``) yielding at most one series."""
        params = {"query": query} if at is None else {"query": query, "time": f"{at:.3f}"}
        try:
            response = self.client.get(f"{self.base_url}/api/v1/query", params=params)
        except httpx.HTTPError as exc:
            raise ConfigurationError(
                f"Prometheus at {self.base_url} does not answer ({exc}).",
                hint="Check the --prometheus URL (e.g. http://127.0.0.1:9090).",
            ) from exc
        body = (
            response.json()
            if response.headers.get("content-type", "").startswith("application/json")
            else {}
        )
        if response.status_code != 200 or body.get("status") != "success":
            error = body.get("error") or response.text[:200]
            raise ConfigurationError(
                f"Prometheus refused the query {query!r}: {error}.",
                hint="Fix the SLI expression in the SLO spec.",
            )
        result = body["data"]["result"]
        if not result:
            return None
        if len(result) > 1:
            raise ConfigurationError(
                f"The query {query!r} returned {len(result)} series; an SLI must return one.",
                hint="Wrap it in sum(...).",
            )
        return float(result[0]["value"][1])

    def close(self) -> None:
        self.client.close()


def status_of(budget_remaining: float | None) -> str:
    if budget_remaining is None:
        return "no data"
    if budget_remaining < 0:
        return "missed"
    if budget_remaining < AT_RISK_BELOW:
        return "at risk"
    return "ok"


def attainment_of(slo: Slo, window: str, prometheus: PrometheusClient, at: float) -> SloAttainment:
    """Good and total are read at the same instant, so their extrapolations agree."""
    total = prometheus.scalar(slo.sli.total_at(window), at)
    if total is None or total == 0:
        return SloAttainment(
            slo.name,
            slo.objective,
            window,
            0.0 if total == 0 else None,
            None,
            None,
            status_of(None),
            "no events in the window (no traffic, or the metrics are not scraped)",
        )
    good = prometheus.scalar(slo.sli.good_at(window), at) or 0.0
    attained = min(good / total, 1.0)
    remaining = 1 - (1 - attained) / slo.error_budget
    return SloAttainment(
        slo.name,
        slo.objective,
        window,
        total * duration_seconds(window),
        attained,
        remaining,
        status_of(remaining),
    )


def slo_report(
    spec: SloSpec, prometheus: PrometheusClient, window: str | None = None
) -> list[SloAttainment]:
    """Attainment and remaining budget of every SLO over ``window`` (default: the spec's)."""
    chosen = window or spec.window
    duration_seconds(chosen)
    at = time.time()
    return [attainment_of(slo, chosen, prometheus, at) for slo in spec.slos]
