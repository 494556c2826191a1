"""Fairness of the whole pipeline: counterfactual interviews and non-native English pairs.

    .venv/bin/python benchmarks/fairness.py [--seeds 3] [--role SRES.GEN.P3] [--out DIR]

1. Every simulated profile is interviewed on ``--seeds`` seeds; the same answers with names,
   pronouns and gendered words swapped are given again by a candidate of another name. The
   questions asked, every answer's score and the recommendation must be identical.
2. ``panelist/evaluation/data/non_native_pairs.jsonl`` (the same answer in fluent English and in
   common non-native patterns) is scored with the embedded scorer; the gap is reported against
   the stated tolerance (panelist.evaluation.fairness).

Writes benchmarks/results/fairness.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from panelist.candidates import PROFILES
from panelist.catalog.loader import load_catalog
from panelist.config import load_settings
from panelist.evaluation.fairness import counterfactual_pair, non_native_gaps, summarise
from panelist.scoring import SCORER_VERSION

RESULTS = Path(__file__).resolve().parent / "results"
CANDIDATES = (
    ("James Miller", "Aisha Okafor"),
    ("Maria Rossi", "Daniel Kim"),
    ("Tom Weber", "Priya Nair"),
)
COLLEAGUES = (("Daniel", "Maria"), ("Sofia", "Omar"), ("Lukas", "Mei"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--role", default="SRES.GEN.P3")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    settings = load_settings(semantic="off")
    catalog = load_catalog(None)
    started = time.perf_counter()
    runs: list[dict[str, Any]] = []
    for profile in PROFILES:
        for seed in range(args.seeds):
            run = counterfactual_pair(
                settings,
                catalog,
                role_code=args.role,
                profile=profile,
                seed=seed,
                candidates=CANDIDATES[seed % len(CANDIDATES)],
                colleagues=COLLEAGUES[seed % len(COLLEAGUES)],
            )
            runs.append(
                {
                    "profile": profile,
                    "seed": seed,
                    "identical": run.identical,
                    "answers": run.answers,
                    "answers_changed": run.answers_changed,
                    "overall": run.original.overall,
                    "overall_swapped": run.swapped.overall,
                    "recommendation": run.original.recommendation,
                    "recommendation_swapped": run.swapped.recommendation,
                }
            )
    gaps = non_native_gaps(catalog)
    summary = summarise(gaps)
    result = {
        "scorer": SCORER_VERSION,
        "role": args.role,
        "seconds": round(time.perf_counter() - started, 1),
        "counterfactual": {
            "runs": len(runs),
            "identical": sum(r["identical"] for r in runs),
            "answers_changed": sum(r["answers_changed"] for r in runs),
            "details": runs,
        },
        "non_native": {
            **summary,
            "pairs_detail": [
                {"id": g.id, "fluent": g.fluent, "non_native": g.non_native, "gap": g.gap}
                for g in gaps
            ],
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "fairness.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (args.out / "fairness.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.3f}"


def markdown(result: dict[str, object]) -> str:
    cf = result["counterfactual"]
    nn = result["non_native"]
    assert isinstance(cf, dict) and isinstance(nn, dict)
    lines = [
        f"# Fairness — {result['role']}, {result['scorer']}",
        "",
        "## Counterfactual interviews (names, pronouns, gendered words swapped)",
        "",
        f"{cf['identical']} of {cf['runs']} interviews identical (questions, every score, "
        f"recommendation); {cf['answers_changed']} answers rewritten by the swap.",
        "",
        "| profile | seed | identical | answers changed | overall | swapped | recommendation |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in cf["details"]:
        lines.append(
            f"| {r['profile']} | {r['seed']} | {'yes' if r['identical'] else '**no**'} "
            f"| {r['answers_changed']}/{r['answers']} | {r['overall']} | {r['overall_swapped']} "
            f"| {r['recommendation']} / {r['recommendation_swapped']} |"
        )
    lines += [
        "",
        "## Non-native English pairs (same content, embedded scorer, 1-5 scale)",
        "",
        f"- pairs: {nn['pairs']} (scored both sides: {nn['scored_pairs']})",
        f"- mean gap (non-native − fluent): {_num(nn['mean_gap'])} "
        f"(tolerance ≥ −{nn['tolerance_mean_penalty']})",
        f"- mean |gap|: {nn['mean_abs_gap']:.3f} (tolerance ≤ {nn['tolerance_mean_abs']})",
        f"- max |gap|: {nn['max_abs_gap']:.3f} (tolerance ≤ {nn['tolerance_max_abs']})",
        f"- non-native lower / higher / equal: {nn['non_native_lower']} / "
        f"{nn['non_native_higher']} / {nn['scored_pairs'] - nn['non_native_lower'] - nn['non_native_higher']}",
        f"- within tolerance: {'yes' if nn['within_tolerance'] else '**no**'}",
        "",
        "Largest gaps:",
        "",
    ]
    worst = sorted((p for p in nn["pairs_detail"] if p["gap"] is not None), key=lambda p: p["gap"])[
        :5
    ]
    lines += [f"- {p['id']}: {p['fluent']} → {p['non_native']} ({_num(p['gap'])})" for p in worst]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
