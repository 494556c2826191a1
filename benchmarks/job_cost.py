"""CPU per job of the queue's answer work (``rescore_semantic``), in-process, and where it goes.

    PYTHONPATH=. .venv/bin/python benchmarks/job_cost.py [--interviews 1000] [--answers 600]
        [--seeded DIR] [--label TEXT] [--profile] [--out DIR]

1. Seeds ``--interviews`` started interviews as benchmarks/load.py does (answer_route.py's
   seed: ``--seeded DIR`` keeps it), copies the database, and submits ``--answers`` answers
   through the real app (httpx's ASGI transport, one per interview in turn, load.py's varied
   texts) with ``PANELIST_QUEUE_WORKERS=0``: their jobs are queued, none runs.
2. In a fresh process (a ``panelist worker`` shares none of the server's caches) builds the
   worker's handlers and runs every queued job in order through ``JobRunner.run``, as the
   huey consumer does, the first WARM_UP unmeasured (the model's first runs). The figure is
   the process's CPU time (``time.process_time``) per job over the rest; each layer of
   LAYERS is timed around the function named there (inclusive; an inner call of the same
   layer is not counted twice). Jobs of answers stored with no value (an unscored
   question's, the intro's relevance) and the others are also given apart.

Prints JSON (and writes ``--out``/job_cost.{json,md} when given).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from statistics import median
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import answer_route  # noqa: E402  (the same seed)
import load  # noqa: E402  (the same answers)

WARM_UP = 30  # jobs run before measuring, not measured

LAYERS = {
    "interview read": ("panelist.storage.interviews", "SqlInterviewRepository", "get"),
    "scorer": ("panelist.scoring.embedded", "EmbeddedScorer", "score"),
    "encoder": ("panelist.scoring.semantic", "OnnxMiniLMEncoder", "_embed"),
    "turn update": ("panelist.storage.interviews", "SqlInterviewRepository", "update_turn"),
    "outcome": ("panelist.jobs.judging", None, "record_outcome"),
    "job claim/finish": ("panelist.jobs.store", "JobStore", "claim"),
    "job finish": ("panelist.jobs.store", "JobStore", "finish"),
}


def submit_answers(data: Path, tokens: list[str], answers: list[str], count: int) -> None:
    """``count`` answers through the app, one per interview in turn; their jobs stay queued."""
    os.environ["PANELIST_DATA_DIR"] = str(data)
    os.environ["PANELIST_QUEUE_WORKERS"] = "0"
    os.environ["PANELIST_LOG_LEVEL"] = "WARNING"  # no access line per answer on stdout
    import httpx

    from panelist.config import load_settings
    from panelist.web.app import build_context, create_app

    settings = load_settings()
    app = create_app(settings, context=build_context(settings))

    async def drive() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://panelist") as client:
            for n in range(count):
                body = {"turn_id": uuid.uuid4().hex, "text": answers[n % len(answers)]}
                token = tokens[n % len(tokens)]
                response = await client.post(f"/api/v1/candidate/{token}/answers", json=body)
                if response.status_code not in (200, 409):
                    raise SystemExit(f"{response.status_code} {response.text[:300]}")

    asyncio.run(drive())


def run_jobs(data: Path, profile: Path | None) -> dict[str, Any]:
    """Run every queued job in ``data`` in this (fresh) process; CPU per job and per layer."""
    os.environ["PANELIST_DATA_DIR"] = str(data)
    os.environ["PANELIST_QUEUE_WORKERS"] = "0"
    import importlib

    from panelist.catalog.loader import load_catalog
    from panelist.config import load_settings
    from panelist.jobs.runner import JobRunner
    from panelist.jobs.store import JobStore
    from panelist.jobs.worker import default_handlers
    from panelist.service.heap import settle_heap
    from panelist.storage import open_database

    seconds = dict.fromkeys(LAYERS, 0.0)
    depth = dict.fromkeys(LAYERS, 0)

    def timed(layer: str, original: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            depth[layer] += 1
            begin = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                depth[layer] -= 1
                if depth[layer] == 0:
                    seconds[layer] += time.process_time() - begin

        return wrapper

    for layer, (module_name, owner_name, attribute) in LAYERS.items():
        module = importlib.import_module(module_name)
        owner: Any = getattr(module, owner_name) if owner_name else module
        setattr(owner, attribute, timed(layer, getattr(owner, attribute)))

    settings = load_settings()
    database = open_database(settings)
    store = JobStore(database.engine)
    handlers = default_handlers(settings, load_catalog(settings.catalog_path), database)
    runner = JobRunner(settings, store, handlers)
    settle_heap()  # as `panelist worker` does once its handlers are built
    with sqlite3.connect(data / "panelist.db") as db:
        jobs = [
            (row[0], row[1])
            for row in db.execute(
                "select id, kind from jobs where status = 'queued' order by created_at, id"
            )
        ]
        # the jobs of answers stored with no value: an unscored question's (the intro's)
        unscored = {
            row[0]
            for row in db.execute(
                "select j.id from jobs j join turns t"
                " on t.interview_id = json_extract(j.payload, '$.interview_id')"
                " and t.turn_id = json_extract(j.payload, '$.turn_id')"
                " where j.status = 'queued' and t.score is not null"
                " and json_extract(t.score, '$.value') is null"
            )
        }
    kinds: dict[str, int] = {}
    for _, kind in jobs[WARM_UP:]:
        kinds[kind] = kinds.get(kind, 0) + 1
    for job_id, _ in jobs[:WARM_UP]:
        runner.run(job_id)
    seconds.update(dict.fromkeys(LAYERS, 0.0))
    costs = []
    by_value: dict[bool, list[float]] = {True: [], False: []}  # unscored answer's job or not
    profiler = cProfile.Profile() if profile else None
    begin = time.process_time()
    if profiler is not None:
        profiler.enable()
    for job_id, _ in jobs[WARM_UP:]:
        started = time.process_time()
        runner.run(job_id)
        costs.append(time.process_time() - started)
        by_value[job_id in unscored].append(costs[-1])
    if profiler is not None:
        profiler.disable()
    total = time.process_time() - begin
    with sqlite3.connect(data / "panelist.db") as db:
        left = db.execute("select count(*) from jobs where status != 'done'").fetchone()[0]
    if profiler is not None and profile is not None:
        stats = pstats.Stats(profiler).strip_dirs()
        stats.dump_stats(str(profile))
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(30)
    count = len(costs) or 1
    shown = {layer: round(s / count * 1000, 3) for layer, s in seconds.items()}
    shown["job claim/finish"] = round(shown["job claim/finish"] + shown.pop("job finish"), 3)
    shown["rest"] = round(total / count * 1000 - sum(shown.values()) + shown["encoder"], 3)
    return {
        "jobs": len(costs),
        "kinds": kinds,
        "not_done": left,
        "cpu_ms_per_job": round(total / count * 1000, 3),
        "cpu_ms_p50": round(median(costs) * 1000, 3) if costs else None,
        "layers_cpu_ms_per_job": shown,
        "unscored_answer_jobs": len(by_value[True]),
        "cpu_ms_per_unscored_answer_job": mean_ms(by_value[True]),
        "cpu_ms_per_scored_answer_job": mean_ms(by_value[False]),
    }


def mean_ms(costs: list[float]) -> float | None:
    return round(sum(costs) / len(costs) * 1000, 3) if costs else None


def markdown(results: list[dict[str, Any]]) -> str:
    first = results[0]
    head = " | ".join(str(r["label"]) for r in results)
    lines = [
        "| CPU ms / job | " + " | ".join(str(r["cpu_ms_per_job"]) for r in results) + " |",
        "| CPU ms p50 | " + " | ".join(str(r["cpu_ms_p50"]) for r in results) + " |",
    ]
    lines += [
        f"| {layer} | " + " | ".join(str(r["layers_cpu_ms_per_job"][layer]) for r in results) + " |"
        for layer in first["layers_cpu_ms_per_job"]
    ]
    return (
        "# Queue jobs of answers, in-process CPU per job\n\n"
        f"`benchmarks/job_cost.py` - {first['answers']} answers to {first['interviews']} "
        f"started interviews (load.py's seed), their {first['jobs']} measured jobs "
        f"({first['kinds']}) run in a fresh process after {WARM_UP} unmeasured; layers are "
        'inclusive CPU time of the functions in job_cost.LAYERS ("encoder" is inside '
        '"scorer"; "rest" is the job less every layer but the encoder).\n\n'
        f"| layer | {head} |\n|---|" + "---|" * len(results) + "\n" + "\n".join(lines) + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=600)
    parser.add_argument(
        "--seeded", type=Path, default=Path(tempfile.gettempdir()) / "answer-route-seed"
    )
    parser.add_argument("--label", default="this checkout")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile stats file")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--answer-data", type=Path, default=load.ANSWER_DATA)
    parser.add_argument("--jobs-in", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.jobs_in is not None:  # the fresh process of step 2
        print(json.dumps(run_jobs(args.jobs_in, args.profile)))
        return
    tokens, _ = answer_route.seeded(args.seeded, args.interviews + answer_route.WARM_UP)
    data = Path(tempfile.mkdtemp(prefix="job-cost-"))
    try:
        for name in os.listdir(args.seeded):
            if name.startswith("panelist.db"):
                shutil.copy(args.seeded / name, data / name)
        answers = load.answer_pool("varied", args.answer_data)
        child = [sys.executable, __file__, "--jobs-in", str(data)]
        submit_answers(data, tokens[: args.interviews], answers, args.answers)
        if args.profile is not None:
            child += ["--profile", str(args.profile)]
        done = subprocess.run(child, check=True, capture_output=True, text=True)
        if args.profile is not None:
            print(done.stdout[: done.stdout.rfind("\n{")])
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(data, ignore_errors=True)
    result = {
        "label": args.label,
        "interviews": args.interviews,
        "answers": args.answers,
        **result,
    }
    print(json.dumps(result, indent=2))
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / "job_cost.json"
        kept = json.loads(path.read_text()) if path.exists() else []
        kept = [r for r in kept if r["label"] != result["label"]] + [result]
        path.write_text(json.dumps(kept, indent=2) + "\n")
        (args.out / "job_cost.md").write_text(markdown(kept))


if __name__ == "__main__":
    main()
