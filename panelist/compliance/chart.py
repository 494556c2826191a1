"""The bias report's chart as server-rendered SVG: one bar per compared category and rate,
its impact ratio against a dashed line at the four-fifths threshold. No script, no styles."""

from __future__ import annotations

from markupsafe import Markup, escape

from panelist.compliance.bias import BiasReport

LABEL_WIDTH, BAR_WIDTH, ROW, PAD = 260, 360, 18, 24
COLOURS = {"selection": "#2b6cb0", "scoring": "#6b46c1"}
FLAGGED = "#c53030"


def bias_svg(report: BiasReport) -> Markup:
    rows = [
        (f"{group.category} · {rate}", ratio, ratio < report.threshold, rate)
        for group in report.groups
        if group.excluded is None
        for rate, ratio in (
            ("selection", group.selection_impact_ratio),
            ("scoring", group.scoring_impact_ratio),
        )
        if ratio is not None
    ]
    height = PAD * 2 + ROW * max(len(rows), 1)
    width = LABEL_WIDTH + BAR_WIDTH + 80
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="chart-title">',
        '<title id="chart-title">Impact ratios by category against the 0.8 line</title>',
    ]
    if not rows:
        parts.append(
            f'<text x="8" y="{PAD + 12}" font-size="12">No category has an impact ratio yet '
            "(too few decided or scored candidates).</text>"
        )
    for index, (name, ratio, low, rate) in enumerate(rows):
        y = PAD + index * ROW
        length = BAR_WIDTH * min(ratio, 1.0)
        colour = FLAGGED if low else COLOURS[rate]
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" font-size="11" text-anchor="end">'
            f"{escape(name)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{ROW - 5}" '
            f'fill="{colour}"><title>{escape(name)}: {ratio:.3f}</title></rect>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 12}" font-size="11">'
            f"{ratio:.2f}{' below 0.8' if low else ''}</text>"
        )
    line = LABEL_WIDTH + BAR_WIDTH * report.threshold
    parts.append(
        f'<line x1="{line:.1f}" y1="{PAD - 8}" x2="{line:.1f}" y2="{height - PAD + 8}" '
        'stroke="#000" stroke-dasharray="4 3"/>'
        f'<text x="{line:.1f}" y="{PAD - 10}" font-size="11" text-anchor="middle">0.8</text>'
        "</svg>"
    )
    return Markup("".join(parts))
