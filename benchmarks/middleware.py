"""Per-request CPU of panelist's middleware stack, in process, attributed per layer.

    PYTHONPATH=. .venv/bin/python benchmarks/middleware.py [--requests 4000] [--rounds 9]
        [--label after] [--name middleware] [--code DIR]

Every route pays the middleware (request id, access log, request metrics, session, security
headers, request limits) and the framework around it. This measures that cost without a
server, a socket or a client: each request is one direct ASGI call with the scope uvicorn's
httptools protocol builds (``GET``, the headers wrk sends), a receive that hands over an
empty body and a send that drops the messages. Time is this process's CPU time
(``time.process_time_ns``; the machine is shared, wall time measures the neighbours), per
request, the median of ``--rounds`` rounds of ``--requests`` requests, apps interleaved in
every round so that drift hits all of them alike.

The apps, all built in this process with panelist's own logging (JSON lines, redaction on,
INFO, written to ``os.devnull``), the settings of a default install and a scratch SQLite
database:

- ``bare``: a FastAPI app with one route, ``GET /probe`` -> ``{"status": "ok"}``
  (``async def``, a dict serialised by FastAPI), and nothing else;
- ``bare + <layer>``, ``… + <layer>``: the same app with the innermost layers of
  ``create_app``'s middleware stack, each row one layer more than the row above (taken from
  the built app's ``user_middleware``, so the same code measures any checkout): the
  difference between two rows is the cost of the layer the lower one adds; the last of
  them also takes ``create_app``'s FastAPI options (its native telemetry setting);
- ``full app``: ``create_app(settings)`` itself answering ``GET /healthz`` (a sync route: a
  thread-pool hop) and ``GET /api/v1/candidate/{token}``, the candidate state read of one
  started interview (what every open candidate page asks after each answer).

``--code DIR`` measures another checkout (main's, for the "before") by running this file's
measurement in a child process with ``DIR`` first on ``sys.path``. Writes
benchmarks/results/NAME.{json,md}; with ``--label before`` the numbers are kept in the JSON
beside the last "after" run's, and the markdown shows both.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from asgi_scope import Scope, http_scope

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent
STACKED = ("bare + ", "… + ")  # the rows of the bare app with create_app's layers

ASGI = Callable[[Scope, Any, Any], Awaitable[None]]

HEADERS = [  # what wrk sends, plus the two a browser's fetch() adds to every API call
    (b"host", b"127.0.0.1:8000"),
    (b"user-agent", b"Mozilla/5.0 (X11; Linux x86_64) panelist-benchmark"),
    (b"accept", b"application/json"),
]


def scope_for(path: str) -> Scope:
    """The scope uvicorn's httptools protocol hands the app for ``GET path``."""
    return http_scope("GET", path, headers=HEADERS)


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


def checked_send() -> tuple[Callable[[dict[str, Any]], Awaitable[None]], list[int]]:
    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(int(message["status"]))

    return send, statuses


async def _drop(message: dict[str, Any]) -> None:
    return None


async def cpu_per_request_ns(app: ASGI, path: str, requests: int) -> float:
    """CPU nanoseconds per request of ``requests`` sequential ``GET path`` calls to ``app``."""
    template = scope_for(path)
    started = time.process_time_ns()
    for _ in range(requests):
        scope = template.copy()
        scope["headers"] = list(HEADERS)
        scope["state"] = {}
        await app(scope, _receive, _drop)
    return (time.process_time_ns() - started) / requests


def build_apps(scratch: Path) -> list[tuple[str, ASGI, str]]:
    """(name, app, path) of every measured app, bare first, full app last."""
    from fastapi import FastAPI

    from panelist.config import load_settings
    from panelist.observability import configure_logging
    from panelist.web.app import create_app

    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    settings = load_settings(data_dir=scratch, metrics_multiproc_dir=None, seed=1)
    configure_logging(settings, stream=open(os.devnull, "w"))  # noqa: SIM115 (lives as long as the run)
    token = started_interview(settings)
    full = create_app(settings)

    def bare(telemetry: Any = None) -> FastAPI:
        app = FastAPI(**({"telemetry": dict(telemetry)} if telemetry is not None else {}))

        @app.get("/probe")
        async def probe() -> dict[str, str]:
            return {"status": "ok"}

        return app

    apps: list[tuple[str, ASGI, str]] = [("bare", bare(), "/probe")]
    layers = list(full.user_middleware)  # outermost first
    for depth in range(1, len(layers) + 1):
        app = bare()
        app.user_middleware = layers[-depth:]
        added = layers[-depth].cls.__name__  # type: ignore[attr-defined]
        apps.append((f"bare + {added}" if depth == 1 else f"… + {added}", app, "/probe"))
    telemetry = getattr(full, "_telemetry", None)  # FastAPI 0.165's native OpenTelemetry
    if telemetry is not None:
        app = bare(telemetry)
        app.user_middleware = layers
        apps.append(("… + create_app's FastAPI(telemetry=...)", app, "/probe"))
    apps.append(("full app: GET /healthz", full, "/healthz"))
    apps.append(("full app: GET /api/v1/candidate/{token}", full, f"/api/v1/candidate/{token}"))
    return apps


def started_interview(settings: Any) -> str:
    """The invite token of one started interview in ``settings``' database."""
    from datetime import timedelta

    from panelist.catalog.loader import load_catalog
    from panelist.service.factory import build_service
    from panelist.storage import open_database

    database = open_database(settings)
    try:
        service = build_service(settings, load_catalog(settings.catalog_path), database.interviews)
        state = service.create("SRES.GEN.P5", None, "Candidate 0001", seed=1)
        invite = database.invites.issue(state.id, ttl=timedelta(days=7))
        service.start(state.id)
        return str(invite.token)
    finally:
        database.close()


