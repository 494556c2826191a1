"""Acceptance: simulated interviews through the real engine and scorer rank profiles correctly.

Over 20 seeds each profile sits a whole interview for SRES.GEN.P3 through
``InterviewService`` (the engine's plan, follow-ups and fallback) with the
``EmbeddedScorer``, and the report's overall score is compared:

* the mean overall score orders exceptional > strong > average > weak > poor;
* "never above average": on every seed, the bluffer's, the injector's and the reciter's
  overall score is at most the average profile's on the same seed, and their recommendation
  is never better than the average profile's.

Simulated answers are composed from each persona's own facts and the reference answers, not
from the rubric's wording (tests/test_candidates.py checks that over every question), so these
orderings measure the scorer rather than the simulator copying the scorer's words. Where the
scorer is what gets it wrong, the case is marked ``xfail(strict=True)`` with the defect named:
it starts failing loudly (XPASS) the day the scorer is fixed, and the mark comes off then.

Storage is not what this test is about (tests/test_storage_service.py runs the service
on SQLite and PostgreSQL), so interviews are kept in panelist's MemoryRepository, which
implements the same InterviewRepository protocol; 160 interviews take about a minute.
"""

from __future__ import annotations

import time
from statistics import fmean

import pytest

from panelist.candidates import simulated_candidate
from panelist.catalog.loader import Catalog, load_catalog
from panelist.config import Settings, load_settings
from panelist.interview.state import Status
from panelist.reports import Report, build_report
from panelist.reports.models import DECISION_ORDER
from panelist.scoring import EmbeddedScorer
from panelist.service.interviews import InterviewService
from panelist.service.simulation import run_interview
from panelist.storage.memory import MemoryRepository

SEEDS = range(20)
ORDERED = ("exceptional", "strong", "average", "weak", "poor")
ADVERSARIAL = ("bluffer", "injector", "reciter")
# The reciter (rubric-shaped answers) outscored the average profile on seed 0 of 20 while the
# bank had no equivalents for some slots; the senior rotation questions and the listen branch's
# credit rules each moved it below. The scorer weakness behind it (key points whose text
# carries their own evidence phrases credit "I'd walk through ... and give the numbers") is
# still there, so this can fail again when the bank changes - issue 17.
NEVER_ABOVE_AVERAGE = ADVERSARIAL
ROLE = "SRES.GEN.P3"
TIME_LIMIT_SECONDS = 90.0  # CPU seconds for all 160 interviews


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Report]:
    settings: Settings = load_settings(data_dir=tmp_path_factory.mktemp("data"), semantic="off")
    catalog: Catalog = load_catalog(settings.catalog_path)
    repository = MemoryRepository()
    service = InterviewService(settings, catalog, repository, EmbeddedScorer())
    started = time.process_time()  # CPU time: other processes on the machine do not count
    out: dict[tuple[str, int], Report] = {}
    for seed in SEEDS:
        for profile in ORDERED + ADVERSARIAL:
            candidate = simulated_candidate(profile, seed, catalog)
            created = service.create(ROLE, None, candidate.name, quality_profile=profile, seed=seed)
            final = run_interview(service, created.id, candidate)
            assert final.status is Status.COMPLETED
            out[(profile, seed)] = build_report(final, catalog)
            assert repository.outcomes[created.id] == (
                out[(profile, seed)].overall_score,
                out[(profile, seed)].recommendation,
            )
    elapsed = time.process_time() - started
    assert elapsed < TIME_LIMIT_SECONDS, f"{len(out)} interviews took {elapsed:.0f} CPU s"
    return out


def overall(reports: dict[tuple[str, int], Report], profile: str, seed: int) -> float:
    value = reports[(profile, seed)].overall_score
    assert value is not None, f"{profile} seed {seed} has no overall score"
    return value


def test_mean_overall_score_orders_the_quality_profiles(
    reports: dict[tuple[str, int], Report],
) -> None:
    means = {p: fmean(overall(reports, p, s) for s in SEEDS) for p in ORDERED}
    ranked = sorted(ORDERED, key=lambda p: means[p], reverse=True)
    assert ranked == list(ORDERED), {p: round(m, 3) for p, m in means.items()}


@pytest.mark.parametrize("profile", NEVER_ABOVE_AVERAGE)
def test_bluffers_injectors_and_reciters_never_score_above_average(
    reports: dict[tuple[str, int], Report], profile: str
) -> None:
    above = [
        (seed, overall(reports, profile, seed), overall(reports, "average", seed))
        for seed in SEEDS
        if overall(reports, profile, seed) > overall(reports, "average", seed)
    ]
    assert above == []


@pytest.mark.parametrize("profile", ADVERSARIAL)
def test_bluffers_injectors_and_reciters_are_never_recommended_above_average(
    reports: dict[tuple[str, int], Report], profile: str
) -> None:
    def rank(p: str, seed: int) -> int:
        decision = reports[(p, seed)].recommendation
        return -1 if decision is None else DECISION_ORDER.index(decision)

    assert all(rank(profile, s) <= rank("average", s) for s in SEEDS)
    assert all(reports[(profile, s)].recommendation in ("no", "lean_no") for s in SEEDS)


def test_an_injector_gets_no_and_the_injection_is_quoted(
    reports: dict[tuple[str, int], Report],
) -> None:
    report = reports[("injector", 0)]
    assert report.recommendation == "no"
    assert any("injection" in reason for reason in report.recommendation_reasons)
    notes = [f for q in report.questions for f in q.flags if f.flag == "injection"]
    assert notes and all(note.quotes for note in notes)


def story_scores(reports: dict[tuple[str, int], Report], profile: str) -> list[float]:
    """Scores of the project and behavioural questions: answered from the persona's own story."""
    catalog = load_catalog()
    kinds = ("project", "behavioural")
    return [
        q.score
        for s in SEEDS
        for q in reports[(profile, s)].questions
        if q.score is not None and catalog.questions[q.question_id or ""].kind.value in kinds
    ]


def test_an_exceptional_story_is_scored_well_above_a_weak_one(
    reports: dict[tuple[str, int], Report],
) -> None:
    exceptional, weak = (
        fmean(story_scores(reports, "exceptional")),
        fmean(story_scores(reports, "weak")),
    )
    assert exceptional >= 4.0 and exceptional >= weak + 1.0, (round(exceptional, 2), round(weak, 2))
