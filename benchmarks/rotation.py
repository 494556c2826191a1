"""Benchmark: how much question rotation gives two candidates for one opening different questions.

python benchmarks/rotation.py [--seeds 40]   -> benchmarks/results/rotation.{json,md}

For every SRE level at its blueprint duration, plans ``--seeds`` interviews (seeds 0..N-1) and
reports how many distinct sets of scored questions they get, the mean Jaccard overlap of two
candidates' scored questions (1.0 = always the same), how many slots rotate, and that the
covered required competencies are the same for every seed.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from panelist.catalog.loader import load_catalog
from panelist.catalog.models import SCORED_KINDS
from panelist.interview.planner import plan_interview

OUT = Path(__file__).resolve().parent / "results"
ROLES = ("SRES.GEN.P2", "SRES.GEN.P3", "SRES.GEN.P4", "SRES.GEN.P5", "SRES.GEN.P6")


def measure(seeds: int) -> dict[str, object]:
    catalog = load_catalog()
    rows = []
    for code in ROLES:
        role = catalog.role(code)
        budget = float(role.interview.duration_minutes)
        plans = [
            plan_interview(catalog, role, role.level.code, budget_minutes=budget, seed=s)
            for s in range(seeds)
        ]
        asked = [frozenset(i.question_id for i in p.items if i.kind in SCORED_KINDS) for p in plans]
        overlaps = [len(a & b) / len(a | b) for a, b in itertools.combinations(asked, 2)]
        required = set(role.interview.competencies)
        covered = {frozenset(c for i in p.items for c in i.competencies) & required for p in plans}
        first = [i for i in plans[0].items if i.kind in SCORED_KINDS]
        rows.append(
            {
                "role": code,
                "minutes": budget,
                "scored_slots": len(first),
                "rotating_slots": sum(1 for i in first if i.alternatives),
                "distinct_question_sets": len(set(asked)),
                "mean_jaccard": round(sum(overlaps) / len(overlaps), 3),
                "same_coverage_every_seed": len(covered) == 1,
                "max_minutes": max(sum(i.minutes for i in p.items) for p in plans),
            }
        )
    return {"seeds": seeds, "questions": len(catalog.questions), "roles": rows}


def render_markdown(report: dict[str, object]) -> str:
    lines = [
        f"# Question rotation — {report['seeds']} seeds, {report['questions']} catalog questions",
        "",
        "| role | minutes | scored slots | rotating | distinct sets | mean Jaccard | same "
        "coverage | max minutes |",
        "|---|---:|---:|---:|---:|---:|:---:|---:|",
    ]
    for row in report["roles"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {row['role']} | {row['minutes']:g} | {row['scored_slots']} | "
            f"{row['rotating_slots']} | {row['distinct_question_sets']} | {row['mean_jaccard']} | "
            f"{'yes' if row['same_coverage_every_seed'] else 'NO'} | {row['max_minutes']:g} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=40)
    args = parser.parse_args()
    report = measure(args.seeds)
    OUT.mkdir(exist_ok=True)
    (OUT / "rotation.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (OUT / "rotation.md").write_text(render_markdown(report), encoding="utf-8")
    print(render_markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
