"""What the interviewer and the report say, in the exact words that failed (issue 12, helper
talk): each case below was said to a candidate or written for a hiring manager, and each is
fixed by a general rule."""

from __future__ import annotations

import pytest
from interview_driver import Interview, hand_plan

from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import spoken_title
from panelist.interview.replies import sets_the_scene
from panelist.interview.state import Stage, TurnRole
from panelist.interview.utterances import as_written, project_topic
from panelist.reports.builder import build_report
from panelist.reports.questions import named_questions
from panelist.reports.text import render_text
from panelist.scoring.contradiction import contradicts


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# --------------------------------------------------------------------------- the project's name


@pytest.mark.parametrize(
    "intro",
    [
        "For the last three years I have owned the platform team's observability stack: "
        "Prometheus, Loki and Tempo.",
        "I'm a senior SRE on the platform team's observability stack.",
        "I work on the platform team\u2019s observability stack.",
    ],
)
def test_a_team_s_stack_is_the_stack_not_the_team(intro: str) -> None:
    """Said: "I'd like to hear more about the platform" - "the platform team's observability
    stack" cut at its first system-like word, which was only the team's name."""
    topic = project_topic(intro)
    assert topic is not None and topic.endswith("observability stack"), topic
    assert topic.startswith("the platform team")


# --------------------------------------------------------------------------- acknowledgements

INTRO = "I'm Priya, ten years in SRE; lately I ran the checkout retry-policy rollout at a retailer."
RETRIES = (
    "The hardest decision in the checkout retry rollout was how to prove the new retry policy "
    "was safe. A week of traffic is millions of requests per arm, at about 4,000 requests a "
    "second. I chose an A/B split over a staged canary. We ruled out shadow traffic since "
    "retries have side effects on payments. Error rate went from 0.4% to 0.1% on the checkout "
    "dashboard."
)


def test_the_acknowledgement_says_back_what_they_decided_not_the_scene(catalog: Catalog) -> None:
    """Said: "Okay, I've noted “A week of traffic is millions of requests per arm”" - the
    context sentence (the evidence of "Gives the context and scale in numbers"), not the
    decision the question asked about."""
    interview = Interview(catalog, hand_plan(catalog, "proj.hardest-decision", role="SRES.GEN.P5"))
    interview.answer(INTRO)
    reply = interview.answer(RETRIES)
    ack = next(text for role, text in reply if role is TurnRole.ACKNOWLEDGEMENT)
    assert "A week of traffic" not in ack
    assert "\u201cI chose an A/B split over a staged canary\u201d" in ack


@pytest.mark.parametrize(
    ("clause", "scene"),
    [
        ("A week of traffic is millions of requests per arm", True),
        ("We had 900 alerts a week", True),
        ("The cluster had 60 nodes and 3 brokers", True),
        ("I chose an A/B split over a staged canary", False),
        ("p99 was 900 ms before and 200 ms after", False),  # an outcome: two states
        ("Lag is now under 30 seconds", False),
        ("We were paging on 12 alerts", False),  # what they did
        ("An exact 5 second delay is the resolver's default timeout", False),  # a finding
    ],
)
def test_a_clause_that_only_says_how_things_stood_sets_the_scene(clause: str, scene: bool) -> None:
    assert sets_the_scene(clause) is scene


# --------------------------------------------------------------------------- their questions


def test_their_questions_are_listed_as_a_person_would_write_them(catalog: Catalog) -> None:
    """The report listed "And how big is the team?": the "And" joined it to the question
    before when it was said; the list shows each question on its own."""
    plan = hand_plan(catalog, "sec.leaked-credential", seed=2, asks="cq.ask-about-role")
    interview = Interview(catalog, plan, candidate="Sam Ortiz")
    interview.act(INTRO)
    interview.act("I'd rotate the key first, then check the audit logs for its use.")
    while interview.state.stage is not Stage.CANDIDATE_QUESTIONS:
        interview.act("That would be it from my side on this one.")
    interview.act("What's the stack? And how big is the team? Oh, and also - is it remote?")
    report = build_report(interview.state, catalog)
    assert [q.text for q in report.candidate_questions] == [
        "What's the stack?",
        "How big is the team?",
        "Is it remote?",
    ]
    assert "  - How big is the team?  (" in render_text(report)


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("And how big is the team?", "How big is the team?"),
        ("so what does on-call look like?", "What does on-call look like?"),
        ("Finally, what are the next steps?", "What are the next steps?"),
        ("Andrew runs the team?", "Andrew runs the team?"),  # a name, not "and"
        ("And?", "And?"),  # nothing would be left
    ],
)
def test_a_question_is_written_without_the_words_that_joined_it(said: str, written: str) -> None:
    assert as_written(said) == written


# --------------------------------------------------------------------------- the role's title


