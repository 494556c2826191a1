"""The catalog models and the loader: the built-in framework, role profiles, layering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from panelist.catalog.loader import Catalog, builtin_catalog_dir, load_catalog, load_layer
from panelist.catalog.models import (
    CareerLevel,
    Component,
    ComponentType,
    RoleProfile,
    TitleAlias,
)
from panelist.catalog.problems import ProblemSink
from panelist.errors import CatalogError, UnknownIdError

FIXTURES = Path(__file__).parent / "fixtures" / "catalog"

CORE = [
    "system_thinking",
    "software_engineering",
    "deploy_release",
    "automation",
    "monitoring",
    "troubleshooting",
    "data_driven",
    "tools_sdlc",
    "security_compliance",
    "org_knowledge",
    "communication",
]
LEADERSHIP = [
    "strategic_thinking",
    "executive_communication",
    "cross_org_leadership",
    "collaborative_influence",
    "strategic_planning",
    "solution_optimization",
    "innovation",
    "trusted_advisory",
]


@pytest.fixture(scope="module")
def builtin() -> Catalog:
    """The built-in competencies and roles, parsed without the question bank's state."""
    from panelist.catalog.loader import merge

    return merge([load_layer(builtin_catalog_dir(), ProblemSink(collect=True))])


def test_the_framework_has_the_11_tenets_and_8_leadership_skills_of_seed_000(
    builtin: Catalog,
) -> None:
    assert [c.id for c in builtin.core_competencies()] == CORE
    assert [c.id for c in builtin.leadership_competencies()] == LEADERSHIP
    for comp in builtin.competencies.values():
        assert len(comp.definition) > 80, comp.id
        for level in CareerLevel:
            assert 2 <= len(comp.indicators[level]) <= 4, (comp.id, level)


def test_level_rules_encode_seed_000_as_data(builtin: Catalog) -> None:
    rules = builtin.level_rules
    assert rules["experienced"].min_core == 5
    assert rules["expert"].min_core == "all"
    leader = rules["thought_leader"]
    assert leader.includes is CareerLevel.EXPERT
    assert set(leader.required_leadership) == {
        "cross_org_leadership",
        "strategic_thinking",
        "executive_communication",
    }
    assert {r.evidence_threshold for r in rules.values()} == {3.0}
    assert sorted(r.rank for r in rules.values()) == [1, 2, 3]


def test_sres_p5_is_the_profile_of_seed_002(builtin: Catalog) -> None:
    role = builtin.role("SRES.GEN.P5")
    assert role.title == "Site Reliability Engineering (SRE) Senior"
    assert role.level.name == "Expert Professional"
    assert role.attributes.typical_experience == "8–12 yrs"
    counts = [
        len(role.responsibilities),
        len(role.tasks),
        len(role.skills),
        len(role.knowledge),
        len(role.competencies),
        len(role.qualifications),
    ]
    assert counts == [10, 5, 8, 8, 8, 5]
    assert role.responsibilities[0].name == "Define and enforce SLOs"
    assert [(a.alias, a.confidence) for a in role.title_aliases][2] == (
        "Staff Site Reliability Engineering (SRE)",
        0.72,
    )
    assert len(role.title_aliases) == 7
    mapping = role.classifications[0]
    assert (mapping.code, mapping.source, mapping.review_status) == (
        "15-0000",
        "inferred_from_superfunction",
        "needs_review",
    )


def test_sre_blueprints_grow_with_level(builtin: Catalog) -> None:
    def core(code: str) -> set[str]:
        return set(builtin.role(code).interview.competencies) & set(CORE)

    assert core("SRES.GEN.P2") < core("SRES.GEN.P3") < core("SRES.GEN.P4")
    assert core("SRES.GEN.P5") == core("SRES.GEN.P6") == set(CORE)
    p6 = builtin.role("SRES.GEN.P6").interview
    assert {"cross_org_leadership", "strategic_thinking", "executive_communication"} <= set(
        p6.competencies
    )
    assert p6.target_level is CareerLevel.THOUGHT_LEADER
    assert builtin.role("SRES.GEN.P5").interview.target_level is CareerLevel.EXPERT


def test_sre_p2_to_p6_and_two_adjacent_families_at_two_levels(builtin: Catalog) -> None:
    families = {r.family_code for r in builtin.roles.values()}
    assert {"SRES.GEN", "PLAT.GEN", "SWEB.GEN"} <= families
    assert {r.code for r in builtin.roles.values() if r.family_code == "SRES.GEN"} == {
        f"SRES.GEN.P{n}" for n in range(2, 7)
    }
    for family in ("PLAT.GEN", "SWEB.GEN"):
        levels = {r.level.code for r in builtin.roles.values() if r.family_code == family}
        assert len(levels) >= 2, family


def test_a_component_may_be_written_as_a_bare_name() -> None:
    assert Component.model_validate("Lead incidents") == Component(
        name="Lead incidents", type=ComponentType.COMMON, level="level"
    )


def test_alias_confidence_bands() -> None:
    assert [TitleAlias(alias="x", confidence=c).band for c in (0.84, 0.5, 0.49)] == [
        "high",
        "medium",
        "low",
    ]


def test_role_code_must_end_in_its_level(builtin: Catalog) -> None:
    raw = builtin.role("SRES.GEN.P5").model_dump(mode="json")
    raw["code"] = "SRES.GEN.P4"
    with pytest.raises(ValueError, match="ends in a different level"):
        RoleProfile.model_validate(raw)


def test_unknown_role_names_the_known_ones(builtin: Catalog) -> None:
    with pytest.raises(UnknownIdError) as caught:
        builtin.role("SRES.GEN.P9")
    assert "SRES.GEN.P5" in str(caught.value)
    assert builtin.role_for("SRES.GEN.P5", "P3").code == "SRES.GEN.P3"


def test_strict_loading_stops_at_the_first_problem_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()
    shutil.copy(FIXTURES / "broken" / "questions" / "malformed.yaml", tmp_path / "questions")
    with pytest.raises(CatalogError, match=r"malformed\.yaml:4: YAML syntax error"):
        load_catalog(tmp_path)


def test_a_missing_user_directory_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="PANELIST_CATALOG_PATH"):
        load_catalog(tmp_path / "nope")


def test_a_user_layer_overrides_built_ins_by_id_and_extends_them(
    builtin: Catalog, tmp_path: Path
) -> None:
    raw = builtin.role("SRES.GEN.P5").model_dump(mode="json")
    raw["title"] = "Staff Site Reliability Engineer"
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "sre.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    shutil.copy(FIXTURES / "valid" / "roles" / "TEST.OPS.P3.yaml", tmp_path / "roles")
    layered = load_catalog(tmp_path)
    assert layered.role("SRES.GEN.P5").title == "Staff Site Reliability Engineer"
    assert layered.role("TEST.OPS.P3").title == "Test Operations Engineer"
    assert str(layered.sources["role:SRES.GEN.P5"]).endswith("sre.yaml:1")
    assert load_catalog().role("SRES.GEN.P5").title == "Site Reliability Engineering (SRE) Senior"
