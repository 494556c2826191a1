"""The PDF report (fpdf2): the scorecard first, with a competency radar chart whose labels
wrap to fit the page, then the evaluation, HR report and transcript; numbered pages."""

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
RADAR_RADIUS = 38.0
SCALE = 5.0
LABEL_FONT = 7.0
LABEL_LINE = 3.0


def body_font(pdf: FPDF) -> tuple[str, bool]:
    """Add the first installed Unicode font to ``pdf`` as "Body": (family, unicode); else
    ("Helvetica", False), which holds Latin-1 only."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            pdf.add_font("Body", "", regular)
            pdf.add_font("Body", "B", bold)
            return "Body", True
    return "Helvetica", False


class _Document(FPDF):
    """An A4 document with a Unicode font when one is installed (else Helvetica, Latin-1)."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.family, self.unicode = body_font(self)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

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
    top = pdf.get_y() + 10
    cx, cy = pdf.w / 2, top + RADAR_RADIUS + 8
    count = len(rows)
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.2)
    for ring in range(1, int(SCALE) + 1):
        pdf.polygon([_axis_point(cx, cy, i, count, ring) for i in range(count)], style="D")
    pdf.set_font(pdf.family, "", LABEL_FONT)
    for i, row in enumerate(rows):
        x, y = _axis_point(cx, cy, i, count, SCALE)
        pdf.line(cx, cy, x, y)
        lx, ly = _axis_point(cx, cy, i, count, SCALE + 0.45)
        draw_label(pdf, f"{row.name} ({fmt.mean(row.mean_score)})", lx, ly, cx, cy)
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
    pdf.set_y(cy + RADAR_RADIUS + 16)
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


def label_box(pdf: _Document, lx: float, cx: float) -> tuple[float, str]:
    """The width a label at ``lx`` may take without leaving the page, and its alignment."""
    if abs(lx - cx) < 5:
        return min(lx - pdf.l_margin, pdf.w - pdf.r_margin - lx) * 2, "C"
    if lx > cx:
        return pdf.w - pdf.r_margin - lx, "L"
    return lx - pdf.l_margin, "R"


def wrap_label(pdf: _Document, text: str, width: float) -> list[str]:
    """Whole words on as many lines as needed to fit ``width`` (a word too long is split)."""
    lines: list[str] = []
    current = ""
    for word in pdf.text_of(text).split():
        candidate = f"{current} {word}".strip()
        if pdf.get_string_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while pdf.get_string_width(word) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and pdf.get_string_width(word[:cut] + "-") > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def draw_label(
    pdf: _Document, text: str, lx: float, ly: float, cx: float, cy: float | None = None
) -> list[str]:
    """The label wrapped inside the page margins, placed away from the chart: above the end
    of an upper spoke, below a lower one, centred beside a side one."""
    width, align = label_box(pdf, lx, cx)
    width = min(width, 45.0)
    lines = wrap_label(pdf, text, width)
    height = LABEL_LINE * len(lines)
    dy = 0.0 if cy is None else ly - cy
    if dy < -RADAR_RADIUS * 0.6:
        top = ly - height + LABEL_LINE * 0.8
    elif dy > RADAR_RADIUS * 0.6:
        top = ly + LABEL_LINE * 0.8
    else:
        top = ly - height / 2 + LABEL_LINE * 0.8
    for n, line in enumerate(lines):
        w = pdf.get_string_width(line)
        x = lx - w / 2 if align == "C" else (lx if align == "L" else lx - w)
        pdf.text(x, top + n * LABEL_LINE, line)
    return lines


def _header(pdf: _Document, report: Report) -> None:
    pdf.set_font(pdf.family, "B", 16)
    pdf.multi_cell(
        0,
        9,
        pdf.text_of(f"Interview scorecard: {report.candidate_name}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(pdf.family, "", 10)
    for label, value in fmt.header_lines(report):
        pdf.para(f"{label}: {value}")
    pdf.ln(2)
    pdf.para(f"Recommendation: {report.recommendation_label}", bold=True)
    pdf.bullets(report.recommendation_reasons)


def _level(pdf: _Document, report: Report) -> None:
    v = report.level_verdict
    pdf.para(f"Level verdict: {fmt.verdict(report)}", bold=True)
    draw_radar(pdf, report.competencies, v.threshold)
    pdf.heading("Competencies", size=11)
    for row in report.competencies:
        required = " (required)" if row.required else ""
        pdf.para(f"{row.name}{required}: {fmt.competency_score(row)}", bold=True, indent=3)
        if row.strongest is not None:
            pdf.para(f"Strongest: {fmt.evidence(row.strongest)}", indent=8)
        if row.weakest is not None:
            pdf.para(f"Weakest: {fmt.evidence(row.weakest)}", indent=8)


def _scorecard_tail(pdf: _Document, report: Report) -> None:
    pdf.heading("Flags for the reviewer", size=11)
    flags = [
        fmt.flag_line(f.label, f.question_number, f.quotes, f.detail, f.flag)
        for f in report.reviewer_flags
    ]
    pdf.bullets(flags or ["None."])
    pdf.heading("Questions the candidate asked", size=11)
    asked = [f"{q.text} {fmt.asked_note(q)}" for q in report.candidate_questions]
    pdf.bullets(asked or ["None."])
    pdf.para(f"Sign-off: {fmt.sign_off(report)}", bold=True)
    pdf.bullets([f"Reopened: {r}" for r in fmt.reopenings(report)])
    if report.reviewer_scorecards:
        pdf.heading("Reviewers' scorecards", size=11)
        pdf.bullets(fmt.reviewer_cards(report))
    if report.overrides:
        pdf.heading("Score overrides", size=11)
        pdf.bullets(
            [
                f"Q{o.question_number}: {'not scored' if o.old_score is None else o.old_score} -> "
                f"{o.new_score:g}, {o.reason} ({o.by or 'unknown'})"
                for o in report.overrides
            ]
        )


def render_pdf(report: Report) -> bytes:
    pdf = _Document()
    pdf.set_title(f"Interview scorecard: {report.candidate_name}")
    pdf.set_creator("panelist")
    pdf.alias_nb_pages()
    pdf.add_page()
    _header(pdf, report)
    _level(pdf, report)
    _scorecard_tail(pdf, report)
    pdf.heading("Evaluation per question")
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
    pdf.heading("Questions and answers")
    for q in report.questions:
        pdf.para(f"Q{q.number} [{fmt.kind(q)}] (Relevance: {fmt.relevance(q.answer)})", bold=True)
        pdf.para(f"Question: {q.text}", indent=3)
        pdf.para(f"Answer: {fmt.answer_text(q.answer)}", indent=3)
        for i, f in enumerate(q.follow_ups, start=1):
            pdf.para(f"Follow-up Q{q.number}.{i}: {f.text}", indent=8)
            pdf.para(f"Answer: {fmt.answer_text(f.answer)}", indent=8)
        for added in q.added_later:
            pdf.para(f"{fmt.added_label(added)}: {added.text}", indent=8)
    pdf.heading("Transcript")
    for line in report.transcript:
        pdf.para(f"{fmt.speaker(report, line)}: {fmt.line_text(line)}", indent=3)
    return bytes(pdf.output())
