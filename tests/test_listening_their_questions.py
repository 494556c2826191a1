"""A candidate's own questions and their "no, that's all", as a senior SRE answering a P4
interview by hand met them (issue 12): the question put again after theirs, how the close
hears "that's all", what the role profile says about on-call, and their project said back."""

from __future__ import annotations

import pytest
from interview_driver import Interview, hand_plan, said

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.exchange import already_said
from panelist.interview.role_answers import answer_from_profile
from panelist.interview.state import Stage, Status, TurnRole
from panelist.interview.utterances import nothing_more
from panelist.reports.builder import build_report
from panelist.reports.text import render_text

INTRO = (
    "I'm Sam, six years an SRE. Most recently I led the move of our payments API to "
    "Kubernetes at a fintech, from VMs, with a zero-downtime cutover."
)
ON_CALL = "Before we go on - is this role on call?"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def leaked_credential(catalog: Catalog) -> Interview:
    """A P4 plan whose one question's simpler angle is no wh-question ("the repository is
    private now. Are you done?"); seed 2 opens it with "Let's try a simpler angle:"."""
    plan = hand_plan(catalog, "sec.leaked-credential", seed=2, asks="cq.ask-about-role")
    return Interview(catalog, plan, candidate="Sam Ortiz")


def at_their_questions(catalog: Catalog) -> Interview:
    """The same plan, its one question answered, at the turn for the candidate's questions."""
    interview = leaked_credential(catalog)
    interview.act(INTRO)
    interview.act("I'd rotate the key first, then check the audit logs for its use.")
    while interview.state.stage is not Stage.CANDIDATE_QUESTIONS:
        interview.act("That would be it from my side on this one.")
    return interview


def asked_for_the_simpler_angle(catalog: Catalog) -> Interview:
    interview = leaked_credential(catalog)
    interview.act(INTRO)
    reply = said(interview.act("I don't know, sorry."))
    assert reply[-1] == (
        TurnRole.FOLLOW_UP,
        "Let's try a simpler angle: the repository is private now. Are you done?",
    )
    return interview


# --------------------------------------------------------------------------- the question again


def test_after_their_question_the_simpler_angle_is_put_again_without_its_opener(
    catalog: Catalog,
) -> None:
    """It read "Coming back to my question: Let's try a simpler angle: the repository is
    private now. Are you done?" - the opener belongs to the turn after "I don't know" only."""
    interview = asked_for_the_simpler_angle(catalog)
    reply = said(interview.act(ON_CALL))
    assert reply[-1] == (
        TurnRole.REPEAT,
        "Coming back to my question: The repository is private now. Are you done?",
    )


def test_asked_to_repeat_it_the_simpler_angle_comes_without_its_opener(
    catalog: Catalog,
) -> None:
    interview = asked_for_the_simpler_angle(catalog)
    (repeat,) = said(interview.act("Sorry, could you repeat that?"))
    assert "simpler angle" not in repeat[1]
    assert repeat[1].endswith("The repository is private now. Are you done?")


# --------------------------------------------------------------------------- "no, that's all"

NOTHING_MORE = [
    "No, that's all, thanks.",
    "Nope, I'm good",
    "Nothing from me, thank you",
    "That's everything",
    # a hand-run P3 (2026-12-04) said it to a follow-up and was thanked "that helps"
    "I think that's all I have on that.",
]


@pytest.mark.parametrize("text", NOTHING_MORE)
def test_that_s_all_after_their_question_closes_the_interview_unscored(
    catalog: Catalog, text: str
) -> None:
    """It got "Thanks, that helps.", was flagged too short as the answer to the follow-up,
    and the interviewer went on to ask what they would like to know."""
    interview = asked_for_the_simpler_angle(catalog)
    interview.act(ON_CALL)
    reply = said(interview.act(text))
    assert reply[0][0] is TurnRole.ACKNOWLEDGEMENT
    assert reply[0][1] in ("Alright, thank you.", "Thanks - that's everything from me too.")
    assert reply[-1][0] is TurnRole.CLOSING
    assert "What would you like to know" not in " ".join(t for _, t in reply)
    assert interview.state.status is Status.COMPLETED
    (turn,) = [t for t in interview.state.turns if t.text == text]
    assert turn.score is None and not turn.counted  # never scored, never flagged too short
    report = build_report(interview.state, catalog)
    flagged = [f.flag for q in report.questions for f in q.flags]
    assert "too_short" not in flagged
    assert text in render_text(report)  # the transcript keeps their words


