"""End to end: a real Prometheus scrapes a real uvicorn server and evaluates the generated rules.

The server serves ``asgi_app``; when the web app exists, that fixture becomes
``create_app(settings)`` and nothing else here changes: every expectation is derived
from the responses the client saw.
"""

from __future__ import annotations

import json
import math
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
import yaml
from prometheus_client.parser import text_string_to_metric_families
from starlette.types import ASGIApp
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

pytestmark = [pytest.mark.promtool, pytest.mark.slow]

BURSTS = 3
PER_BURST: list[tuple[str, str]] = [
    *[("GET", f"/interviews/iv{i}") for i in range(27)],
    *[("GET", "/boom")] * 3,
    *[("POST", "/login")] * 4,
    ("POST", "/login?ok=false"),
    *[("POST", f"/interviews/iv{i}/start") for i in range(5)],
    *[("POST", f"/interviews/iv{i}/complete") for i in range(4)],
]


@pytest.fixture(scope="module")
def asgi_app(tmp_path_factory: pytest.TempPathFactory) -> ASGIApp:
    return create_app(Settings(data_dir=tmp_path_factory.mktemp("data"), semantic="off"))


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
def server(asgi_app: ASGIApp) -> Iterator[str]:
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
class Traffic:
    statuses: Counter[int] = field(default_factory=Counter)
    slowest: float = 0.0
    before: str = ""
    """The app's own /metrics before the first burst and after the last."""
    after: str = ""

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


def app_client(server: str) -> httpx.Client:
    # A fresh connection per request: uvicorn closes one after an unhandled exception.
    fresh = httpx.Limits(max_keepalive_connections=0)
    return httpx.Client(base_url=f"http://{server}", timeout=5, limits=fresh)


def send_burst(client: httpx.Client, seen: Traffic) -> None:
    for method, path in PER_BURST:
        started = time.perf_counter()
        seen.statuses[client.request(method, path).status_code] += 1
        seen.slowest = max(seen.slowest, time.perf_counter() - started)


@pytest.fixture(scope="module")
def warm_server(server: str) -> tuple[str, Traffic]:
    """One burst before Prometheus starts, so every series exists at the first scrape.

    Series born between two scrapes would get sample times of their own, and rate()
    would extrapolate them differently from the others.
    """
    seen = Traffic()
    with app_client(server) as client:
        seen.before = client.get("/metrics").text
        send_burst(client, seen)
    return server, seen


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


@pytest.fixture(scope="module")
def traffic(warm_server: tuple[str, Traffic], prometheus: str) -> Traffic:
    """Identical bursts, each scraped before the next, so every counter grows the same way."""
    server, seen = warm_server
    with app_client(server) as client:
        for burst in range(BURSTS):
            if burst:  # the first burst is the warm-up, sent before Prometheus started
                send_burst(client, seen)
            wait_for(
                lambda: query(prometheus, "sum(panelist_http_requests_total)"),
                20,
                f"Prometheus to scrape {seen.total} requests",
                until=lambda value: value == seen.total,
            )
        seen.after = client.get("/metrics").text
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
    """1 - good/total over the traffic, from the app's own counters; None when nothing counted."""
    grew = counter(traffic.after, name, **total) - counter(traffic.before, name, **total)
    if not grew:
        return None
    good_grew = counter(traffic.after, name, **good) - counter(traffic.before, name, **good)
    return 1 - good_grew / grew


def query(prometheus: str, promql: str) -> float | None:
    body = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5).json()
    assert body["status"] == "success", body
    result = body["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def error_ratio(prometheus: str, slo: str) -> float | None:
    return query(prometheus, f'slo:sli_error:ratio_rate5m{{slo="{slo}"}}')


def test_prometheus_scrapes_route_templates(prometheus: str, traffic: Traffic) -> None:
    body = httpx.get(
        f"{prometheus}/api/v1/series",
        params={"match[]": "panelist_http_requests_total"},
        timeout=5,
    ).json()
    routes = {series["route"] for series in body["data"]}
    assert "/interviews/{interview_id}" in routes
    assert not any("iv1" in route for route in routes)


def test_recording_rules_evaluate_the_error_ratios(prometheus: str, traffic: Traffic) -> None:
    expected = traffic.server_errors / traffic.total
    wait_for(
        lambda: error_ratio(prometheus, "availability"),
        15,
        f"the availability error ratio to reach {expected:.4f}",
        until=close_to(expected),
    )
    rules = httpx.get(f"{prometheus}/api/v1/rules", timeout=5).json()["data"]["groups"]
    unhealthy = [r["name"] for g in rules for r in g["rules"] if r["health"] != "ok"]
    assert unhealthy == []
    assert len(rules) == len(load_spec().slos)


def test_the_fast_burn_alert_fires_when_the_client_saw_server_errors(
    prometheus: str, traffic: Traffic
) -> None:
    def firing() -> set[str]:
        alerts = httpx.get(f"{prometheus}/api/v1/alerts", timeout=5).json()["data"]["alerts"]
        return {a["labels"]["alertname"] for a in alerts if a["state"] == "firing"}

    if traffic.server_errors / traffic.total > 14.4 * 0.001:
        wait_for(lambda: "AvailabilityBudgetBurnFast" in firing(), 15, "the page to fire")
    else:
        time.sleep(2)
        assert "AvailabilityBudgetBurnFast" not in firing()


def test_every_dashboard_query_runs_on_real_prometheus(prometheus: str, traffic: Traffic) -> None:
    for promql in dashboard_queries(build_dashboard(load_spec())):
        body = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5).json()
        assert body["status"] == "success", (promql, body)


def test_panelist_slo_report_reads_attainment_from_prometheus(
    prometheus: str, traffic: Traffic, tmp_data_dir: Path
) -> None:
    result = CliRunner().invoke(cli, ["slo", "report", "--prometheus", prometheus, "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)["slos"]}
    availability = rows["availability"]
    attained = 1 - traffic.server_errors / traffic.total
    assert availability["attainment"] == pytest.approx(attained, abs=1e-3)
    assert availability["budget_remaining"] == pytest.approx(1 - (1 - attained) / 0.001, rel=0.05)
    if attained < 0.999:
        assert availability["status"] == "missed"
    if traffic.slowest < 0.5:
        assert rows["latency"]["attainment"] == 1.0
        assert rows["latency"]["status"] == "ok"

    table = CliRunner().invoke(cli, ["slo", "report", "--prometheus", prometheus])
    assert table.exit_code == 0, table.output
    assert "availability" in table.output and "budget left" in table.output


@pytest.mark.parametrize(
    ("slo", "name", "good", "total"),
    [
        ("login_success", "panelist_logins_total", {"outcome": "success"}, {}),
        (
            "interview_completion",
            "panelist_interviews_total",
            {"event": "completed"},
            {"event": "started"},
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
) -> None:
    expected = bad_share(traffic, name, good, total)
    if expected is None:  # the app under test counted none of these events
        time.sleep(2)
        recorded = error_ratio(prometheus, slo)
        assert recorded is None or math.isnan(recorded)
        return
    wait_for(
        lambda: error_ratio(prometheus, slo),
        15,
        f"the {slo} error ratio to reach {expected:.4f}",
        until=close_to(expected),
    )
