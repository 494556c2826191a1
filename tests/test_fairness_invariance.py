"""Invariance, in CI: who the candidate is must not change how their answers are scored.

A hypothesis property over simulated interviews of every profile: the same answers with names,
pronouns and gendered words swapped, given by a candidate of another name, get the same
questions, the same score on every answer and the same recommendation. And the paired set of
fluent and non-native English answers stays within the stated tolerance."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panelist.candidates import PROFILES
from panelist.catalog.loader import Catalog, load_catalog
from panelist.config import Settings, load_settings
from panelist.evaluation.fairness import (
    NON_NATIVE_FILE,
    NON_NATIVE_MAX_GAP,
    NON_NATIVE_MAX_PENALTY,
    NON_NATIVE_TOLERANCE,
    counterfactual_pair,
    non_native_gaps,
    read_pairs,
    summarise,
    swap_gender,
)

NAMES = ("James Miller", "Aisha Okafor", "Maria Rossi", "Daniel Kim", "Wei Zhang", "Fatima Diallo")
COLLEAGUES = ("Daniel", "Maria", "Omar", "Sofia", "Lukas", "Mei")
CATALOG: Catalog = load_catalog(None)
SETTINGS: Settings = load_settings(semantic="off")


@pytest.mark.parametrize("profile", sorted(PROFILES))
@settings(
    max_examples=2, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    candidates=st.permutations(NAMES).map(lambda names: (names[0], names[1])),
    colleagues=st.permutations(COLLEAGUES).map(lambda names: (names[0], names[1])),
)
def test_swapping_names_pronouns_and_gendered_words_changes_no_score(
    profile: str, seed: int, candidates: tuple[str, str], colleagues: tuple[str, str]
) -> None:
    run = counterfactual_pair(
        SETTINGS,
        CATALOG,
        role_code="SRES.GEN.P3",
        profile=profile,
        seed=seed,
        candidates=candidates,
        colleagues=colleagues,
    )

    assert run.answers_changed > 0  # the swap really rewrote the answers
    assert run.swapped.questions == run.original.questions
    assert run.swapped.scores == run.original.scores
    assert run.swapped.overall == run.original.overall
    assert run.swapped.recommendation == run.original.recommendation


def test_the_swap_rewrites_names_pronouns_and_gendered_words_keeping_case() -> None:
    said = "Maria told me she owns it; her husband Mr Lee is the chairman. He asked HER."
    assert swap_gender(said, {"Maria": "Daniel"}) == (
        "Daniel told me he owns it; his wife Ms Lee is the chairwoman. She asked HIS."
    )


def test_the_paired_set_has_forty_pairs_of_the_same_content_on_catalog_questions() -> None:
    pairs = list(read_pairs(NON_NATIVE_FILE))
    assert len(pairs) >= 40
    assert len({p["id"] for p in pairs}) == len(pairs)
    for pair in pairs:
        assert pair["question_id"] in CATALOG.questions, pair["id"]
        assert pair["fluent"] != pair["non_native"] and pair["patterns"], pair["id"]


def test_non_native_english_scores_within_the_stated_tolerance_of_fluent_english() -> None:
    summary = summarise(non_native_gaps(CATALOG))

    assert summary["scored_pairs"] == summary["pairs"]
    assert summary["mean_abs_gap"] <= NON_NATIVE_TOLERANCE
    assert summary["max_abs_gap"] <= NON_NATIVE_MAX_GAP
    assert summary["mean_gap"] >= -NON_NATIVE_MAX_PENALTY
    assert summary["within_tolerance"]
