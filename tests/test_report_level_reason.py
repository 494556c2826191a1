"""The level reason of a recommendation names what was not asked, in words a recruiter reads."""

from __future__ import annotations

from panelist.reports.models import LevelVerdict
from panelist.reports.recommendation import _level_cap


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
        "(not evidenced: Monitoring & Event Management): at most Lean no."
    ]


def test_a_competency_whose_name_has_a_comma_is_not_read_as_two() -> None:
    reasons: list[str] = []
    names = ["Organizational Knowledge", "Communication, Collaboration & Negotiation"]

    _level_cap("hire", verdict(["org", "comm"], names, []), reasons)

    assert reasons == [
        "Level evidenced: Experienced SRE, below the target Expert SRE (not evidenced: "
        "Organizational Knowledge; Communication, Collaboration & Negotiation): at most Lean no."
    ]  # it read "Organizational Knowledge, Communication, Collaboration & Negotiation"
