"""Job description in, catalog role out: the matcher, its CLI and its API, as a recruiter uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web_support import api_login
from typer.testing import CliRunner

from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.matching import (
    MIN_CONFIDENCE,
    estimate_level,
    match_job_description,
    title_core,
)
from panelist.cli.app import app as cli
from panelist.evaluation.jd_match import FAMILY_TARGET, LEVEL_TARGET, read_set, run

pytest_plugins = ["test_web_support"]

SENIOR_SRE = """Senior Site Reliability Engineer
Own the SLOs and incident response of our payments platform, run postmortems and mentor two
engineers. 6+ years in SRE or production engineering; Kubernetes; Prometheus."""
DATA_ENGINEER = """Data Engineer
Build batch and streaming pipelines in Spark and Airflow for the analytics warehouse. 3-5 years."""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_a_senior_sre_job_description_matches_the_senior_sre_role(catalog: Catalog) -> None:
    result = match_job_description(SENIOR_SRE, catalog)
    assert result.fits and result.best is not None
    assert result.best.role_code == "SRES.GEN.P4"
    assert result.level == "P4"
    assert any("site reliability engineer" in reason for reason in result.best.reasons)
    assert "“6+ years” of experience asked → P4" in result.level_reasons


def test_a_data_engineer_is_told_no_role_fits_and_offered_the_nearest_family(
    catalog: Catalog,
) -> None:
    result = match_job_description(DATA_ENGINEER, catalog)
    assert not result.fits and result.best is None
    assert result.matches[0].confidence < MIN_CONFIDENCE
    assert "No catalog role fits" in result.message
    assert result.nearest_family in result.message
    assert any("names a job no catalog role or alias names" in r for r in result.matches[0].reasons)


def test_a_qualifier_before_a_known_title_makes_it_another_job(catalog: Catalog) -> None:
    embedded = "Senior Embedded Software Engineer\nFirmware in C for ARM sensors. 5+ years."
    backend = "Senior Backend Software Engineer\nAPIs in Go and PostgreSQL. 6+ years."
    assert not match_job_description(embedded, catalog).fits
    best = match_job_description(backend, catalog).best
    assert best is not None and best.family == "SWEB.GEN"


def test_titles_lose_their_level_words_but_keep_the_job() -> None:
    assert title_core("Senior Site Reliability Engineer") == ("site", "reliability", "engineer")
    assert title_core("Site Reliability Engineering (SRE) Senior", drop_abbreviations=True) == (
        "site",
        "reliability",
        "engineer",
    )
    assert title_core("Platform Architect") == ("platform", "architect")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Junior DevOps Engineer\n0–2 years of experience", 2),
        ("Site Reliability Engineer\n3–5 years in SRE", 3),
        ("Production Engineer\nabout four years of experience running services", 3),
        ("Staff Platform Engineer\n10+ years of experience", 5),
        ("Principal Backend Developer\n8–12 years in backend development", 5),
        ("Principal SRE\n15+ years; set direction company-wide", 6),
    ],
)
def test_the_level_comes_from_title_words_years_and_scope(text: str, level: int) -> None:
    assert estimate_level(text)[0] == level


def test_the_labelled_job_descriptions_meet_the_targets(catalog: Catalog) -> None:
    report = run(read_set(), catalog)
    assert report["rows"] >= 40
    assert report["family_accuracy"] >= FAMILY_TARGET, report["misses"]
    assert report["level_within_one"] >= LEVEL_TARGET, report["misses"]


def test_roles_match_reads_a_file_or_stdin(tmp_path: Path) -> None:
    jd = tmp_path / "jd.txt"
    jd.write_text(SENIOR_SRE, encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(cli, ["roles", "match", str(jd)])
    assert shown.exit_code == 0, shown.output
    assert "SRES.GEN.P4" in shown.output
    piped = runner.invoke(cli, ["roles", "match", "-", "--json"], input=DATA_ENGINEER)
    assert piped.exit_code == 0, piped.output
    assert json.loads(piped.output)["fits"] is False
    missing = runner.invoke(cli, ["roles", "match", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "to read stdin" in missing.output


def test_the_api_ranks_roles_for_a_job_description(client: TestClient) -> None:
    recruiter = api_login(client, "ann@acme.example", "Acme")
    response = client.post(
        "/api/v1/roles/match", json={"job_description": SENIOR_SRE}, headers=recruiter.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["fits"] and body["matches"][0]["role_code"] == "SRES.GEN.P4"
    assert body["matches"][0]["reasons"]
    assert (
        client.post("/api/v1/roles/match", json={"job_description": SENIOR_SRE}).status_code == 401
    )
    empty = client.post(
        "/api/v1/roles/match", json={"job_description": ""}, headers=recruiter.headers
    )
    assert empty.status_code == 422
