"""The bias report as a PDF (fpdf2): the summary, a chart of impact ratios against the 0.8
line, and one table per dimension."""

from __future__ import annotations

from fpdf import FPDF

from panelist.compliance.bias import DIMENSIONS, BiasReport, GroupResult
from panelist.compliance.render import TITLES, summary_lines
from panelist.reports.pdf import body_font

BAR_WIDTH = 150.0  # mm for an impact ratio of 1.0
COLUMNS = (
    ("Category", 72.0),
    ("Candidates", 20.0),
    ("Share", 16.0),
    ("Selected", 22.0),
    ("Sel. rate", 18.0),
    ("Sel. IR", 16.0),
    ("Above med.", 22.0),
    ("Score rate", 20.0),
    ("Score IR", 16.0),
    ("Note", 0.0),
)


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="landscape", format="A4")
        self.set_auto_page_break(auto=True, margin=12)
        self.set_margins(12, 12, 12)
        self.family, self.unicode = body_font(self)
        self.set_font(self.family, "", 9)

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        return text.replace("·", "x").encode("latin-1", "replace").decode("latin-1")

    def line_of(self, text: str, *, bold: bool = False, size: int = 9) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, 5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 9)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _chart(pdf: _Document, report: BiasReport, threshold: float) -> None:
    """One bar per compared category: its selection impact ratio, red below the line."""
    compared = [
        g for g in report.groups if g.excluded is None and g.selection_impact_ratio is not None
    ]
    if not compared:
        pdf.line_of("No category has an impact ratio to chart.")
        return
    pdf.line_of("Selection impact ratios (the line is 0.8)", bold=True)
    left, top = pdf.l_margin + 78, pdf.get_y() + 1
    for index, group in enumerate(compared):
        if top + 5 * (index + 1) > pdf.h - 20:
            break  # the tables below carry every row; the chart keeps to one page
        y = top + 5 * index
        ratio = group.selection_impact_ratio or 0.0
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(76, 4, pdf.text_of(group.category), align="R")
        low = ratio < threshold
        pdf.set_fill_color(*((200, 60, 60) if low else (70, 120, 180)))
        pdf.rect(left, y + 0.5, BAR_WIDTH * min(ratio, 1.0), 3.2, style="F")
        pdf.set_xy(left + BAR_WIDTH * min(ratio, 1.0) + 1, y)
        pdf.cell(20, 4, f"{ratio:.2f}")
    bottom = top + 5 * len(compared)
    pdf.set_draw_color(40, 40, 40)
    pdf.line(
        left + BAR_WIDTH * threshold, top, left + BAR_WIDTH * threshold, min(bottom, pdf.h - 20)
    )
    pdf.set_y(min(bottom, pdf.h - 20) + 3)


def _cells(group: GroupResult) -> list[str]:
    flagged = [f.removesuffix("_rate") for f in group.flags]
    note = f"{' and '.join(flagged)} < 0.8" if flagged else ""
    excluded = "not disclosed" if group.excluded == "did not self-identify" else "under 2%"
    return [
        group.category,
        str(group.candidates),
        _pct(group.share),
        f"{group.selected}/{group.decided}",
        _pct(group.selection_rate),
        _ratio(group.selection_impact_ratio),
        f"{group.above_median}/{group.scored}",
        _pct(group.scoring_rate),
        _ratio(group.scoring_impact_ratio),
        note or (f"excluded: {excluded}" if group.excluded else ""),
    ]


def _table(pdf: _Document, groups: list[GroupResult]) -> None:
    pdf.set_font(pdf.family, "B", 8)
    for title, width in COLUMNS:
        pdf.cell(width, 5, title, border="B")
    pdf.ln()
    pdf.set_font(pdf.family, "", 8)
    for group in groups:
        pdf.set_text_color(*((170, 30, 30) if group.flags else (0, 0, 0)))
        for (_, width), value in zip(COLUMNS, _cells(group), strict=True):
            pdf.cell(width, 5, pdf.text_of(value))
        pdf.ln()
    pdf.set_text_color(0, 0, 0)


def bias_pdf(report: BiasReport) -> bytes:
    pdf = _Document()
    pdf.add_page()
    pdf.line_of("Bias audit", bold=True, size=15)
    for line in summary_lines(report):
        pdf.line_of(line.removeprefix("- ").replace("**", ""))
    pdf.ln(2)
    _chart(pdf, report, report.threshold)
    for dimension in DIMENSIONS:
        rows = [g for g in report.groups if g.dimension == dimension]
        if rows:
            pdf.ln(2)
            pdf.line_of(TITLES[dimension], bold=True, size=11)
            _table(pdf, rows)
    return bytes(pdf.output())
