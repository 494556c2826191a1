"""The listening benchmark: does the interviewer hear what the candidate said?

    .venv/bin/python benchmarks/listening.py --as after [--seeds 4]

Runs the scripted interviews (panelist/evaluation/data/scripted_interviews) and simulated
ones (panelist.candidates profiles) through the real InterviewService with the embedded
scorer, counts redundant follow-ups, re-asks, false/missed contradictions, off-topic flags
on direct answers and answers per question (see panelist/evaluation/listening.py), and
writes benchmarks/results/listening.{json,md}. ``--as before`` / ``--as after`` names the
run; the other run already in the JSON is kept, so the Markdown shows both.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path
from typing import Any

from panelist.evaluation.listening import (
    SIMULATED_PROFILES,
    markdown_table,
    run_scripted,
    run_simulated,
    scripted_interviews,
    summarise,
)

RESULTS = Path(__file__).resolve().parent / "results"
ROLES = ("SRES.GEN.P4", "SRES.GEN.P5")
STRONG_PROFILES = ("exceptional", "strong")
TARGETS = (
    "Targets: 0 re-asks and 0 false contradictions on the scripted set; answers per question "
    "<= 1.8 for a strong candidate.\n\n"
    "What each count measures: `redundant_follow_ups`, `re_asks` and `answers_per_question` "
    "are the interviewer's (panelist/interview); `false_contradictions`, "
    "`missed_contradictions`, `contradiction_flags` and `off_topic_on_direct` are the "
    "scorer's flags (contradiction precision, relevance against `context.prompt`). "
    "Scripted counts use the hand labels; simulated ones count a point as said when the "
    "scorer credited it, a baseline as given when two numbers are set against each other, and "
    "an answer as contradicting an earlier one when it says one side of a contradiction the "
    "simulator planted (panelist/candidates/planted.py; only the bluffer plants any); "
    "an off-topic flag on one of the simulator's stock non-answers (a vague line, 'I don't "
    "know', the bluffer's stock reply) is not one on a direct answer (until commit 63fdc80 "
    "every simulated off-topic flag counted)."
)


def run(seeds: int) -> dict[str, Any]:
    scripted = run_scripted(scripted_interviews())
    simulated = run_simulated(ROLES, seeds, SIMULATED_PROFILES)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "commit": commit,
        "seeds": seeds,
        "roles": list(ROLES),
        "scripted": {"summary": summarise(scripted), "interviews": [c.to_dict() for c in scripted]},
        "simulated": {
            "summary": summarise(simulated),
            "examples": [  # what the strong profiles still hear wrong, for a reader to judge
                f"{c.name}: {example}"
                for c in simulated
                if c.label in STRONG_PROFILES
                for example in c.examples
            ],
        },
    }


def markdown(runs: dict[str, Any]) -> str:
    lines = ["# Listening benchmark", "", TARGETS, ""]
    for name in ("before", "after"):
        result = runs.get(name)
        if result is None:
            continue
        lines += [
            f"## {name} (commit {result['commit']})",
            "",
            *markdown_table("Scripted interviews", result["scripted"]["summary"]),
            *markdown_table(
                f"Simulated interviews ({', '.join(result['roles'])}, {result['seeds']} seeds each)",
                result["simulated"]["summary"],
            ),
            "Examples from the scripted set:",
            "",
        ]
        for interview in result["scripted"]["interviews"]:
            for example in interview["examples"]:
                lines.append(f"- {interview['name']}: {example}")
        examples = result["simulated"].get("examples")
        if examples is not None:
            lines += [
                "",
                f"Examples from the simulated {' and '.join(STRONG_PROFILES)} interviews:",
                "",
            ]
            lines += [f"- {example}" for example in examples] or ["- none"]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--as", dest="name", choices=("before", "after"), default="after")
    parser.add_argument("--seeds", type=int, default=4)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "listening.json"
    runs = json.loads(path.read_text()) if path.exists() else {}
    runs[args.name] = run(args.seeds)
    path.write_text(json.dumps(runs, indent=2) + "\n")
    (RESULTS / "listening.md").write_text(markdown(runs))
    print(markdown(runs))


if __name__ == "__main__":
    main()
