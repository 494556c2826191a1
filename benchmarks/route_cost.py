"""CPU per request of panelist's routes in process, on load.py's seed: no server, no client.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/route_cost.py --seed-dir DIR
        [--routes list,search,report,answer] [--rounds 15] [--requests 100] [--profile FILE]

``DIR`` holds a seed of ``benchmarks/load.py`` (``load.py --seed-dir DIR`` leaves one; it is
copied, never changed). ``create_app`` is built on the copy with the queue's workers off (as
load.py serves it), a recruiter signs in, and each request is one direct ASGI call with the
headers wrk sends: the list (``?limit=50``), a search (``?search=candidate+NNNN``), a finished
interview's report, or an answer (a fresh turn id, load.py's varied answers). Time is this
process's CPU time (the machine is shared: wall time measures the neighbours); each route's
rounds are interleaved with the others' and the minimum, first quartile and median of the
rounds are printed (the minimum is the least disturbed by neighbours). ``--profile FILE``
runs cProfile over the measured requests with the endpoints on the loop's thread (FastAPI
would hand sync ones to worker threads, which the profiler does not see); read its figures
as shares. Run it from a checkout to measure that checkout (its ``panelist`` on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # this directory's load.py: its seed's account and answers
from asgi_scope import Scope, http_scope

Message = dict[str, Any]
HEADERS = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"wrk"), (b"accept", b"application/json")]


def scope(method: str, path: str, query: str, bearer: str, body: bytes = b"") -> Scope:
    headers = [*HEADERS, (b"authorization", b"Bearer " + bearer.encode())]
    if body:
        headers += [(b"content-type", b"application/json")]
        headers += [(b"content-length", str(len(body)).encode())]
    return http_scope(method, path, query=query, headers=headers)


def receiver(body: bytes) -> Callable[[], Awaitable[Message]]:
    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class Requests:
    """The n-th request of each route (its scope and body)."""

    def __init__(self, seed: dict[str, Any], bearer: str, answers: list[str]) -> None:
        self.seed, self.bearer, self.answers = seed, bearer, answers

    def __call__(self, route: str, n: int) -> tuple[Scope, bytes]:
        if route == "list":
            return scope("GET", "/api/v1/interviews", "limit=50", self.bearer), b""
        if route == "search":
            query = f"search=candidate+{n % 999:04d}&limit=50"
            return scope("GET", "/api/v1/interviews", query, self.bearer), b""
        if route == "report":
            finished = self.seed["finished"]
            path = f"/api/v1/interviews/{finished[n % len(finished)]}/report"
            return scope("GET", path, "", self.bearer), b""
        tokens = self.seed["tokens"][:-1]  # load.py keeps the last for its captures
        text = self.answers[n % len(self.answers)]
        body = json.dumps({"turn_id": f"cost{time.time_ns()}", "text": text}).encode()
        path = f"/api/v1/candidate/{tokens[n % len(tokens)]}/answers"
        return scope("POST", path, "", self.bearer, body), body


async def measure(app: Any, requests: Requests, args: argparse.Namespace) -> dict[str, list[float]]:
    import httpx

    statuses: list[int] = []

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(int(message["status"]))

    async def call(route: str, n: int) -> None:
        request, body = requests(route, n)
        await app(request, receiver(body), send)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cost") as client:
        login = await client.post(
            "/api/v1/auth/login", json={"email": load.EMAIL, "password": load.PASSWORD}
        )
    requests.bearer = login.json()["access_token"]
    routes = args.routes.split(",")
    for route in routes:  # warm up, and check that each route answers
        for n in range(50):
            statuses.clear()
            await call(route, n)
            if statuses[0] not in (200, 201):
                raise SystemExit(f"{route}: answered {statuses}")
    gc.collect()
    gc.freeze()  # as `panelist serve` does once the app is built
    profiler = cProfile.Profile() if args.profile else None
    rounds: dict[str, list[float]] = {route: [] for route in routes}
    offset = 50
    for _ in range(args.rounds):
        for route in routes:
            started = time.process_time_ns()
            if profiler is not None:
                profiler.enable()
            for n in range(args.requests):
                await call(route, offset + n)
            if profiler is not None:
                profiler.disable()
            rounds[route].append((time.process_time_ns() - started) / args.requests / 1e6)
        offset += args.requests
    if profiler is not None:
        profiler.dump_stats(args.profile)
    return rounds


def endpoints_on_the_loop() -> None:
    """Sync endpoints and dependencies run on the loop's thread (for the profiler)."""
    import fastapi.dependencies.utils
    import fastapi.routing

    async def direct(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    fastapi.routing.run_in_threadpool = direct  # type: ignore[assignment]
    fastapi.dependencies.utils.run_in_threadpool = direct  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seed-dir", type=Path, required=True)
    parser.add_argument("--routes", default="list,search,report")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=100, help="per round and route")
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--answer-data", type=Path, default=load.ANSWER_DATA)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="route-cost-"))
    try:
        for path in args.seed_dir.iterdir():
            if path.is_file():
                shutil.copy(path, scratch / path.name)
        seed = json.loads((args.seed_dir / "seed.json").read_text())
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        from panelist.config import load_settings
        from panelist.observability import configure_logging
        from panelist.web.app import create_app

        settings = load_settings(data_dir=scratch, metrics_multiproc_dir=None, queue_workers=0)
        configure_logging(settings, stream=open(os.devnull, "w"))  # noqa: SIM115
        app = create_app(settings)
        if args.profile:
            endpoints_on_the_loop()
        answers = load.answer_pool("varied", args.answer_data) if "answer" in args.routes else []
        rounds = asyncio.run(measure(app, Requests(seed, "", answers), args))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for route, values in rounds.items():
        values.sort()
        print(
            f"{route}: CPU ms/request min {values[0]:.3f}, q1 {values[len(values) // 4]:.3f}, "
            f"median {values[len(values) // 2]:.3f} ({len(values)} rounds)"
        )


if __name__ == "__main__":
    main()
