"""The ASGI middleware and /metrics on a small FastAPI app, over real HTTP-shaped ASGI calls."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from panelist.config import Settings
from panelist.observability import (
    Metrics,
    ObservedRequests,
    metrics_endpoint,
)


def build_app(settings: Settings, metrics: Metrics) -> FastAPI:
    """A stand-in for panelist.web.create_app with the observability pieces plugged in."""
    app = FastAPI()

    @app.get("/interviews/{interview_id}")
    async def interview(interview_id: str) -> dict[str, str]:
        return {"id": interview_id}

    @app.post("/login")
    async def login(ok: bool = True) -> dict[str, bool]:
        metrics.login("success" if ok else "failure")
        if not ok:
            raise HTTPException(status_code=401, detail="bad credentials")
        return {"ok": True}

    @app.post("/interviews/{interview_id}/start")
    async def start(interview_id: str) -> dict[str, str]:
        metrics.interview_event("started", "SRES.GEN", "P5")
        return {"id": interview_id, "status": "started"}

    @app.post("/interviews/{interview_id}/complete")
    async def complete(interview_id: str) -> dict[str, str]:
        metrics.interview_event("completed", "SRES.GEN", "P5")
        return {"id": interview_id, "status": "completed"}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("the database is locked")

    async def healthz(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app.add_route("/healthz", healthz)  # a plain Starlette route, not a FastAPI one

    sub = FastAPI()

    @sub.get("/items/{item_id}")
    async def item(item_id: int) -> dict[str, int]:
        return {"item": item_id}

    app.mount("/api/v1", sub)
    app.add_middleware(ObservedRequests, metrics=metrics)
    app.add_route("/metrics", metrics_endpoint(settings, metrics), include_in_schema=False)
    return app


def samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    }


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
def client(metrics: Metrics, tmp_data_dir: object) -> Iterator[TestClient]:
    with TestClient(build_app(Settings(), metrics), raise_server_exceptions=False) as http:
        yield http


def test_requests_are_counted_by_route_template_never_the_raw_path(client: TestClient) -> None:
    for interview_id in ("a1", "b2", "c3"):
        assert client.get(f"/interviews/{interview_id}").status_code == 200
    assert client.get("/api/v1/items/7").status_code == 200
    assert client.get("/no/such/page/42").status_code == 404
    assert client.get("/healthz").status_code == 200

    counts = samples(client.get("/metrics").text, "panelist_http_requests_total")
    assert (
        counts[
            (
                ("code", "200"),
                ("method", "GET"),
                ("route", "/interviews/{interview_id}"),
                ("status_class", "2xx"),
            )
        ]
        == 3
    )
    assert (
        counts[
            (
                ("code", "200"),
                ("method", "GET"),
                ("route", "/api/v1/items/{item_id}"),
                ("status_class", "2xx"),
            )
        ]
        == 1
    )
    assert (
        counts[
            (("code", "404"), ("method", "GET"), ("route", "unmatched"), ("status_class", "4xx"))
        ]
        == 1
    )
    assert (
        counts[(("code", "200"), ("method", "GET"), ("route", "/healthz"), ("status_class", "2xx"))]
        == 1
    )
    assert not any("a1" in str(labels) for labels in counts)


def test_an_exception_counts_as_a_500_and_metrics_scrapes_are_not_counted(
    client: TestClient,
) -> None:
    assert client.get("/boom").status_code == 500
    client.get("/metrics")
    text = client.get("/metrics").text
    counts = samples(text, "panelist_http_requests_total")
    assert (
        counts[(("code", "500"), ("method", "GET"), ("route", "/boom"), ("status_class", "5xx"))]
        == 1
    )
    assert not any(("route", "/metrics") in labels for labels in counts)
    buckets = samples(text, "panelist_http_request_duration_seconds_bucket")
    assert any(("le", "0.5") in labels for labels in buckets)


def test_the_request_id_is_echoed_or_generated(client: TestClient) -> None:
    given = client.get("/interviews/x", headers={"X-Request-ID": "req-123"})
    assert given.headers["x-request-id"] == "req-123"
    generated = client.get("/interviews/x")
    assert len(generated.headers["x-request-id"]) == 32
    unsafe = client.get("/interviews/x", headers={"X-Request-ID": "a b\tc<script>"})
    assert unsafe.headers["x-request-id"] != "a b\tc<script>"


def test_business_counters_reach_the_exposition(client: TestClient, metrics: Metrics) -> None:
    client.post("/login")
    client.post("/login", params={"ok": False})
    metrics.interview_event("started", "SRES.GEN", "P5")
    metrics.interview_event("completed", "SRES.GEN", "P5")
    metrics.interview_event("started", "SRES.GEN", "P9")  # unknown level -> bounded
    text = client.get("/metrics").text
    assert samples(text, "panelist_logins_total") == {
        (("outcome", "success"),): 1,
        (("outcome", "failure"),): 1,
    }
    funnel = samples(text, "panelist_interviews_total")
    assert funnel[(("event", "started"), ("level", "P5"), ("role_family", "SRES.GEN"))] == 1
    assert funnel[(("event", "started"), ("level", "other"), ("role_family", "SRES.GEN"))] == 1
