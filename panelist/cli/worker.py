"""``panelist worker``: run the job queue's workers in their own process (at scale).

The web replicas then run with ``PANELIST_QUEUE_WORKERS=0``; every process shares the jobs
table (the app's database) and the broker (``PANELIST_QUEUE_URL``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from panelist.cli.state import state as cli_state


def worker(
    ctx: typer.Context,
    threads: Annotated[
        int, typer.Option("--threads", min=1, max=64, help="Jobs run at the same time.")
    ] = 2,
    metrics_port: Annotated[
        int | None,
        typer.Option(
            "--metrics-port", help="Serve this worker's /metrics on 127.0.0.1:PORT (off: unset)."
        ),
    ] = None,
) -> None:
    """Run jobs (LLM judging, report PDFs, webhooks) until Ctrl-C (finishes running jobs)."""
    from prometheus_client import start_http_server

    from panelist.jobs import JobQueue, JobStore, Worker, default_handlers
    from panelist.llm.wiring import MetricsObserver
    from panelist.observability import Metrics, configure_logging
    from panelist.service.heap import settle_heap
    from panelist.storage import open_database

    cli = cli_state(ctx)
    settings = cli.settings
    configure_logging(settings)
    database = open_database(settings)
    metrics = Metrics()
    queue = JobQueue(settings, JobStore(database.engine))
    metrics.watch_jobs(queue.store.stats)
    if metrics_port is not None:
        start_http_server(metrics_port, addr="127.0.0.1", registry=metrics.registry)
    handlers = default_handlers(settings, cli.catalog, database, observer=MetricsObserver(metrics))
    settle_heap()  # a long-running process: as a served app's (panelist.service.heap)
    typer.echo(
        f"panelist worker: {threads} thread(s) on {settings.effective_queue_url.split('@')[-1]}",
        err=True,
    )
    try:
        Worker(settings, queue, handlers, threads=threads, metrics=metrics).run()
    finally:
        database.close()


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
