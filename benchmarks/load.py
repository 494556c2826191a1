"""Load benchmark: `panelist serve` against a bare FastAPI app with the same routes and bodies.

    PYTHONPATH=. .venv/bin/python benchmarks/load.py [--interviews 1000] [--seconds 10]
        [--connections 32] [--label after] [--code DIR] [--without-fast-protocols]
        [--routes state,stream,traffic] [--workers-2-routes traffic,mix]
        [--workers-2-connections 32,64] [--name load_state] [--queue worker|in-process|none]
        [--seed-dir DIR]

1. Seeds a SQLite database (the default install) in a scratch directory (or ``--seed-dir``,
   reused by a later run with the same ``--interviews``): one recruiter, ``--interviews``
   started interviews with their invite tokens, and a few finished ones (simulated
   candidates) whose reports are read. Every run below starts from a copy of it. The started
   interviews stand at STAGES in turn, a quarter each: at the intro, at the first technical
   question, with a follow-up pending, and late (LATE_ANSWERS answered), their earlier
   answers given by an average simulated candidate; so the answer row measures the mix of
   answers an interview has (the intro's relevance, scored answers, replies to follow-ups),
   not intro answers only, as runs before this did. The results say how many interviews
   waited on each kind of interviewer turn (``stages``).
2. For each route (answer submits with a fresh turn id per request, candidate state reads,
   candidate stream polls, the recruiter's list and search, report reads, the heavy ``mix``
   of earlier runs and the ``traffic`` mix), runs ``wrk`` (one thread, ``--connections``
   connections, Lua scripts written here) against ``panelist serve`` and then against the
   bare app, in the same run. The server is pinned to CPU 0 with ``taskset``, wrk to CPU 1.
   The bare app (``load.py bare``) has the same paths and methods, parses the same request
   bodies and returns the bodies panelist returned for the same requests (captured first),
   with no database, engine or scorer behind them.
3. Then ``--workers 2`` (both CPUs, wrk beside it) on ``--workers-2-routes`` (the answer
   route and both mixes), at ``--workers-2-connections``.

A stream poll is ``GET /api/v1/candidate/{token}/stream?after=N`` with N past every turn:
what an open page asks to learn whether anything was said since the newest turn it shows,
found empty (the usual case: something is new once in 75 polls). The ``traffic`` mix is
derived from the product's pacing (:class:`Pacing`: per open candidate page a stream poll a
second, an answer every ~75 s, a state read per new turn; per recruiter a list or search
every 30 s and a report per finished interview); the arithmetic is written into the
results. wrk runs a closed loop (each connection sends its next request when the last one is
answered), so a row reports the rate the server reached, not a fixed offered rate (that
needs wrk2, not installed here); ``--workers-2-connections 32,64`` shows it at two loads.

The job queue's work (semantic re-scoring, relevance of unscored answers) runs in a separate
``panelist worker`` process on wrk's CPU (``PANELIST_QUEUE_WORKERS=0`` for the server, as at
scale): its CPU time per request and the jobs still waiting when a row ends are reported
beside the server's, so work moved off the request path is still counted, not hidden.
``--queue in-process`` runs the jobs in the server process instead (the default install);
``--queue none`` runs no job worker (jobs wait in the queue): the web tier alone, to tell
what the server costs from what the queue's work takes of the same two CPUs. Each row also
says how many CPUs the server, the job worker and wrk kept busy (CPU seconds over the row's
wall seconds): a sum near 2 is the machine's limit, not the server's.
The warm-up before each row uses turn ids of its own, so no measured answer is a replay.

``--answers varied`` (the default) draws each submitted text from a seeded shuffle of natural
answers: the graded set's answers (panelist/evaluation/data/graded_answers.jsonl) and the
human-written answers of ``--answer-data`` (mohler_dev.jsonl and saf_training.jsonl), 2,613
distinct texts, the warm-up from the other half of the pool than the measured run, so caches
keyed by the text do not flatter the scorer. ``--answers fixed`` cycles the three fixed
answers of earlier runs (numbers comparable with them). load.md says which mode it used.

Writes benchmarks/results/NAME.{json,md} (``--name``, default load; ``--label`` and ``--out``
to keep a "before").
``--code DIR`` serves another checkout's code (the "before" of main); the benchmark's own
seed and bare app are this checkout's. ``--without-fast-protocols`` runs uvicorn as it ran
before uvloop and httptools were requirements (both hidden from the server process).
The machine is shared and has two CPUs: compare ratios of one run, not absolute numbers
across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
ROLE = "SRES.GEN.P4"
EMAIL, PASSWORD = "load@panelist.example", "load-benchmark-password-1"
FINISHED = 8  # finished interviews whose reports are read
ROUTES = ("answer", "state", "stream", "list", "search", "report")
# The heavy mix of earlier runs (percent): answers and reads, no page polls.
MIX = {"answer": 25, "state": 45, "list": 10, "search": 10, "report": 10}
NOTHING_NEW = 1_000_000  # a stream poll's ``after``: past every turn, so nothing is new


@dataclass(frozen=True)
class Pacing:
    """How often the product's users send each request (the ``traffic`` mix comes from it).

    Per open candidate page, as panelist/web/static/chat.js sends them: one answer every
    60-90 s of candidate time (``answer_seconds``, the middle), and after each answer one stream
    read (``GET .../stream?after=N``: the interviewer's reply) and one state read (the
    progress); the page polls nothing in between. Per recruiter: a dashboard list or search
    every ``dashboard_seconds`` (half each), and one report read per finished interview (an
    interview lasts ``answers_per_interview`` answers). The recruiter's live transcript is one
    long server-sent-events request whose change-marker poll runs inside the server, so it
    adds no requests. ``pages_per_recruiter``: open candidate pages per recruiter at work (an
    assumption: the product has no number for it; ``--pages-per-recruiter``).
    """

    answers_per_interview: float
    answer_seconds: float = 75.0
    dashboard_seconds: float = 30.0
    pages_per_recruiter: float = 10.0

    def per_page_second(self) -> dict[str, float]:
        """Requests per open candidate page per second, by route."""
        interview_seconds = self.answers_per_interview * self.answer_seconds
        dashboard = 1 / (self.pages_per_recruiter * self.dashboard_seconds)
        return {
            "stream": 1 / self.answer_seconds,
            "state": 1 / self.answer_seconds,
            "answer": 1 / self.answer_seconds,
            "list": dashboard / 2,
            "search": dashboard / 2,
            "report": 1 / interview_seconds,  # each finished interview's report, read once
        }

    def mix(self) -> dict[str, float]:
        """The same rates as percent of all requests."""
        rates = self.per_page_second()
        total = sum(rates.values())
        return {route: round(100 * rate / total, 3) for route, rate in rates.items()}

    def arithmetic(self) -> list[str]:
        """The sums behind :meth:`mix`, one line per route, for the results Markdown."""
        rates, mix = self.per_page_second(), self.mix()
        interview = self.answers_per_interview * self.answer_seconds
        dashboard = f"1 / ({self.pages_per_recruiter:g} pages x {self.dashboard_seconds:g} s) / 2"
        how = {
            "stream": f"1 per answer / {self.answer_seconds:g} s",
            "state": f"1 per answer / {self.answer_seconds:g} s",
            "answer": f"1 / {self.answer_seconds:g} s",
            "list": dashboard,
            "search": dashboard,
            "report": f"1 / ({self.answers_per_interview:.1f} answers x "
            f"{self.answer_seconds:g} s = {interview:.0f} s)",
        }
        total = sum(rates.values())
        lines = [
            f"| {route} | {how[route]} | {rates[route]:.5f} | {mix[route]:.3f} % |"
            for route in rates
        ]
        return [*lines, f"| all | | {total:.5f} | 100 % |"]


def weights_of(route: str, traffic: dict[str, float]) -> dict[str, float]:
    """What a row's wrk script draws from: a mix's weights, or one route alone."""
    if route == "mix":
        return dict(MIX)
    if route == "traffic":
        return traffic
    return {route: 100.0}


ANSWERS = (
    "I would alert on the error budget burn rate with a fast and a slow window, page on the "
    "fast one, and look at the latency histogram per endpoint before rolling back the deploy.",
    "We ran Prometheus and Alertmanager; I set SLOs at 99.9 percent and used canary releases "
    "so a bad change reached five percent of traffic before the rollout stopped itself.",
    "First I check whether the disk is full or the process leaks memory, then I read the "
    "kernel log for the OOM killer and compare the RSS with the container's memory limit.",
)
ANSWER_DATA = ROOT.parent / "shared" / "data" / "scoring"
ANSWER_FILES = ("mohler_dev.jsonl", "saf_training.jsonl")  # not the held-out saf_unseen
SERVER_CPU, LOAD_CPU = "0", "1"
HIDE_FAST = (
    "import sys\nsys.modules['uvloop'] = None  # type: ignore\nsys.modules['httptools'] = None\n"
)


@dataclass
class Seed:
    directory: Path
    tokens: list[str]
    finished: list[str]
    answers_per_interview: float = 13.5  # in the finished interviews (the traffic mix's pacing)
    stages: dict[str, int] = field(default_factory=dict)  # live interviews by what is pending


@dataclass
class Result:
    server: str
    route: str
    workers: int
    connections: int
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    cpu_ms_per_request: float  # the server's CPU time over the measured requests
    worker_cpu_ms_per_request: float  # the separate job worker's CPU time, same requests
    jobs_waiting: int  # jobs queued or running when the row ended (the worker's backlog)
    load_average: float  # the machine's 1-minute load average when the row ended
    # CPUs kept busy over the measured seconds (CPU seconds / wall seconds): the server's
    # processes, the job worker's, wrk's. Their sum near the CPUs the machine has means the
    # row was bound by the machine; a server well under its CPUs while latency grows waits
    # on something else (the SQLite write lock, the network).
    server_cpus: float = 0.0
    worker_cpus: float = 0.0
    wrk_cpus: float = 0.0


# ------------------------------------------------------------------ seeding
# Where the live interviews stand when the load starts (interview n is at STAGES[n % 4]), so
# the answer row measures the product's mix of answers, not intro answers only: the intro
# asked; the first technical question asked (the intro answered); a follow-up pending (an
# average simulated candidate answered until the interviewer probed); late in the interview
# (LATE_ANSWERS answered, or fewer when the plan's scored questions ran out first: a scored
# question or its follow-up pending, never the candidate's questions that end it).
STAGES = ("intro", "first question", "follow-up pending", "late")
LATE_ANSWERS = 9  # of the ~13.5 a finished interview has
FOLLOW_UP_WITHIN = 8  # answers tried for a follow-up; the interview is taken as it then stands


def seed(directory: Path, interviews: int) -> Seed:
    """A database with ``interviews`` started interviews, at STAGES in turn, and FINISHED
    finished ones."""
    from panelist.candidates import simulated_candidate
    from panelist.catalog.loader import load_catalog
    from panelist.config import load_settings
    from panelist.service.factory import build_service
    from panelist.service.simulation import run_interview
    from panelist.storage import open_database

    settings = load_settings(data_dir=directory, seed=1)
    catalog = load_catalog(settings.catalog_path)
    database = open_database(settings)
    try:
        organisation = database.accounts.ensure_organisation("Load Org")
        database.accounts.create_user(
            EMAIL, PASSWORD, role="recruiter", organisation_id=organisation.id
        )
        service = build_service(settings, catalog, database.interviews)
        # the live interviews' earlier answers are scored on words only (as the request path
        # scores them before the queue's semantic re-score): seeding 1,000 takes a minute
        words_only = settings.model_copy(update={"semantic": "off"})
        advancing = build_service(words_only, catalog, database.interviews)
        tokens, stages = [], []
        for n in range(interviews):
            state = service.create(
                ROLE, None, f"Candidate {n:04d}", seed=n, organisation_id=organisation.id
            )
            invite = database.invites.issue(state.id, ttl=timedelta(days=7))
            said = advancing.start(state.id)
            candidate = simulated_candidate("average", n, catalog)
            stages.append(advance(advancing, state.id, said, candidate, STAGES[n % len(STAGES)]))
            tokens.append(invite.token)
        finished, answers = [], 0
        for n in range(FINISHED):
            candidate = simulated_candidate("average", n, catalog)
            state = service.create(
                ROLE, None, candidate.name, seed=n, organisation_id=organisation.id
            )
            done = run_interview(service, state.id, candidate)
            finished.append(done.id)
            answers += sum(1 for t in done.turns if t.speaker.value == "candidate")
    finally:
        database.close()
    with sqlite3.connect(directory / "panelist.db") as db:  # one file to copy
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Seed(directory, tokens, finished, answers / FINISHED, stage_counts(stages))


def advance(service: Any, interview_id: str, said: list[Any], candidate: Any, stage: str) -> str:
    """Answer ``interview_id`` as ``candidate`` up to ``stage``; the stage it reached (the
    pending interviewer turn: "intro", "question", "follow-up" or another role's name)."""
    import uuid

    from panelist.interview.state import Status, TurnRole

    wanted = {"intro": 0, "first question": 1, "late": LATE_ANSWERS}.get(stage, FOLLOW_UP_WITHIN)
    for answered in range(wanted):
        state = service.transcript(interview_id)
        if state.status is not Status.IN_PROGRESS or not said:
            break
        if stage == "follow-up pending" and said[-1].role is TurnRole.FOLLOW_UP:
            break
        if stage == "late" and late_enough(state, said[-1], answered):
            break
        text = candidate.reply(said[-1], state)
        said = service.submit(interview_id, uuid.uuid4().hex, text)
    state = service.transcript(interview_id)
    if state.status is not Status.IN_PROGRESS or not said:
        return "finished"
    pending = said[-1]
    if pending.role is TurnRole.FOLLOW_UP:
        return "follow-up"
    kind = pending.kind.value if pending.kind is not None else "none"
    return kind if pending.role is TurnRole.QUESTION else f"{pending.role.value} ({kind})"


def late_enough(state: Any, pending: Any, answered: int) -> bool:
    """Whether to stop a "late" interview here: at the plan's last scored question (its
    answer is the last before the candidate's questions, which end it in an answer or two)."""
    from panelist.catalog.models import SCORED_KINDS
    from panelist.interview.state import TurnRole

    scored = [item.question_id for item in state.plan.items if item.kind in SCORED_KINDS]
    if answered and pending.kind not in SCORED_KINDS:
        return True
    return pending.role is TurnRole.QUESTION and bool(scored) and pending.question_id == scored[-1]


def stage_counts(stages: list[str]) -> dict[str, int]:
    """How many live interviews wait on each kind of interviewer turn."""
    return dict(sorted(Counter(stages).items(), key=lambda item: -item[1]))


def reused_seed(directory: Path, interviews: int) -> Seed | None:
    """The seed written in ``directory`` by an earlier run with as many interviews, if any."""
    marker = directory / "seed.json"
    if not marker.exists():
        return None
    kept = json.loads(marker.read_text())
    if len(kept["tokens"]) != interviews or "stages" not in kept:
        return None
    print(f"reusing the seed of {interviews} interviews in {directory}", flush=True)
    return Seed(**{**kept, "directory": directory})


# ------------------------------------------------------------------ servers
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(group: int) -> float:
    """CPU seconds (user + system) used so far by every live process of process group ``group``
    (the server and its workers): what a request costs, whatever the neighbours take."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp; fields[11], [12] are utime, stime in ticks
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    base: str
    group: int
    worker_group: int | None = None  # the separate `panelist worker`, if one runs


@contextmanager
def job_worker(env: dict[str, str], log: Path, code: Path) -> Iterator[int]:
    """A ``panelist worker`` (one thread) on wrk's CPU, running ``code``; yields its process
    group."""
    command = ["taskset", "-c", LOAD_CPU, sys.executable, "-m", "panelist", "worker"]
    command += ["--threads", "1"]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=output, start_new_session=True, cwd=code
        )
    try:
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def jobs_waiting(data: Path) -> int:
    """Jobs queued or running in the served database (0 without a jobs table)."""
    try:
        with sqlite3.connect(data / "panelist.db", timeout=30) as db:
            row = db.execute(
                "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')"
            ).fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0])


@contextmanager
def running(
    command: list[str], env: dict[str, str], port: int, log: Path, code: Path
) -> Iterator[Server]:
    """The server ``command`` started in ``code``: ``python -m panelist`` puts the working
    directory first on sys.path, so started anywhere else it would serve that checkout."""
    base = f"http://127.0.0.1:{port}"
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=output, start_new_session=True, cwd=code
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"The server exited ({process.returncode}); see {log}")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"The server did not answer /healthz; see {log}")
            time.sleep(0.2)
        yield Server(base, process.pid)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def granian(target: str, port: int, workers: int, cpus: str) -> list[str]:
    return [
        *("taskset", "-c", cpus, sys.executable, "-m", "granian", "--interface", "asgi"),
        *("--factory", "--loop", "uvloop", "--no-ws", "--log-level", "warning"),
        *("--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), target),
    ]


def panelist_command(port: int, workers: int, cpus: str, server: str) -> list[str]:
    if server == "granian":
        return granian("panelist.web.app:app_from_environment", port, workers, cpus)
    serve = ["serve", "--port", str(port), "--workers", str(workers)]
    return ["taskset", "-c", cpus, sys.executable, "-m", "panelist", *serve]


def bare_command(port: int, workers: int, cpus: str, bodies: Path, server: str) -> list[str]:
    if server == "granian":
        return granian("load:bare_from_environment", port, workers, cpus)
    args = ["bare", "--bodies", str(bodies), "--port", str(port), "--workers", str(workers)]
    return ["taskset", "-c", cpus, sys.executable, str(Path(__file__).resolve()), *args]


def server_env(
    data: Path, code: Path, scratch: Path, bodies: Path, *, fast: bool, queue_workers: int
) -> dict[str, str]:
    """The servers' environment; without ``fast`` a sitecustomize hides uvloop and httptools
    from every server process (workers too), as on an install without them."""
    multiproc = scratch / "metrics"
    shutil.rmtree(multiproc, ignore_errors=True)
    multiproc.mkdir(parents=True)
    path = [str(code), str(Path(__file__).resolve().parent)]  # panelist, and load:bare_...
    if not fast:
        hide = scratch / "hide-fast"
        hide.mkdir(exist_ok=True)
        (hide / "sitecustomize.py").write_text(HIDE_FAST)
        path.insert(0, str(hide))
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(path),
        "PANELIST_DATA_DIR": str(data),
        "PANELIST_METRICS_MULTIPROC_DIR": str(multiproc),
        "PANELIST_LOAD_BODIES": str(bodies),
        "PANELIST_QUEUE_WORKERS": str(queue_workers),
        "HF_HUB_OFFLINE": "1",
    }


# ------------------------------------------------------------------ the bare app
class AnswerCreate(BaseModel):
    """The answer body as panelist validates it (turn id pattern, bounded text)."""

    turn_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: str = Field(max_length=20000)


def bare_app(bodies: dict[str, Any]) -> Any:
    """The same routes, parsing the same request bodies, returning panelist's bodies."""
    from fastapi import FastAPI, Query
    from fastapi.responses import Response

    app = FastAPI()

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/v1/candidate/{token}/answers")
    def answer(token: str, body: AnswerCreate) -> Any:
        return bodies["answer"]

    @app.get("/api/v1/candidate/{token}")
    def state(token: str) -> Any:
        return bodies["state"]

    @app.get("/api/v1/candidate/{token}/stream")
    def stream(token: str, after: int = Query(default=-1, ge=-1)) -> Response:
        # as panelist answers a poll that finds nothing new: the whole stream as one body
        return Response(bodies["stream"], media_type="text/event-stream")

    @app.get("/api/v1/interviews")
    def listing(search: str | None = Query(default=None), limit: int = 100) -> Any:
        return bodies["search" if search else "list"]

    @app.get("/api/v1/interviews/{interview_id}/report")
    def report(interview_id: str, format: str = "json") -> Any:
        return bodies["report"]

    return app


def serve_bare(bodies: Path, port: int, workers: int) -> None:
    import uvicorn

    os.environ["PANELIST_LOAD_BODIES"] = str(bodies)
    # uvicorn's "auto": uvloop and httptools when importable, as ``panelist serve`` chooses
    options: dict[str, Any] = {"log_config": None, "access_log": False}
    if workers == 1:
        uvicorn.run(bare_app(json.loads(bodies.read_text())), port=port, **options)
    else:
        uvicorn.run(
            "load:bare_from_environment", factory=True, port=port, workers=workers, **options
        )


def bare_from_environment() -> Any:
    return bare_app(json.loads(Path(os.environ["PANELIST_LOAD_BODIES"]).read_text()))


# ------------------------------------------------------------------ answers
def answer_pool(mode: str, data: Path, seed: int = 1) -> list[str]:
    """The texts the load submits: ``fixed`` the three of earlier runs, ``varied`` a shuffle."""
    if mode == "fixed":
        return list(ANSWERS)
    from panelist.evaluation.graded import read_graded
    from panelist.web.schemas import MAX_ANSWER_CHARS, PROSE

    texts = [graded.answer for graded in read_graded()]
    for name in ANSWER_FILES:
        path = data / name
        if not path.exists():
            raise SystemExit(f"--answers varied reads {path}; pass --answer-data DIR")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["answer"])
    pool = sorted({t.strip()[:MAX_ANSWER_CHARS] for t in texts if t.strip()})
    random.Random(seed).shuffle(pool)
    # the route refuses a text with a control character (422): two mojibake answers of the
    # data have one (U+009D), and a refused answer is no answer to measure
    accepted = re.compile(PROSE)
    return [t for t in pool if accepted.fullmatch(t)]


