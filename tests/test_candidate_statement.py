"""A remark at the candidate-questions turn is not a question: the interviewer acknowledges it and
asks whether there is one, and a second remark closes (run by hand in the terminal, P5)."""

from __future__ import annotations

import pytest
from interview_driver import Interview

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.planner import plan_interview
from panelist.interview.role_answers import is_statement
from panelist.interview.state import Stage, TurnRole

INCIDENTS = (
    "Last year's three incidents came from batching, so I'd start by looking at how the "
    "nightly jobs are scheduled."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def at_candidate_questions(catalog: Catalog) -> Interview:
    plan = plan_interview(catalog, catalog.role("SRES.GEN.P5"), "P5", budget_minutes=20, seed=1)
    interview = Interview(catalog, plan, pace=1.0)
    while interview.state.stage is not Stage.CANDIDATE_QUESTIONS:
        interview.answer("We would version it and run both versions for a quarter.", 1)
    return interview


def test_a_statement_about_incidents_is_acknowledged_not_answered_as_an_on_call_question(
    catalog: Catalog,
) -> None:
    interview = at_candidate_questions(catalog)

    reply = interview.answer(INCIDENTS)

    ((role, text),) = reply
    assert role is TurnRole.ANSWER_TO_CANDIDATE
    assert "Incident work is part of the role" not in text  # what it answered before
    assert text in (
        "Thanks, that's useful context. Is there anything you'd like to ask me about the role "
        "or the team?",
        "Thank you for adding that. Do you have a question about the role or the team?",
    )
    assert interview.state.candidate_questions == []  # nothing to list for the recruiter


def test_a_second_statement_moves_to_the_close(catalog: Catalog) -> None:
    interview = at_candidate_questions(catalog)
    interview.answer(INCIDENTS)

    reply = interview.answer("We also ran the batch on a single primary.")

    assert reply[-1][0] is TurnRole.CLOSING


def test_a_question_after_the_statement_is_still_answered(catalog: Catalog) -> None:
    interview = at_candidate_questions(catalog)
    interview.answer(INCIDENTS)

    reply = interview.answer("What does the team own day to day?")

    assert reply[0][0] is TurnRole.ANSWER_TO_CANDIDATE
    assert [q.text for q in interview.state.candidate_questions] == [
        "What does the team own day to day?"
    ]


@pytest.mark.parametrize(
    ("said", "statement"),
    [
        (INCIDENTS, True),
        ("We mostly used Terraform and Argo CD at my last place.", True),
        ("what does on-call look like here", False),
        ("Tell me about the team", False),
        ("I'd like to know how big the team is.", False),
        ("I was wondering whether the role is remote.", False),
        ("Is there an on-call rota", False),
        ("How are incidents reviewed?", False),
    ],
)
def test_which_words_ask_without_a_question_mark(said: str, statement: bool) -> None:
    assert is_statement(said) is statement


def test_a_question_asked_without_a_question_mark_is_noted_not_dropped(catalog: Catalog) -> None:
    interview = at_candidate_questions(catalog)

    reply = interview.answer("Tell me about the interview process from here")

    assert reply[0][0] is TurnRole.ANSWER_TO_CANDIDATE  # it read "That's fine." and closed
    assert "recruiter" in reply[0][1]
    (asked,) = interview.state.candidate_questions
    assert asked.text == "Tell me about the interview process from here"
    assert asked.answered is False
