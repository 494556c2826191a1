"""``panelist serve`` (the web app under uvicorn) and ``panelist demo`` (seeded, then served)."""

from __future__ import annotations

import os
import secrets
from typing import Annotated, Any

import typer

from panelist.catalog.loader import Catalog
from panelist.cli.shared_port import run_uvicorn, shared_port_socket
from panelist.cli.state import state as cli_state
from panelist.config import Settings
from panelist.errors import NotFoundError
from panelist.extras import importable

DEMO_EMAIL = "demo@panelist.example"
DEMO_ORGANISATION = "Demo Org"
DEMO_PROFILES: tuple[tuple[str, str, str], ...] = (
    ("strong", "SRES.GEN.P5", "Ada Strong"),
    ("average", "SRES.GEN.P4", "Sam Average"),
    ("weak", "SRES.GEN.P5", "Will Weak"),
    ("bluffer", "SRES.GEN.P3", "Bo Bluffer"),
)

HostOption = Annotated[str | None, typer.Option("--host", help="Address to listen on.")]
PortOption = Annotated[int | None, typer.Option("--port", help="Port to listen on.")]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        min=1,
        help="Worker processes (more than one needs PANELIST_METRICS_MULTIPROC_DIR).",
    ),
]

ReusePortOption = Annotated[
    bool,
    typer.Option(
        "--reuse-port",
        help="Share the port with other `panelist serve` processes on this host "
        "(SO_REUSEPORT): the kernel spreads new connections over every live one.",
    ),
]


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's proxy settings: X-Forwarded-For/-Proto are believed only from the addresses
    in ``PANELIST_TRUSTED_PROXIES`` (uvicorn alone would trust 127.0.0.1), else never."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(settings.trusted_proxies)}


def fast_protocols() -> dict[str, str]:
    """uvloop's event loop and httptools' HTTP parser when installed (both are pinned in
    requirements/runtime.txt), else asyncio and h11: the same app, slower
    (benchmarks/results/load.md)."""
    return {
        "loop": "uvloop" if importable("uvloop") else "asyncio",
        "http": "httptools" if importable("httptools") else "h11",
    }


WORKER_HEALTHCHECK_SECONDS = 60


def server_options(settings: Settings) -> dict[str, Any]:
    """What uvicorn is run with: panelist's own logging (no access log: paths carry invite
    tokens; the request log names the route template instead), uvloop and httptools, the
    proxy settings, and a worker health check that waits for a worker still building the app.

    uvicorn's supervisor kills a worker that does not answer its ping within 5 s; a worker
    importing the scorer's model on a busy machine took longer, so ``--workers 2`` restarted
    its workers for ever (seen at load average 15 on 2 cores)."""
    return {
        "log_config": None,
        "access_log": False,
        "timeout_worker_healthcheck": WORKER_HEALTHCHECK_SECONDS,
        **fast_protocols(),
        **proxy_options(settings),
    }


def run_server(
    settings: Settings,
    host: str | None,
    port: int | None,
    workers: int,
    *,
    reuse_port: bool = False,
) -> None:
    """Serve ``create_app(settings)``; with several workers each builds it from the environment.

    ``reuse_port``: listen on a socket other replicas on this host share (SO_REUSEPORT)."""
    from panelist.observability import configure_logging, prepare_multiprocess

    configure_logging(settings)
    bind_host, bind_port = host or settings.host, port or settings.port
    sockets = [shared_port_socket(bind_host, bind_port)] if reuse_port else None
    if workers == 1:
        from panelist.web.app import create_app, settle_startup_heap

        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # one process: its own registry
            settings = settings.model_copy(update={"metrics_multiproc_dir": None})
        app = create_app(settings)
        settle_startup_heap()
        run_uvicorn(
            app,
            sockets,
            host=bind_host,
            port=bind_port,
            **server_options(settings),
        )
        return
    prepare_multiprocess(settings)
    if settings.catalog_path is not None:  # workers rebuild Settings from the environment
        os.environ["PANELIST_CATALOG_PATH"] = str(settings.catalog_path)
    run_uvicorn(
        "panelist.web.app:app_from_environment",
        sockets,
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers,
        **server_options(settings),
    )


def ensure_demo_admin(settings: Settings) -> tuple[str, str, str]:
    """The demo admin (created, or its password reset): (email, password, organisation id)."""
    from panelist.storage import open_database

    password = secrets.token_urlsafe(12)
    database = open_database(settings)
    try:
        organisation = database.accounts.ensure_organisation(DEMO_ORGANISATION)
        try:
            user = database.accounts.get_user_by_email(DEMO_EMAIL)
            database.accounts.set_password(user.id, password)
        except NotFoundError:
            database.accounts.create_user(
                DEMO_EMAIL, password, role="admin", organisation_id=organisation.id
            )
        return DEMO_EMAIL, password, organisation.id
    finally:
        database.close()


def seed_demo_interviews(settings: Settings, catalog: Catalog, organisation_id: str) -> int:
    """Simulated interviews of different profiles, when the organisation has none yet."""
    from panelist.candidates import simulated_candidate
    from panelist.scoring.registry import get_scorer
    from panelist.service.interviews import InterviewService
    from panelist.service.simulation import run_interview
    from panelist.storage import open_database

    database = open_database(settings)
    try:
        if database.interviews.list(organisation_id=organisation_id, limit=1):
            return 0
        service = InterviewService(
            settings, catalog, database.interviews, get_scorer(settings.scorer, settings)
        )
        for seed, (profile, role, name) in enumerate(DEMO_PROFILES, start=1):
            candidate = simulated_candidate(profile, seed, catalog, name=name)
            created = service.create(
                role,
                None,
                candidate.name,
                quality_profile=candidate.profile,
                seed=seed,
                organisation_id=organisation_id,
            )
            run_interview(service, created.id, candidate)
        return len(DEMO_PROFILES)
    finally:
        database.close()


def serve(
    ctx: typer.Context,
    host: HostOption = None,
    port: PortOption = None,
    workers: WorkersOption = 1,
    reuse_port: ReusePortOption = False,
) -> None:
    """Serve the web app: recruiter pages, the candidate chat, /api/v1, /metrics."""
    run_server(cli_state(ctx).settings, host, port, workers, reuse_port=reuse_port)


def demo(
    ctx: typer.Context, host: HostOption = None, port: PortOption = None, workers: WorkersOption = 1
) -> None:
    """Migrate, ensure a demo admin, seed simulated interviews if there are none, then serve."""
    from panelist.observability import configure_logging, configure_tracing

    cli = cli_state(ctx)
    settings = cli.settings
    configure_logging(settings)
    configure_tracing(settings)  # the seeded interviews' scoring is traced too
    email, password, organisation_id = ensure_demo_admin(settings)
    seeded = seed_demo_interviews(settings, cli.catalog, organisation_id)
    url = f"http://{host or settings.host}:{port or settings.port}"
    typer.echo(f"Seeded {seeded} simulated interviews." if seeded else "Interviews already seeded.")
    typer.echo(f"Open {url}/login and sign in as {email} with password {password}")
    typer.echo("(the password is new on every start of `panelist demo`).")
    run_server(settings, host, port, workers)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo")(demo)
