"""Per-answer cost against the interview's length: answer 5 vs answer 40 of one interview.

    PYTHONPATH=. .venv/bin/python benchmarks/answer_cost.py [--interviews 5] [--answers 44]

Drives long interviews (240-minute budget, five follow-ups a question, so that one interview
reaches 40 answers) through the real InterviewService on a SQLite file (the default install's
storage), with the configured default scorer, and times every ``submit`` in CPU time of this
process (``time.process_time``: the machine is shared, and wall time measures the neighbours;
SQLite runs in-process, so its work is counted). Answer text varies with the question, so the figure compared is the
median over a window of five answers (3-7 and 38-42) across all interviews; the single answers
5 and 40 are reported beside it. Writes benchmarks/results/answer_cost.{json,md}.
Target (issue 15): answer 40 / answer 5 <= 1.3. ``--profile FILE`` runs cProfile over every
timed submit (the profiler's own cost inflates the figures: read them as shares), keeps the
stats in FILE and prints the top functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import platform
import pstats
import tempfile
import time
import uuid
from pathlib import Path
from statistics import median

from panelist.candidates import simulated_candidate
from panelist.catalog.loader import load_catalog
from panelist.config import load_settings
from panelist.interview.state import Status
from panelist.service.factory import build_service
from panelist.storage import open_database

RESULTS = Path(__file__).resolve().parent / "results"
ROLE = "SRES.GEN.P5"
EARLY, LATE = 5, 40  # 1-based answer numbers compared
WINDOW = 2  # answers either side of each in the window median
TARGET = 1.3


def one_interview(
    scratch: Path,
    seed: int,
    answers: int,
    semantic: str | None = None,
    profiler: cProfile.Profile | None = None,
) -> list[float]:
    """Seconds per submit, in answer order, of one interview that reaches ``answers`` answers
    (``semantic``: the setting, None for the configured one; ``profiler`` runs over each
    submit)."""
    settings = load_settings(
        data_dir=scratch / f"seed{seed}",
        interview_minutes=240,
        max_follow_ups=5,
        seed=seed,
        **({"semantic": semantic} if semantic is not None else {}),
    )
    catalog = load_catalog(settings.catalog_path)
    database = open_database(settings)
    try:
        service = build_service(settings, catalog, database.interviews)
        candidate = simulated_candidate("average", seed, catalog)
        created = service.create(ROLE, None, candidate.name, seed=seed)
        said = service.start(created.id)
        costs: list[float] = []
        while len(costs) < answers:
            state = service.transcript(created.id)
            if state.status is not Status.IN_PROGRESS:
                break
            text = candidate.reply(said[-1], state)
            if profiler is not None:
                profiler.enable()
            begin = time.process_time()
            said = service.submit(created.id, uuid.uuid4().hex, text)
            costs.append(time.process_time() - begin)
            if profiler is not None:
                profiler.disable()
        return costs
    finally:
        database.close()


def window(costs: list[list[float]], answer: int) -> list[float]:
    lo, hi = answer - 1 - WINDOW, answer - 1 + WINDOW
    return [c[i] for c in costs for i in range(lo, hi + 1) if i < len(c)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=5)
    parser.add_argument("--answers", type=int, default=LATE + WINDOW + 2)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--label", default="after", help="before|after, recorded in the JSON")
    parser.add_argument(
        "--semantic",
        choices=("auto", "on", "off"),
        help="the scorer's sentence model (default: the configured one); off is the request "
        "path's scorer when a job queue re-scores with the model",
    )
    parser.add_argument(
        "--profile", type=Path, help="cProfile the submits; stats to this file, top printed"
    )
    parser.add_argument("--top", type=int, default=40, help="functions printed with --profile")
    args = parser.parse_args()
    profiler = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory() as scratch:
        runs = [
            one_interview(Path(scratch), seed, args.answers, args.semantic, profiler)
            for seed in range(1, 1 + args.interviews)
        ]
    if profiler is not None and args.profile is not None:
        stats = pstats.Stats(profiler).strip_dirs()
        stats.dump_stats(str(args.profile))
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    long_enough = [c for c in runs if len(c) >= LATE + WINDOW]
    if not long_enough:
        raise SystemExit(f"No interview reached {LATE + WINDOW} answers: raise the budget.")
    early_ms = median(window(long_enough, EARLY)) * 1000
    late_ms = median(window(long_enough, LATE)) * 1000
    single_early = median(c[EARLY - 1] for c in long_enough) * 1000
    single_late = median(c[LATE - 1] for c in long_enough) * 1000
    result = {
        "label": args.label,
        "role": ROLE,
        "semantic": args.semantic or load_settings().semantic,
        "command": "PYTHONPATH=. .venv/bin/python benchmarks/answer_cost.py"
        + (f" --semantic {args.semantic}" if args.semantic else ""),
        "interviews": len(long_enough),
        "answers_per_interview": [len(c) for c in runs],
        "window": f"answers {EARLY - WINDOW}-{EARLY + WINDOW} vs {LATE - WINDOW}-{LATE + WINDOW}",
        "early_ms": round(early_ms, 2),
        "late_ms": round(late_ms, 2),
        "ratio": round(late_ms / early_ms, 3),
        "answer_5_ms": round(single_early, 2),
        "answer_40_ms": round(single_late, 2),
        "single_ratio": round(single_late / single_early, 3),
        "target_ratio": TARGET,
        "meets_target": late_ms / early_ms <= TARGET,
        "per_answer_ms_median": [
            round(median(c[i] for c in long_enough) * 1000, 2)
            for i in range(min(len(c) for c in long_enough))
        ],
        "clock": "time.process_time (CPU seconds of the benchmark process)",
        "python": platform.python_version(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "answer_cost.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "answer_cost.md").write_text(markdown(result))
    print(markdown(result))


def markdown(r: dict[str, object]) -> str:
    return (
        "# Per-answer cost against interview length\n\n"
        f"`{r['command']}` ({r['interviews']} interviews of {ROLE}, SQLite, embedded scorer "
        f"with semantic={r['semantic']}, CPU time per submit)\n\n"
        "| | answer 5 | answer 40 | ratio (target <= 1.3) |\n|---|---|---|---|\n"
        f"| median of {r['window']} | {r['early_ms']} ms | {r['late_ms']} ms | **{r['ratio']}** |\n"
        f"| single answer, median over interviews | {r['answer_5_ms']} ms | "
        f"{r['answer_40_ms']} ms | {r['single_ratio']} |\n"
    )


if __name__ == "__main__":
    main()
