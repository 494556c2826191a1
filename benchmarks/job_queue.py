"""The job queue's speed on each broker, and whether semantic scoring is slow enough to queue.

    PYTHONPATH=. .venv/bin/python benchmarks/job_queue.py [--jobs 2000] [--out DIR]

For huey on a SQLite file (the embedded default), on Redis and on PostgreSQL (both on
localhost), it measures:

- ``enqueue``: one huey message (a task call), latency per call and calls per second;
- ``submit``: what the app does, a jobs row in the app's database plus the message (the app's
  database is SQLite beside the SQLite queue, PostgreSQL beside Redis and PostgreSQL);
- ``drain``: jobs per second through a real Worker (2 threads, a no-op handler), from
  submitted to ``done`` in the jobs table.

Then the per-answer time of the embedded scorer with and without the bundled semantic model
(the decision in docs/operations.md "Job queue": queue semantic re-scoring only if slower).
Writes benchmarks/results/job_queue.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path
from statistics import median, quantiles
from typing import Any

from sqlalchemy import text

from panelist.config import Settings, load_settings
from panelist.jobs import Job, JobQueue, JobStore, Worker
from panelist.storage import migrate
from panelist.storage.engine import make_engine

RESULTS = Path(__file__).resolve().parent / "results"
REDIS_URL = "redis://127.0.0.1:6379/8"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_APP, PG_QUEUE = "panelist_bench_app", "panelist_bench_queue"


class Noop:
    kind = "noop"

    def run(self, job: Job) -> None:
        return None

    def give_up(self, job: Job, error: str) -> None:
        return None


def fresh_postgres(name: str) -> str:
    admin = make_engine(PG_ADMIN).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def settings_for(broker: str, directory: Path) -> Settings:
    if broker == "sqlite":
        return load_settings(data_dir=directory, semantic="off", log_json=False)
    database = fresh_postgres(PG_APP)
    if broker == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        queue_url = REDIS_URL
    else:
        queue_url = fresh_postgres(PG_QUEUE)
    return load_settings(
        data_dir=directory,
        semantic="off",
        log_json=False,
        database_url=database,
        queue_url=queue_url,
    )


def summary(seconds: list[float]) -> dict[str, float]:
    cuts = quantiles(seconds, n=100)
    return {
        "p50_ms": round(median(seconds) * 1000, 3),
        "p99_ms": round(cuts[98] * 1000, 3),
        "per_second": round(len(seconds) / sum(seconds), 1),
    }


def measure(broker: str, jobs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_for(broker, Path(tmp))
        engine = make_engine(settings.effective_database_url)
        migrate.upgrade(engine)
        queue = JobQueue(settings, JobStore(engine))
        enqueue: list[float] = []
        for i in range(jobs):
            started = time.perf_counter()
            queue.send(f"raw-{i}")
            enqueue.append(time.perf_counter() - started)
        queue.huey.flush()
        submit: list[float] = []
        submitted: list[str] = []
        for i in range(jobs):
            started = time.perf_counter()
            submitted.append(queue.submit("noop", f"noop:{i}", {"i": i}).id)
            submit.append(time.perf_counter() - started)
        worker = Worker(settings, queue, {"noop": Noop()}, threads=2)
        started = time.perf_counter()
        worker.start()
        while any(s.queued or s.running for s in queue.store.stats()):
            time.sleep(0.01)
        drained = time.perf_counter() - started
        worker.stop()
        engine.dispose()
    return {
        "broker": broker,
        "enqueue": summary(enqueue),
        "submit": summary(submit),
        "drain_jobs_per_second": round(jobs / drained, 1),
    }


def scoring_cost(answers: int = 60) -> dict[str, Any]:
    """Per-answer embedded scoring time with the semantic model off and on (ONNX)."""
    from panelist.catalog.loader import load_catalog
    from panelist.scoring.embedded import factory

    catalog = load_catalog(None)
    questions = [q for q in catalog.questions.values() if q.scored][:answers]
    result: dict[str, Any] = {}
    for mode in ("off", "on"):
        scorer = factory(load_settings(semantic=mode, log_json=False))
        scorer.score(questions[0].reference_answer or "warm up", questions[0])  # load the model
        times = []
        for q in questions:
            answer = q.reference_answer or q.text
            started = time.perf_counter()
            scorer.score(answer, q)
            times.append(time.perf_counter() - started)
        result[mode] = {
            "p50_ms": round(median(times) * 1000, 2),
            "max_ms": round(max(times) * 1000, 2),
        }
    return result


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Job queue: huey {report['huey']} on each broker, {report['jobs']} jobs",
        "",
        f"Machine: {report['machine']}. Command: `{report['command']}`.",
        "",
        "| broker | enqueue p50 | enqueue p99 | enqueues/s | submit p50 | submit p99 | submits/s | drain jobs/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report["brokers"]:
        e, s = r["enqueue"], r["submit"]
        lines.append(
            f"| {r['broker']} | {e['p50_ms']} ms | {e['p99_ms']} ms | {e['per_second']} | "
            f"{s['p50_ms']} ms | {s['p99_ms']} ms | {s['per_second']} | {r['drain_jobs_per_second']} |"
        )
    sc = report["scoring"]
    lines += [
        "",
        "`enqueue`: one huey message; `submit`: the app's submit (jobs row in the app database + "
        "message; app database SQLite for the sqlite broker, PostgreSQL otherwise); `drain`: "
        "submitted jobs to `done` through a Worker with 2 threads and a no-op handler.",
        "",
        "Embedded scorer per answer (scored catalog questions, their reference answers): "
        f"semantic off p50 {sc['off']['p50_ms']} ms (max {sc['off']['max_ms']} ms), "
        f"semantic on (bundled ONNX MiniLM) p50 {sc['on']['p50_ms']} ms (max {sc['on']['max_ms']} ms).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    import huey

    report = {
        "huey": huey.__version__,
        "jobs": args.jobs,
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "command": f"python benchmarks/job_queue.py --jobs {args.jobs}",
        "brokers": [measure(b, args.jobs) for b in ("sqlite", "redis", "postgres")],
        "scoring": scoring_cost(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "job_queue.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out / "job_queue.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
