"""The engine returns new states that share the turns they do not change (no deep copies).

A step costs the same however long the interview is, and an earlier state stays exactly as
it was: its lists are never appended to, its turns never re-scored in place.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.engine import step
from panelist.interview.events import Answered, Scored, ScoreRequested, Started
from panelist.interview.planner import plan_interview
from panelist.interview.state import InterviewState
from panelist.scoring.embedded import EmbeddedScorer

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INTRO = "I'm Alex, an SRE for eight years; at Acme I moved payments to Kubernetes."


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def started(catalog: Catalog) -> InterviewState:
    role = catalog.role("SRES.GEN.P5")
    plan = plan_interview(catalog, role, "P5", budget_minutes=45, seed=5)
    state = InterviewState(
        id="iv1", role_code=role.code, level="P5", candidate_name="Alex Doe", plan=plan
    )
    state, _ = step(state, Started(T0), catalog)
    state, _ = step(state, Answered("a1", INTRO, T0 + timedelta(minutes=2)), catalog)
    return state


def test_a_step_shares_every_turn_it_does_not_change(catalog: Catalog) -> None:
    before = started(catalog)
    after, actions = step(before, Answered("a2", "I led the migration.", T0), catalog)

    assert after is not before and after.turns is not before.turns
    assert all(new is old for new, old in zip(after.turns, before.turns, strict=False))
    assert len(after.turns) > len(before.turns)
    assert actions


def test_scoring_replaces_the_scored_turn_and_leaves_the_earlier_state_unscored(
    catalog: Catalog,
) -> None:
    answered, actions = step(started(catalog), Answered("a2", "I led the migration.", T0), catalog)
    request = next(a for a in actions if isinstance(a, ScoreRequested))
    snapshot = answered.model_dump()
    question = catalog.question(request.question_id)
    score = EmbeddedScorer().score("I led the migration.", question)

    scored, _ = step(answered, Scored("a2", score), catalog)

    assert answered.model_dump() == snapshot, "the earlier state was changed"
    old = next(t for t in answered.turns if t.id == "a2")
    new = next(t for t in scored.turns if t.id == "a2")
    assert old.score is None and new.score == score.to_dict()
    assert new is not old


def test_a_fork_has_its_own_containers(catalog: Catalog) -> None:
    state = started(catalog)
    fork = state.fork()
    for name in InterviewState.model_fields:
        value = getattr(state, name)
        if isinstance(value, list | dict):
            assert getattr(fork, name) is not value, f"{name} is shared with the original"
    assert fork.plan is state.plan  # frozen: shared
    assert fork == state
