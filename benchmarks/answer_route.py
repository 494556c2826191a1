"""CPU per ``POST /api/v1/candidate/{token}/answers`` in-process, and where it goes.

    PYTHONPATH=. .venv/bin/python benchmarks/answer_route.py [--interviews 1000] [--answers 1000]
        [--profile] [--seeded DIR] [--label TEXT] [--answer-data DIR] [--write]

Seeds ``--interviews`` started interviews on SQLite as benchmarks/load.py does (or copies a
database seeded before: ``--seeded DIR`` keeps it there), builds the real app as a served
process has it (``PANELIST_QUEUE_WORKERS=0``: jobs are enqueued, as with a separate ``panelist
worker``; the start-up heap frozen) and drives it through httpx's ASGI transport: one answer
per interview in turn, a fresh turn id per request, texts from load.py's varied pool. The
interviews stand at load.py's STAGES in turn (the intro, the first technical question, a
follow-up pending, late), as in load.py's answer row; the output says how many wait on each
kind of interviewer turn. The figure is this process's CPU time
(``time.process_time``: every thread, SQLite included) per request over the measured answers,
after a warm-up round on interviews of its own. Each layer of LAYERS is timed around the
function named there; the same client against load.py's bare app gives the client's share.
``--profile`` runs cProfile over the measured answers (FastAPI's thread hop inlined, so one
thread holds the work), prints the top functions by cumulative and own time and keeps the
stats in ``--profile-out``. ``--write`` adds the run (by ``--label``) to
benchmarks/results/answer_route.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import platform
import pstats
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

import httpx

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

import load  # noqa: E402  (benchmarks/load.py: the same seed and answers)

WARM_UP = 50  # interviews answered once before measuring, not measured


def seeded(directory: Path, interviews: int) -> tuple[list[str], dict[str, int]]:
    """Invite tokens of ``interviews`` started interviews in ``directory`` (seeded once, at
    load.py's STAGES), and how many wait on each kind of interviewer turn."""
    marker = directory / "seed.json"  # a seed of every interview at its intro had tokens.json
    if marker.exists():
        kept = json.loads(marker.read_text())
        if len(kept["tokens"]) >= interviews:
            return kept["tokens"], kept["stages"]
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    made = load.seed(directory, interviews)
    marker.write_text(json.dumps({"tokens": made.tokens, "stages": made.stages}))
    return made.tokens, made.stages


# The layers timed (inclusive CPU time of each call): what the answer route is made of. The
# scorer is EmbeddedScorer.score, called for the answer's score and an intro's relevance alike.
LAYERS = {
    "invite lookup": ("panelist.storage.invites", "InviteRepository", "lookup"),
    "interview read": ("panelist.storage.interviews", "SqlInterviewRepository", "get"),
    "engine step": ("panelist.service.interviews", None, "step"),
    "scorer": ("panelist.scoring.embedded", "EmbeddedScorer", "score"),
    "save": ("panelist.storage.interviews", "SqlInterviewRepository", "save"),
    "job message": ("panelist.service.interviews", "InterviewService", "_send"),
    "response body": ("panelist.web.routes.api_candidate", None, "candidate_json"),
    "answer flow": ("panelist.web.candidate_flow", None, "answer"),
    # the relevance of an answer to an unscored question (the intro; the call returns at once
    # for other answers): its scorer call is in "scorer" too, the rest in "service (rest)";
    # shown beside them, not added to them. Per intro: this over the stages' "intro" count.
    "unscored answers' relevance": (
        "panelist.service.interviews",
        "InterviewService",
        "_note_relevance",
    ),
}


class LayerClock:
    """CPU seconds spent in each of LAYERS, summed (an inner call of the same layer inside an
    outer one is not counted twice)."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(LAYERS, 0.0)
        self.depth = dict.fromkeys(LAYERS, 0)

    def install(self) -> None:
        import importlib

        for layer, (module_name, owner_name, attribute) in LAYERS.items():
            module = importlib.import_module(module_name)
            owner: Any = getattr(module, owner_name) if owner_name else module
            setattr(owner, attribute, self._timed(layer, getattr(owner, attribute)))

    def _timed(self, layer: str, original: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.depth[layer] += 1
            begin = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.depth[layer] -= 1
                if self.depth[layer] == 0:
                    self.seconds[layer] += time.process_time() - begin

        return timed

    def reset(self) -> None:
        self.seconds = dict.fromkeys(LAYERS, 0.0)


async def drive(
    app: Any,
    tokens: list[str],
    answers: list[str],
    args: argparse.Namespace,
    profiler: Any,
    timed: LayerClock,
) -> tuple[list[Round], dict[str, Any]]:
    """Two measured rounds: the process's first answer to each interview ("cold": its earlier
    answers and state never seen by this process), then the next answer to each ("warm": as
    a long-running process serves an interview it served a minute before)."""
    bodies: dict[str, Any] = {}  # the last answer's response body, for the bare app
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://panelist") as client:

        async def submit(token: str, n: int) -> float | None:
            body = {"turn_id": uuid.uuid4().hex, "text": answers[n % len(answers)]}
            begin = time.process_time()
            response = await client.post(f"/api/v1/candidate/{token}/answers", json=body)
            spent = time.process_time() - begin
            if response.status_code == 409 and "interview-ended" in response.text:
                return None  # ended by its last answer (the warm round only)
            if response.status_code != 200:
                raise SystemExit(f"{response.status_code} {response.text[:300]}")
            bodies["answer"] = response.json()
            return spent

        for n, token in enumerate(tokens[args.interviews : args.interviews + WARM_UP]):
            await submit(token, len(answers) // 2 + n)
        measured = tokens[: args.interviews]
        rounds = []
        for number in (1, 2):
            timed.reset()
            costs: list[float] = []
            ended = 0
            profiled = profiler is not None and number == args.profile_round
            begin = time.process_time()
            if profiled:
                profiler.enable()
            for n in range(args.answers):
                index = n + (number - 1) * args.answers  # the next text of the pool
                spent = await submit(measured[n % len(measured)], index)
                if spent is None:
                    ended += 1
                else:
                    costs.append(spent)
            if profiled:
                profiler.disable()
            rounds.append(Round(costs, time.process_time() - begin, dict(timed.seconds), ended))
    return rounds, bodies


@dataclass
class Round:
    """One measured pass over the interviews: each answer's CPU seconds, all of them, and
    each layer's."""

    costs: list[float]
    total: float
    layers: dict[str, float]
    ended: int  # requests answered 409: the interview had ended (counted as requests)


