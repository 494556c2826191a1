"""render(): the seed-001 text layout, escaped Markdown/HTML, schema-valid JSON, a drawn PDF."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO_ROOT, require_binary
from test_report_support import simulated_states, with_answer_text

from panelist.catalog.loader import Catalog, load_catalog
from panelist.errors import ReportError
from panelist.interview.state import InterviewState, Speaker
from panelist.reports import Report, build_report, render, report_schema, schema_json

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> InterviewState:
    return simulated_states(tmp_path_factory.mktemp("data"), [("average", 4)])["average:4"]


@pytest.fixture(scope="module")
def report(state: InterviewState, catalog: Catalog) -> Report:
    hostile = next(i for i, t in enumerate(state.turns) if t.speaker is Speaker.CANDIDATE)
    text = state.turns[hostile].text + f" {SCRIPT} **bold** | pipe"
    return build_report(with_answer_text(state, hostile, text), catalog)


def test_text_follows_the_seed_layout_section_by_section(report: Report) -> None:
    text = str(render(report, "txt"))
    headers = [
        "Interview Transcript",
        "TECHNICAL QUESTIONS AND ANSWERS",
        "EVALUATION REPORT",
        "HR REPORT",
        "LEVEL ASSESSMENT",
        "RECOMMENDATION (FULL)",
    ]
    positions = [text.index(h) for h in headers]
    assert positions == sorted(positions)
    for label in ("Candidate", "Quality Profile", "Position", "Level", "Total Turns"):
        assert re.search(rf"^{label}: \S", text, re.M), label
    assert re.search(r"^Average Relevance Score: \d\.\d{3} ", text, re.M)
    assert re.search(
        r"^Average Evaluation Score: \d\.\d\d/5 \(\d+ of \d+ questions scored\)", text, re.M
    )
    for section in (
        "### Candidate Overall Suitability",
        "### Key Strengths",
        "### Areas for Development & Critical Gaps",
        "### Technical Skills Demonstrated",
        "### Communication Effectiveness",
        "### Overall Recommendation",
    ):
        assert section in text
    assert "=" * 60 in text and "\n" + "-" * 40 + "\n" in text
    assert re.search(r"^Q1 \[INTRO\] \(Relevance: ", text, re.M)
    assert "AI Recruiter: " in text and "Candidate: " in text
    assert len(re.findall(r"^Q\d+ \[", text, re.M)) == 2 * len(report.questions)


def test_html_escapes_every_candidate_string(report: Report) -> None:
    html = str(render(report, "html"))
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert html.count("<script") == 0


def test_markdown_escapes_candidate_markup(report: Report) -> None:
    md = str(render(report, "md"))
    assert SCRIPT not in md
    assert "&lt;script&gt;" in md
    assert "\\*\\*bold\\*\\*" in md and "\\| pipe" in md
    assert md.startswith("# Interview report: ")


def test_json_is_valid_against_the_published_schema(report: Report) -> None:
    document = json.loads(str(render(report, "json")))
    jsonschema.validate(document, report_schema())
    assert document["recommendation"] == report.recommendation
    assert document["overall_score"] == report.overall_score
    assert Report.model_validate(document) == report


def test_the_published_schema_file_is_current() -> None:
    published = (REPO_ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8")
    assert published == schema_json(), (
        "regenerate with: panelist report --schema --out docs/report.schema.json"
    )


def test_pdf_renders_with_a_radar_chart(report: Report, tmp_path: Path) -> None:
    pdf = render(report, "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    pdftoppm = require_binary("pdftoppm")
    subprocess.run(
        [pdftoppm, "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    page = next(tmp_path.glob("page*.png"))
    assert page.stat().st_size > 5_000


def test_an_unknown_format_says_which_exist(report: Report) -> None:
    with pytest.raises(ReportError, match="txt, md, html, json, pdf"):
        render(report, "docx")


def test_every_format_survives_hostile_candidate_text(
    state: InterviewState, catalog: Catalog
) -> None:
    hostile = next(i for i, t in enumerate(state.turns) if t.speaker is Speaker.CANDIDATE)
    text = "x" * 600 + " 你好 🔥 \u202e rtl " + "<b>bold</b>"
    report = build_report(with_answer_text(state, hostile, text), catalog)
    for fmt in ("txt", "md", "html", "json"):
        assert "x" * 600 in str(render(report, fmt))
    pdf = render(report, "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
