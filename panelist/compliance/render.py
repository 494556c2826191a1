"""The bias report as Markdown (for people) or JSON (for an auditor's own tools)."""

from __future__ import annotations

from typing import Literal

from panelist.compliance.bias import DIMENSIONS, BiasReport, GroupResult

BiasFormat = Literal["md", "json"]
TITLES = {"sex": "Sex", "race_ethnicity": "Race/ethnicity", "intersection": "Intersections"}


def render_bias(report: BiasReport, fmt: BiasFormat) -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    return bias_markdown(report)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _row(group: GroupResult) -> str:
    flags = ", ".join(f"**{f.replace('_', ' ')} < 0.8**" for f in group.flags)
    note = flags or (f"excluded: {group.excluded}" if group.excluded else "")
    return (
        f"| {group.category} | {group.candidates} | {_pct(group.share)} "
        f"| {group.selected}/{group.decided} | {_pct(group.selection_rate)} "
        f"| {_ratio(group.selection_impact_ratio)} "
        f"| {group.above_median}/{group.scored} | {_pct(group.scoring_rate)} "
        f"| {_ratio(group.scoring_impact_ratio)} | {note} |"
    )


def summary_lines(report: BiasReport) -> list[str]:
    """The report's opening: scope, counts, the rules applied and what is flagged."""
    span = (
        f"{report.date_from:%Y-%m-%d} to {report.date_to:%Y-%m-%d}"
        if report.date_from and report.date_to
        else "no interviews"
    )
    filters = ", ".join(f"{k}={v}" for k, v in report.filters.items() if v) or "none"
    median = "n/a" if report.median_score is None else f"{report.median_score:.3f}"
    flagged = report.flagged()
    return [
        f"- Interviews: {span} (filters: {filters})",
        f"- Candidates: {report.candidates}; with a human sign-off: {report.decided}; "
        f"scored: {report.scored}; median overall score: {median}",
        "- Selection rate: hire or strong hire by sign-off, of the decided candidates. "
        "Scoring rate: share of the scored candidates strictly above the median.",
        f"- Impact ratio: the rate over the highest compared rate of the same dimension; "
        f"flagged below {report.threshold} (four-fifths rule). Categories under "
        f"{report.min_share:.0%} of the candidates are reported but not compared.",
        "",
        f"**{len(flagged)} flagged:** " + "; ".join(g.category for g in flagged)
        if flagged
        else "**No category is flagged.**",
    ]


def bias_markdown(report: BiasReport) -> str:
    lines = ["# Bias audit", "", *summary_lines(report)]
    for dimension in DIMENSIONS:
        lines += [
            "",
            f"## {TITLES[dimension]}",
            "",
            "| Category | Candidates | Share | Selected | Selection rate | Impact ratio "
            "| Above median | Scoring rate | Impact ratio | Note |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        ]
        lines += [_row(g) for g in report.groups if g.dimension == dimension]
    return "\n".join(lines) + "\n"
