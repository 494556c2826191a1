"""`check_catalog`: every problem, each with file:line and what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from panelist.catalog.check import CheckReport, check_catalog, check_layers

FIXTURES = Path(__file__).parent / "fixtures" / "catalog"
VALID = FIXTURES / "valid"


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    """The valid fixture catalog with the broken fixture files added to it, checked alone."""
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(VALID, root, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "broken", root, dirs_exist_ok=True)
    return check_catalog(root, standalone=True)


def lines(report: CheckReport) -> list[str]:
    """Each problem as printed, with paths reduced to the file name."""
    return [
        f"{p.source.path.name}:{p.source.line}: {p.message} — {p.hint}" for p in report.problems
    ]


def find(report: CheckReport, location: str, text: str) -> str:
    hits = [line for line in lines(report) if line.startswith(location) and text in line]
    assert hits, f"no problem at {location} mentioning {text!r} in:\n" + "\n".join(lines(report))
    return hits[0]


def test_the_valid_fixture_passes_with_a_summary() -> None:
    report = check_catalog(VALID, standalone=True)
    assert report.problems == []
    summary = report.summary()
    assert summary["roles"] == 1
    assert summary["questions_by_kind"] == {
        "intro": 1,
        "project": 1,
        "technical": 0,
        "scenario": 2,
        "behavioural": 0,
        "candidate_questions": 1,
        "close": 1,
    }
    assert summary["scored_questions_by_competency"] == {
        "troubleshooting": 3,
        "monitoring": 3,
        "strategic_thinking": 3,
    }


def test_malformed_yaml_points_at_the_unclosed_quote(broken: CheckReport) -> None:
    line = find(broken, "malformed.yaml:4:", "YAML syntax error")
    assert "quoted scalar" in line and "quoting" in line


def test_unknown_competency_of_a_question(broken: CheckReport) -> None:
    line = find(broken, "problems.yaml:5:", "unknown competency 'kubernetes_wizardry'")
    assert (
        "Use one of the framework's ids (monitoring, strategic_thinking, troubleshooting)" in line
    )


def test_scored_question_without_a_rubric(broken: CheckReport) -> None:
    line = find(broken, "problems.yaml:8:", "scored question ops.no-rubric (technical) needs")
    assert "a reference_answer" in line and "3-7 key_points (has 0)" in line
    assert "or make it an unscored kind" in line


def test_duplicate_ids_in_one_layer_name_the_first_definition(broken: CheckReport) -> None:
    for at in ("problems.yaml:13:", "problems.yaml:17:"):
        line = find(broken, at, "duplicate question id 'ops.q1'")
        assert "bank.yaml:14)" in line and "Give one of them a new id" in line


def test_every_schema_error_of_an_item_at_its_own_line(broken: CheckReport) -> None:
    find(broken, "problems.yaml:24:", "difficulty: Extra inputs are not permitted")
    find(broken, "problems.yaml:25:", "time_budget_minutes: Input should be less than or equal")
    missing = [line for line in lines(broken) if line.startswith("bad_code.yaml:1:")]
    assert len(missing) == 11  # bad code pattern + 10 required fields, all reported
    assert any("Add 'story' to this item." in line for line in missing)


def test_question_for_a_level_no_role_has(broken: CheckReport) -> None:
    find(broken, "problems.yaml:29:", "question ops.junior-only suits P1, a level no role has")


def test_follow_up_for_an_unknown_key_point(broken: CheckReport) -> None:
    line = find(broken, "problems.yaml:45:", "follow-up for unknown key point 'tcpdump'")
    assert "Use one of its key point ids (dmesg, stack, wchan)" in line


def test_key_point_for_a_competency_its_question_does_not_evidence(broken: CheckReport) -> None:
    line = find(
        broken,
        "problems.yaml:58:",
        "key point 'fill-alert' of question ops.point-for-another-competency evidences "
        "'strategic_thinking', which is not one of the question's competencies",
    )
    assert "Use one of the question's competencies (troubleshooting, monitoring)" in line
    assert "or drop competency from the key point (it then evidences the first one)" in line


def test_dangling_references_of_a_role(broken: CheckReport) -> None:
    find(broken, "TEST.OPS.P5.yaml:29:", "unknown adjacent role 'NOPE.GEN.P3'")
    find(broken, "TEST.OPS.P5.yaml:33:", "interview names unknown competency 'chaos_magic'")
    find(broken, "TEST.OPS.P5.yaml:34:", "weights 'monitoring', which its interview does not")


def test_blueprint_competency_without_a_question_at_its_level(broken: CheckReport) -> None:
    find(
        broken,
        "TEST.OPS.P5.yaml:32:",
        "must evidence troubleshooting but no scored question suits P5",
    )


def test_every_level_a_role_has_can_be_planned(broken: CheckReport) -> None:
    flow = [line for line in lines(broken) if "cannot be planned" in line]
    assert [line.split(" question suits")[0] for line in flow] == [
        "TEST.OPS.P5.yaml:5: no intro",
        "TEST.OPS.P5.yaml:5: no project or behavioural",
        "TEST.OPS.P5.yaml:5: no candidate_questions",
        "TEST.OPS.P5.yaml:5: no close",
    ]
    assert flow[-1].endswith("Add a question with kind: close and P5 in its levels.")


def test_all_problems_are_reported_not_just_the_first(broken: CheckReport) -> None:
    assert len(broken.problems) == 29
    assert not broken.ok
    located = [(str(p.source.path), p.source.line) for p in broken.problems]
    assert located == sorted(located)  # grouped by file, in line order


def test_a_user_layer_may_override_ids_and_is_checked_with_the_base() -> None:
    report = check_layers([VALID, FIXTURES / "layer"])
    assert lines(report) == [
        "competencies.yaml:3: competency capacity_planning has 1 scored question(s); at least 3 "
        "are needed to vary interviews and cross-check answers — Write 2 more scored "
        "question(s) listing 'capacity_planning'.",
        "competencies.yaml:18: level rule thought_leader requires 'visionary_leadership', which "
        "is not a leadership skill — Name a competency with group: leadership.",
    ]
    assert report.catalog.question("ops.intro").text.startswith("Walk me through")
    assert "duplicate" not in " ".join(lines(report))


def test_the_built_in_catalog_passes_check() -> None:
    """The acceptance test of the catalog: the shipped roles, competencies and questions."""
    report = check_catalog()
    assert [str(p) for p in report.problems] == []
    assert report.summary()["roles"] == 9


@pytest.mark.parametrize(
    ("text", "location", "message"),
    [
        (
            "questions: {a: 1}\n",
            "extra.yaml:1:",
            "expected a mapping with a list under 'questions:'",
        ),
        ("qestions:\n  - id: x\n", "extra.yaml:1:", "no 'questions:' list in this file"),
        (
            "questions:\n  - id: ok.a\n    kind: close\n    text: Bye.\n  - just text\n",
            "extra.yaml:5:",
            "each item under 'questions' must be a mapping, got str",
        ),
    ],
)
def test_badly_shaped_files(tmp_path: Path, text: str, location: str, message: str) -> None:
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    (tmp_path / "questions" / "extra.yaml").write_text(text, encoding="utf-8")
    report = check_catalog(tmp_path, standalone=True)
    assert len(report.problems) == 1
    find(report, location, message)


def test_an_empty_file_is_no_problem(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    (tmp_path / "questions" / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert check_catalog(tmp_path, standalone=True).ok
