"""A whole P4 interview run in the browser (issue 12), as the recruiter's report read it
afterwards: an exchange is one unit for its flags, and an answer is relevant to the turn it
answered. Driven as the terminal drives the engine, every answer scored by the embedded
scorer with the model."""

from __future__ import annotations

import pytest
from test_listening_asides import KAFKA_INTRO, NOTHING_MORE
from test_listening_heard import by_hand

from panelist.catalog.loader import Catalog, load_catalog
from panelist.reports import build_report
from panelist.reports.models import QuestionEntry

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
