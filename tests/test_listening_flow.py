"""A whole P4 interview run in the browser (issue 12), as the recruiter's report read it
afterwards: an exchange is one unit for its flags, and an answer is relevant to the turn it
answered. Driven as the terminal drives the engine, every answer scored by the embedded
scorer with the model."""

from __future__ import annotations

import pytest
from test_listening_asides import KAFKA_INTRO, KAFKA_OUTAGE, NOTHING_MORE
from test_listening_heard import by_hand

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.exchange import already_said
from panelist.reports import build_report
from panelist.reports.models import QuestionEntry
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import InterviewContext
from panelist.service.scoring import context_for

CLAIM = (
    "The worst one was a Kafka broker disk filling up during a holiday peak; retention had "
    "been set to 30 days by mistake and the broker went offline. I got paged by our disk "
    "alert, shortened retention to 3 days and restarted the broker. Afterwards we added a CI "
    "check on retention settings, and the new alerting cut our pages by 85%."
)
METRIC = "It went from 40 pages a week to 6."


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def incident(catalog: Catalog, *answers: str) -> QuestionEntry:
    interview = by_hand(catalog, "proj.production-failure", "os.load-vs-cpu")
    interview.answer(KAFKA_INTRO)
    for answer in answers:
        interview.answer(answer)
    report = build_report(interview.state, catalog)
    return next(q for q in report.questions if q.question_id == "proj.production-failure")


def test_a_claim_the_follow_up_answer_measured_is_not_left_flagged(catalog: Catalog) -> None:
    """ "...the new alerting cut our pages by 85%." was asked "which metric showed it?",
    answered "It went from 40 pages a week to 6.", and the report still showed the first
    answer flagged "unsupported_claim" (only the question's list of flags had dropped it)."""
    entry = incident(catalog, CLAIM, METRIC)
    (follow_up,) = entry.follow_ups
    assert follow_up.answer is not None and follow_up.answer.text == METRIC
    assert entry.answer is not None and entry.answer.text == CLAIM
    assert "unsupported_claim" not in entry.answer.flags
    assert all(f.flag != "unsupported_claim" for f in entry.flags)


def test_a_claim_never_measured_stays_flagged(catalog: Catalog) -> None:
    entry = incident(catalog, CLAIM, NOTHING_MORE)
    assert entry.answer is not None
    assert "unsupported_claim" in entry.answer.flags


# --------------------------------------------------------------------------- relevance

ONCALL_STORY = (
    "The worst one was a Kafka broker disk filling up during a holiday peak. Retention on one "
    "topic had been set to 30 days by mistake, the disk hit 100%, the broker went offline and "
    "partitions went under-replicated. Consumers lagged by almost an hour. I got paged, "
    "confirmed the disk in Grafana, shortened retention on that topic to 3 days to free space, "
    "and restarted the broker once it had room. Afterwards we added a disk usage alert at 75% "
    "and a config check in CI for retention settings, so it has not happened again."
)


def test_an_answer_is_judged_against_what_was_asked_not_what_was_said_first(
    catalog: Catalog,
) -> None:
    """The intro answer was measured against "Welcome, Jordan Lee. I'm panelist; today we'll
    talk about the Site Reliability Engineering (SRE) Senior Engineer position at
    ReliableOps. Before we get into details, ...", a follow-up's against "One more angle on
    this: how did you find out ...": words nobody asked about."""
    interview = by_hand(catalog, "proj.production-failure", "os.load-vs-cpu")
    interview.answer(KAFKA_INTRO)
    interview.answer(KAFKA_OUTAGE)
    interview.answer("About forty minutes: a customer ticket came in before the lag alert fired.")
    intro, _, follow_up = (
        context_for(interview.state, catalog, t).prompt for t in ("a1", "a2", "a3")
    )
    assert intro == " ".join(catalog.question("intro.reliability-story").text.split())
    assert follow_up == "How did you find out it was broken, and how long after it started?"


def test_an_introduction_that_says_who_and_which_system_is_on_the_intro(
    catalog: Catalog,
) -> None:
    """0.38 against the intro's own words (0.53 only thanks to the greeting's "I'm" and
    "SRE"): the intro asks for the candidate and a system, and this says both."""
    question = catalog.question("intro.reliability-story")
    asked = InterviewContext(prompt=" ".join(question.text.split()))
    assert EmbeddedScorer().score(KAFKA_INTRO, question, asked).relevance >= 0.8


def test_a_story_that_tells_what_the_question_asked_is_on_it(catalog: Catalog) -> None:
    """0.52 with the model (0.43 on words) for the whole outage story, asked "Tell me about a
    time something broke or misbehaved in production ...": it says the question's own point
    (what changed afterwards), which counted as no more than a word in common."""
    question = catalog.question("proj.production-failure")
    prompt = (
        "Tell me about a time something broke or misbehaved in production during or after "
        "cutting our on-call load. How was it detected, what did you do in the first hour, and "
        "what changed afterwards so it could not happen the same way again?"
    )
    score = EmbeddedScorer().score(ONCALL_STORY, question, InterviewContext(prompt=prompt))
    assert "lasting-change" in {h.key_point for h in score.key_points_hit}
    assert score.relevance >= 0.6


ARCHITECTURE = (
    "Orders come in through an ALB to the API gateway pods on EKS, which write to Aurora "
    "Postgres and publish an event to Kafka. The dispatch service consumes those events, reads "
    "courier positions from Redis and assigns a courier. Prometheus scrapes everything, Thanos "
    "keeps long-term metrics, and Alertmanager routes pages to PagerDuty. What would give out "
    "first at double the load is the Redis cluster, which is already at about 60% CPU at peak."
)


def test_what_would_give_out_first_once_said_is_not_asked_for() -> None:
    """The whole interview in the browser: the architecture answer ended "What would give out
    first at double the load is the Redis cluster", and the interviewer asked "Let me follow
    up: what would have broken first if traffic had doubled?"."""
    assert already_said("What would have broken first if traffic had doubled?", ARCHITECTURE)


def test_having_covered_what_one_knows_is_no_off_topic_answer(catalog: Catalog) -> None:
    """The report of the whole interview in the browser listed "Off-topic answer: The answer
    does not address the question (relevance 0.00)" for "Honestly I think I've covered what I
    know about that." - the candidate had nothing more, and said so."""
    question = catalog.question("data.convince-with-numbers")
    asked = InterviewContext(prompt="What did the other team say when they first saw your numbers?")
    said = "Honestly I think I've covered what I know about that."
    score = EmbeddedScorer().score(said, question, asked)
    assert "off_topic" not in score.flag_names
