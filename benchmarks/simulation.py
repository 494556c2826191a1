"""Simulated interviews per quality profile: mean overall score, recommendations, rubric echo.

    .venv/bin/python benchmarks/simulation.py [--seeds 20] [--role SRES.GEN.P3] [--out DIR]

Runs every profile through the real InterviewService (planner, follow-ups, embedded scorer,
report) on an in-memory repository and writes benchmarks/results/simulation.{json,md}.

"Rubric echo" is the share of answers to scored questions that contain five words in a row of
that question's key points or descriptors which no question text, reference answer or red flag
in the catalog says: the simulator reciting the scorer's own wording back. It is what makes a
profile ordering measure the simulator instead of the scorer, so it is reported beside it.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import Counter
from pathlib import Path
from statistics import fmean, quantiles

from panelist.candidates import PROFILES, simulated_candidate
from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import Question
from panelist.config import load_settings
from panelist.interview.state import InterviewState, Speaker
from panelist.reports import build_report
from panelist.scoring import SCORER_VERSION, EmbeddedScorer
from panelist.service.interviews import InterviewService
from panelist.service.simulation import run_interview
from panelist.storage.memory import MemoryRepository

RESULTS = Path(__file__).resolve().parent / "results"
ORDERED = ("exceptional", "strong", "average", "weak", "poor")
BELOW_AVERAGE = ("bluffer", "injector", "reciter")  # should never beat the same seed's average
_WORD = re.compile(r"[a-z0-9]+")
_PARENS = re.compile(r"\s*\([^()]*\)")


def shingles(text: str, n: int = 5) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def said_elsewhere(catalog: Catalog) -> set[str]:
    """Word runs that someone other than the rubric says: questions, references, red flags."""
    texts = [
        t
        for q in catalog.questions.values()
        for t in [q.text, q.reference_answer or "", *(p for rf in q.red_flags for p in rf.phrases)]
    ]
    texts += [_PARENS.sub("", t) for t in texts]
    return set().union(*(shingles(t) for t in texts))


def echoes(answer: str, question: Question, elsewhere: set[str]) -> bool:
    rubric = set().union(
        *(shingles(kp.text) for kp in question.key_points),
        *(shingles(d) for d in question.descriptors.values()),
    )
    return bool((shingles(answer) & rubric) - elsewhere)


def scored_answers(state: InterviewState, catalog: Catalog) -> list[tuple[str, Question]]:
    out: list[tuple[str, Question]] = []
    for turn in state.turns:
        question = catalog.questions.get(turn.question_id or "")
        if turn.speaker is Speaker.CANDIDATE and question is not None and question.scored:
            out.append((turn.text, question))
    return out


def run(seeds: int, role: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings(data_dir=Path(scratch), semantic="off")
        catalog = load_catalog(settings.catalog_path)
        elsewhere = said_elsewhere(catalog)
        service = InterviewService(settings, catalog, MemoryRepository(), EmbeddedScorer())
        profiles: dict[str, dict[str, object]] = {}
        durations: list[float] = []
        for profile in PROFILES:
            scores: list[float] = []
            by_seed: list[float | None] = []
            recommendations: Counter[str] = Counter()
            answers = echoed = words = 0
            for seed in range(seeds):
                candidate = simulated_candidate(profile, seed, catalog)
                started = time.perf_counter()
                created = service.create(
                    role, None, candidate.name, quality_profile=profile, seed=seed
                )
                final = run_interview(service, created.id, candidate)
                report = build_report(final, catalog)
                durations.append(time.perf_counter() - started)
                by_seed.append(report.overall_score)
                if report.overall_score is not None:
                    scores.append(report.overall_score)
                recommendations[str(report.recommendation)] += 1
                for text, question in scored_answers(final, catalog):
                    answers += 1
                    words += len(text.split())
                    echoed += echoes(text, question, elsewhere)
            profiles[profile] = {
                "mean_overall": round(fmean(scores), 3) if scores else None,
                "min_overall": min(scores) if scores else None,
                "max_overall": max(scores) if scores else None,
                "recommendations": dict(recommendations),
                "overall_by_seed": by_seed,
                "scored_answers": answers,
                "rubric_echo": round(echoed / answers, 3) if answers else None,
                "words_per_answer": round(words / answers, 1) if answers else None,
            }
    cuts = quantiles(durations, n=100)
    return {
        "inversions": inversions(profiles),
        "role": role,
        "seeds": seeds,
        "scorer": f"embedded/{SCORER_VERSION}",
        "profiles": profiles,
        "interview_seconds": {"p50": round(cuts[49], 3), "p99": round(cuts[98], 3)},
    }


def _beats(profiles: dict[str, dict[str, object]], low: str, high: str) -> int | None:
    """Seeds on which ``low`` scored at least as high as ``high``."""
    if low not in profiles or high not in profiles:
        return None
    lows, highs = profiles[low]["overall_by_seed"], profiles[high]["overall_by_seed"]
    assert isinstance(lows, list) and isinstance(highs, list)
    return sum(
        1 for a, b in zip(lows, highs, strict=True) if a is not None and b is not None and a >= b
    )


def inversions(profiles: dict[str, dict[str, object]]) -> dict[str, int | None]:
    """Seeds on which a profile did not score below the one that should beat it."""
    pairs = [(ORDERED[i + 1], ORDERED[i]) for i in range(len(ORDERED) - 1)]
    pairs += [(p, "average") for p in BELOW_AVERAGE]
    return {f"{low} >= {high}": _beats(profiles, low, high) for low, high in pairs}


def markdown(result: dict[str, object]) -> str:
    lines = [
        f"# Simulated interviews — {result['role']}, {result['seeds']} seeds, {result['scorer']}",
        "",
        "| profile | mean overall | min | max | recommendations | rubric echo | words/answer |",
        "|---|---|---|---|---|---|---|",
    ]
    profiles = result["profiles"]
    assert isinstance(profiles, dict)
    for name, row in profiles.items():
        recs = ", ".join(f"{k} {v}" for k, v in sorted(row["recommendations"].items()))
        lines.append(
            f"| {name} | {row['mean_overall']} | {row['min_overall']} | {row['max_overall']} "
            f"| {recs} | {row['rubric_echo']} | {row['words_per_answer']} |"
        )
    seconds = result["interview_seconds"]
    assert isinstance(seconds, dict)
    flips = result["inversions"]
    assert isinstance(flips, dict)
    lines += [
        "",
        "Same-seed inversions (seeds on which the lower profile scored at least as high):",
        "",
    ]
    lines += [f"- {pair}: {count} of {result['seeds']}" for pair, count in flips.items()]
    lines += [
        "",
        "Rubric echo: share of scored answers containing five words in a row of the question's "
        "key points or descriptors that no question, reference answer or red flag says.",
        "",
        f"Whole interview incl. report: p50 {seconds['p50']} s, p99 {seconds['p99']} s.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--role", default="SRES.GEN.P3")
    parser.add_argument("--out", type=Path, default=RESULTS, help="Directory for the results.")
    args = parser.parse_args()
    result = run(args.seeds, args.role)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "simulation.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "simulation.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
