"""End to end: a real Prometheus scrapes the real web app under uvicorn and evaluates the rules.

Each burst is real use of ``create_app(settings)`` (tests/slo_traffic.py): API and page
logins (each once with a wrong password), interviews created, started by their candidates and
mostly completed, dashboard and API reads, and a test-only route that fails. Every
expectation is derived from what the client saw and did.
"""

from __future__ import annotations

import json
import math
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
import yaml
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from panelist.cli.app import app as cli
from panelist.config import Settings
from panelist.observability import configure_logging
from panelist.observability.dashboard import build_dashboard, dashboard_queries
from panelist.observability.logs import reset_logging
from panelist.observability.rules import write_rules
from panelist.observability.slo_spec import load_spec
from panelist.web import create_app
from tests.conftest import require_binary
from tests.slo_traffic import (
    FAILING_ROUTE,
    INTERVIEWS,
    SERVER_ERRORS,
    Burst,
    Seen,
    add_failing_route,
    add_slo_recruiter,
)

pytestmark = [pytest.mark.promtool, pytest.mark.slow]

BURSTS = 3
FAST_BURN = 14.4 * (1 - 0.999)
"""The availability error ratio over which AvailabilityBudgetBurnFast pages."""


@pytest.fixture(scope="module")
def asgi_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("data"), semantic="off"))
    add_slo_recruiter(app)
    add_failing_route(app)
    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(
    check: Callable[[], Any],
    seconds: float,
    what: str,
    until: Callable[[Any], bool] = bool,
) -> Any:
    """Poll ``check`` until ``until(its result)``; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except httpx.HTTPError as exc:
            last = exc
        else:
            if until(last):
                return last
        time.sleep(0.25)
    pytest.fail(f"gave up waiting for {what} after {seconds}s (last: {last!r})")


def close_to(expected: float) -> Callable[[float | None], bool]:
    """Within 1 % of ``expected`` (or 0.0001 of it near zero)."""
    return lambda value: (
        value is not None
        and not math.isnan(value)
        and abs(value - expected) <= 0.01 * max(expected, 0.01)
    )


@pytest.fixture(scope="module")
def server(asgi_app: FastAPI) -> Iterator[str]:
    # Logs go to stderr as in production, never into the CLI output the tests parse.
    configure_logging(Settings(log_level="WARNING"), stream=sys.stderr)
    port = free_port()
    config = uvicorn.Config(
        asgi_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    wait_for(lambda: instance.started, 10, "uvicorn to start")
    yield f"127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)
    reset_logging()


@dataclass
class Traffic(Seen):
    """What the client saw after Prometheus' first scrape, which came after the warm-up.

    Prometheus' rates cover what happened since its first sample of each series, so the
    expectations count the bursts after the warm-up: the app's own /metrics as that first
    scrape saw it (``first_scrape``) and after the last burst (``after``).
    """

    warm_up_requests: int = 0
    first_scrape: str = ""
    after: str = ""

    @property
    def requests_sent(self) -> int:
        return self.warm_up_requests + self.total

    def bad_share(self, good: str, total: tuple[str, ...]) -> float:
        """1 - good/total of the client's own events since the first scrape."""
        return 1 - self.events[good] / sum(self.events[name] for name in total)


def app_client(server: str) -> httpx.Client:
    # A fresh connection per request: uvicorn closes one after an unhandled exception.
    fresh = httpx.Limits(max_keepalive_connections=0)
    return httpx.Client(base_url=f"http://{server}", timeout=15, limits=fresh)


def send_burst(server: str, seen: Seen, number: int) -> None:
    with app_client(server) as client:  # a fresh cookie jar: each burst signs in again
        Burst(client, seen, number).run()


def app_metrics(server: str) -> str:
    with app_client(server) as client:
        return client.get("/metrics").text


