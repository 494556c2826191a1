"""Time the candidate's pace leaves over: a plan that had to leave required competencies out
asks about them when the clock still has room, instead of ending early.

Run by hand (2026-12-02): a P5 candidate answering quickly finished the 45-minute interview's
five questions in well under half its time, and the report said "Required competencies the
45-minute plan had no time for (not assessed): Tools & Technology across the SDLC, Engage
Thinking at Strategic Levels" although most of the 45 minutes were left.
"""

from __future__ import annotations

import pytest
from interview_driver import Interview

from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import QuestionKind
from panelist.interview.planner import extra_item, plan_interview
from panelist.interview.state import InterviewState, Plan, TurnRole
from panelist.reports.builder import build_report

ANSWER = (
    "We versioned the API and ran both versions side by side for a quarter, measuring who "
    "still called the old one with a client id per request before we removed it."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def p5_plan(catalog: Catalog) -> Plan:
    return plan_interview(catalog, catalog.role("SRES.GEN.P5"), "P5", budget_minutes=45, seed=7)


def run(catalog: Catalog, plan: Plan, pace: float) -> Interview:
    interview = Interview(catalog, plan, pace=pace)
    while interview.state.status.value == "in_progress":
        interview.answer(ANSWER)
    return interview


def added_items(state: InterviewState) -> list[str]:
    return [item.question_id for item in state.plan.items if item.added]


def test_a_quick_candidate_is_asked_about_what_the_plan_left_out(catalog: Catalog) -> None:
    plan = p5_plan(catalog)
    assert plan.uncovered == ["tools_sdlc", "strategic_thinking"]
    interview = run(catalog, plan, pace=1.0)
    added = added_items(interview.state)
    assert len(added) == 2
    asked = {c for qid in added for c in catalog.question(qid).competencies}
    assert {"tools_sdlc", "strategic_thinking"} <= asked
    assert interview.state.plan.uncovered == []
    questions = [t.text for t in interview.state.turns if t.role is TurnRole.QUESTION]
    bridges = ("We have a little more time, so here's another question.", "There's still time")
    assert all(any(q.startswith(b) for q in questions) for b in bridges)
    assert not any("one more question" in q for q in questions)  # two were added: not "one more"
    reasons = [i.reason for i in interview.state.plan.items if i.added]
    assert all(r.startswith("added with ") and "min to spare" in r for r in reasons)
    gaps = build_report(interview.state, catalog).hr.areas_for_development
    assert not any("plan had no time for" in g for g in gaps)


def test_the_added_questions_come_before_the_candidates_questions(catalog: Catalog) -> None:
    interview = run(catalog, p5_plan(catalog), pace=1.0)
    kinds = [item.kind for item in interview.state.plan.items]
    assert kinds[-2:] == [QuestionKind.CANDIDATE_QUESTIONS, QuestionKind.CLOSE]
    first_added = next(i for i, item in enumerate(interview.state.plan.items) if item.added)
    assert all(not item.added for item in interview.state.plan.items[:first_added])


def test_a_candidate_who_takes_the_plans_time_gets_nothing_added(catalog: Catalog) -> None:
    interview = run(catalog, p5_plan(catalog), pace=4.0)
    assert added_items(interview.state) == []
    assert interview.state.plan.uncovered == ["tools_sdlc", "strategic_thinking"]


def test_an_added_question_fits_the_time_left_before_the_candidates_questions(
    catalog: Catalog,
) -> None:
    plan = p5_plan(catalog)
    role = catalog.role("SRES.GEN.P5")
    assert extra_item(catalog, role, plan, spare_minutes=2.0) is None  # nothing is that short
    item = extra_item(catalog, role, plan, spare_minutes=30.0)
    assert item is not None and item.added
    assert item.minutes <= 30.0
    assert item.question_id not in {i.question_id for i in plan.items}
    assert set(item.competencies) & set(plan.uncovered)


def test_nothing_is_added_to_a_plan_that_covers_every_required_competency(
    catalog: Catalog,
) -> None:
    plan = plan_interview(catalog, catalog.role("SRES.GEN.P4"), "P4", budget_minutes=240, seed=1)
    assert plan.uncovered == []
    assert extra_item(catalog, catalog.role("SRES.GEN.P4"), plan, spare_minutes=60.0) is None


def test_an_added_question_survives_a_save_and_reload(catalog: Catalog) -> None:
    interview = run(catalog, p5_plan(catalog), pace=1.0)
    stored = InterviewState.model_validate_json(interview.state.model_dump_json())
    assert added_items(stored) == added_items(interview.state)


def test_a_candidate_out_of_depth_on_an_added_question_gets_no_more_added(
    catalog: Catalog,
) -> None:
    """A hand-run P6 said "I'm not sure" to three added questions and their follow-ups in a
    row, six times before their own questions, each an extra 1.0/5 in the overall score."""
    plan = p5_plan(catalog)
    interview = Interview(catalog, plan, pace=1.0)
    while interview.state.status.value == "in_progress":
        current = interview.state.plan.items[interview.state.cursor]
        interview.answer("I don't know, sorry." if current.added else ANSWER)

    assert len(added_items(interview.state)) == 1  # two fit the time, as above
