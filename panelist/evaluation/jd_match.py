"""How well ``match_job_description`` names the role family and level of job descriptions.

Reads a labelled set (``data/job_descriptions.jsonl``: ``id, family`` (a catalog family
code, or null when no catalog role fits), ``level`` (P1-P6), ``nearest_family``,
``job_description``) and reports top-1 family accuracy (null counts as a family: "no role
fits" must be said for look-alikes), level within one step, and every miss.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from panelist.catalog.loader import Catalog
from panelist.catalog.matching import MIN_CONFIDENCE, match_job_description

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "job_descriptions.jsonl"
FAMILY_TARGET = 0.9
LEVEL_TARGET = 0.85


@dataclass(frozen=True)
class LabelledJD:
    id: str
    family: str | None
    level: str
    nearest_family: str
    text: str


def read_set(path: Path = DEFAULT_SET) -> list[LabelledJD]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            rows.append(
                LabelledJD(
                    data["id"],
                    data["family"],
                    data["level"],
                    data["nearest_family"],
                    data["job_description"],
                )
            )
    return rows


def run(rows: list[LabelledJD], catalog: Catalog) -> dict[str, Any]:
    """Accuracy figures and the misses, JSON-ready."""
    results: list[dict[str, Any]] = []
    confusion: Counter[tuple[str, str]] = Counter()
    for row in rows:
        match = match_job_description(row.text, catalog)
        got = match.best.family if match.best else None
        level = int(match.level[1:]) if match.level else None
        level_ok = level is not None and abs(level - int(row.level[1:])) <= 1
        confusion[(row.family or "none", got or "none")] += 1
        results.append(
            {
                "id": row.id,
                "family": row.family,
                "got_family": got,
                "nearest_family": row.nearest_family,
                "got_nearest": match.nearest_family,
                "level": row.level,
                "got_level": match.level,
                "family_ok": got == row.family,
                "level_within_one": level_ok,
                "confidence": match.matches[0].confidence if match.matches else None,
                "reasons": match.matches[0].reasons if match.matches else [],
            }
        )
    n = len(results)
    family = sum(bool(r["family_ok"]) for r in results) / n if n else 0.0
    within = sum(bool(r["level_within_one"]) for r in results) / n if n else 0.0
    unfit = [r for r in results if r["family"] is None]
    nearest = sum(r["got_nearest"] == r["nearest_family"] for r in unfit)
    return {
        "rows": n,
        "min_confidence": MIN_CONFIDENCE,
        "family_accuracy": round(family, 3),
        "level_within_one": round(within, 3),
        "targets": {"family_accuracy": FAMILY_TARGET, "level_within_one": LEVEL_TARGET},
        "met": family >= FAMILY_TARGET and within >= LEVEL_TARGET,
        "look_alikes": len(unfit),
        "look_alikes_nearest_family_right": nearest,
        "confusion": [
            {"label": a, "got": b, "count": c} for (a, b), c in sorted(confusion.items())
        ],
        "misses": [r for r in results if not (r["family_ok"] and r["level_within_one"])],
        "results": results,
    }


def render_markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Job description → role match",
        "",
        f"{report['rows']} labelled job descriptions ({report['look_alikes']} look-alikes "
        "that no catalog role fits); a family below confidence "
        f'{report["min_confidence"]} is "no role fits".',
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| top-1 family accuracy | {report['family_accuracy']:.3f} | ≥ "
        f"{report['targets']['family_accuracy']} |",
        f"| level within one step | {report['level_within_one']:.3f} | ≥ "
        f"{report['targets']['level_within_one']} |",
        f"| look-alikes whose nearest family is the labelled one | "
        f"{report['look_alikes_nearest_family_right']} of {report['look_alikes']} | — |",
        "",
        "## Misses",
        "",
        "| id | family | got | level | got | confidence |",
        "|---|---|---|---|---|---|",
    ]
    for miss in report["misses"]:
        lines.append(
            f"| {miss['id']} | {miss['family'] or 'none'} | {miss['got_family'] or 'none'} | "
            f"{miss['level']} | {miss['got_level'] or '–'} | {miss['confidence']} |"
        )
    return "\n".join(lines) + "\n"
