"""Benchmark: job description → role family and level on the labelled set.

python benchmarks/jd_match.py [SET.jsonl]   -> benchmarks/results/jd_match.{json,md}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from panelist.catalog.loader import load_catalog
from panelist.evaluation.jd_match import DEFAULT_SET, read_set, render_markdown, run

OUT = Path(__file__).resolve().parent / "results"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_SET
    report = run(read_set(path), load_catalog())
    OUT.mkdir(exist_ok=True)
    (OUT / "jd_match.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (OUT / "jd_match.md").write_text(render_markdown(report), encoding="utf-8")
    print(
        f"family accuracy {report['family_accuracy']:.3f}, level within one "
        f"{report['level_within_one']:.3f} over {report['rows']} job descriptions"
    )
    return 0 if report["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
