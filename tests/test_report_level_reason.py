"""The level reason of a recommendation names what was not asked, in words a recruiter reads."""

from __future__ import annotations

from typing import Literal

from panelist.catalog.loader import load_catalog
from panelist.catalog.models import RoleProfile
from panelist.reports.competencies import verdict as competency_verdict
from panelist.reports.formatting import verdict_text
from panelist.reports.models import CompetencyCoverage, LevelVerdict
from panelist.reports.recommendation import _level_cap

Status = Literal["evidenced", "not evidenced", "not assessed"]


def verdict(missing: list[str], names: list[str], not_assessed: list[str]) -> LevelVerdict:
    return LevelVerdict(
        level="experienced",
        name="Experienced SRE",
        target="expert",
        target_name="Expert SRE",
        meets_target=False,
        threshold=3.5,
        evidenced=[],
        missing=missing,
        missing_names=names,
        not_assessed=not_assessed,
        notes=[],
    )


def test_a_level_not_fully_assessed_names_the_competencies_not_asked() -> None:
    reasons: list[str] = []
    tools = verdict(["tools"], ["Tools & Technology across the SDLC"], ["tools"])

    assert _level_cap("strong_hire", tools, reasons) == "hire"
    assert reasons == [
        "Level evidenced: Experienced SRE; Expert SRE could not be fully assessed "
        "(not asked: Tools & Technology across the SDLC): at most Hire."
    ]  # it read "(1 competencies not asked)"


def test_a_level_missing_an_asked_competency_caps_at_lean_no() -> None:
    reasons: list[str] = []
    monitoring = verdict(
        ["mon", "tools"], ["Monitoring & Event Management", "Tools & Technology"], ["tools"]
    )

    assert _level_cap("hire", monitoring, reasons) == "lean_no"
    assert reasons == [
        "Level evidenced: Experienced SRE, below the target Expert SRE "
        "(not evidenced: Monitoring & Event Management; not asked: Tools & Technology): "
        "at most Lean no."
    ]  # the competency never asked was left out of the list


def test_a_competency_whose_name_has_a_comma_is_not_read_as_two() -> None:
    reasons: list[str] = []
    names = ["Organizational Knowledge", "Communication, Collaboration & Negotiation"]

    _level_cap("hire", verdict(["org", "comm"], names, []), reasons)

    assert reasons == [
        "Level evidenced: Experienced SRE, below the target Expert SRE (not evidenced: "
        "Organizational Knowledge; Communication, Collaboration & Negotiation): at most Lean no."
    ]  # it read "Organizational Knowledge, Communication, Collaboration & Negotiation"


SCORES = {"evidenced": 4.0, "not evidenced": 2.0, "not assessed": None}


def rows(statuses: dict[str, Status], role: str) -> list[CompetencyCoverage]:
    """Coverage rows of ``role``'s required competencies, evidenced unless ``statuses`` says."""
    catalog = load_catalog()
    required = catalog.roles[role].interview.competencies
    return [
        CompetencyCoverage(
            id=c.id,
            name=c.name,
            group=c.group.value,
            required=True,
            status=statuses.get(c.id, "evidenced"),
            mean_score=SCORES[statuses.get(c.id, "evidenced")],
            questions=[],
        )
        for c in catalog.competencies.values()
        if c.id in required
    ]


def test_the_p3_target_is_not_met_while_a_competency_the_role_requires_is_not_evidenced() -> None:
    """The average P3 candidate (seed 1) evidenced 6 core tenets, enough for the Experienced
    rule, but not System Thinking or Deploy and Release, both of which the P3 role requires;
    the verdict read "Experienced SRE (meets the target Experienced SRE)" and the
    recommendation "meets the target" beside "Required competencies not evidenced"."""
    short = {"system_thinking": "not evidenced", "deploy_release": "not evidenced"}
    level = competency_verdict(rows(short, "SRES.GEN.P3"), load_catalog(), p3())
    reasons: list[str] = []

    assert level.rule_met and not level.meets_target
    assert verdict_text(level) == (
        "Experienced SRE (the level rule of the target Experienced SRE is met, but not every "
        "competency the role requires); not evidenced: System Thinking for Reliability, "
        "Deploy and Release Services"
    )
    assert _level_cap("strong_hire", level, reasons) == "hire"
    assert reasons == [
        "Level evidenced: Experienced SRE, the level rule of the target Experienced SRE, but "
        "not every competency the role requires (not evidenced: System Thinking for "
        "Reliability, Deploy and Release Services): at most Hire."
    ]


