"""Simulated interviews per quality profile: mean overall score, recommendations, speed.

    .venv/bin/python benchmarks/simulation.py [--seeds 20] [--role SRES.GEN.P3]

Runs every profile through the real InterviewService (planner, follow-ups, embedded scorer,
report) on an in-memory repository and writes benchmarks/results/simulation.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path
from statistics import fmean, quantiles

from panelist.candidates import PROFILES, simulated_candidate
from panelist.catalog.loader import load_catalog
from panelist.config import load_settings
from panelist.reports import build_report
from panelist.scoring import SCORER_VERSION, EmbeddedScorer
from panelist.service.interviews import InterviewService
from panelist.service.simulation import run_interview
from panelist.storage.memory import MemoryRepository

RESULTS = Path(__file__).resolve().parent / "results"


def run(seeds: int, role: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings(data_dir=Path(scratch), semantic="off")
        catalog = load_catalog(settings.catalog_path)
        service = InterviewService(settings, catalog, MemoryRepository(), EmbeddedScorer())
        profiles: dict[str, dict[str, object]] = {}
        durations: list[float] = []
        for profile in PROFILES:
            scores: list[float] = []
            recommendations: Counter[str] = Counter()
            for seed in range(seeds):
                candidate = simulated_candidate(profile, seed, catalog)
                started = time.perf_counter()
                created = service.create(
                    role, None, candidate.name, quality_profile=profile, seed=seed
                )
                report = build_report(run_interview(service, created.id, candidate), catalog)
                durations.append(time.perf_counter() - started)
                if report.overall_score is not None:
                    scores.append(report.overall_score)
                recommendations[str(report.recommendation)] += 1
            profiles[profile] = {
                "mean_overall": round(fmean(scores), 3) if scores else None,
                "min_overall": min(scores) if scores else None,
                "max_overall": max(scores) if scores else None,
                "recommendations": dict(recommendations),
            }
    cuts = quantiles(durations, n=100)
    return {
        "role": role,
        "seeds": seeds,
        "scorer": f"embedded/{SCORER_VERSION}",
        "profiles": profiles,
        "interview_seconds": {"p50": round(cuts[49], 3), "p99": round(cuts[98], 3)},
    }


def markdown(result: dict[str, object]) -> str:
    lines = [
        f"# Simulated interviews — {result['role']}, {result['seeds']} seeds, {result['scorer']}",
        "",
        "| profile | mean overall | min | max | recommendations |",
        "|---|---|---|---|---|",
    ]
    profiles = result["profiles"]
    assert isinstance(profiles, dict)
    for name, row in profiles.items():
        recs = ", ".join(f"{k} {v}" for k, v in sorted(row["recommendations"].items()))
        lines.append(
            f"| {name} | {row['mean_overall']} | {row['min_overall']} | {row['max_overall']} "
            f"| {recs} |"
        )
    seconds = result["interview_seconds"]
    assert isinstance(seconds, dict)
    lines += ["", f"Whole interview incl. report: p50 {seconds['p50']} s, p99 {seconds['p99']} s."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--role", default="SRES.GEN.P3")
    args = parser.parse_args()
    result = run(args.seeds, args.role)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "simulation.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "simulation.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
