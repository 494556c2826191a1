"""Helpers for the report tests: whole interviews run through the real service on SQLite.

(No tests here; the report tests import these.)
"""

from __future__ import annotations

from pathlib import Path

from panelist.candidates import simulated_candidate
from panelist.catalog.loader import Catalog, load_catalog
from panelist.config import Settings, load_settings
from panelist.interview.state import InterviewState, Speaker
from panelist.scoring import EmbeddedScorer
from panelist.scoring.types import Score
from panelist.service.interviews import InterviewService
from panelist.service.simulation import run_interview
from panelist.storage import Database, open_database

ROLE = "SRES.GEN.P3"


def scratch_settings(directory: Path) -> Settings:
    return load_settings(data_dir=directory, semantic="off")


def run_simulation(
    db: Database, catalog: Catalog, settings: Settings, profile: str, seed: int
) -> InterviewState:
    """A whole interview of a simulated ``profile`` candidate, stored in ``db``."""
    service = InterviewService(settings, catalog, db.interviews, EmbeddedScorer())
    candidate = simulated_candidate(profile, seed, catalog)
    created = service.create(ROLE, None, candidate.name, quality_profile=profile, seed=seed)
    return run_interview(service, created.id, candidate)


def simulated_states(directory: Path, runs: list[tuple[str, int]]) -> dict[str, InterviewState]:
    settings = scratch_settings(directory)
    catalog = load_catalog(settings.catalog_path)
    db = open_database(settings)
    return {f"{p}:{s}": run_simulation(db, catalog, settings, p, s) for p, s in runs}


def scored_answers(state: InterviewState) -> list[int]:
    """Indexes of candidate turns that carry a numeric score."""
    return [
        i
        for i, t in enumerate(state.turns)
        if t.speaker is Speaker.CANDIDATE and t.score and t.score.get("value") is not None
    ]


def unscore(state: InterviewState, index: int, reason: str) -> InterviewState:
    """A copy of ``state`` whose turn ``index`` the scorer could not score."""
    copy = state.model_copy(deep=True)
    turn = copy.turns[index]
    score = Score.from_dict(turn.score or {})
    unscored = Score(
        value=None,
        relevance=score.relevance,
        key_points_hit=[],
        key_points_missed=[],
        flags=[],
        confidence=0.0,
        scorer=score.scorer,
        reason=reason,
    )
    copy.turns[index] = turn.model_copy(update={"score": unscored.to_dict()})
    return copy


def with_answer_text(state: InterviewState, index: int, text: str) -> InterviewState:
    copy = state.model_copy(deep=True)
    copy.turns[index] = copy.turns[index].model_copy(update={"text": text})
    return copy