def test_that_s_all_to_a_follow_up_moves_on_without_pressing(catalog: Catalog) -> None:
    plan = hand_plan(catalog, "os.zombie-processes", "sec.leaked-credential", seed=2)
    interview = Interview(catalog, plan, candidate="Sam Ortiz")
    interview.act(INTRO)
    reply = said(
        interview.act(
            "A zombie has already exited; kill -9 does nothing because it is already dead. "
            "The parent has to reap it with wait()."
        )
    )
    assert reply[-1][0] is TurnRole.FOLLOW_UP
    reply = said(interview.act("Nope, I'm good"))
    assert reply[-1][0] is TurnRole.QUESTION  # the next question, not "thanks, that helps"
    assert "Thanks, that helps" not in reply[0][1]


@pytest.mark.parametrize("text", NOTHING_MORE)
def test_that_s_all_at_the_candidate_questions_turn_closes_politely(
    catalog: Catalog, text: str
) -> None:
    interview = at_their_questions(catalog)
    reply = said(interview.act(text))
    assert [role for role, _ in reply] == [TurnRole.ACKNOWLEDGEMENT, TurnRole.CLOSING]
    assert interview.state.status is Status.COMPLETED
    assert interview.state.candidate_questions == []


@pytest.mark.parametrize(
    "text",
    [
        "No, because the cache was cold.",
        "No.",
        "That's all handled by Terraform.",
        "Nothing else ran on that box.",
        "That's it: we added a canary and it caught the next bad deploy.",
        "That's all I have on Kafka lag and the consumer groups.",
    ],
)
def test_an_answer_that_opens_with_no_or_that_s_all_is_still_an_answer(text: str) -> None:
    assert not nothing_more(text)


# --------------------------------------------------------------------------- on-call, in part


def test_the_on_call_reply_quotes_two_duties_and_says_once_what_is_missing(
    catalog: Catalog,
) -> None:
    """It pasted all four incident duties, then said "That's as far as the role profile goes"
    after "The role profile doesn't say ..." (the profile not saying it, twice)."""
    interview = asked_for_the_simpler_angle(catalog)
    (reply, _) = said(interview.act(ON_CALL))
    assert reply == (
        TurnRole.ANSWER_TO_CANDIDATE,
        "The role profile doesn't say whether there's an on-call rota for this role, only that "
        "incident work is part of it: command major incidents and run blameless post-incident "
        "reviews, and pair with junior SREs on on-call and tooling. I've noted it so the "
        "recruiter can tell you more.",
    )
    assert reply[1].count("doesn't") + reply[1].count("as far as") == 1


def test_the_report_marks_the_on_call_question_partly_answered_with_what_was_said(
    catalog: Catalog,
) -> None:
    """The report listed it "(not answered in the interview: for the recruiter to follow
    up)" though the profile had answered part of it."""
    interview = asked_for_the_simpler_angle(catalog)
    interview.act(ON_CALL)
    report = build_report(interview.state, catalog)
    (asked,) = report.candidate_questions
    assert asked.status == "partly answered" and not asked.answered
    assert (
        f"  - {ON_CALL}  (partly answered from the role profile: \"The role profile doesn't say "
        "whether there's an on-call rota for this role, only that incident work is part of it: "
        "command major incidents and run blameless post-incident reviews, and pair with junior "
        'SREs on on-call and tooling."; the rest for the recruiter)'
    ) in render_text(report)


def test_three_states_for_the_questions_they_asked(catalog: Catalog) -> None:
    interview = at_their_questions(catalog)
    interview.act("What does success look like here? Is this role on call? And is the team remote?")
    report = build_report(interview.state, catalog)
    assert [q.status for q in report.candidate_questions] == [
        "answered",
        "partly answered",
        "not answered",
    ]


