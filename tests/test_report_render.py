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


SCORECARD_ORDER = (
    "Recommendation: ",
    "Level verdict: ",
    "Flags for the reviewer",
    "Questions the candidate asked",
    "Sign-off: ",
    "Evaluation per question",
    "HR report",
    "Questions and answers",
    "ranscript",
)


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("**", "")


def in_order(text: str, markers: tuple[str, ...]) -> list[int]:
    lowered = plain(text).lower()
    return [lowered.index(m.lower()) for m in markers]


def test_every_format_puts_the_scorecard_first_and_the_transcript_last(
    report: Report, tmp_path: Path
) -> None:
    texts = {fmt: str(render(report, fmt)) for fmt in ("txt", "md", "html")}
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render(report, "pdf"))  # type: ignore[arg-type]
    pdftotext = require_binary("pdftotext")
    texts["pdf"] = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for fmt, text in texts.items():
        positions = in_order(text, SCORECARD_ORDER)
        assert positions == sorted(positions), fmt
        head = plain(text)[: positions[0]]
        for label in ("Candidate", "Role", "Level", "Date", "Duration", "Status", "Interviewer"):
            assert label in head, (fmt, label)
        assert "AI Recruiter" not in text  # the interviewer has one name: the chat's
        assert "panelist: " in plain(text), fmt
    first_page = texts["pdf"].split("\f")[0]
    assert "Recommendation: " in first_page and "Page 1 of " in first_page
    txt = texts["txt"]
    assert re.search(r"^Date: \d{4}-\d\d-\d\d \d\d:\d\d UTC$", txt, re.M)
    assert re.search(r"^Duration: (\d+|under 1) min$", txt, re.M)
    assert re.search(r"^Status: Completed$", txt, re.M)
    assert re.search(r"^Average Evaluation Score: \d\.\d\d/5 \(\d+ of \d+ questions", txt, re.M)
    competencies = txt.split("Competencies:")[1].split("Flags for the reviewer")[0]
    assert "strongest: Q" in competencies and '"' in competencies  # the candidate's words
    assert len(re.findall(r"^Q\d+ \[", txt, re.M)) == 2 * len(report.questions)


def test_html_and_markdown_fold_the_transcript_away(report: Report) -> None:
    html = str(render(report, "html"))
    assert html.count("<details") == 2 and html.index("<details") > html.index("Sign-off")
    assert "<details>" in str(render(report, "md"))


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
    assert md.startswith("# Interview scorecard: ")


def test_json_is_the_indented_text_the_json_module_writes(report: Report) -> None:
    named = report.model_copy(update={"candidate_name": "Zoë Ångström-Nuñez"})

    written = str(render(named, "json"))

    assert written == json.dumps(named.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    assert '"Zoë Ångström-Nuñez"' in written


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


def test_radar_labels_are_whole_and_stay_on_the_page() -> None:
    from panelist.reports.pdf import _Document, draw_label

    pdf = _Document()
    pdf.add_page()
    pdf.set_font(pdf.family, "", 7)
    name = "System Thinking for Reliability at Scale (4.55)"
    for lx, ly in ((pdf.w - 30, 100), (30, 100), (pdf.w / 2, 40), (pdf.w / 2, 160)):
        lines = draw_label(pdf, name, lx, ly, pdf.w / 2, 100)
        assert " ".join(lines).replace("- ", "") == name  # nothing cut ("…for Reliab")
        for line in lines:
            width = pdf.get_string_width(line)
            assert width <= 45.0 + 0.01
            if lx > pdf.w / 2 + 5:
                assert lx + width <= pdf.w - pdf.r_margin + 0.01
            elif lx < pdf.w / 2 - 5:
                assert lx - width >= pdf.l_margin - 0.01


def test_markdown_keeps_a_plain_ampersand_and_escapes_a_character_reference() -> None:
    from panelist.reports.templating import _md_escape

    assert _md_escape("Monitoring & Event Management") == "Monitoring & Event Management"
    assert _md_escape("Q&A") == "Q&A"
    assert _md_escape("&lt;b&gt; and &#60;") == "&amp;lt;b&amp;gt; and &amp;\\#60;"


def test_a_reader_sees_what_each_question_was_about_never_its_catalog_id(
    report: Report, catalog: Catalog
) -> None:
    """The evaluation read "Q2 [PROJECT] - project deep-dive - how you knew it was healthy, and
    when it was not (proj.knowing-it-was-healthy)"; the id is the JSON's, for an operator."""
    ids = [q.question_id for q in report.questions if q.question_id]
    assert ids
    for fmt in ("txt", "md", "html"):
        rendered = render(report, fmt)
        assert [i for i in ids if i in rendered] == [], fmt
        for q in report.questions:
            assert q.topic and q.topic in rendered.replace("&#39;", "'"), (fmt, q.topic)
    assert all(f'"question_id": "{i}"' in render(report, "json") for i in ids)