@pytest.mark.parametrize("seed", range(3))
def test_the_greeting_says_the_role_as_a_person_would(catalog: Catalog, seed: int) -> None:
    """The P5 greeting read "the SRE Senior position" (the job architecture's "Site Reliability
    Engineering (SRE) Senior", its seniority last and the discipline for the job)."""
    plan = hand_plan(catalog, "net.dns-resolution", role="SRES.GEN.P5", seed=seed)
    greeting = Interview(catalog, plan).state.turns[0].text
    assert "Senior Site Reliability Engineer " in greeting, greeting
    assert "(SRE)" not in greeting and "Engineering Senior" not in greeting


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("Site Reliability Engineering (SRE) Senior", "Senior Site Reliability Engineer"),
        ("Site Reliability Engineering (SRE) Senior Engineer", "Senior Site Reliability Engineer"),
        ("Site Reliability Engineering (SRE) Engineer", "Site Reliability Engineer"),
        ("Site Reliability Engineering (SRE) Associate", "Associate Site Reliability Engineer"),
        ("Platform Engineer Staff", "Staff Platform Engineer"),
        ("Platform Engineer", "Platform Engineer"),
        ("Head of Engineering", "Head of Engineering"),
    ],
)
def test_a_job_architecture_title_is_said_seniority_first(title: str, said: str) -> None:
    assert spoken_title(title) == said


# --------------------------------------------------------------------------- a contradiction

PROMETHEUS = (
    "I'm Sam, six years an SRE. All our alerting ran on Prometheus and Alertmanager, and I led "
    "the alerting overhaul at a payments company."
)
DATADOG = (
    "We never ran Prometheus; all our alerting was in Datadog. We watched checkout error rate "
    "and p99 latency against the SLO after the cutover, and pages dropped from 900 to 40 a week."
)


def contradicted(catalog: Catalog) -> Interview:
    """A P4 whose deep-dive answer says the opposite of the intro, put to the candidate."""
    plan = hand_plan(catalog, "proj.knowing-it-was-healthy", "net.dns-resolution")
    interview = Interview(catalog, plan)
    interview.answer(PROMETHEUS)
    reply = interview.answer(DATADOG)
    assert reply[-1][0] is TurnRole.FOLLOW_UP and "Just so I have it right" in reply[-1][1]
    return interview


def test_a_contradiction_names_the_other_question_as_the_report_does(catalog: Catalog) -> None:
    """The report read "... (in the answer to 'intro.system-you-ran')": a catalog id."""
    interview = contradicted(catalog)
    text = render_text(build_report(interview.state, catalog))
    assert "in the answer to Q1" in text
    assert "'intro." not in text and "intro.reliability-story'" not in text
    # the tool as they wrote it ("prometheus is said to be used ..." read as a typo)
    assert "Prometheus is said to be used in one statement" in text
    # the role as a person says it, its code beside it for the job architecture
    assert "Role: Senior Site Reliability Engineer (SRES.GEN.P4)" in text
    assert "was interviewed for Senior Site Reliability Engineer (P4)" in text


def test_a_flag_stored_with_a_question_id_is_named_in_the_report() -> None:
    names = {"intro.system-you-ran": "Q1"}
    detail = (
        "prometheus is said to be used in one statement (in the answer to 'intro.system-you-ran')."
    )
    assert named_questions(detail, names) == (
        "prometheus is said to be used in one statement (in the answer to Q1)."
    )
    assert "'" not in named_questions("in the answer to 'proj.gone-now'", names)


CLARIFIED = (
    "Those were two different jobs: Prometheus and Alertmanager were at the payments company, "
    "and the overhaul I'm describing is at my current company, where everything is in Datadog."
)


def test_a_contradiction_the_candidate_clarified_is_shown_as_clarified(catalog: Catalog) -> None:
    """Asked "How do those fit together?", the candidate explained both; the report still
    listed a contradiction (and a second one, read into the explanation itself)."""
    interview = contradicted(catalog)
    interview.answer(CLARIFIED)
    report = build_report(interview.state, catalog)
    (entry,) = [q for q in report.questions if q.question_id == "proj.knowing-it-was-healthy"]
    assert [f.flag for f in entry.flags] == ["contradiction_clarified"]
    (note,) = entry.flags
    assert note.quotes[0] == "We never ran Prometheus"
    assert note.quotes[1].startswith("All our alerting ran on Prometheus and Alertmanager")
    assert note.detail.endswith(f"the candidate said: \u201c{CLARIFIED}\u201d")
    text = render_text(report)
    assert 'Q2 Contradiction clarified: "We never ran Prometheus" vs "All our alerting' in text
    assert "Q2 Contradiction:" not in text
    assert not any("contradiction" in reason.lower() for reason in report.recommendation_reasons)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (
            "The canary pilot ran for a year.",
            "The canary analysis ran for 90 seconds at each step.",
        ),
        (
            "We ran the canary for a year before widening it.",
            "Each canary step ran for 90 seconds.",
        ),
        (
            "The migration took a year.",
            "The cutover of each database in the migration took 90 seconds.",
        ),
        (
            "Our on-call rotation lasted a year in that form.",
            "The on-call handover call lasted 90 seconds.",
        ),
        ("The rollout took a year across all teams.", "Each rollout step took 90 seconds."),
    ],
)
def test_how_long_one_thing_took_is_not_how_long_another_did(earlier: str, later: str) -> None:
    """The report said "'duration' is given as 90 seconds here but a year": a 90-second step
    and a year of something else are statements about different things."""
    assert contradicts(earlier, later) is None


def test_one_thing_said_to_take_two_different_times_is_still_a_contradiction() -> None:
    flag = contradicts(
        "The rollback itself took under two minutes because the old ReplicaSet was still warm.",
        "Rolling back took about twenty minutes since we had to rebuild the old image first.",
    )
    assert flag is not None and "twenty minutes" in flag.detail
