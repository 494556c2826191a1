"""`panelist roles`, `panelist roles show`, `panelist questions` and `panelist catalog check`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from panelist.catalog.loader import load_catalog
from panelist.cli.app import app
from panelist.errors import UnknownIdError

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures" / "catalog"


@pytest.fixture(autouse=True)
def _no_user_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANELIST_CATALOG_PATH", raising=False)


def test_roles_json_lists_every_role_by_family_and_level() -> None:
    result = runner.invoke(app, ["roles", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["roles"]
    codes = [row["code"] for row in rows]
    assert codes[codes.index("SRES.GEN.P2") :][:5] == [f"SRES.GEN.P{n}" for n in range(2, 7)]
    p5 = rows[codes.index("SRES.GEN.P5")]
    assert (p5["aliases"], p5["interview_mix"], p5["target_level"]) == (
        7,
        {"core": 11, "leadership": 3},
        "expert",
    )


def test_roles_prints_a_table() -> None:
    result = runner.invoke(app, ["roles"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Roles (9)" in result.output
    assert "SRES.GEN.P5" in result.output and "11 core + 3 leadership" in result.output


def test_roles_show_markdown_follows_the_sections_of_seed_002() -> None:
    result = runner.invoke(app, ["roles", "show", "SRES.GEN.P5", "--md"])
    assert result.exit_code == 0, result.output
    text = result.output
    headings = [
        "# Site Reliability Engineering (SRE) Senior",
        "`SRES.GEN.P5`",
        "Senior and Staff SREs drive reliability improvements",
        "## The story of this role",
        "## Level — P5 — Expert Professional",
        "| Typical experience | 8–12 yrs |",
        "## Core outputs",
        "## Adjacent roles",
        "### Responsibilities (10)",
        "### Tasks (5)",
        "### Skills (8)",
        "### Knowledge (8)",
        "### Competencies (8)",
        "### Qualifications (5)",
        "## Title aliases",
        "## Classification mappings",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert (
        "| SRES.GEN.P4 | Site Reliability Engineering (SRE) Senior Engineer | 0.13 | strong |"
        in text
    )
    assert "| Staff Site Reliability Engineering (SRE) | common | medium 0.72 | — |" in text
    assert "code=15-0000 title=Computer & Mathematical Occupations" in text


def test_roles_show_json_carries_adjacency_and_the_rich_view_renders() -> None:
    result = runner.invoke(app, ["roles", "show", "SWEB.GEN.P5", "--json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["code"] == "SWEB.GEN.P5" and data["taxonomy"]["specialty"] == "backend"
    assert [(a["code"], a["distance"], a["band"]) for a in data["adjacent"]] == [
        ("SWEB.GEN.P3", 0.2667, "partial"),
        ("PLAT.GEN.P5", 0.4, "partial"),
    ]
    rich = runner.invoke(app, ["roles", "show", "SWEB.GEN.P5"], env={"COLUMNS": "120"})
    assert rich.exit_code == 0 and "Backend Software Engineer Staff" in rich.output


def test_roles_show_unknown_code_names_the_known_ones() -> None:
    result = runner.invoke(app, ["roles", "show", "SRES.GEN.P9"])
    assert isinstance(result.exception, UnknownIdError)
    assert "SRES.GEN.P5" in str(result.exception)


def test_questions_filters_by_level_kind_and_competency() -> None:
    result = runner.invoke(
        app, ["questions", "--level", "P5", "--kind", "scenario", "-c", "monitoring", "--json"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)["questions"]
    expected = load_catalog().questions_for(level="P5", competency="monitoring")
    assert len(found) == len([q for q in expected if q.kind.value == "scenario"]) > 0
    for q in found:
        assert "P5" in q["levels"] and q["kind"] == "scenario" and "monitoring" in q["competencies"]
    table = runner.invoke(app, ["questions", "-l", "P3", "-k", "intro"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "Questions (" in table.output


def test_questions_rejects_unknown_levels_and_competencies() -> None:
    bad_level = runner.invoke(app, ["questions", "--level", "P9"])
    assert bad_level.exit_code == 2 and "not a level" in bad_level.output
    bad_comp = runner.invoke(app, ["questions", "--competency", "wizardry"])
    assert isinstance(bad_comp.exception, UnknownIdError)


def test_catalog_check_passes_a_valid_catalog_with_a_summary() -> None:
    result = runner.invoke(
        app, ["catalog", "check", str(FIXTURES / "valid"), "--standalone"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert (
        "1 roles, 2 core tenets + 1 leadership skills, 3 level rules, 6 questions" in result.output
    )
    assert "Questions by kind: intro 1, project 1, technical 0, scenario 2" in result.output
    assert "troubleshooting 3, monitoring 3, strategic_thinking 3" in result.output


def test_catalog_check_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "valid", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "broken", tmp_path, dirs_exist_ok=True)
    result = runner.invoke(app, ["catalog", "check", str(tmp_path), "--standalone", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False and len(data["problems"]) == 29
    where = {p["location"].rsplit("/", 1)[-1] for p in data["problems"]}
    assert {"malformed.yaml:4", "problems.yaml:5", "TEST.OPS.P5.yaml:33"} <= where
    text = runner.invoke(app, ["catalog", "check", str(tmp_path), "--standalone"])
    assert text.exit_code == 1 and text.output.rstrip().endswith(
        "29 problem(s) in " + str(tmp_path) + " (standalone)."
    )


def test_catalog_check_layers_the_configured_user_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANELIST_CATALOG_PATH", str(FIXTURES / "layer"))
    result = runner.invoke(app, ["catalog", "check"], env={"COLUMNS": "400"})
    assert result.exit_code == 1
    assert "over the built-in catalog" in result.output
    assert "competency capacity_planning has 1 scored question(s)" in result.output
    assert "requires 'visionary_leadership', which is not a leadership skill" in result.output


def test_the_catalog_option_extends_and_overrides_built_ins(tmp_path: Path) -> None:
    role = load_catalog().role("SRES.GEN.P5").model_dump(mode="json")
    role["title"] = "Staff Site Reliability Engineer"
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "sre.yaml").write_text(yaml.safe_dump(role), encoding="utf-8")
    shutil.copy(FIXTURES / "valid" / "roles" / "TEST.OPS.P3.yaml", tmp_path / "roles")
    result = runner.invoke(app, ["--catalog", str(tmp_path), "roles", "--json"])
    assert result.exit_code == 0, result.output
    titles = {row["code"]: row["title"] for row in json.loads(result.output)["roles"]}
    assert titles["SRES.GEN.P5"] == "Staff Site Reliability Engineer"
    assert titles["TEST.OPS.P3"] == "Test Operations Engineer"
    assert len(titles) == 10
