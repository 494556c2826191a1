"""A whole P5 interview run by hand in the terminal as a senior SRE (issue 12): what a hiring
manager found wrong, each with the words that were said."""

from __future__ import annotations

import pytest
from interview_driver import Interview, hand_plan, said

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.role_answers import answer_from_profile
from panelist.interview.state import TurnRole
from panelist.interview.utterances import project_topic

TEAM_OF_FIVE = (
    "I'm Priya, a staff SRE at Freightline, a logistics company that moves about 40,000 "
    "parcels a day. I lead an SRE team of five looking after roughly 200 services on EKS, and "
    "most of my last two years went into moving dispatch off a single Postgres primary."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# --------------------------------------------------------------------------- the project's name


def test_the_team_a_candidate_leads_is_not_named_as_their_project() -> None:
    """Said: "In the SRE team of five looking, how did you know ..." and "Staying with the SRE
    team of five looking ..."."""
    assert project_topic(TEAM_OF_FIVE) is None  # "your recent work" is asked about instead
    # the system the team works on is named, never the team
    assert project_topic("I run a squad of three working on the payments stack.") == (
        "the payments stack"
    )


def test_a_participle_ends_the_name_where_its_clause_starts() -> None:
    assert project_topic("I built the fleet serving 40k requests a second for our EU shops.") == (
        "the fleet"
    )
    # an -ing noun in a system's name stays in it
    assert project_topic("I built the order tracking service for our depots.") == (
        "the order tracking service"
    )
    assert project_topic("The work I'm proudest of is moving everything to Kubernetes.") == (
        "the move to Kubernetes"
    )


def test_a_move_keeps_where_it_went() -> None:
    """The terse simulated candidate said "I worked on the search API's move to autoscaling."
    and was asked about "the search API's move"."""
    said = "Sofia Rossi, SRE at Nordlicht. I worked on the search API's move to autoscaling."
    assert project_topic(said) == "the search API's move to autoscaling"


# --------------------------------------------------------------------------- their question

ON_CALL_AND_SIZE = (
    "Sorry, before I go on - what does on-call look like for this team, and how big is the team?"
)


def test_incident_duties_are_not_said_to_describe_on_call(catalog: Catalog) -> None:
    """Said to the question: "Incident work is part of the role: reduce incident frequency, and
    analyze incident trends." - the P5 profile names no on-call duty at all."""
    answer = answer_from_profile(ON_CALL_AND_SIZE, catalog.role("SRES.GEN.P5"))
    assert answer.text == (
        "The role profile doesn't describe on-call for this role; what it does say is that "
        "incident work is part of it: reduce incident frequency, and analyze incident trends."
    )
    (asked,) = answer.asked
    assert not asked.complete and asked.says_what_is_missing  # the recruiter answers the rest


def test_the_team_size_the_profile_never_holds_is_said_and_the_question_listed(
    catalog: Catalog,
) -> None:
    plan = hand_plan(catalog, "proj.knowing-it-was-healthy", role="SRES.GEN.P5")
    interview = Interview(catalog, plan, candidate="Priya")
    interview.act(TEAM_OF_FIVE)
    (reply, _back) = said(interview.act(ON_CALL_AND_SIZE))
    assert reply[0] is TurnRole.ANSWER_TO_CANDIDATE
    assert "doesn't describe on-call" in reply[1]
    assert "how big the team is" in reply[1] and "recruiter" in reply[1]
    (listed,) = interview.state.candidate_questions
    assert listed.text == (
        "Sorry, before I go on - what does on-call look like for this team, and how big is the "
        "team?"
    )
    assert not listed.answered and listed.partly
