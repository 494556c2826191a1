"""Whole interviews run by hand (issue 12): what a hiring manager found wrong in the
conversation and the report, each with the words that were said. The engine is driven with
the embedded scorer, as the terminal and the web app drive it."""

from __future__ import annotations

import itertools

import pytest
from interview_driver import SCORER, Interview, hand_plan, said

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.events import ScoreRequested
from panelist.interview.exchange import already_said
from panelist.interview.phrasing import clause_around, stands_alone
from panelist.interview.role_answers import answer_from_profile
from panelist.interview.state import TurnRole
from panelist.interview.utterances import Intent, classify, project_topic
from panelist.reports.builder import build_report
from panelist.reports.text import render_text
from panelist.scoring.types import Flag

INTRO = (
    "I'm Sam, six years an SRE. Most recently I led the alerting overhaul at a payments "
    "company, moving us from threshold alerts to SLO burn-rate alerts."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def by_hand(catalog: Catalog, *questions: str, seed: int = 7) -> Interview:
    """A hand-made P4 plan: ``questions`` between the intro and asking about the role."""
    plan = hand_plan(catalog, *questions, seed=seed, asks="cq.ask-about-role")
    return Interview(catalog, plan, candidate="Sam Ortiz")


# --------------------------------------------------------------------------- a question of theirs


ON_CALL = "Before I answer — is this role on call?"


def test_a_question_in_place_of_an_answer_is_answered_and_the_question_asked_again(
    catalog: Catalog,
) -> None:
    interview = by_hand(catalog, "proj.knowing-it-was-healthy")
    interview.act(INTRO)
    reply = said(interview.act(ON_CALL))
    assert [role for role, _ in reply] == [TurnRole.ANSWER_TO_CANDIDATE, TurnRole.REPEAT]
    # a yes or no is asked, and the P4 profile names no rota: it says so, then what it has
    assert reply[0][1].startswith(
        "The role profile doesn't say whether there's an on-call rota for this role, only that "
        "incident work is part of it: command major incidents"
    )
    assert "at stake" not in reply[0][1]  # "an on-call rotation that depends on one or two
    # people" was the role's problem, heard as the size of the rota
    assert "how did you know in production that it was working for its users?" in reply[1][1]
    assert "I'd still like to hear your answer" not in reply[1][1]

    answer = (
        "We had about 900 alerts a week and most were noise. We moved to burn-rate alerts on "
        "checkout latency and error rate, and pages dropped to about 40 a week."
    )
    interview.act(answer)
    (scored,) = [t for t in interview.state.turns if t.text == answer]
    score = scored.score_obj()
    assert score is not None and Flag.OFF_TOPIC not in {f.flag for f in score.flags}
    question = [t for t in interview.state.turns if t.text == ON_CALL]
    assert question[0].score is None  # never scored, never flagged off topic

    report = build_report(interview.state, catalog)
    # listed as asked, without the lead-in: "Before I answer — " is no part of the question
    assert [q.text for q in report.candidate_questions] == ["Is this role on call?"]
    text = render_text(report)
    assert "Questions the candidate asked:\n  - Is this role on call?" in text
    (entry,) = [q for q in report.questions if q.question_id == "proj.knowing-it-was-healthy"]
    assert entry.answer is not None and entry.answer.text == answer  # theirs is no answer


def test_a_question_the_profile_does_not_answer_is_noted_for_the_recruiter(
    catalog: Catalog,
) -> None:
    interview = by_hand(catalog, "proj.knowing-it-was-healthy")
    interview.act(INTRO)
    reply = said(interview.act("Sorry, quick one first: is the team remote?"))
    assert "recruiter" in reply[0][1]
    assert interview.state.candidate_questions[0].answered is False


@pytest.mark.parametrize(
    "text",
    [
        "Do you mean the team I led, or the whole platform?",
        "Should I talk about the on-call side or the tooling?",
        "We used Prometheus and Alertmanager for all of it, with burn-rate rules on the "
        "checkout SLO. Is that the kind of thing you mean?",
    ],
)
def test_a_clarifying_question_or_an_answer_ending_on_one_is_not_a_question_about_the_job(
    text: str,
) -> None:
    assert classify(text) is not Intent.QUESTION


def test_three_questions_in_a_row_move_on_like_an_answer(catalog: Catalog) -> None:
    interview = by_hand(catalog, "proj.knowing-it-was-healthy")
    interview.act(INTRO)
    interview.act(ON_CALL)
    interview.act("And is the team remote?")
    actions = interview.act("And what is the salary for this role?")
    # moved on, and the third question is noted for the recruiter like the others - never
    # scored as the answer and met with "I'd still like to hear your answer to this part"
    assert not any(isinstance(a, ScoreRequested) for a in actions)
    assert interview.state.plan.items[interview.state.cursor].question_id != (
        "proj.knowing-it-was-healthy"
    )
    asked = [q.text for q in interview.state.candidate_questions]
    assert "What is the salary for this role?" in asked, asked


# --------------------------------------------------------------------------- acknowledgements

ZOMBIES = (
    "A zombie has already exited; kill -9 does nothing because it is already dead. The parent "
    "has to reap it with wait(), so I'd find the parent with ps -o ppid and fix or restart it."
)
NUMBERS = (
    "I pulled six months of incidents for the checkout team and translated them into "
    "abandoned checkouts, about 300 a week. Once the fix shipped I went back to them with the "
    "numbers, and pages had halved."
)


@pytest.mark.parametrize("seed", range(1, 9))
def test_two_acknowledgements_in_a_row_never_read_the_same(catalog: Catalog, seed: int) -> None:
    """Before: "Thanks, that helps." right after "Thanks, that helps.", "That makes sense,
    thank you." twice, "Thanks, that helps." after "Thanks, Sam. I'd like to hear more …"."""
    interview = by_hand(catalog, "os.zombie-processes", "data.convince-with-numbers", seed=seed)
    interview.act(INTRO)
    for answer in (ZOMBIES, NUMBERS, "That covers it.", "That covers it."):
        if interview.state.stage.value == "candidate_questions":
            break
        interview.act(answer)
    acks = [t.text for t in interview.state.turns if t.role is TurnRole.ACKNOWLEDGEMENT]
    assert len(acks) >= 3
    for before, after in itertools.pairwise(acks):
        assert before.split()[0] != after.split()[0], (before, after)


# --------------------------------------------------------------------------- the project's name


@pytest.mark.parametrize(
    ("intro", "topic"),
    [
        (  # asked "In the order events off a single RabbitMQ box migration, how did you know"
            "The thing I'm proudest of is the order pipeline rebuild I led: we moved order "
            "events off a single RabbitMQ box onto Kafka.",
            "the order pipeline rebuild",
        ),
        (  # the browser P4 went deeper into "the quote service"
            "I own the quote service and its Postgres databases. The piece I'm proud of is the "
            "backup and restore rework: restores used to be untested and took six hours.",
            "the backup and restore rework",
        ),
        ("We moved order events off a single RabbitMQ box onto Kafka.", "the move to Kafka"),
        (
            "I moved the payments service off VMs onto Kubernetes last year.",
            "the move to Kubernetes",
        ),
    ],
)
def test_the_project_is_named_as_the_candidate_named_it(intro: str, topic: str) -> None:
    assert project_topic(intro) == topic


# --------------------------------------------------------------------------- the hand-run SRE P4

STUCK_PARTITION = (
    "Honestly the main signal was the order-to-courier-assignment rate, per city, from the "
    "dispatch service. We had an SLO of 99.5% of orders assigned within 90 seconds. About a "
    "month after the cutover the graph looked fine overall, but a restaurant chain in Lyon "
    "called support: their orders were sitting for ten minutes. It turned out one Kafka "
    "partition had a stuck consumer and the average hid it. I split the assignment latency by "
    "partition, found partition 7 was hours behind, and restarted that consumer group member to "
    "get orders moving before we understood why it hung."
)


def test_where_the_problem_was_is_not_asked_after_the_latency_was_split(
    catalog: Catalog,
) -> None:
    """Asked "How did you work out where the problem was?"; the candidate: "Like I said, by
    splitting the lag per partition"."""
    interview = by_hand(catalog, "proj.knowing-it-was-healthy")
    interview.act(INTRO)
    reply = said(interview.act(STUCK_PARTITION))
    assert not any("where the problem was" in text for _, text in reply)
    (answer,) = [t for t in interview.state.turns if t.text == STUCK_PARTITION]
    score = answer.score_obj()
    assert score is not None
    hits = {h.key_point: h.evidence[0].text for h in score.key_points_hit}
    assert hits["narrow-down"].startswith("I split the assignment latency by partition")


def credited(question_id: str, answer: str) -> dict[str, str]:
    question = load_catalog().question(question_id)
    score = SCORER.score(answer, question)
    return {h.key_point: h.evidence[0].text for h in score.key_points_hit}


def test_an_option_s_promise_is_not_quoted_as_the_outcome() -> None:
    answer = (
        "We considered sharding, which would have cut write latency from 900 ms to 300 ms, but "
        "it needed two quarters. We went with the Redis split instead of a bigger box, and p99 "
        "went from 900 ms to 120 ms."
    )
    hits = credited("proj.hardest-decision", answer)
    assert hits["alternatives-rejected"].startswith("We considered sharding")
    assert hits["measured-outcome"].startswith("We went with the Redis split")


def test_the_signal_added_afterwards_closes_the_gap_and_is_not_the_chosen_signal() -> None:
    added = (
        "We closed the gap by adding a per-zone latency SLI, which would have paged within "
        "five minutes."
    )
    hits = credited("proj.knowing-it-was-healthy", added)
    assert hits["closed-the-gap"] == added
    assert "chosen-signals" not in hits


def test_a_support_ticket_telling_us_is_detection_not_keeping_people_informed() -> None:
    answer = (
        "The checkout p99 doubled for forty minutes before a support ticket told us; we closed "
        "the gap with a per-zone alert."
    )
    hits = credited("proj.knowing-it-was-healthy", answer)
    assert "kept-informed" not in hits
    assert hits["closed-the-gap"] == "we closed the gap with a per-zone alert."


def test_a_clause_leaning_on_the_one_before_is_not_quoted_back() -> None:
    """Said to the candidate: 'That's clear and concrete - especially “if not, they record an
    exception with an expiry date and the release goes out”.'"""
    piece = "if not, they record an exception with an expiry date and the release goes out"
    assert not stands_alone(piece)
    assert stands_alone("they record an exception with an expiry date")


# --------------------------------------------------------------------------- the hand-run SRE P3


def test_an_acronym_keeps_its_capitals_in_the_answer_about_the_stack(catalog: Catalog) -> None:
    """Said to the candidate: "the knowledge it draws on includes sLIs, SLOs and error budgets"."""
    asked = "What skills and knowledge does the role need?"  # the stack itself is not in it
    reply = answer_from_profile(asked, catalog.roles["SRES.GEN.P3"]).text or ""
    assert "sLIs" not in reply and "SLIs, SLOs and error budgets" in reply


def test_already_said_is_not_quoted_back_to_the_candidate() -> None:
    """Said to the candidate: 'Okay, I've noted “Already said, incident channel”.'"""
    text = "Already said, incident channel. Support lead too."
    assert clause_around(text, 0, 30) == ""


def test_two_options_named_with_vs_are_the_alternatives() -> None:
    """The terse P3: "missed: alternatives rejected" and "what else did you consider" after it."""
    answer = "Autoscaling runners on spot vs fixed pool. Picked spot with a fixed floor of 4."
    assert credited("proj.hardest-decision", answer)["alternatives-rejected"] == (
        "Autoscaling runners on spot vs fixed pool."
    )
    assert already_said("What else did you consider, and why did you not go with it?", answer)
    assert not already_said("What else did you consider?", "p99 was 900 vs 120 ms.")


def test_who_needs_to_hear_from_you_is_not_asked_after_the_incident_channel() -> None:
    probe = "Who needs to hear from you in these 15 minutes, and what do you tell them?"
    assert already_said(probe, "Otherwise split 5xx by endpoint and pod. Post in incident channel.")
    assert not already_said(probe, "A support ticket told us after forty minutes.")


# --------------------------------------------------------------------------- the hand-run SRE P5


def test_i_dont_know_that_i_would_is_an_opinion_not_i_dont_know() -> None:
    assert classify("I don't know that I'd kill the freeze outright; I'd keep it shorter.") is (
        Intent.ANSWER
    )
    assert classify("I don't know, sorry.") is Intent.DONT_KNOW


def test_what_was_done_first_is_not_asked_after_the_first_thing_i_did() -> None:
    said = (
        "First thing I did, once we confirmed it, was put a banner on the tracking page and "
        "tell the customer-facing teams in the incident channel."
    )
    assert already_said("What did you do first - fix the cause or stop the bleeding? Why?", said)


# --------------------------------------------------------------------------- the browser P4

STALE_QUOTES = (
    "Hmm, I don't know if it counts, but last spring a Postgres replica in the quote service fell "
    "about 40 minutes behind during the month-end batch and the call-centre tool, which reads "
    "from the replica, showed stale quotes. We found out because agents complained in Slack. I "
    "pointed the call-centre tool at the primary to stop it, then found the batch was one giant "
    "transaction. Afterwards we split the batch into chunks of 10,000 rows and added a replica "
    "lag alert at 60 seconds."
)


def test_stopping_it_before_finding_the_cause_is_mitigating_first() -> None:
    """Asked "What did you do first - fix the cause or stop the bleeding? Why?" right after."""
    probe = "What did you do first - fix the cause or stop the bleeding? Why?"
    assert already_said(probe, STALE_QUOTES)
    hits = credited("proj.production-failure", STALE_QUOTES)
    assert "fell about 40 minutes behind" in hits["specific-symptom"]  # was "missed"
    assert hits["mitigate-then-diagnose"] == (
        "I pointed the call-centre tool at the primary to stop it, then found the batch was one "
        "giant transaction."
    )


RESTORE_DECISION = (
    "The hardest was how to do the nightly restore test. We could restore onto the standby, "
    "which is cheap but risky, or build a scratch cluster from the backups every night. I argued "
    "for the scratch cluster because touching the standby could hurt failover."
)


def test_we_could_do_this_or_that_names_the_alternatives() -> None:
    """Asked "what else did you consider, and why did you not go with it?" right after."""
    probe = "One more angle on this: what else did you consider, and why did you not go with it?"
    assert already_said(probe, RESTORE_DECISION)
    assert credited("proj.hardest-decision", RESTORE_DECISION)["alternatives-rejected"] == (
        "We could restore onto the standby, which is cheap but risky, or build a scratch cluster "
        "from the backups every night."
    )


def test_after_i_dont_know_one_simpler_angle_and_then_the_next_question(
    catalog: Catalog,
) -> None:
    """Said: "That's okay. Let's not dwell on it." and then two more probes on the question."""
    interview = by_hand(catalog, "os.zombie-processes", "os.file-descriptors")
    interview.act(INTRO)
    reply = said(interview.act("Honestly I don't know. I've never had to deal with zombies."))
    assert [role for role, _ in reply] == [TurnRole.ACKNOWLEDGEMENT, TurnRole.FOLLOW_UP]
    assert "dwell" not in reply[0][1]
    assert reply[1][1].startswith("Let's try a simpler angle") or "different side" in reply[1][1]
    guess = (
        "Maybe because PID 1 is special, it's normally init and cleans up after orphans? If "
        "the app is PID 1 and doesn't do that, they pile up. That's a guess though."
    )
    reply = said(interview.act(guess))
    assert [role for role, _ in reply] == [TurnRole.ACKNOWLEDGEMENT, TurnRole.QUESTION]
    assert "too many open files" in reply[1][1]


def test_two_follow_ups_in_a_row_do_not_open_the_same_way() -> None:
    """Said twice running: "One more angle on this: a team deploys with kubectl from a laptop
    ..." and "One more angle on this: a critical CVE has no fix yet ..."."""
    from panelist.interview.phrasing import Phrasebook

    first = "One more angle on this: a team deploys with kubectl from a laptop. Does it hold?"
    for seed in range(12):
        text = Phrasebook(seed).say(
            "follow_up_key_point",
            5,
            probe="A critical CVE has no fix yet and a release is due today. What happens?",
            avoid=[first],
        )
        assert not text.startswith("One more angle on this"), text


def test_the_report_sent_every_week_afterwards_is_following_up() -> None:
    answer = (
        "I showed him that, plus that our contract promises recovery within four hours. He gave "
        "me two sprints. Afterwards I sent him the nightly restore report every week for a while."
    )
    assert credited("data.convince-with-numbers", answer)["followed-up"] == (
        "Afterwards I sent him the nightly restore report every week for a while."
    )


def test_what_i_would_own_is_answered_in_grammatical_sentences(catalog: Catalog) -> None:
    """Said: "Day to day the role is about set SLOs and error-budget policies ..."."""
    role = catalog.roles["SRES.GEN.P4"]
    reply = answer_from_profile("What would I own in the first few months?", role).text or ""
    assert reply.startswith("Day to day, the role is to set SLOs")
    assert ", and to design services and dependencies" in reply  # two duties, no list pasted


BREAKING_POINT = (
    "The dispatch consumers would go first. Each consumer does a synchronous call to the "
    "courier-location service, and in the Friday peak load test at 3x we were already at about "
    "80% of its connection pool. Kafka itself had lots of headroom, the brokers sat at 25% disk "
    "throughput. I ran the load tests and wrote the capacity model; the location service belongs "
    "to the courier team, so I took the numbers to their lead and we agreed they'd add a read "
    "cache before the winter peak."
)


def test_the_component_that_would_go_first_is_the_first_to_break() -> None:
    """The P4 by hand: "missed: first to break" after its first sentence said it."""
    hits = credited("proj.breaking-point", BREAKING_POINT)
    assert hits["first-to-break"] == "The dispatch consumers would go first."
    assert "courier team" in hits["dependencies-and-people"]
    unsure = "I'm not sure what would break first, probably the database or the consumers."
    assert "first-to-break" not in credited("proj.breaking-point", unsure)


def test_a_second_project_question_stays_with_the_project_rather_than_naming_it_again(
    catalog: Catalog,
) -> None:
    """The terse P3, right after discussing the CI runners: "You mentioned the CI runners.
    What was the hardest technical decision in it, ..."."""
    interview = by_hand(catalog, "proj.knowing-it-was-healthy", "proj.hardest-decision")
    interview.act("I'm Tom. I led the log pipeline rebuild at a bank.")
    interview.act(STUCK_PARTITION)
    asked = [t.text for t in interview.state.turns if t.role is TurnRole.QUESTION]
    follow_ups = [t for t in interview.state.turns if t.role is TurnRole.FOLLOW_UP]
    if follow_ups:  # the exchange may take a follow-up first
        interview.act("We split the lag per partition on the consumer dashboard.")
        asked = [t.text for t in interview.state.turns if t.role is TurnRole.QUESTION]
    assert asked[-1].startswith(
        "Staying with the log pipeline rebuild: what was the hardest technical decision"
    ), asked[-1]
