"""Growth: listing and searching 100,000 stored interviews, and report rendering by length.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/growth.py [--rows 100000] [--postgres URL]

Seeds ``--rows`` interviews by bulk insert (SQLite in a temporary directory and, with
``--postgres``, a PostgreSQL database that is emptied first), then measures the dashboard's
queries (first page, a deep page by cursor, filters, searches for names and e-mail parts)
p50/p99 through the repository and through the HTTP route of a real ``panelist serve``.
Then renders the report of interviews of 10, 40 and 160 turns in every format.
Writes benchmarks/results/growth.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, insert, text

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.config import Settings
from panelist.interview.state import Status
from panelist.scoring.registry import get_scorer
from panelist.service.interviews import InterviewService
from panelist.storage import open_database
from panelist.storage.engine import make_engine
from panelist.storage.interviews import SqlInterviewRepository
from panelist.storage.listing import InterviewFilter
from panelist.storage.memory import MemoryRepository
from panelist.storage.migrate import upgrade
from panelist.storage.tables import InterviewRow, OrganisationRow

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Barbara",
    "Ken",
    "Dennis",
    "Margaret",
    "Edsger",
    "Donald",
    "Frances",
    "Radia",
    "John",
    "Sophie",
    "Tim",
    "Vint",
    "Leslie",
    "Niklaus",
    "Guido",
    "Bjarne",
    "Anita",
    "Hedy",
    "Katherine",
    "Dorothy",
    "Mary",
    "Shafi",
    "Whitfield",
    "Yukihiro",
    "Rasmus",
    "Larry",
    "Brendan",
    "James",
    "Anders",
    "Rob",
    "Robert",
    "Ivan",
    "Jean",
    "Fei-Fei",
    "Yann",
    "Geoffrey",
    "Andrew",
    "Demis",
    "Ilya",
    "Joy",
    "Ruth",
    "Carol",
    "Lynn",
    "Susan",
    "Karen",
    "Joan",
    "Evelyn",
    "Maria",
    "Chen",
    "Wei",
    "Priya",
    "Arjun",
    "Olu",
    "Amara",
    "Kofi",
    "Zanele",
    "Mateo",
    "Lucia",
    "Sven",
    "Ingrid",
    "Aiko",
    "Hiro",
]
LAST = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Liskov",
    "Thompson",
    "Ritchie",
    "Hamilton",
    "Dijkstra",
    "Knuth",
    "Allen",
    "Perlman",
    "McCarthy",
    "Wilson",
    "Berners-Lee",
    "Cerf",
    "Lamport",
    "Wirth",
    "Rossum",
    "Stroustrup",
    "Borg",
    "Lamarr",
    "Johnson",
    "Vaughan",
    "Jackson",
    "Goldwasser",
    "Diffie",
    "Matsumoto",
    "Lerdorf",
    "Wall",
    "Eich",
    "Gosling",
    "Hejlsberg",
    "Pike",
    "Griesemer",
    "Sutherland",
    "Sammet",
    "Li",
    "LeCun",
    "Hinton",
    "Ng",
    "Hassabis",
    "Sutskever",
    "Buolamwini",
    "Davis",
    "Conway",
    "Clark",
    "Kare",
    "Spärck-Jones",
    "Estrin",
    "Garcia",
    "Nakamura",
    "Patel",
    "Okafor",
    "Mensah",
    "Dlamini",
    "Rossi",
    "Lindqvist",
    "Berg",
    "Tanaka",
    "Kowalski",
    "Novak",
    "Haddad",
    "Ibrahim",
    "Nguyen",
    "Kim",
    "Park",
    "Singh",
    "Müller",
    "O'Brien",
]
DOMAINS = ("example.org", "mail.example", "corp.example.com", "uni.example.edu")
STATUSES = ((Status.COMPLETED, 0.70), (Status.IN_PROGRESS, 0.15), (Status.CREATED, 0.10))
ROLES = ("SRES.GEN.P5", "SRES.GEN.P4", "SRES.GEN.P3")
ORGANISATIONS = (("Big Org", 0.7), ("Mid Org", 0.2), ("Small Org", 0.1))
PAGE = 50


def template_state() -> dict[str, Any]:
    """The stored document of one really planned interview: every seeded row carries one."""
    settings = Settings(semantic="off")
    catalog = load_catalog(builtin_catalog_dir())
    service = InterviewService(
        settings, catalog, MemoryRepository(), get_scorer(settings.scorer, settings)
    )
    state = service.create("SRES.GEN.P5", None, "Template", seed=1)
    return state.model_dump(mode="json", exclude={"turns"})


def seed(engine: Engine, rows: int, *, chunk: int = 5000) -> dict[str, Any]:
    """Bulk-insert ``rows`` interviews over three organisations; returns what it made."""
    rng = random.Random(15)
    document = template_state()
    start = time.perf_counter()
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        organisations = []
        for name, _ in ORGANISATIONS:
            org_id = str(uuid.uuid4())
            conn.execute(insert(OrganisationRow).values(id=org_id, name=name, created_at=t0))
            organisations.append(org_id)
    weights = [w for _, w in ORGANISATIONS]
    batch: list[dict[str, Any]] = []
    for n in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        status = rng.choices([s for s, _ in STATUSES] + [Status.ABANDONED], [0.7, 0.15, 0.1, 0.05])[
            0
        ]
        created = t0 + timedelta(seconds=n * 600 + rng.randrange(600))
        row_id = uuid.uuid4().hex
        batch.append(
            {
                "id": row_id,
                "organisation_id": rng.choices(organisations, weights)[0],
                "role_code": rng.choice(ROLES),
                "level": "P5",
                "candidate_name": f"{first} {last}",
                "candidate_email": f"{first}.{last}{n}@{rng.choice(DOMAINS)}".lower(),
                "quality_profile": None,
                "status": status.value,
                "seed": n,
                "state": {**document, "id": row_id, "candidate_name": f"{first} {last}"},
                "overall_score": round(rng.uniform(1, 5), 2)
                if status is Status.COMPLETED
                else None,
                "recommendation": None,
                "version": 1,
                "created_at": created,
                "updated_at": created + timedelta(minutes=45),
            }
        )
        if len(batch) == chunk:
            _flush(engine, batch)
    _flush(engine, batch)
    # What autovacuum would have done by the time anyone lists: statistics, visibility map,
    # the GIN indexes' pending entries merged.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return {
        "rows": rows,
        "seconds": round(time.perf_counter() - start, 1),
        "organisations": organisations,
    }


def _flush(engine: Engine, batch: list[dict[str, Any]]) -> None:
    if batch:
        with engine.begin() as conn:
            conn.execute(insert(InterviewRow), batch)
        batch.clear()


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def timed(action: Callable[[], Any], repeat: int) -> dict[str, float]:
    action()  # warm the caches once, as a dashboard in use has them
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def scenarios(organisation: str, rng: random.Random) -> dict[str, dict[str, Any]]:
    """The dashboard's queries, as API query parameters (the repository gets the same)."""
    return {
        "first page (all)": {},
        "first page (organisation)": {"organisation_id": organisation},
        "status=abandoned (organisation)": {"organisation_id": organisation, "status": "abandoned"},
        "role filter (organisation)": {"organisation_id": organisation, "role_code": "SRES.GEN.P3"},
        "search surname": {"search": lambda: rng.choice(LAST).lower()[:5]},
        "search full name": {"search": lambda: f"{rng.choice(FIRST)} {rng.choice(LAST)}"},
        "search e-mail part": {"search": lambda: f"{rng.randrange(100_000)}@"},
        "search no match": {"search": lambda: f"zq{rng.randrange(1000)}x"},
        "search (organisation)": {
            "organisation_id": organisation,
            "search": lambda: rng.choice(LAST).lower()[:4],
        },
    }


