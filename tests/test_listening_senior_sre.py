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


# --------------------------------------------------------------------------- after their question

FIRST_ANSWER = (
    "For dispatch, the signal we trusted was the share of driver route requests answered under "
    "800 ms, measured at the ALB and from a synthetic check that books a fake parcel every "
    "minute from three regions. Our SLO was 99.5% over 28 days, with multi-window burn-rate "
    "alerts in Prometheus, 1h and 6h windows. The time it failed us: in March a bad index "
    "migration made route lookups fall back to a sequential scan, but only for depots with more "
    "than 5,000 stops, so the p50 looked fine and the synthetic, which used a small depot, "
    "stayed green. Drivers in the two biggest depots waited 20 seconds per scan for about 40 "
    "minutes until support escalated. I rolled the migration back, then we added per-depot SLIs "
    "weighted by volume and moved the synthetic to the largest depot. Since then the burn-rate "
    "alert caught two similar regressions within 6 minutes."
)
EVERY_POINT = (
    "We watched the share of route lookups answered under 800 ms at the ALB plus a synthetic "
    "booking every minute, because that is what drivers feel. In March a bad index migration "
    "slowed only the big depots, and the synthetic used a small depot, so nothing fired for 40 "
    "minutes until support called. I split the latency by depot in Grafana, saw it was only "
    "depots over 5,000 stops, and rolled the migration back before we knew the root cause, then "
    "found the sequential scan in the query plan. The signal that would have caught it sooner "
    "was a per-depot SLI weighted by volume; we didn't have it because we only sliced by "
    "region. We added it, and detection is now 90% faster. What is still blind is the mobile "
    "app's offline queue."
)


def _p5(catalog: Catalog) -> Interview:
    plan = hand_plan(
        catalog, "proj.knowing-it-was-healthy", "proj.breaking-point", role="SRES.GEN.P5"
    )
    interview = Interview(catalog, plan, candidate="Priya")
    interview.act(TEAM_OF_FIVE)
    return interview


def test_after_their_question_the_missing_point_is_asked_for_itself(catalog: Catalog) -> None:
    interview = _p5(catalog)
    (probe,) = said(interview.act(FIRST_ANSWER))
    assert probe == (
        TurnRole.FOLLOW_UP,
        "One more angle on this: how did you work out where the problem was?",
    )
    _reply, back = said(interview.act(ON_CALL_AND_SIZE))
    # the point the answer still lacks, never the project question again
    assert back == (
        TurnRole.REPEAT,
        "Coming back to my question: How did you work out where the problem was?",
    )


def test_after_their_question_an_exchange_that_lacks_no_heavy_point_moves_on(
    catalog: Catalog,
) -> None:
    """Said: "Now, back to my question: ..." after the candidate's question, though the
    answer before it already covered what the question asked."""
    interview = _p5(catalog)
    (probe,) = said(interview.act(EVERY_POINT))
    assert probe == (
        TurnRole.FOLLOW_UP,
        "How do you know \u201cdetection is now 90% faster\u201d - which metric showed it, and "
        "where did it start?",
    )
    reply, ack, question = said(interview.act(ON_CALL_AND_SIZE))
    assert reply[0] is TurnRole.ANSWER_TO_CANDIDATE
    assert ack == (TurnRole.ACKNOWLEDGEMENT, "Let's leave that one there and go on.")
    assert question[0] is TurnRole.QUESTION
    assert "which part of it would have broken first at ten times the load" in question[1]
    assert not any(t.role is TurnRole.REPEAT for t in interview.state.turns)


def test_their_question_before_any_answer_still_gets_the_question_again(catalog: Catalog) -> None:
    interview = _p5(catalog)
    _reply, back = said(interview.act(ON_CALL_AND_SIZE))
    assert back[0] is TurnRole.REPEAT
    assert "how did you know in production that it was working for its users?" in back[1]