async def drive_bare(bodies: dict[str, Any], answers: list[str], count: int) -> float:
    """CPU seconds of ``count`` answers to load.py's bare app (same client, same bodies)."""
    transport = httpx.ASGITransport(app=load.bare_app(bodies))
    async with httpx.AsyncClient(transport=transport, base_url="http://bare") as client:
        begin = time.process_time()
        for n in range(count):
            body = {"turn_id": uuid.uuid4().hex, "text": answers[n % len(answers)]}
            response = await client.post("/api/v1/candidate/token/answers", json=body)
            response.raise_for_status()
        return time.process_time() - begin


def inline_thread_hops() -> None:
    """Run FastAPI's sync handlers and dependencies on the loop's thread (for the profile)."""
    import fastapi.dependencies.utils
    import fastapi.routing

    async def inline(func: Any, *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    fastapi.routing.run_in_threadpool = inline  # type: ignore[attr-defined]
    fastapi.dependencies.utils.run_in_threadpool = inline  # type: ignore[attr-defined]


def run(args: argparse.Namespace) -> dict[str, Any]:
    tokens, stages = seeded(args.seeded, args.interviews + WARM_UP)
    data = Path(tempfile.mkdtemp(prefix="answer-route-"))
    try:
        for name in os.listdir(args.seeded):
            if name.startswith("panelist.db"):
                shutil.copy(args.seeded / name, data / name)
        os.environ["PANELIST_DATA_DIR"] = str(data)
        os.environ["PANELIST_QUEUE_WORKERS"] = "0"
        os.environ["HF_HUB_OFFLINE"] = "1"
        from panelist.config import load_settings
        from panelist.web.app import build_context, create_app, settle_startup_heap

        settings = load_settings()
        context = build_context(settings)
        timed = LayerClock()
        timed.install()
        answers = load.answer_pool("varied", args.answer_data)
        app = create_app(settings, context=context)
        settle_startup_heap()  # as app_from_environment does in a served process
        if args.profile:
            inline_thread_hops()  # cProfile sees one thread only
        profiler = cProfile.Profile() if args.profile else None
        rounds, bodies = asyncio.run(drive(app, tokens, answers, args, profiler, timed))
        bare = asyncio.run(drive_bare(bodies, answers, args.answers))
        if profiler is not None:
            stats = pstats.Stats(profiler).strip_dirs()
            stats.dump_stats(str(args.profile_out))
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
    finally:
        shutil.rmtree(data, ignore_errors=True)

    def per_answer(seconds: float) -> float:
        return round(seconds / int(args.answers) * 1000, 3)

    return {
        "label": args.label,
        "interviews": args.interviews,
        "stages": stages,
        "answers": args.answers,
        "profiled": args.profile,
        **figures(rounds[0], per_answer),
        "warm": figures(rounds[1], per_answer),
        "bare_app_cpu_ms_per_answer": per_answer(bare),
        "python": platform.python_version(),
    }


def figures(measured: Round, per_answer: Any) -> dict[str, Any]:
    """One round's CPU ms per answer, its median, the scorer's share and each layer's."""
    return {
        "cpu_ms_per_answer": per_answer(measured.total),
        "cpu_ms_p50": round(median(measured.costs) * 1000, 3),
        "scorer_cpu_ms_per_answer": per_answer(measured.layers["scorer"]),
        "outside_scorer_cpu_ms_per_answer": per_answer(measured.total - measured.layers["scorer"]),
        "layers_cpu_ms_per_answer": layers(measured.layers, measured.total, per_answer),
        "ended_interviews": measured.ended,
    }


def layers(seconds: dict[str, float], total: float, per_answer: Any) -> dict[str, float]:
    """Each layer's CPU ms per answer; "answer flow" less the layers inside it is "service
    (rest)", and the request less the answer flow and the response body is "HTTP, middleware,
    validation, client"."""
    inside = ("invite lookup", "interview read", "engine step", "scorer", "save", "job message")
    shown = {layer: per_answer(seconds[layer]) for layer in inside}
    shown["service (rest)"] = per_answer(
        seconds["answer flow"] - sum(seconds[layer] for layer in inside)
    )
    shown["of which unscored answers' relevance"] = per_answer(
        seconds["unscored answers' relevance"]
    )
    shown["response body"] = per_answer(seconds["response body"])
    shown["HTTP, middleware, validation, client"] = per_answer(
        total - seconds["answer flow"] - seconds["response body"]
    )
    return shown


def markdown(results: list[dict[str, Any]]) -> str:
    """A table of ``results`` (before, after...), one column each."""
    first = results[0]
    head = " | ".join(str(r["label"]) for r in results)
    rows = [
        ("CPU ms / answer", "cpu_ms_per_answer"),
        ("CPU ms p50", "cpu_ms_p50"),
        ("outside the scorer", "outside_scorer_cpu_ms_per_answer"),
    ]
    lines = [f"| {name} | " + " | ".join(str(r[key]) for r in results) + " |" for name, key in rows]
    lines += [
        f"| {layer} | "
        + " | ".join(str(r["layers_cpu_ms_per_answer"].get(layer, "-")) for r in results)
        + " |"
        for layer in first["layers_cpu_ms_per_answer"]
    ]
    lines.append(
        "| load.py's bare app, same client | "
        + " | ".join(str(r["bare_app_cpu_ms_per_answer"]) for r in results)
        + " |"
    )
    return (
        "# Answer route, in-process CPU per answer\n\n"
        "`PYTHONPATH=. .venv/bin/python benchmarks/answer_route.py --label L --write` - "
        f"{first['interviews']} started interviews on SQLite (load.py's seed; "
        f"{load.stages_text(first)}), "
        f"{first['answers']} answers through httpx's ASGI transport, a fresh turn id each, load.py's "
        "varied answers, jobs enqueued only (PANELIST_QUEUE_WORKERS=0); CPU time of the process "
        "(every thread), ms per answer. Layers are inclusive CPU time of the functions named in "
        "answer_route.LAYERS; the last row is the same client against load.py's bare app (the "
        "client's and a bare FastAPI route's share of the HTTP row). The machine is shared: "
        "differences under ~0.2 ms are noise.\n\n"
        f"| layer | {head} |\n|---|" + "---|" * len(results) + "\n" + "\n".join(lines) + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument(
        "--profile-round", type=int, choices=(1, 2), default=1, help="1: cold, 2: warm"
    )
    parser.add_argument("--profile-out", type=Path, default=Path("/tmp/answer_route.prof"))
    parser.add_argument(
        "--seeded", type=Path, default=Path(tempfile.gettempdir()) / "answer-route-seed"
    )
    parser.add_argument("--label", default="this checkout")
    parser.add_argument(
        "--answer-data", type=Path, default=load.ANSWER_DATA, help="as load.py's --answer-data"
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    result = run(args)
    print(json.dumps(result, indent=2))
    if args.write:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / "answer_route.json"
        kept = json.loads(path.read_text()) if path.exists() else []
        kept = [r for r in kept if r["label"] != result["label"]] + [result]
        path.write_text(json.dumps(kept, indent=2) + "\n")
        (RESULTS / "answer_route.md").write_text(markdown(kept))


if __name__ == "__main__":
    main()