# ------------------------------------------------------------------ requests
def login(base: str) -> str:
    response = httpx.post(
        base + "/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD}, timeout=30
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def capture(base: str, seed: Seed, bearer: str, text: str) -> dict[str, Any]:
    """One response body of each route, from panelist (the bare app returns these)."""
    api = {"Authorization": f"Bearer {bearer}"}
    with httpx.Client(base_url=base, timeout=60) as client:
        token = seed.tokens[-1]  # answered here only; the load uses the others first
        answered = client.post(
            f"/api/v1/candidate/{token}/answers",
            json={"turn_id": "capture-0001", "text": text},
        )
        bodies = {
            "answer": answered.json(),
            "state": client.get(f"/api/v1/candidate/{token}").json(),
            "stream": client.get(
                f"/api/v1/candidate/{token}/stream", params={"after": NOTHING_NEW}
            ).text,
            "list": client.get("/api/v1/interviews", params={"limit": 50}, headers=api).json(),
            "search": client.get(
                "/api/v1/interviews", params={"search": "candidate 0001", "limit": 50}, headers=api
            ).json(),
            "report": client.get(
                f"/api/v1/interviews/{seed.finished[0]}/report", headers=api
            ).json(),
        }
    return bodies


def lua_script(
    route: str,
    seed: Seed,
    bearer: str,
    prefix: str,
    answers: list[str],
    offset: int = 0,
    traffic: dict[str, float] | None = None,
) -> str:
    """A wrk script: ``route`` (or ``mix``, ``traffic``) with a fresh turn id per answer.

    Answer ``n`` submits ``answers[(n + offset) % len(answers)]``; each is kept as its JSON
    string (a Lua literal of it), so quotes, newlines and non-ASCII reach the body intact.
    """
    tokens = ",".join(json.dumps(t) for t in seed.tokens[:-1])
    finished = ",".join(json.dumps(i) for i in seed.finished)
    encoded = ",".join(json.dumps(json.dumps(a)) for a in answers)
    weights = weights_of(route, traffic or {})
    table = ",".join(f"{{{json.dumps(r)},{w}}}" for r, w in weights.items())
    total = sum(weights.values())
    return f"""
local tokens = {{{tokens}}}
local finished = {{{finished}}}
local answers = {{{encoded}}}
local offset = {offset}
local weights = {{{table}}}
local api = {{["Authorization"] = "Bearer {bearer}"}}
local json_headers = {{["Content-Type"] = "application/json"}}
local n = 0

local function pick()
  local roll = math.random() * {total}
  for _, w in ipairs(weights) do
    roll = roll - w[2]
    if roll <= 0 then return w[1] end
  end
  return weights[#weights][1]
end

request = function()
  n = n + 1
  local route = pick()
  local token = tokens[(n % #tokens) + 1]
  if route == "answer" then
    local body = string.format('{{"turn_id":"{prefix}%09d","text":%s}}', n,
      answers[((n + offset) % #answers) + 1])
    return wrk.format("POST", "/api/v1/candidate/" .. token .. "/answers", json_headers, body)
  elseif route == "state" then
    return wrk.format("GET", "/api/v1/candidate/" .. token)
  elseif route == "stream" then
    return wrk.format("GET", "/api/v1/candidate/" .. token .. "/stream?after={NOTHING_NEW}")
  elseif route == "list" then
    return wrk.format("GET", "/api/v1/interviews?limit=50", api)
  elseif route == "search" then
    return wrk.format("GET", string.format("/api/v1/interviews?search=candidate+%04d&limit=50",
      n % #tokens), api)
  end
  return wrk.format("GET", "/api/v1/interviews/" .. finished[(n % #finished) + 1] ..
    "/report", api)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(base: str, script: Path, seconds: int, connections: int, cpus: str) -> dict[str, Any]:
    """wrk's RESULT line, with ``cpu_seconds``: the CPU time wrk itself used."""
    command = ["taskset", "-c", cpus, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", "10s", "-s", str(script), base]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {**json.loads(line.removeprefix("RESULT ")), "cpu_seconds": used}


@dataclass
class Scripts:
    warm_up: Path  # its own turn ids: the measured answers are never replays of these
    measured: Path


def measure(
    name: str,
    route: str,
    workers: int,
    connections: int,
    server: Server,
    scripts: Scripts,
    args: argparse.Namespace,
    data: Path | None = None,
) -> Result:
    cpus = LOAD_CPU if workers == 1 else f"{SERVER_CPU},{LOAD_CPU}"
    wrk(server.base, scripts.warm_up, 2, connections, cpus)  # warm-up, not counted
    used = cpu_seconds(server.group)
    worker_used = cpu_seconds(server.worker_group) if server.worker_group else 0.0
    raw = wrk(server.base, scripts.measured, args.seconds, connections, cpus)
    used = cpu_seconds(server.group) - used
    if server.worker_group:
        worker_used = cpu_seconds(server.worker_group) - worker_used
    seconds = raw["duration_us"] / 1e6
    result = Result(
        server=name,
        route=route,
        workers=workers,
        connections=connections,
        rps=round(raw["requests"] / seconds, 1),
        p50_ms=round(raw["p50_us"] / 1000, 1),
        p99_ms=round(raw["p99_us"] / 1000, 1),
        requests=raw["requests"],
        errors=raw["errors"],
        cpu_ms_per_request=round(used * 1000 / max(raw["requests"], 1), 2),
        worker_cpu_ms_per_request=round(worker_used * 1000 / max(raw["requests"], 1), 2),
        jobs_waiting=jobs_waiting(data) if data is not None else 0,
        load_average=round(os.getloadavg()[0], 1),
        server_cpus=round(used / seconds, 2),
        worker_cpus=round(worker_used / seconds, 2),
        wrk_cpus=round(raw["cpu_seconds"] / seconds, 2),
    )
    print(json.dumps(asdict(result)), flush=True)
    return result


# ------------------------------------------------------------------ the run
def run(args: argparse.Namespace) -> dict[str, Any]:
    scratch = Path(tempfile.mkdtemp(prefix="panelist-load-"))
    fast = not args.without_fast_protocols
    answers = answer_pool(args.answers, args.answer_data)  # before seeding: fails fast
    # the warm-up submits the other half of the pool (all three when fixed, as before)
    warm_offset = len(answers) // 2 if args.answers == "varied" else 0
    args.answer_pool = len(answers)
    try:
        seeded = reused_seed(args.seed_dir, args.interviews) if args.seed_dir else None
        if seeded is None:
            place = args.seed_dir or scratch / "seed"
            print(f"seeding {args.interviews} interviews in {place}", flush=True)
            shutil.rmtree(place, ignore_errors=True)
            seeded = seed(place, args.interviews)
            (place / "seed.json").write_text(json.dumps(asdict(seeded), default=str))
        args.stages = seeded.stages
        print(f"the live interviews wait on: {seeded.stages}", flush=True)
        results: list[Result] = []
        bodies_file = scratch / "bodies.json"
        scripts = scratch / "scripts"
        scripts.mkdir()
        pacing = Pacing(
            seeded.answers_per_interview,
            pages_per_recruiter=args.pages_per_recruiter,
        )
        args.pacing = pacing
        traffic = pacing.mix()
        plan = [(route, 1, c) for route in args.routes.split(",") for c in args.connections]
        if not args.no_workers_2:
            two = args.workers_2_routes.split(",")
            plan += [(route, 2, c) for route in two for c in args.workers_2_connections]
        for number, (route, workers, connections) in enumerate(plan):
            data = scratch / f"run{number}"
            shutil.copytree(seeded.directory, data)
            separate = args.queue == "worker"
            in_server = 1 if args.queue == "in-process" else 0
            env = server_env(
                data, args.code, scratch, bodies_file, fast=fast, queue_workers=in_server
            )
            cpus = SERVER_CPU if workers == 1 else f"{SERVER_CPU},{LOAD_CPU}"
            port = free_port()
            command = panelist_command(port, workers, cpus, args.server)
            with (
                running(command, env, port, scratch / "panelist.log", args.code) as server,
                (
                    job_worker(env, scratch / "worker.log", args.code)
                    if separate
                    else nullcontext(None)
                ) as worker_group,
            ):
                server.worker_group = worker_group
                bearer = login(server.base)
                if not bodies_file.exists():
                    captured = capture(server.base, seeded, bearer, answers[0])
                    bodies_file.write_text(json.dumps(captured))
                name = f"{route}-{workers}-{connections}"
                pair = Scripts(scripts / f"{name}-warm.lua", scripts / f"{name}.lua")
                pair.warm_up.write_text(
                    lua_script(route, seeded, bearer, f"r{number}w", answers, warm_offset, traffic)
                )
                pair.measured.write_text(
                    lua_script(route, seeded, bearer, f"r{number}x", answers, 0, traffic)
                )
                results.append(
                    measure("panelist", route, workers, connections, server, pair, args, data)
                )
            port = free_port()
            command = bare_command(port, workers, cpus, bodies_file, args.server)
            with running(command, env, port, scratch / "bare.log", args.code) as server:
                results.append(measure("bare", route, workers, connections, server, pair, args))
            shutil.rmtree(data)
        return summarise(results, args)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


def row_key(route: str, workers: int, connections: int, several: bool) -> str:
    """``route@workers``, with ``/cN`` when the run used several connection counts."""
    return f"{route}@{workers}" + (f"/c{connections}" if several else "")


def summarise(results: list[Result], args: argparse.Namespace) -> dict[str, Any]:
    several = len({*args.connections, *args.workers_2_connections}) > 1
    by = {(r.server, r.route, r.workers, r.connections): r for r in results}
    ratios, cpu_ratios = {}, {}
    for server, route, workers, connections in by:
        if server != "panelist":
            continue
        mine, bare = (
            by[server, route, workers, connections],
            by["bare", route, workers, connections],
        )
        key = row_key(route, workers, connections, several)
        ratios[key] = round(mine.rps / bare.rps, 3)
        cpu_ratios[key] = round(bare.cpu_ms_per_request / max(mine.cpu_ms_per_request, 1e-9), 3)
    first = args.connections[0]
    answer_1 = by.get(("panelist", "answer", 1, first))
    answer_2 = by.get(("panelist", "answer", 2, first))
    targets: dict[str, bool] = {}
    if answer_1 is not None:
        targets["answer >= 30% of bare"] = ratios[row_key("answer", 1, first, several)] >= 0.30
        targets["answer p99 < 150 ms"] = answer_1.p99_ms < 150
    for route in ("state", "stream"):
        if (key := row_key(route, 1, first, several)) in ratios:
            targets[f"{route} >= 50% of bare"] = ratios[key] >= 0.50
    for mix in ("mix", "traffic"):
        for connections in args.workers_2_connections:
            row = by.get(("panelist", mix, 2, connections))
            if row is not None:
                targets[f"{mix} @2 workers -c{connections} >= 1000 RPS with p99 < 500 ms"] = (
                    row.rps >= 1000 and row.p99_ms < 500
                )
    scale = round(answer_2.rps / answer_1.rps, 3) if answer_1 and answer_2 else None
    if scale is not None:
        targets["answer @2 workers >= 1.7x one worker"] = scale >= 1.7
    pacing: Pacing = args.pacing
    return {
        "label": args.label,
        "arguments": " ".join(sys.argv[1:]),
        "code": str(args.code),
        "fast_protocols": not args.without_fast_protocols,
        "queue": args.queue,
        "answers": args.answers,
        "answer_pool": args.answer_pool,
        "server": args.server,
        "interviews": args.interviews,
        "stages": args.stages,
        "seconds": args.seconds,
        "connections": sorted({*args.connections, *args.workers_2_connections}),
        "mix_percent": MIX,
        "pacing": asdict(pacing),
        "traffic_per_page_second": pacing.per_page_second(),
        "traffic_percent": pacing.mix(),
        "traffic_arithmetic": pacing.arithmetic(),
        "results": [asdict(r) for r in results],
        "ratio_to_bare": ratios,
        "cpu_ratio_to_bare": cpu_ratios,
        "workers_2_over_1_answer": scale,
        "targets_met": targets,
    }


def markdown(summary: dict[str, Any]) -> str:
    connections = summary["connections"]
    several = isinstance(connections, list) and len(connections) > 1
    shown = (
        "/".join(f"-c{c}" for c in connections) if isinstance(connections, list) else connections
    )
    lines = [
        f"# Load: panelist serve vs a bare FastAPI app ({summary['label']})",
        "",
        f"`PYTHONPATH=. .venv/bin/python benchmarks/load.py {summary['arguments']}` - "
        f"{summary['interviews']} started interviews on SQLite ({stages_text(summary)}), wrk -t1 "
        f"{shown} for {summary['seconds']} s per row (closed loop: wrk2, which holds a fixed "
        "rate, is not installed here, so each row reports the rate it reached); one worker "
        "pinned to CPU 0 and wrk to CPU 1 (2 workers: both CPUs, wrk beside them); "
        f"uvloop+httptools: {summary['fast_protocols']}; server: {summary['server']}; "
        f"jobs: {queue_text(summary.get('queue', 'in-process'))}; "
        f"answers: {answers_text(summary)}; "
        f"mix: {summary['mix_percent']}; traffic: {summary.get('traffic_percent')}.",
        "",
        "| route | workers | connections | panelist RPS | p50 ms | p99 ms | errors | CPU ms/req "
        "| job worker CPU ms/req | jobs waiting | bare RPS | bare p99 ms | bare CPU ms/req "
        "| RPS ratio | CPU ratio | load avg | CPUs busy: server / job worker / wrk |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    rows = summary["results"]
    for r in rows:
        if r["server"] != "panelist":
            continue
        same = (r["route"], r["workers"], r.get("connections"))
        bare = next(
            b
            for b in rows
            if b["server"] == "bare" and (b["route"], b["workers"], b.get("connections")) == same
        )
        key = row_key(r["route"], r["workers"], r.get("connections", 0), several)
        ratio, cpu = summary["ratio_to_bare"][key], summary["cpu_ratio_to_bare"][key]
        lines.append(
            f"| {r['route']} | {r['workers']} | {r.get('connections', '-')} | {r['rps']} | "
            f"{r['p50_ms']} | {r['p99_ms']} | "
            f"{r['errors']} | {r['cpu_ms_per_request']} | "
            f"{r.get('worker_cpu_ms_per_request', '-')} | {r.get('jobs_waiting', '-')} | "
            f"{bare['rps']} | {bare['p99_ms']} | "
            f"{bare['cpu_ms_per_request']} | {ratio:.0%} | {cpu:.0%} | {r['load_average']} | "
            f"{cpus_text(r)} |"
        )
    lines += [
        "",
        "RPS ratio: panelist RPS / bare RPS in the same run. CPU ratio: bare CPU ms per request "
        "/ panelist CPU ms per request (the server processes' user+system time, from /proc): "
        "the RPS ratio on an idle core, independent of what else the machine runs. Job worker "
        "CPU ms/req: the separate `panelist worker`'s CPU time over the same requests (the "
        "queue's share of the work); jobs waiting: its backlog when the row ended. CPUs busy: "
        "CPU seconds over the row's wall seconds of the server's processes, the job worker and "
        "wrk; a sum near 2 (the machine's CPUs) means the row was bound by the machine, not "
        "by the server.",
        "",
    ]
    if "traffic_arithmetic" in summary:
        pacing = summary["pacing"]
        lines += [
            "## The traffic mix, from the product's pacing",
            "",
            "Requests per open candidate page per second (Pacing in benchmarks/load.py), as the "
            "candidate's page sends them (static/chat.js): an answer every "
            f"{pacing['answer_seconds']:g} s (60-90 s of candidate time), and after each one "
            "stream read (the interviewer's reply) and one state read (the progress), nothing "
            "polled in between; per recruiter (one per "
            f"{pacing['pages_per_recruiter']:g} open pages, an assumption) a list or search "
            f"every {pacing['dashboard_seconds']:g} s and one report read per finished "
            f"interview ({pacing['answers_per_interview']:.1f} answers each).",
            "",
            "| route | rate per page | requests/s per page | share |",
            "|---|---|---|---|",
            *summary["traffic_arithmetic"],
            "",
        ]
    if summary["workers_2_over_1_answer"] is not None:
        lines += [f"answer route, 2 workers / 1: {summary['workers_2_over_1_answer']}x", ""]
    lines += ["| target | met |", "|---|---|"]
    lines += [f"| {k} | {'yes' if v else 'no'} |" for k, v in summary["targets_met"].items()]
    return "\n".join(lines) + "\n"


def cpus_text(row: dict[str, Any]) -> str:
    """The row's CPUs busy, server / job worker / wrk, and their sum (runs before: "-")."""
    if "server_cpus" not in row:
        return "-"
    parts = (row["server_cpus"], row["worker_cpus"], row["wrk_cpus"])
    return " / ".join(f"{p:.2f}" for p in parts) + f" = {sum(parts):.2f}"


def stages_text(summary: dict[str, Any]) -> str:
    """Where the live interviews stood, as the answer rows met them."""
    stages = summary.get("stages")
    if not stages:  # runs before the seed varied the stages: every interview at its intro
        return "every one at its intro"
    return "waiting on: " + ", ".join(f"{kind} {count}" for kind, count in stages.items())


def answers_text(summary: dict[str, Any]) -> str:
    mode = summary.get("answers", "fixed")  # runs before the option cycled the fixed three
    if mode == "varied":
        return (
            f"varied (a seeded shuffle of {summary.get('answer_pool', '?')} natural answers, "
            "graded set + mohler_dev + saf_training)"
        )
    return "fixed (the same three texts in turn)"


def queue_text(queue: str) -> str:
    if queue == "none":
        return "enqueued and left waiting: no job worker runs (the web tier alone)"
    if queue == "worker":
        return "a separate `panelist worker` (1 thread) on wrk's CPU"
    return "in the server process (PANELIST_QUEUE_WORKERS=1)"


def stop(_signal: int, _frame: object) -> None:
    raise SystemExit("stopped: the servers started are stopped too")


def main() -> None:
    signal.signal(signal.SIGTERM, stop)  # so ``running`` stops its server on a kill
    if len(sys.argv) > 1 and sys.argv[1] == "bare":
        parser = argparse.ArgumentParser(prog="load.py bare")
        parser.add_argument("--bodies", type=Path, required=True)
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--workers", type=int, default=1)
        bare = parser.parse_args(sys.argv[2:])
        serve_bare(bare.bodies, bare.port, bare.workers)
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--connections",
        type=lambda text: [int(c) for c in text.split(",")],
        default=[32],
        help="wrk connections, comma-separated: each row runs at each (default 32)",
    )
    parser.add_argument(
        "--pages-per-recruiter",
        type=float,
        default=10.0,
        help="open candidate pages per recruiter at work, for the traffic mix (default 10)",
    )
    parser.add_argument(
        "--workers-2-routes",
        default="answer,mix,traffic",
        help="the rows run again with --workers 2 (comma-separated)",
    )
    parser.add_argument(
        "--workers-2-connections",
        type=lambda text: [int(c) for c in text.split(",")],
        default=None,
        help="wrk connections of the --workers 2 rows (default: --connections)",
    )
    parser.add_argument(
        "--name", default="load", help="the results' file name: NAME.json and NAME.md"
    )
    parser.add_argument("--label", default="after")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code is served")
    parser.add_argument("--without-fast-protocols", action="store_true")
    parser.add_argument("--server", choices=("uvicorn", "granian"), default="uvicorn")
    parser.add_argument(
        "--routes",
        default=",".join((*ROUTES, "mix", "traffic")),
        help="comma-separated; default all",
    )
    parser.add_argument(
        "--queue",
        choices=("worker", "in-process", "none"),
        default="worker",
        help="where jobs run: a separate `panelist worker` (default), the server process, or "
        "nowhere (none: they wait in the queue; the web tier measured alone)",
    )
    parser.add_argument(
        "--answers",
        choices=("varied", "fixed"),
        default="varied",
        help="submitted texts: a shuffle of 2,613 natural answers (default) or the fixed three",
    )
    parser.add_argument(
        "--answer-data", type=Path, default=ANSWER_DATA, help="scoring data dir (varied answers)"
    )
    parser.add_argument("--no-workers-2", action="store_true", help="one worker only")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument(
        "--seed-dir",
        type=Path,
        default=None,
        help="seed here, or reuse the seed an earlier run left here (same --interviews)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.workers_2_connections = args.workers_2_connections or args.connections
    args.code = args.code.resolve()  # its servers run in it (and find it on PYTHONPATH)
    summary = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(summary, indent=2) + "\n")
    (args.out / f"{args.name}.md").write_text(markdown(summary))
    print(markdown(summary))


if __name__ == "__main__":
    main()
