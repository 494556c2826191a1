"""The Metrics calls other parts of panelist make, read back from the text exposition."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from panelist.config import Settings
from panelist.errors import ConfigurationError
from panelist.observability.exposition import prepare_multiprocess, render_metrics
from panelist.observability.metrics import Metrics, bounded


def value(exposition: bytes | str, name: str, **labels: str) -> float | None:
    body = exposition.decode() if isinstance(exposition, bytes) else exposition
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    return None


def test_each_metrics_object_has_its_own_registry() -> None:
    first, second = Metrics(), Metrics()
    first.login("success")
    assert value(generate_latest(first.registry), "panelist_logins_total", outcome="success") == 1
    assert (
        value(generate_latest(second.registry), "panelist_logins_total", outcome="success") is None
    )


def test_llm_calls_record_tokens_cost_latency_outcome_and_fallbacks() -> None:
    metrics = Metrics()
    metrics.llm_call("openai", "gpt-4o-mini", 1.2, tokens_in=800, tokens_out=150, cost=0.00021)
    metrics.llm_call("openai", "gpt-4o-mini", 30.0, 0, 0, None, outcome="timeout")
    metrics.fallback("openai", "timeout")
    out = generate_latest(metrics.registry)
    model = {"backend": "openai", "model": "gpt-4o-mini"}
    assert value(out, "panelist_llm_calls_total", **model, outcome="ok") == 1
    assert value(out, "panelist_llm_calls_total", **model, outcome="timeout") == 1
    assert value(out, "panelist_llm_tokens_total", **model, direction="in") == 800
    assert value(out, "panelist_llm_tokens_total", **model, direction="out") == 150
    assert value(out, "panelist_llm_cost_usd_total", **model) == pytest.approx(0.00021)
    assert value(out, "panelist_llm_call_duration_seconds_count", **model) == 2
    assert value(out, "panelist_llm_fallbacks_total", backend="openai", reason="timeout") == 1


def test_scoring_and_first_turn_durations() -> None:
    metrics = Metrics()
    metrics.observe_scoring("embedded/1.2.0", 0.04)
    metrics.observe_first_turn(1.5)
    out = generate_latest(metrics.registry)
    assert value(out, "panelist_scoring_duration_seconds_count", scorer="embedded/1.2.0") == 1
    assert value(out, "panelist_time_to_first_turn_seconds_bucket", le="2.5") == 1
    assert value(out, "panelist_time_to_first_turn_seconds_bucket", le="1.0") == 0


def test_labels_stay_bounded() -> None:
    assert bounded("SRES.GEN") == "SRES.GEN"
    assert bounded("x" * 200) == "other"
    assert bounded('evil"} 1\n') == "other"
    assert bounded("P7", frozenset({"P1", "P2"})) == "other"
    metrics = Metrics()
    with pytest.raises(ValueError, match="unknown interview event"):
        metrics.interview_event("hired", "SRES.GEN", "P5")
    with pytest.raises(ValueError, match="unknown login outcome"):
        metrics.login("maybe")
    metrics.fallback("anthropic", "the vendor said: overloaded, retry later")
    out = generate_latest(metrics.registry)
    assert value(out, "panelist_llm_fallbacks_total", backend="anthropic", reason="other") == 1


def test_the_pool_gauges_follow_a_real_sqlalchemy_engine(tmp_path: Path) -> None:
    metrics = Metrics()
    engine = create_engine(f"sqlite:///{tmp_path / 'pool.db'}", pool_size=3)
    metrics.bind_db_pool(engine)
    with engine.connect() as one, engine.connect() as two:
        one.execute(text("select 1"))
        two.execute(text("select 1"))
        busy = generate_latest(metrics.registry)
    idle = generate_latest(metrics.registry)
    engine.dispose()
    assert value(busy, "panelist_db_pool_connections_in_use", database="sqlite") == 2
    assert value(idle, "panelist_db_pool_connections_in_use", database="sqlite") == 0
    assert value(idle, "panelist_db_pool_size", database="sqlite") == 3


WORKER = textwrap.dedent(
    """
    import sys
    from panelist.observability.metrics import Metrics

    metrics = Metrics()
    assert metrics.multiprocess
    for _ in range(int(sys.argv[1])):
        metrics.interview_event("started", "SRES.GEN", "P5")
        metrics.observe_request("/interviews/{interview_id}", "GET", 200, 0.02)
    metrics.login(sys.argv[2])
    """
)


def test_two_worker_processes_are_added_up_by_one_collector(tmp_path: Path) -> None:
    settings = Settings(metrics_multiproc_dir=tmp_path / "metrics")
    env_before = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    try:
        directory = prepare_multiprocess(settings)
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
        for count, outcome in ((3, "success"), (4, "failure")):
            subprocess.run(
                [sys.executable, "-c", WORKER, str(count), outcome], env=env, check=True, timeout=60
            )
    finally:
        if env_before is None:
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        else:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = env_before
    out = render_metrics(settings, None)
    funnel = {"event": "started", "role_family": "SRES.GEN", "level": "P5"}
    assert value(out, "panelist_interviews_total", **funnel) == 7
    assert value(out, "panelist_logins_total", outcome="success") == 1
    assert value(out, "panelist_logins_total", outcome="failure") == 1
    route = {
        "route": "/interviews/{interview_id}",
        "method": "GET",
        "status_class": "2xx",
        "code": "200",
    }
    assert value(out, "panelist_http_requests_total", **route) == 7
    assert value(out, "panelist_http_request_duration_seconds_bucket", **route, le="0.025") == 7


BUSY_WORKER = textwrap.dedent(
    """
    import sys
    from panelist.observability.metrics import Metrics

    metrics = Metrics()
    metrics.http_in_progress.labels("GET").inc()  # a request in flight when the worker dies
    metrics.login("success")
    print("ready", flush=True)
    sys.stdin.read()  # wait to be killed
    """
)


def test_a_dead_workers_in_flight_gauge_is_forgotten_but_its_counters_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))  # restored after
    settings = Settings(metrics_multiproc_dir=tmp_path / "metrics")
    directory = prepare_multiprocess(settings)
    worker = subprocess.Popen(
        [sys.executable, "-c", BUSY_WORKER],
        env={**os.environ},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert worker.stdout is not None and worker.stdout.readline() == b"ready\n"
        alive = render_metrics(settings, None)
        assert value(alive, "panelist_http_requests_in_progress", method="GET") == 1
    finally:
        worker.kill()
        worker.wait(10)

    dead = render_metrics(settings, None)
    assert value(dead, "panelist_http_requests_in_progress", method="GET") is None
    assert value(dead, "panelist_logins_total", outcome="success") == 1
    assert not list(directory.glob(f"gauge_live*_{worker.pid}.db"))


def test_several_workers_need_a_metrics_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    with pytest.raises(ConfigurationError, match="PANELIST_METRICS_MULTIPROC_DIR"):
        prepare_multiprocess(Settings())


def test_a_single_process_serves_its_own_registry_even_with_a_directory_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    metrics = Metrics()
    metrics.login("error")
    out = render_metrics(Settings(metrics_multiproc_dir=tmp_path), metrics)
    assert value(out, "panelist_logins_total", outcome="error") == 1
