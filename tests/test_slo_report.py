"""`slo_report` arithmetic and the answers Prometheus can give, over httpx.MockTransport.

The real thing is exercised in tests/test_slo_e2e.py; these cover the edges a healthy
test Prometheus does not produce: no traffic, an SLI that returns several series, a
query Prometheus refuses, nobody listening.
"""

from __future__ import annotations

import httpx
import pytest

from panelist.errors import ConfigurationError
from panelist.observability.slo_report import PrometheusClient, slo_report, status_of
from panelist.observability.slo_spec import load_spec


def prometheus_answering(
    values: dict[str, list[float]], status: int = 200, times: set[str] | None = None
) -> PrometheusClient:
    """A fake Prometheus: the result of a query is looked up by its metric selector."""

    def handle(request: httpx.Request) -> httpx.Response:
        query = request.url.params["query"]
        if times is not None:
            times.add(request.url.params["time"])
        for needle, found in values.items():
            if needle in query:
                result = [{"metric": {}, "value": [1700000000, str(v)]} for v in found]
                return httpx.Response(
                    status,
                    json={"status": "success", "data": {"resultType": "vector", "result": result}},
                )
        return httpx.Response(200, json={"status": "success", "data": {"result": []}})

    return PrometheusClient(
        "http://prometheus.test", httpx.Client(transport=httpx.MockTransport(handle))
    )


def test_attainment_and_remaining_budget() -> None:
    # 0.05 % of requests failed: half the availability budget is left.
    times: set[str] = set()
    prometheus = prometheus_answering(
        {
            'panelist_http_requests_total{status_class!="5xx"}': [999.5],
            "panelist_http_requests_total[": [1000.0],
        },
        times=times,
    )
    rows = {row.name: row for row in slo_report(load_spec(), prometheus, "7d")}
    availability = rows["availability"]
    assert availability.attainment == pytest.approx(0.9995)
    assert availability.budget_remaining == pytest.approx(0.5)
    assert availability.status == "ok"
    assert availability.events == pytest.approx(1000.0 * 7 * 86400)
    assert availability.window == "7d"
    assert len(times) == 1  # every query is evaluated at the same instant


def test_no_traffic_is_no_data_not_a_number() -> None:
    rows = slo_report(load_spec(), prometheus_answering({}))
    assert {row.status for row in rows} == {"no data"}
    assert all(row.attainment is None and row.reason for row in rows)


def test_statuses() -> None:
    assert status_of(0.8) == "ok"
    assert status_of(0.1) == "at risk"
    assert status_of(-0.5) == "missed"
    assert status_of(None) == "no data"


def test_an_sli_that_returns_several_series_is_refused() -> None:
    prometheus = prometheus_answering({"panelist_http_requests_total[": [1.0, 2.0]})
    with pytest.raises(ConfigurationError, match="returned 2 series"):
        slo_report(load_spec(), prometheus)


def test_a_refused_query_shows_prometheus_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"status": "error", "errorType": "bad_data", "error": "parse error at char 5"}
        )

    prometheus = PrometheusClient(
        "http://p.test", httpx.Client(transport=httpx.MockTransport(refuse))
    )
    with pytest.raises(ConfigurationError, match="parse error at char 5"):
        slo_report(load_spec(), prometheus)


def test_nobody_listening_says_to_check_the_url() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    prometheus = PrometheusClient(
        "http://p.test", httpx.Client(transport=httpx.MockTransport(down))
    )
    with pytest.raises(ConfigurationError, match="--prometheus URL"):
        slo_report(load_spec(), prometheus)