def test_how_the_rotation_is_set_up_is_no_yes_or_no_question(catalog: Catalog) -> None:
    answer = answer_from_profile(
        "How is the on-call rotation set up here?", catalog.role("SRES.GEN.P4")
    )
    assert answer.text is not None and answer.text.startswith("Incident work is part of the role")


# --------------------------------------------------------------------------- their project


def test_their_project_is_said_back_as_yours_not_ours(catalog: Catalog) -> None:
    """It read "the move of our payments API sounds like a good place to dig in"."""
    plan = hand_plan(catalog, "proj.knowing-it-was-healthy", seed=7)
    interview = Interview(catalog, plan, candidate="Sam Ortiz")
    reply = said(interview.act(INTRO))
    spoken = " ".join(text for _, text in reply)
    assert "the move of your payments API" in spoken
    assert " our " not in spoken


# --------------------------------------------------------------------------- a terminal P4 run


def test_a_check_on_a_number_is_told_to_assume_not_to_pick(catalog: Catalog) -> None:
    """ "Quick one before I answer - how many teams would be deploying through this pipeline
    here?" was told "pick whichever you think fits best, say which" - there was nothing to
    pick from."""
    interview = leaked_credential(catalog)
    interview.act(INTRO)
    ((role, text),) = said(
        interview.act("Quick check before I go - how many teams would be using this repository?")
    )
    assert role is TurnRole.REPEAT
    assert "pick whichever" not in text and "Either works" not in text
    assert "assum" in text


def test_on_call_asked_after_a_lead_in_is_still_answered_in_part(catalog: Catalog) -> None:
    """ "Sorry - before I try that, is this role on call, and how often?" got "I don't have
    reliable information on that in the role profile" - the lead-in hid the question."""
    answer = answer_from_profile(
        "Sorry - before I try that, is this role on call, and how often?",
        catalog.role("SRES.GEN.P4"),
    )
    assert answer.text is not None
    assert answer.text.startswith("The role profile doesn't say whether there's an on-call rota")


def test_of_two_questions_the_one_answered_in_part_is_named(catalog: Catalog) -> None:
    """It said "Success looks like this: Fewer and shorter incidents ..." (a capital mid
    sentence) and "I've noted the rest of your question" after two questions - which one?"""
    interview = at_their_questions(catalog)
    ((_, reply),) = said(
        interview.act(
            "Two things. How does the team decide between reliability work and feature "
            "requests? And what would success look like for me after six months?"
        )
    )
    assert "Success looks like this: fewer and shorter incidents" in reply
    assert (
        "\u201cHow does the team decide between reliability work and feature requests?\u201d"
        in reply
    )
    assert "the rest of your question" not in reply


# --------------------------------------------------------------------------- a terminal P5 run

GRPC = (
    "Our staff engineer wanted to move the playback API from gRPC to REST because he believed "
    "gRPC was behind our tail latency on mobile. I wasn't convinced. We agreed to run both for "
    "a week on 5% of Android traffic each, same regions, same hours, and compare p99 time to "
    "first frame. I built the split with a feature flag and we shared one dashboard so nobody "
    "could cherry-pick. The difference was under 3 ms, inside the day-to-day variation, while "
    "the real tail came from a DNS lookup on cold start. We kept gRPC, fixed DNS caching, and "
    "p99 dropped 180 ms. He co-wrote the write-up with me."
)


@pytest.mark.parametrize(
    "probe",
    [
        "Before you collected anything, what did both sides agree would settle it?",
        "How did you know the difference you measured was not just noise?",
    ],
)
def test_what_settles_it_and_why_it_is_not_noise_are_not_asked_once_said(probe: str) -> None:
    """Both were asked, one after the other, of the answer that had said each."""
    assert already_said(probe, GRPC)
    assert not already_said(probe, "We ran both for a week and compared the dashboards.")


def test_on_call_asked_after_yes_is_what_on_call_looks_like(catalog: Catalog) -> None:
    """ "Yes - what does on-call look like for this role, and how big is the rotation?" was
    heard as "is this role on call?", and the size said back as "how big is the rotation"."""
    interview = at_their_questions(catalog)
    ((_, reply),) = said(
        interview.act(
            "Yes - what does on-call look like for this role, and how big is the rotation? "
            "Also, what's the salary band?"
        )
    )
    assert reply.startswith("Incident work is part of the role: ")
    assert "doesn't say how big the rotation is, and doesn't cover" in reply
    assert reply.count("doesn't") == 2  # one for each thing it lacks, each said once


