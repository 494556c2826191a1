"""The bias audit finds a disparity that is there and flags none where there is none."""

from __future__ import annotations

import json
import random
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import require_binary

from panelist.compliance import AuditRecord, RaceEthnicity, Sex, bias_report, render_bias
from panelist.compliance.bias import BiasReport, GroupResult
from panelist.compliance.pdf import bias_pdf

START = datetime(2026, 1, 5, tzinfo=UTC)
# Four common races in equal parts, and one at ~1 % (under the 2 % line) to test the exclusion.
RACES = [RaceEthnicity.WHITE, RaceEthnicity.ASIAN, RaceEthnicity.BLACK_OR_AFRICAN_AMERICAN,
         RaceEthnicity.HISPANIC_OR_LATINO]  # fmt: skip
RARE = RaceEthnicity.AMERICAN_INDIAN_OR_ALASKA_NATIVE


def batch(
    size: int,
    *,
    seed: int,
    selection: dict[Sex, float],
    score_shift: dict[Sex, float],
    undisclosed: float = 0.05,
) -> list[AuditRecord]:
    """Simulated candidates: hire chance and score depend on sex only as the caller injects."""
    rng = random.Random(seed)
    records = []
    for index in range(size):
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        race = RARE if rng.random() < 0.01 else rng.choice(RACES)
        records.append(
            AuditRecord(
                candidate_id=f"c{index}",
                sex=None if rng.random() < undisclosed else sex,
                race_ethnicity=None if rng.random() < undisclosed else race,
                selected=rng.random() < selection[sex],
                score=min(4.0, max(0.0, rng.gauss(2.5 + score_shift[sex], 0.6))),
                at=START + timedelta(hours=index),
            )
        )
    return records


def group(report: BiasReport, dimension: str, category: str) -> GroupResult:
    return next(g for g in report.groups if g.dimension == dimension and g.category == category)


def test_a_small_batch_gives_the_numbers_worked_out_by_hand() -> None:
    def rec(i: int, sex: Sex | None, selected: bool | None, score: float | None) -> AuditRecord:
        return AuditRecord(
            f"c{i}", sex, RaceEthnicity.WHITE, selected, score, START + timedelta(days=i)
        )

    records = [
        rec(0, Sex.MALE, True, 3.5),
        rec(1, Sex.MALE, True, 3.0),
        rec(2, Sex.MALE, False, 2.0),
        rec(3, Sex.MALE, None, 2.8),  # no sign-off yet: not in the selection rate
        rec(4, Sex.FEMALE, True, 2.6),
        rec(5, Sex.FEMALE, False, 1.0),
        rec(6, Sex.FEMALE, False, 2.5),
        rec(7, Sex.FEMALE, False, None),  # not scored: not in the scoring rate
        rec(8, None, True, 3.9),  # prefer not to say
    ]
    report = bias_report(records)

    assert report.median_score == 2.7  # of the eight scores: (2.6 + 2.8) / 2
    male, female = group(report, "sex", "Male"), group(report, "sex", "Female")
    assert (male.selected, male.decided, male.selection_rate) == (2, 3, 2 / 3)
    assert (female.selected, female.decided, female.selection_rate) == (1, 4, 0.25)
    assert female.selection_impact_ratio == pytest.approx(0.25 / (2 / 3))
    assert male.selection_impact_ratio == 1.0
    assert (male.above_median, male.scored) == (3, 4)
    assert (female.above_median, female.scored) == (0, 3)
    assert female.scoring_impact_ratio == 0.0
    assert female.flags == ["selection_rate", "scoring_rate"] and male.flags == []
    unknown = group(report, "sex", "Unknown")
    assert unknown.candidates == 1 and unknown.excluded == "did not self-identify"
    assert unknown.selection_impact_ratio is None and unknown.flags == []
    assert report.date_from == START and report.date_to == START + timedelta(days=8)


