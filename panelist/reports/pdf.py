"""The PDF report (fpdf2), with a competency radar chart drawn from polygons and lines."""

from __future__ import annotations

import math
from pathlib import Path

from fpdf import FPDF

from panelist.reports import formatting as fmt
from panelist.reports.models import CompetencyCoverage, Report

FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)
RADAR_RADIUS = 45.0
SCALE = 5.0


class _Document(FPDF):
    """An A4 document with a Unicode font when one is installed (else Helvetica, Latin-1)."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.family = "Helvetica"
        self.unicode = False
        for regular, bold in FONT_CANDIDATES:
            if Path(regular).is_file() and Path(bold).is_file():
                self.add_font("Body", "", regular)
                self.add_font("Body", "B", bold)
                self.family, self.unicode = "Body", True
                break

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, 7, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 10)

    def para(self, text: str, *, bold: bool = False, indent: float = 0) -> None:
        self.set_font(self.family, "B" if bold else "", 10)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, 5, self.text_of(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 10)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.para(f"• {item}" if self.unicode else f"- {item}", indent=3)


def _axis_point(cx: float, cy: float, index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    radius = RADAR_RADIUS * max(min(value, SCALE), 0.0) / SCALE
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def draw_radar(pdf: _Document, rows: list[CompetencyCoverage], threshold: float) -> None:
    """Rings at 1-5, a spoke per competency, the threshold ring and the mean-score polygon."""
    if len(rows) < 3:
        pdf.para("Radar chart not drawn: fewer than three competencies were in the interview.")
        return
    top = pdf.get_y() + 4
    cx, cy = pdf.w / 2, top + RADAR_RADIUS + 8
    count = len(rows)
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.2)
    for ring in range(1, int(SCALE) + 1):
        pdf.polygon([_axis_point(cx, cy, i, count, ring) for i in range(count)], style="D")
    pdf.set_font(pdf.family, "", 7)
    for i, row in enumerate(rows):
        x, y = _axis_point(cx, cy, i, count, SCALE)
        pdf.line(cx, cy, x, y)
        lx, ly = _axis_point(cx, cy, i, count, SCALE + 0.55)
        label = pdf.text_of(f"{row.name[:26]} ({fmt.mean(row.mean_score)})")
        width = pdf.get_string_width(label)
        pdf.text(
            lx - width / 2 if abs(lx - cx) < 5 else (lx if lx > cx else lx - width), ly + 1, label
        )
    pdf.set_draw_color(200, 120, 0)
    pdf.set_line_width(0.4)
    pdf.polygon([_axis_point(cx, cy, i, count, threshold) for i in range(count)], style="D")
    points = [_axis_point(cx, cy, i, count, row.mean_score or 0.0) for i, row in enumerate(rows)]
    pdf.set_draw_color(30, 80, 160)
    pdf.set_fill_color(30, 80, 160)
    with pdf.local_context(fill_opacity=0.3):
        pdf.polygon(points, style="DF")
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(cy + RADAR_RADIUS + 10)
    pdf.set_font(pdf.family, "", 8)
    pdf.multi_cell(
        0,
        4,
        pdf.text_of(
            f"Blue: mean score per competency (1-5; not assessed or not scored = centre). "
            f"Orange ring: evidence threshold {threshold:g}/5."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(pdf.family, "", 10)


def _header(pdf: _Document, report: Report) -> None:
    pdf.set_font(pdf.family, "B", 16)
    pdf.multi_cell(
        0,
        9,
        pdf.text_of(f"Interview report: {report.candidate_name}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(pdf.family, "", 10)
    for label, value in fmt.header_lines(report):
        pdf.para(f"{label}: {value}")
    pdf.ln(2)
    pdf.para(f"Recommendation: {report.recommendation_label}", bold=True)
    pdf.para(f"Sign-off: {fmt.sign_off(report)}", bold=True)


def _level(pdf: _Document, report: Report) -> None:
    v = report.level_verdict
    pdf.heading("Level assessment and competency coverage")
    meets = "meets" if v.meets_target else "does not meet"
    pdf.para(f"Verdict: {v.name} ({meets} the target {v.target_name})", bold=True)
    pdf.bullets(v.notes)
    if v.missing:
        pdf.para(f"Missing for {v.target_name}: {', '.join(v.missing)}")
    draw_radar(pdf, report.competencies, v.threshold)
    for row in report.competencies:
        questions = ", ".join(f"Q{n}" for n in row.questions) or "-"
        pdf.para(
            f"{row.name}: {row.status}, mean {fmt.mean(row.mean_score)}"
            f"{' (required)' if row.required else ''}; {questions}",
            indent=3,
        )


def render_pdf(report: Report) -> bytes:
    pdf = _Document()
    pdf.set_title(f"Interview report: {report.candidate_name}")
    pdf.set_creator("panelist")
    pdf.add_page()
    _header(pdf, report)
    pdf.heading("Recommendation")
    pdf.bullets(report.recommendation_reasons)
    _level(pdf, report)
    pdf.heading("Evaluation report")
    for q in report.questions:
        title = f" - {q.topic}" if q.topic else ""
        pdf.para(f"Q{q.number} [{fmt.kind(q)}]{title}: {fmt.score(q)}", bold=True)
        pdf.para(q.justification, indent=3)
    pdf.heading("HR report")
    for title, body in (
        ("Candidate Overall Suitability", [report.hr.overall_suitability]),
        ("Key Strengths", report.hr.key_strengths),
        ("Areas for Development & Critical Gaps", report.hr.areas_for_development),
        ("Technical Skills Demonstrated", report.hr.technical_skills),
        ("Communication Effectiveness", [report.hr.communication]),
    ):
        pdf.heading(title, size=11)
        if len(body) > 1:
            pdf.bullets(body)
        else:
            pdf.para(body[0])
    if report.overrides:
        pdf.heading("Score overrides")
        pdf.bullets(
            [
                f"Q{o.question_number}: {'not scored' if o.old_score is None else o.old_score} -> "
                f"{o.new_score:g}, {o.reason} ({o.by or 'unknown'})"
                for o in report.overrides
            ]
        )
    pdf.heading("Questions and answers")
    for q in report.questions:
        pdf.para(f"Q{q.number} [{fmt.kind(q)}] (Relevance: {fmt.relevance(q.answer)})", bold=True)
        pdf.para(f"Question: {q.text}", indent=3)
        pdf.para(f"Answer: {q.answer.text if q.answer else '(no answer)'}", indent=3)
        for i, f in enumerate(q.follow_ups, start=1):
            pdf.para(f"Follow-up Q{q.number}.{i}: {f.text}", indent=8)
            pdf.para(f"Answer: {f.answer.text if f.answer else '(no answer)'}", indent=8)
    return bytes(pdf.output())