def test_a_detail_asked_in_the_first_person_is_said_back_in_the_second(catalog: Catalog) -> None:
    """P5 by hand, 2026-12-02: "It doesn't say how often would I be paged" - the candidate's
    question pasted into the interviewer's sentence."""
    interview = at_their_questions(catalog)
    ((_, reply),) = said(
        interview.act(
            "Two things. How is on-call organised for this team, and how often would I be "
            "paged? And how big is the team I'd be joining?"
        )
    )
    assert "doesn't say how often you would be paged" in reply
    assert "would I" not in reply


def test_goodbye_uses_the_first_name(catalog: Catalog) -> None:
    """ "Thanks again, Marco Bianchi, for the conversation" - a full name, as on a form."""
    plan = hand_plan(catalog, "sec.leaked-credential", seed=2, asks="cq.ask-about-role")
    plan.items[-1] = plan.items[-1].model_copy(update={"question_id": "close.anything-to-add"})
    interview = Interview(catalog, plan, candidate="Marco Bianchi")
    interview.act(INTRO)
    interview.act("I'd rotate the key first, then check the audit logs for its use.")
    while interview.state.stage is not Stage.CLOSE:
        interview.act("That's everything, thanks.")
    ((_, goodbye),) = said(interview.act("No, I think I covered it. Thanks for your time."))
    assert "Marco" in goodbye and "Bianchi" not in goodbye


def test_a_clarified_contradiction_is_thanked_not_met_with_alright(catalog: Catalog) -> None:
    """Asked how two statements fit together, the candidate explained, and heard "Alright."."""
    plan = hand_plan(catalog, "proj.knowing-it-was-healthy", seed=2, asks="cq.ask-about-role")
    interview = Interview(catalog, plan, candidate="Sam Ortiz")
    interview.act(
        "I'm Sam, six years an SRE. I led the alerting overhaul at a payments company; all our "
        "alerting ran on Prometheus."
    )
    asked = said(
        interview.act(
            "We never ran Prometheus - everything was in Datadog. We watched checkout error rate "
            "and p99 latency, and a synthetic check caught a bad deploy in four minutes once; I "
            "rolled it back and we added a canary."
        )
    )
    assert asked[-1][1].startswith("Help me picture it correctly:")
    reply = said(
        interview.act("Sorry, I mixed that up: Prometheus was for alerting, Datadog was our APM.")
    )
    assert reply[0] == (TurnRole.ACKNOWLEDGEMENT, "Got it - thanks for clarifying.")


# --------------------------------------------------------------------------- a short P4 run


def test_the_team_reply_says_once_that_the_profile_does_not_describe_the_team(
    catalog: Catalog,
) -> None:
    """ "...the profile does not describe the team itself. That's as far as the role profile
    goes; I've noted the rest of your question" - the same lack, said twice."""
    interview = asked_for_the_simpler_angle(catalog)
    (reply, _) = said(interview.act("Before I answer - what's the team like here?"))
    assert "the profile does not describe the team itself" in reply[1]
    assert "as far as the role profile goes" not in reply[1]
    assert "noted" in reply[1]


def test_how_to_choose_is_not_asked_after_the_rule_was_given() -> None:
    """Asked "You have ten candidate tasks to automate and time for two. How do you choose?"
    right after "sort by total hours ... I'd pick the top one or two by hours"."""
    said_before = (
        "Then group them by type and sort by total hours. I'd pick the top one or two by "
        "hours and automate those first, and track the hours again a month later."
    )
    probe = "You have ten candidate tasks to automate and time for two. How do you choose?"
    assert already_said(probe, said_before)
    assert not already_said(probe, "I'd automate the restarts and the access requests.")


def test_a_plain_acknowledgement_is_never_a_bare_alright() -> None:
    """A specific story about Prometheus running out of disk got "Alright." and nothing else."""
    from panelist.interview.templates import TEMPLATES

    assert "Alright." not in TEMPLATES["ack_weak"]