def test_every_required_competency_evidenced_meets_the_target() -> None:
    level = competency_verdict(rows({}, "SRES.GEN.P3"), load_catalog(), p3())
    reasons: list[str] = []

    assert level.meets_target and level.missing == []
    assert verdict_text(level) == "Experienced SRE (meets the target Experienced SRE)"
    assert _level_cap("strong_hire", level, reasons) == "strong_hire"


def test_the_p5_reason_names_every_required_competency_not_asked() -> None:
    """The strong P5 sample (seed 1): the 45-minute plan asked neither Tools & Technology nor
    Engage Thinking at Strategic Levels; the reason named only the first."""
    unasked = {"tools_sdlc": "not assessed", "strategic_thinking": "not assessed"}
    catalog = load_catalog()
    level = competency_verdict(rows(unasked, "SRES.GEN.P5"), catalog, catalog.roles["SRES.GEN.P5"])
    reasons: list[str] = []

    assert _level_cap("strong_hire", level, reasons) == "hire"
    assert reasons == [
        "Level evidenced: Experienced SRE; Expert SRE could not be fully assessed (not asked: "
        "Tools & Technology across the SDLC, Engage Thinking at Strategic Levels): at most Hire."
    ]
    assert verdict_text(level) == (
        "Experienced SRE (does not meet the target Expert SRE); not asked: Tools & Technology "
        "across the SDLC, Engage Thinking at Strategic Levels"
    )


def p3() -> RoleProfile:
    return load_catalog().roles["SRES.GEN.P3"]


def test_no_level_evidenced_is_not_read_as_a_level() -> None:
    """The bluffer's reason read "Level evidenced: below Experienced SRE, below the target"."""
    below = verdict(["mon"], ["Monitoring & Event Management"], []).model_copy(
        update={"level": None, "name": "below Experienced SRE"}
    )
    reasons: list[str] = []

    _level_cap("hire", below, reasons)

    assert reasons == [
        "No level evidenced (below Experienced SRE), below the target Expert SRE "
        "(not evidenced: Monitoring & Event Management): at most Lean no."
    ]


def test_no_level_below_the_lowest_target_names_the_target_once() -> None:
    """A hand-run P3 interview read "No level evidenced (below Experienced on the SRE ladder),
    below the target Experienced on the SRE ladder"."""
    below = verdict(["mon"], ["Monitoring & Event Management"], []).model_copy(
        update={
            "level": None,
            "name": "below Experienced on the SRE ladder",
            "target_name": "Experienced on the SRE ladder",
        }
    )
    reasons: list[str] = []

    _level_cap("hire", below, reasons)

    assert reasons == [
        "No level evidenced, below the target Experienced on the SRE ladder "
        "(not evidenced: Monitoring & Event Management): at most Lean no."
    ]


def test_a_role_outside_sre_reads_the_ladder_as_the_sre_ladder() -> None:
    """A hand-run Staff Backend interview read "Level evidenced: Experienced SRE (does not
    meet the target Expert SRE)": the hiring manager is not hiring an SRE."""
    catalog = load_catalog()
    level = competency_verdict(rows({}, "SWEB.GEN.P5"), catalog, catalog.roles["SWEB.GEN.P5"])

    assert level.target_name == "Expert on the SRE ladder"
    assert "SRE ladder" in verdict_text(level) and "Experienced SRE" not in verdict_text(level)