@pytest.fixture(scope="module")
def warm_server(server: str) -> tuple[str, Traffic]:
    """One burst before Prometheus starts, so every series exists at the first scrape.

    Series born between two scrapes would get sample times of their own, and rate()
    would extrapolate them differently from the others.
    """
    warm_up = Seen()
    send_burst(server, warm_up, 0)
    traffic = Traffic(
        warm_up_requests=warm_up.total,
        slowest=warm_up.slowest,
        secrets=set(warm_up.secrets),
        first_scrape=app_metrics(server),
    )
    return server, traffic


@pytest.fixture(scope="module")
def prometheus(
    warm_server: tuple[str, Traffic], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    binary = require_binary("prometheus")
    server = warm_server[0]
    root = tmp_path_factory.mktemp("prometheus")
    write_rules(load_spec(), root / "rules")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": ["rules/*.yml"],
        "scrape_configs": [{"job_name": "panelist", "static_configs": [{"targets": [server]}]}],
    }
    (root / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={root / 'prometheus.yml'}",
            f"--storage.tsdb.path={root / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=(root / "prometheus.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(
            lambda: httpx.get(f"{url}/-/ready", timeout=1).status_code == 200, 20, "Prometheus"
        )
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for_scrape(prometheus: str, traffic: Traffic) -> None:
    wait_for(
        lambda: query(prometheus, "sum(panelist_http_requests_total)"),
        20,
        f"Prometheus to scrape {traffic.requests_sent} requests",
        until=lambda value: value == traffic.requests_sent,
    )


@pytest.fixture(scope="module")
def traffic(warm_server: tuple[str, Traffic], prometheus: str) -> Traffic:
    """Bursts of the same shape, each scraped before the next, so the counters grow alike."""
    server, seen = warm_server
    wait_for_scrape(prometheus, seen)  # the first scrape: the warm-up
    for burst in range(1, BURSTS):
        send_burst(server, seen, burst)
        wait_for_scrape(prometheus, seen)
    seen.after = app_metrics(server)
    return seen


def counter(exposition: str, name: str, **labels: str) -> float:
    """The sum of a counter's samples whose labels include ``labels``."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    )


def bad_share(
    traffic: Traffic, name: str, good: dict[str, str], total: dict[str, str]
) -> float | None:
    """1 - good/total since the first scrape, from the app's own counters; None when none."""

    def grew(labels: dict[str, str]) -> float:
        return counter(traffic.after, name, **labels) - counter(
            traffic.first_scrape, name, **labels
        )

    counted = grew(total)
    return 1 - grew(good) / counted if counted else None


def query(prometheus: str, promql: str) -> float | None:
    body = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5).json()
    assert body["status"] == "success", body
    result = body["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def error_ratio(prometheus: str, slo: str) -> float | None:
    return query(prometheus, f'slo:sli_error:ratio_rate5m{{slo="{slo}"}}')


def firing(prometheus: str) -> set[str]:
    alerts = httpx.get(f"{prometheus}/api/v1/alerts", timeout=5).json()["data"]["alerts"]
    return {a["labels"]["alertname"] for a in alerts if a["state"] == "firing"}


def test_prometheus_scrapes_route_templates(prometheus: str, traffic: Traffic) -> None:
    body = httpx.get(
        f"{prometheus}/api/v1/series",
        params={"match[]": "panelist_http_requests_total"},
        timeout=5,
    ).json()
    routes = {series["route"] for series in body["data"]}
    for template in (
        "/api/v1/auth/login",
        "/api/v1/interviews",
        "/api/v1/interviews/{interview_id}",
        "/api/v1/candidate/{invite_token}/start",
        "/api/v1/candidate/{invite_token}/answers",
        "/dashboard",
        "/interviews/{interview_id}",
        FAILING_ROUTE,
    ):
        assert template in routes
    assert (
        len(traffic.secrets) == 2 * INTERVIEWS * BURSTS
    )  # an id and an invite token per interview
    leaked = [route for route in routes for secret in traffic.secrets if secret in route]
    assert leaked == []


def test_recording_rules_evaluate_the_error_ratios(prometheus: str, traffic: Traffic) -> None:
    assert traffic.server_errors == SERVER_ERRORS * (BURSTS - 1)
    expected = traffic.error_ratio
    wait_for(
        lambda: error_ratio(prometheus, "availability"),
        15,
        f"the availability error ratio to reach {expected:.4f}",
        until=close_to(expected),
    )
    rules = httpx.get(f"{prometheus}/api/v1/rules", timeout=5).json()["data"]["groups"]
    unhealthy = [r["name"] for g in rules for r in g["rules"] if r["health"] != "ok"]
    assert unhealthy == []
    assert len(rules) == len(load_spec().slos) + 1  # one group per SLO, one for the job queue


def test_the_fast_burn_alert_pages_on_the_server_errors_the_client_saw(
    prometheus: str, traffic: Traffic
) -> None:
    assert traffic.error_ratio > 2 * FAST_BURN  # the bursts burn the budget well over 14.4x
    wait_for(lambda: "AvailabilityBudgetBurnFast" in firing(prometheus), 15, "the page to fire")


def test_every_dashboard_query_runs_on_real_prometheus(prometheus: str, traffic: Traffic) -> None:
    for promql in dashboard_queries(build_dashboard(load_spec())):
        body = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5).json()
        assert body["status"] == "success", (promql, body)


def test_panelist_slo_report_reads_attainment_from_prometheus(
    prometheus: str, traffic: Traffic, tmp_data_dir: Path
) -> None:
    wait_for(
        lambda: error_ratio(prometheus, "availability"),
        15,
        "Prometheus to rate the last burst",
        until=close_to(traffic.error_ratio),
    )
    result = CliRunner().invoke(cli, ["slo", "report", "--prometheus", prometheus, "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)["slos"]}
    availability = rows["availability"]
    attained = 1 - traffic.error_ratio
    assert availability["attainment"] == pytest.approx(attained, abs=1e-3)
    assert availability["budget_remaining"] == pytest.approx(1 - (1 - attained) / 0.001, rel=0.05)
    assert availability["status"] == "missed"
    logins = 1 - traffic.bad_share("login:success", ("login:success", "login:failure"))
    assert rows["login_success"]["attainment"] == pytest.approx(logins, abs=1e-3)
    completed = 1 - traffic.bad_share("interview:completed", ("interview:started",))
    assert rows["interview_completion"]["attainment"] == pytest.approx(completed, abs=1e-3)
    if traffic.slowest < 0.5:
        assert rows["latency"]["attainment"] == 1.0
        assert rows["latency"]["status"] == "ok"

    table = CliRunner().invoke(cli, ["slo", "report", "--prometheus", prometheus])
    assert table.exit_code == 0, table.output
    assert "availability" in table.output and "budget left" in table.output


@pytest.mark.parametrize(
    ("slo", "name", "good", "total", "client_good", "client_total"),
    [
        (
            "login_success",
            "panelist_logins_total",
            {"outcome": "success"},
            {},
            "login:success",
            ("login:success", "login:failure"),
        ),
        (
            "interview_completion",
            "panelist_interviews_total",
            {"event": "completed"},
            {"event": "started"},
            "interview:completed",
            ("interview:started",),
        ),
    ],
)
def test_business_slis_match_the_apps_own_counters(
    prometheus: str,
    traffic: Traffic,
    slo: str,
    name: str,
    good: dict[str, str],
    total: dict[str, str],
    client_good: str,
    client_total: tuple[str, ...],
) -> None:
    expected = bad_share(traffic, name, good, total)
    assert expected is not None, f"the app counted no {name} since the first scrape"
    assert expected == pytest.approx(traffic.bad_share(client_good, client_total))
    assert 0 < expected < 1  # both outcomes happened: a wrong password, an unfinished interview
    wait_for(
        lambda: error_ratio(prometheus, slo),
        15,
        f"the {slo} error ratio to reach {expected:.4f}",
        until=close_to(expected),
    )