def _resolve(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (v() if callable(v) else v) for k, v in params.items()}


def measure_repository(
    repository: SqlInterviewRepository, organisation: str, repeat: int, rows: int
) -> dict[str, Any]:
    rng = random.Random(7)
    out: dict[str, Any] = {}
    for name, params in scenarios(organisation, rng).items():

        def action(params: dict[str, Any] = params) -> None:
            given = _resolve(params)
            status = given.pop("status", None)
            which = InterviewFilter(status=Status(status) if status else None, **given)
            repository.page(which, limit=PAGE)

        out[name] = timed(action, repeat)

    pages = max(1, min(200, rows * 6 // 10 // PAGE // 2))  # the big organisation holds ~70 %
    deep = _deep_cursor(repository, organisation, pages=pages)
    out[f"page {pages + 1} by cursor (organisation)"] = timed(
        lambda: repository.page(
            InterviewFilter(organisation_id=organisation), cursor=deep, limit=PAGE
        ),
        repeat,
    )
    return out


def _deep_cursor(repository: SqlInterviewRepository, organisation: str, pages: int) -> str:
    cursor: str | None = None
    for _ in range(pages):
        page = repository.page(
            InterviewFilter(organisation_id=organisation), cursor=cursor, limit=PAGE
        )
        cursor = page.next_cursor
        if cursor is None:
            raise SystemExit(f"fewer than {pages} pages of {PAGE} rows: seed more rows")
    assert cursor is not None
    return cursor


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(database_url: str, data_dir: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "PANELIST_DATA_DIR": str(data_dir),
        "PANELIST_DATABASE_URL": database_url,
        "PANELIST_SEMANTIC": "off",
        "PANELIST_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "panelist",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def measure_http(
    database_url: str, data_dir: Path, organisation: str, repeat: int
) -> dict[str, Any]:
    settings = Settings(data_dir=data_dir, database_url=database_url, semantic="off")
    database = open_database(settings)
    email, password = f"growth-{uuid.uuid4().hex[:6]}@bench.example", "growth-bench-pass-1"
    database.accounts.create_user(email, password, role="recruiter", organisation_id=organisation)
    database.close()
    rng = random.Random(7)
    out: dict[str, Any] = {}
    with served(database_url, data_dir) as base, httpx.Client(base_url=base, timeout=30) as client:
        login = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        login.raise_for_status()
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        for name, params in scenarios(organisation, rng).items():
            if "organisation" not in name and "search" not in name:
                continue  # a recruiter sees their organisation only

            def call(params: dict[str, Any] = params) -> None:
                given = _resolve(params)
                given.pop("organisation_id", None)
                given["limit"] = PAGE
                response = client.get("/api/v1/interviews", params=given, headers=headers)
                response.raise_for_status()

            out[f"GET /api/v1/interviews {name}"] = timed(call, repeat)
        page_login(client, email, password)
        out["GET /dashboard (first page)"] = timed(
            lambda: client.get("/dashboard").raise_for_status(), repeat
        )
        out["GET /dashboard?q=surname"] = timed(
            lambda: client.get("/dashboard", params={"q": rng.choice(LAST)[:5]}).raise_for_status(),
            repeat,
        )
    return out


def page_login(client: httpx.Client, email: str, password: str) -> None:
    import re

    form = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert csrf is not None
    data = {"email": email, "password": password, "csrf_token": csrf.group(1), "next": "/dashboard"}
    signed_in = client.post("/login", data=data)
    if signed_in.status_code != 303 or signed_in.headers.get("location") != "/dashboard":
        raise SystemExit(f"the page sign-in failed: {signed_in.status_code}")


def run_backend(label: str, url: str, rows: int, repeat: int, data_dir: Path) -> dict[str, Any]:
    engine = make_engine(url)
    upgrade(engine)
    seeded = seed(engine, rows)
    organisation = seeded.pop("organisations")[0]
    repository = SqlInterviewRepository(engine)
    print(f"{label}: seeded {rows} in {seeded['seconds']} s", file=sys.stderr)
    result = {
        "load_average_1m_before": round(os.getloadavg()[0], 1),
        "seed": seeded,
        "repository": measure_repository(repository, organisation, repeat, rows),
        "http": measure_http(url, data_dir, organisation, repeat),
    }
    result["load_average_1m_after"] = round(os.getloadavg()[0], 1)
    engine.dispose()
    return result


def reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--skip-reports", action="store_true")
    parser.add_argument("--reports-only", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {"rows": args.rows, "page_size": PAGE, "repeat": args.repeat}
    with tempfile.TemporaryDirectory() as tmp:
        if args.reports_only:  # keep the listing numbers of the last full run
            earlier = RESULTS / "growth.json"
            results = json.loads(earlier.read_text()) if earlier.exists() else results
            results["reports"] = measure_reports()
            write(results)
            return
        sqlite_url = f"sqlite:///{Path(tmp) / 'panelist.db'}"
        results["sqlite"] = run_backend("sqlite", sqlite_url, args.rows, args.repeat, Path(tmp))
        if args.postgres:
            reset_postgres(args.postgres)
            results["postgresql"] = run_backend(
                "postgresql", args.postgres, args.rows, args.repeat, Path(tmp) / "pg"
            )
    if not args.skip_reports:
        results["reports"] = measure_reports()

    write(results)


REPORT_TURNS = (10, 40, 160)


def long_interview() -> tuple[Any, Any]:
    """A whole simulated interview of four hours (about 170 turns) and the catalog."""
    from panelist.candidates import simulated_candidate
    from panelist.service.simulation import run_interview

    settings = Settings(semantic="off", interview_minutes=240)
    catalog = load_catalog(builtin_catalog_dir())
    service = InterviewService(
        settings, catalog, MemoryRepository(), get_scorer(settings.scorer, settings)
    )
    candidate = simulated_candidate("average", 3, catalog)
    created = service.create("SRES.GEN.P5", None, candidate.name, seed=3)
    return run_interview(service, created.id, candidate, max_answers=400), catalog


def measure_reports(repeat: int = 7) -> dict[str, dict[str, float]]:
    """Build + render time (best of ``repeat``, ms) of the first 10, 40 and 160 turns of one interview."""
    from panelist.reports import FORMATS, build_report, render

    state, catalog = long_interview()
    assert len(state.turns) >= max(REPORT_TURNS), len(state.turns)
    out: dict[str, dict[str, float]] = {}
    for turns in REPORT_TURNS:
        part = state.model_copy(update={"turns": state.turns[:turns]})
        row: dict[str, float] = {}
        row["build"] = _best_ms(partial(build_report, part, catalog), repeat)
        report = build_report(part, catalog)
        for fmt in FORMATS:
            row[fmt] = _best_ms(partial(render, report, fmt), repeat)
        out[str(turns)] = row
    return out


def _best_ms(action: Callable[[], Any], repeat: int) -> float:
    """The fastest of ``repeat`` runs: the work itself, with the least of other processes' share
    of a busy machine in it (what a growth curve needs; latency percentiles are above)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return round(min(samples) * 1000, 2)


def report_table(reports: dict[str, dict[str, float]]) -> list[str]:
    steps = list(reports)
    lines = [
        "## Report rendering by transcript length (best of 7, ms)",
        "",
        "| step | " + " | ".join(f"{t} turns" for t in steps) + " | ms per turn |",
        "|---|" + "---|" * (len(steps) + 1),
    ]
    for step in reports[steps[0]]:
        values = [reports[t][step] for t in steps]
        per_turn = " / ".join(f"{v / int(t):.3f}" for v, t in zip(values, steps, strict=True))
        lines.append(f"| {step} | " + " | ".join(str(v) for v in values) + f" | {per_turn} |")
    return lines


def write(results: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "growth.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        f"# Growth: {results['rows']:,} stored interviews",
        "",
        f"Page size {results['page_size']}, {results['repeat']} timed calls per row after one warm-up. "
        "`PYTHONPATH=$PWD .venv/bin/python benchmarks/growth.py --postgres URL`",
        "",
    ]
    for backend in ("sqlite", "postgresql"):
        if backend not in results:
            continue
        data = results[backend]
        lines += [
            f"## {backend} (seeded in {data['seed']['seconds']} s; 1-minute load average "
            f"{data['load_average_1m_before']} before, {data['load_average_1m_after']} after, "
            f"on {os.cpu_count()} cores)",
            "",
            "| query | via | p50 ms | p99 ms | max ms |",
            "|---|---|---|---|---|",
        ]
        for via in ("repository", "http"):
            for name, m in data[via].items():
                lines.append(f"| {name} | {via} | {m['p50_ms']} | {m['p99_ms']} | {m['max_ms']} |")
        lines.append("")
    if "reports" in results:
        lines += report_table(results["reports"])
    (RESULTS / "growth.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