def test_an_aside_that_also_adds_is_kept_for_the_earlier_question(catalog: Catalog) -> None:
    """P5 in the terminal: "Oh, and on the API one, I'd also add a Sunset header on v1
    responses." at the end of an answer went unheard - neither thanked nor kept for the API
    question."""
    plan = hand_plan(
        catalog, "code.platform-api-evolution", "sec.image-policy-gate", role="SRES.GEN.P5"
    )
    interview = Interview(catalog, plan, candidate="Marco Bianchi")
    interview.act(INTRO)
    while interview.state.plan.items[interview.state.cursor].question_id != (
        "sec.image-policy-gate"
    ):
        interview.act(
            "I'd version it: v2 next to v1, translate v1 requests on the server, measure who "
            "still calls v1, publish a deprecation date and run contract tests for every team."
        )
    interview.act(
        "No - if the scan only lives in CI, a kubectl apply from a laptop skips it. That's why "
        "the check has to be at admission in the cluster. Oh, and on the API one, I'd also add "
        "a Sunset header on v1 responses."
    )
    report = build_report(interview.state, catalog)
    (api,) = [q for q in report.questions if q.question_id == "code.platform-api-evolution"]
    assert [a.text for a in api.added_later] == [
        "Oh, and on the API one, I'd also add a Sunset header on v1 responses."
    ]


def test_two_questions_asked_mid_question_are_both_answered_from_the_profile(
    catalog: Catalog,
) -> None:
    """A P3 asked "Do you use Kubernetes or mostly VMs? And what does the on-call look like?"
    in place of an answer: the first was answered and the second got "the role profile doesn't
    cover that", from a profile whose duties say "Own on-call for the team's services"."""
    plan = hand_plan(catalog, "net.inter-service-latency", role="SRES.GEN.P3")
    interview = Interview(catalog, plan, candidate="Tom Becker")
    interview.act(INTRO)

    (reply, _) = said(
        interview.act("Do you use Kubernetes or mostly VMs? And what does the on-call look like?")
    )

    assert reply[0] is TurnRole.ANSWER_TO_CANDIDATE
    assert "on-call" in reply[1].lower() and "on-call look like?”: the role profile" not in reply[1]
    assert "own on-call for the team's services" in reply[1].lower()


def test_a_project_question_asked_first_does_not_stay_with_what_was_not_discussed(
    catalog: Catalog,
) -> None:
    """A hand-run SWEB P3 heard "Staying with the booking service: which part of it would have
    broken first ...?" as the first question after the intro."""
    plan = hand_plan(catalog, "proj.breaking-point", role="SWEB.GEN.P3")
    interview = Interview(catalog, plan, candidate="Ana Costa")

    reply = said(interview.act(INTRO))

    question = reply[-1][1]
    assert "Staying with" not in question
    assert question.startswith("Tell me about the ") and "which part of it" in question


def test_a_question_the_profile_does_not_answer_gets_no_unrelated_profile_text(
    catalog: Catalog,
) -> None:
    """Hand runs: "is the platform team expected to run the clusters as well as build the
    tooling?" was answered "Success looks like this: ..." ("expected"), and "How does the
    reliability team decide what to work on each quarter?" with a P6 plan step that only names
    SLOs. The profile holds neither: both are noted for the recruiter, nothing is pasted."""
    scope = answer_from_profile(
        "Is the platform team expected to run the clusters as well as build the tooling?",
        catalog.roles["PLAT.GEN.P5"],
    )
    chosen = answer_from_profile(
        "How does the reliability team decide what to work on each quarter: is that driven by "
        "the error budgets or by a roadmap from leadership?",
        catalog.roles["SRES.GEN.P6"],
    )
    assert scope.text is None and len(scope.uncovered) == 1
    assert chosen.text is None and len(chosen.uncovered) == 1
    # a plan step that says how work is chosen still answers it, in part
    p4 = answer_from_profile(
        "How does the team decide what to work on?", catalog.roles["SRES.GEN.P4"]
    )
    assert p4.text is not None and "error budgets" in p4.text and p4.partial