def test_an_injected_disparity_against_women_is_found_in_every_row_that_holds_it() -> None:
    records = batch(
        4000,
        seed=18,
        selection={Sex.MALE: 0.5, Sex.FEMALE: 0.3},  # a true impact ratio of 0.6
        score_shift={Sex.MALE: 0.0, Sex.FEMALE: -0.5},
    )
    report = bias_report(records)

    flagged = {(g.dimension, g.category) for g in report.flagged()}
    women = {("intersection", f"Female · {g.category}") for g in report.groups
             if g.dimension == "race_ethnicity" and g.excluded is None}  # fmt: skip
    assert flagged == {("sex", "Female")} | women
    female = group(report, "sex", "Female")
    assert female.flags == ["selection_rate", "scoring_rate"]
    assert female.selection_impact_ratio == pytest.approx(0.6, abs=0.06)
    assert "Female" in render_bias(report, "md").split("flagged:**")[1].splitlines()[0]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_no_disparity_no_flag(seed: int) -> None:
    """8000 candidates: each of the 8 sex × race intersections holds ~890 (95 % disclose each
    answer). A 50 % rate then has a standard error of 1.7 points, so two equal groups differ
    by the 10 points a 0.8 ratio needs only at 4.2 standard errors of their difference
    (p ≈ 1.3e-5 per pair, < 4e-4 over the 28 pairs of the intersections): a flag here is a
    bug, not chance. Five fixed seeds show the pass is not one lucky draw."""
    records = batch(
        8000,
        seed=seed,
        selection={Sex.MALE: 0.5, Sex.FEMALE: 0.5},
        score_shift={Sex.MALE: 0.0, Sex.FEMALE: 0.0},
    )
    report = bias_report(records)

    assert report.flagged() == []
    compared = [g for g in report.groups if g.excluded is None]
    assert len(compared) == 2 + 4 + 8
    assert all(g.selection_impact_ratio and g.selection_impact_ratio > 0.85 for g in compared)


def test_a_category_under_two_percent_is_reported_but_not_compared() -> None:
    # The rare group is hired far less often: excluded from the ratio, so not flagged.
    records = batch(
        4000,
        seed=7,
        selection={Sex.MALE: 0.5, Sex.FEMALE: 0.5},
        score_shift={Sex.MALE: 0.0, Sex.FEMALE: 0.0},
    )
    rare = "American Indian or Alaska Native"
    records = [
        AuditRecord(r.candidate_id, r.sex, r.race_ethnicity, False, 0.5, r.at)
        if r.race_ethnicity is RARE
        else r
        for r in records
    ]
    report = bias_report(records)

    row = group(report, "race_ethnicity", rare)
    assert 0 < row.share < 0.02 and row.candidates > 0
    assert row.selection_rate == 0.0 and row.scoring_rate == 0.0
    assert row.excluded == "under 2% of the candidates"
    assert row.selection_impact_ratio is None and row.flags == []
    assert report.flagged() == []
    assert rare in render_bias(report, "md")


def test_an_empty_audit_says_so_in_both_formats() -> None:
    report = bias_report([])
    assert report.candidates == 0 and report.groups == [] and report.median_score is None
    assert "no interviews" in render_bias(report, "md")
    assert json.loads(render_bias(report, "json"))["candidates"] == 0


def test_the_json_report_carries_every_row_and_number() -> None:
    records = batch(
        400,
        seed=3,
        selection={Sex.MALE: 0.5, Sex.FEMALE: 0.2},
        score_shift={Sex.MALE: 0, Sex.FEMALE: 0},
    )
    data = json.loads(render_bias(bias_report(records, filters={"role": "backend"}), "json"))
    assert data["filters"] == {"role": "backend"}
    female = next(g for g in data["groups"] if g["category"] == "Female")
    assert female["flags"][0] == "selection_rate" and female["selection_impact_ratio"] < 0.8
    assert {g["dimension"] for g in data["groups"]} == {"sex", "race_ethnicity", "intersection"}


def test_the_pdf_charts_and_tables_what_the_markdown_says(tmp_path: Path) -> None:
    pdftotext = require_binary("pdftotext")  # poppler-utils, like the report's PDF test
    records = batch(
        4000,
        seed=18,
        selection={Sex.MALE: 0.5, Sex.FEMALE: 0.3},
        score_shift={Sex.MALE: 0.0, Sex.FEMALE: -0.5},
    )
    report = bias_report(records)
    path = tmp_path / "bias.pdf"
    path.write_bytes(bias_pdf(report))
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert text.startswith("Bias audit")
    assert f"{len(report.flagged())} flagged: Female;" in text
    assert "Selection impact ratios (the line is 0.8)" in text
    female = group(report, "sex", "Female")
    assert f"{female.selection_impact_ratio:.3f}" in text  # the table row
    assert "under 2% of the candidates" in text and "Intersections" in text