async def check(apps: list[tuple[str, ASGI, str]]) -> None:
    """Every app answers 200 (a 404 or 500 would measure the wrong path)."""
    for name, app, path in apps:
        send, statuses = checked_send()
        await app(scope_for(path), _receive, send)
        if statuses != [200]:
            raise SystemExit(f"{name}: GET {path} answered {statuses}, not 200")


async def measure(requests: int, rounds: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as scratch:
        apps = build_apps(Path(scratch))
        await check(apps)
        for _, app, path in apps:  # warm: routes compiled, series created, caches filled
            await cpu_per_request_ns(app, path, 500)
        gc.collect()
        gc.freeze()  # as `panelist serve` does once the app is built
        samples: dict[str, list[float]] = {name: [] for name, _, _ in apps}
        for _ in range(rounds):
            for name, app, path in apps:
                samples[name].append(await cpu_per_request_ns(app, path, requests))
    rows = []
    for name, _, path in apps:
        values = samples[name]
        rows.append(
            {
                "app": name,
                "path": path,
                "cpu_us_median": round(statistics.median(values) / 1000, 2),
                "cpu_us_min": round(min(values) / 1000, 2),
                "cpu_us_max": round(max(values) / 1000, 2),
            }
        )
    return rows


def run_here(requests: int, rounds: int) -> list[dict[str, Any]]:
    try:
        import uvloop

        runner: Callable[..., Any] = uvloop.run
    except ImportError:  # the same loop `panelist serve` falls back to
        runner = asyncio.run
    result: list[dict[str, Any]] = runner(measure(requests, rounds))
    return result


def run_in(code: Path, requests: int, rounds: int) -> list[dict[str, Any]]:
    """This measurement on the checkout at ``code`` (its panelist package, this file's code)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run(
        [sys.executable, __file__, "--child", f"--requests={requests}", f"--rounds={rounds}"],
        env=env,
        cwd=code,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def with_layer_costs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with ``over_bare_us`` and, for the stacked rows, ``layer_us`` (this row minus
    the one before: the outermost layer it adds)."""
    bare = rows[0]["cpu_us_median"]
    out = []
    previous = None
    for row in rows:
        row = {**row, "over_bare_us": round(row["cpu_us_median"] - bare, 2)}
        if row["app"].startswith(STACKED) and previous is not None:
            row["layer_us"] = round(row["cpu_us_median"] - previous, 2)
        previous = row["cpu_us_median"]
        out.append(row)
    return out


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| app | CPU µs / request (median) | min – max | over bare | outermost layer's share |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        layer = f"{row['layer_us']:.1f}" if "layer_us" in row else ""
        lines.append(
            f"| {row['app']} | {row['cpu_us_median']:.1f} | "
            f"{row['cpu_us_min']:.1f} – {row['cpu_us_max']:.1f} | "
            f"{row['over_bare_us']:+.1f} | {layer} |"
        )
    return lines


def write(result: dict[str, Any], name: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Middleware: per-request CPU in process",
        "",
        "`PYTHONPATH=. .venv/bin/python benchmarks/middleware.py` (see its docstring): one",
        "direct ASGI call per request, this process's CPU time, median of "
        f"{result['rounds']} rounds of {result['requests']} requests, Python "
        f"{result['python']}.",
        "",
    ]
    for label in ("before", "after"):
        run = result.get(label)
        if run is None:
            continue
        lines += [f"## {label} ({run['code']})", "", *table(run["rows"]), ""]
    before, after = result.get("before"), result.get("after")
    if before and after:
        b = {row["app"]: row for row in before["rows"]}
        a = {row["app"]: row for row in after["rows"]}
        lines += [
            "## before → after",
            "",
            "| | before µs | after µs |",
            "|---|---:|---:|",
        ]
        stacked_b = [r for r in before["rows"] if r["app"].startswith(STACKED)][-1]
        stacked_a = [r for r in after["rows"] if r["app"].startswith(STACKED)][-1]
        lines.append(
            f"| whole middleware stack over bare | {stacked_b['over_bare_us']:.1f} | "
            f"{stacked_a['over_bare_us']:.1f} |"
        )
        for key in [
            r["app"] for r in after["rows"] if r["app"] == "bare" or r["app"][:4] == "full"
        ]:
            if key in b and key in a:
                lines.append(
                    f"| {key} | {b[key]['cpu_us_median']:.1f} | {a[key]['cpu_us_median']:.1f} |"
                )
        lines.append("")
    (RESULTS / f"{name}.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--label", choices=("before", "after"), default="after")
    parser.add_argument("--name", default="middleware")
    parser.add_argument("--code", type=Path, default=None, help="checkout to measure")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_here(args.requests, args.rounds)))
        return
    code = (args.code or ROOT).resolve()
    rows = run_in(code, args.requests, args.rounds)
    path = RESULTS / f"{args.name}.json"
    result: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    result.update(requests=args.requests, rounds=args.rounds, python=platform.python_version())
    commit = subprocess.run(
        ["git", "-C", str(code), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    result[args.label] = {
        "code": f"{code.name}@{commit}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rows": with_layer_costs(rows),
    }
    write(result, args.name)
    print("\n".join(table(result[args.label]["rows"])))


if __name__ == "__main__":
    main()
