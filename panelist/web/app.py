"""``create_app(settings)``: the FastAPI app with its routers, middleware, /metrics and errors."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from panelist import __version__
from panelist.catalog.loader import load_catalog
from panelist.config import Settings, load_settings
from panelist.jobs import JobQueue, JobStore, Worker, default_handlers
from panelist.jobs.hooks import fast_settings, final_scorer, slow_work_for
from panelist.llm.cost import Ledger
from panelist.llm.wiring import MetricsObserver, interviewer_phraser
from panelist.observability import (
    Metrics,
    ObservedRequests,
    asgi_middleware,
    configure_logging,
    configure_tracing,
    flush_tracing,
    metrics_endpoint,
)
from panelist.scoring.embedded import factory as embedded_factory
from panelist.service.factory import scorer_for
from panelist.service.heap import settle_heap
from panelist.storage import open_database
from panelist.storage.org_catalog import CatalogItemRejected
from panelist.web.context import WebContext
from panelist.web.headers import SecurityHeaders
from panelist.web.limits import RequestLimitsMiddleware
from panelist.web.openapi import documented_openapi
from panelist.web.problems import install_handlers
from panelist.web.ratelimit import LoginRateLimiter
from panelist.web.routes import (
    api_auth,
    api_candidate,
    api_catalog,
    api_compliance,
    api_interviews,
    api_rights,
    api_roles,
    health,
    pages_auth,
    pages_candidate,
    pages_catalog,
    pages_recruiter,
    pages_rights,
)
from panelist.web.routes.docs import install_docs
from panelist.web.security import Signer, resolve_secret_key
from panelist.web.sessions import SessionMiddleware

STATIC_DIR = Path(__file__).with_name("static")


def build_context(settings: Settings, metrics: Metrics | None = None) -> WebContext:
    """Open the database (SQLite is migrated; PostgreSQL must be) and load catalog and scorer."""
    database = open_database(settings)
    metrics = metrics or Metrics()
    metrics.bind_db_pool(database.engine)
    observer = MetricsObserver(metrics)
    ledger = Ledger()
    jobs = JobQueue(settings, JobStore(database.engine))
    metrics.watch_jobs(jobs.store.stats)
    slow_work = slow_work_for(settings, jobs)
    # a queued final scorer (LLM judge, semantic model): the request path scores on words
    queued = final_scorer(settings) is not None
    return WebContext(
        settings=settings,
        catalog=load_catalog(settings.catalog_path),
        database=database,
        scorer=embedded_factory(fast_settings(settings))
        if queued
        else scorer_for(settings, llm_observer=observer, ledger=ledger),
        jobs=jobs,
        slow_work=slow_work,
        metrics=metrics,
        phraser=interviewer_phraser(settings, observer=observer, ledger=ledger),
        llm_ledger=ledger,
        signer=Signer(resolve_secret_key(settings)),
        limiter=LoginRateLimiter(
            database.login_failures,
            limit=settings.login_attempts,
            window_seconds=settings.login_window_minutes * 60,
        ),
        reads_on_loop=database.engine.dialect.name == "sqlite",
    )


def in_process_worker(context: WebContext) -> Worker | None:
    """The job worker threads ``PANELIST_QUEUE_WORKERS`` asks for (0: `panelist worker` runs
    the jobs elsewhere)."""
    settings = context.settings
    if context.jobs is None or settings.queue_workers == 0:
        return None
    handlers = default_handlers(
        settings, context.catalog, context.database, observer=MetricsObserver(context.metrics)
    )
    return Worker(
        settings,
        context.jobs,
        handlers,
        threads=settings.queue_workers,
        metrics=context.metrics,
    )


def create_app(settings: Settings, *, context: WebContext | None = None) -> FastAPI:
    """The web app for ``settings`` (pass ``context`` to share or fake its parts in tests)."""
    context = context or build_context(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        worker = in_process_worker(context)
        if worker is not None:
            worker.start()
        yield
        if worker is not None:
            worker.stop()
        context.database.close()
        flush_tracing()

    app = FastAPI(
        title="panelist",
        version=__version__,
        summary="An AI interviewer for technical hiring: recruiter API and candidate API.",
        lifespan=lifespan,
        docs_url=None,  # served from local assets by install_docs: no CDN needed
        redoc_url=None,
        **without_native_telemetry(),
    )
    app.state.context = context
    app.openapi = lambda: documented_openapi(app)  # type: ignore[method-assign]
    install_handlers(app)
    app.add_exception_handler(CatalogItemRejected, api_catalog.on_rejected)
    # The router tries the routes in this order, every route of each router in turn: the
    # candidate API (what open candidate pages ask most often) goes first, then the
    # recruiters' interview API (the list, search and reports a dashboard reads). No other
    # router's path starts with its prefix's pattern but api_rights' and api_compliance's
    # /candidate/{token}/<name>, which none of its routes matches.
    for module in (
        api_candidate,
        api_interviews,
        health,
        api_auth,
        api_roles,
        api_catalog,
        api_compliance,
        api_rights,
        pages_auth,
        pages_catalog,
        pages_recruiter,
        pages_candidate,
        pages_rights,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_docs(app)
    app.add_route("/metrics", metrics_endpoint(settings, context.metrics), include_in_schema=False)
    app.add_middleware(RequestLimitsMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(
        SessionMiddleware,
        signer=context.signer,
        secure=settings.secure_cookies,
        max_age=int(settings.session_hours * 3600),
    )
    # request id, access log, request metrics, span name and security headers: one layer
    app.add_middleware(
        ObservedRequests,
        metrics=context.metrics,
        response_headers=SecurityHeaders(hsts=settings.secure_cookies),
    )
    if configure_tracing(settings).enabled and (tracing := asgi_middleware(settings)) is not None:
        middleware, options = tracing
        app.add_middleware(middleware, **options)  # outermost: its span covers the request
    return app


NATIVE_TELEMETRY_OFF = {"tracing": False, "metrics": False, "logs": False}


def without_native_telemetry() -> dict[str, Any]:
    """FastAPI's own OpenTelemetry (0.165 and later) switched off: panelist traces with its own
    middleware (``panelist.observability.tracing``: spans named by route template, raw paths
    redacted), which FastAPI's would bypass (its spans carry ``url.path``, invite tokens and
    all) whenever a tracer provider is set without that middleware. Left on, it also looked up
    three OpenTelemetry providers (each reading the environment) on every request."""
    if "telemetry" not in inspect.signature(FastAPI.__init__).parameters:
        return {}  # an older FastAPI: none to switch off
    return {"telemetry": dict(NATIVE_TELEMETRY_OFF)}


def app_from_environment() -> FastAPI:
    """The factory ``uvicorn --factory panelist.web.app:app_from_environment`` calls per worker.

    Each worker is a new interpreter (uvicorn spawns them): it sets up panelist's logging
    itself, else its lines (the access log among them) came out in structlog's default
    console format on stdout, unredacted and at every level."""
    settings = load_settings()
    configure_logging(settings)
    app = create_app(settings)
    settle_startup_heap()
    return app


def settle_startup_heap() -> None:
    """Keep what start-up built (catalog, routes, settings) out of every later collection, and
    collect less often (panelist.service.heap).

    A served process holds them until it exits, yet each full collection walked them all again
    (about 0.3 ms of an answer's CPU). Called by the server only, once the app is built: a test
    process that builds many apps must still collect them."""
    settle_heap()
