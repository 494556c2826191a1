"""Read as a hiring manager would (issue 12, SRE P4 seed 7 and others run by hand in the
terminal): each turn that read wrong, with the words the candidate said. Driven as the
terminal drives the engine, every answer scored by the embedded scorer."""

from __future__ import annotations

import pytest
from test_listening_heard import by_hand, follow_ups

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.followups import to_whom_they_named
from panelist.interview.phrasing import clause_around, half_a_clause
from panelist.interview.state import TurnRole
from panelist.interview.utterances import Intent, classify, project_topic


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


FLAGS_INTRO = (
    "Hi, I'm Dana. I've been an SRE for about eight years, the last three at a mid-size "
    "e-commerce company. The project I'd talk about is moving our feature flag system off a "
    "homegrown database table onto LaunchDarkly, and cleaning up the mess of flags that never "
    "get removed. We had something like 900 flags, half of them dead, and a couple of outages "
    "came from someone flipping a flag nobody remembered."
)


def test_a_move_off_one_thing_onto_another_is_named_by_where_it_went() -> None:
    """P4 seed 7: "I'd like to hear more about moving your feature flag system off a." - the
    name was cut at its seventh word, on an article."""
    assert project_topic(FLAGS_INTRO) == "moving your feature flag system to LaunchDarkly"


FLAG_CLEANUP = (
    "The flag cleanup itself, actually. Nobody wanted to spend sprint time deleting flags. So "
    "I pulled the incident history for the year and tagged every incident where a stale flag "
    "was involved, it was 4 out of 23 sev-2s, and I also counted how many flags hadn't been "
    "evaluated in 90 days, which was about 410. I took that to the engineering managers' "
    "meeting with a proposal: each team gets a stale-flag report every Monday, and flags older "
    "than 90 days with no evaluations get archived automatically after a warning. They agreed "
    "to try it for one quarter. By the end of the quarter we were down to under 300 flags and "
    "we had zero flag-related incidents in the next two quarters."
)


def test_the_people_convinced_are_the_ones_asked_about() -> None:
    """P4 seed 7: "What did the other team say when they first saw your numbers?" after the
    case was made to the engineering managers ("each team gets a report" is no other team)."""
    probe = "What did the other team say when they first saw your numbers?"
    assert to_whom_they_named(probe, FLAG_CLEANUP) == (
        "What did the engineering managers say when they first saw your numbers?"
    )
    told_the_payments_team = FLAG_CLEANUP.replace("engineering managers'", "payments team's")
    assert to_whom_they_named(probe, told_the_payments_team) == probe


SIX_MONTHS = "What does success look like in the first six months?"


def test_asking_what_success_looks_like_mid_follow_up_is_their_question(
    catalog: Catalog,
) -> None:
    """P4 seed 7: asked while "What did the other team say ...?" was open, it was taken as
    the answer to it ("That makes sense, thank you.") and the interview moved on."""
    assert classify(SIX_MONTHS) is Intent.QUESTION
    assert classify("What would I be working on day to day?") is Intent.QUESTION
    interview = by_hand(catalog, "data.convince-with-numbers")
    interview.answer(FLAGS_INTRO)
    assert follow_ups(interview.answer(FLAG_CLEANUP))
    reply = interview.answer(SIX_MONTHS)
    roles = [role for role, _ in reply]
    assert TurnRole.ANSWER_TO_CANDIDATE in roles, reply
    assert interview.state.turns[-1].question_id == "data.convince-with-numbers"
    assert SIX_MONTHS in [q.text for q in interview.state.candidate_questions]


CVE_HUNT = (
    "First thing is finding it. If we have SBOMs for the images, and we did at my last place "
    "through Syft in CI, you query those for the library and version. For anything without an "
    "SBOM, you scan the registry with Trivy or Grype. I'd also look at what's actually running, "
    "not just what's in the registry, because old images hang around. Then prioritise "
    "internet-facing services first, then internal ones that take user input. Patch by bumping "
    "the dependency and rebuilding, and where you can't rebuild quickly you put a WAF rule or "
    "the JVM flag mitigation in front. Done means a rescan of every running image comes back "
    "clean, and I'd keep the scan in CI so it can't come back."
)


def test_a_condition_cut_from_its_sentence_is_never_said_back() -> None:
    """P4 seed 7: "Thanks, that was specific. “If we have SBOMs for the images” is the kind
    of detail I was after." - the condition without what follows from it."""
    at = CVE_HUNT.index("SBOMs for")
    assert clause_around(CVE_HUNT, at, at + 5) == ""
    assert half_a_clause("If we have SBOMs for the images")
    whole = "If the lag is over five seconds we stop the promotion"
    assert not half_a_clause(whole, cut=False)


def test_the_cve_answer_is_acknowledged_by_a_whole_clause(catalog: Catalog) -> None:
    interview = by_hand(catalog, "sec.cve-patching-fleet")
    interview.answer(FLAGS_INTRO)
    reply = interview.answer(CVE_HUNT)
    said = " ".join(text for role, text in reply if role is TurnRole.ACKNOWLEDGEMENT)
    assert "\u201cIf we" not in said, said


STALE_FLAGS = (
    "The biggest risk in the whole migration, which took us two quarters, was just one thing: "
    "flags that never get removed."
)


def test_what_a_colon_announced_is_no_clause_to_say_back() -> None:
    """The last session: "Understood - “flags that never get removed”" - a noun phrase whose
    only verb is its relative clause's."""
    at = STALE_FLAGS.index("flags that")
    assert clause_around(STALE_FLAGS, at, at + 5) == ""
    assert half_a_clause("flags that never get removed")
    assert half_a_clause("services that were never patched")
    assert not half_a_clause("the part that broke first was the cache")
    assert not half_a_clause("we found that the cache was cold")
