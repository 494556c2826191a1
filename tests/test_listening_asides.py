"""An exchange is one unit, also across questions (issue 12): what a candidate adds to an
earlier question while answering a later one ("Going back to the incident question: we also
added a canary step afterwards") counts for the earlier question's score, with evidence that
points at the later turn, and not for the later question's. Driven as the terminal drives the
engine, every answer scored by the embedded scorer."""

from __future__ import annotations

import pytest
from interview_driver import Interview
from test_listening_heard import GO_ASIDE, by_hand, time_wait_then_cve
from test_listening_last_runs import (
    LOAD_ANSWER,
    PGBOUNCER_INTRO,
    WAIT_ASIDE,
    zombie_then_runbook,
)

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.asides import answered_part, aside_part
from panelist.interview.state import Speaker, Turn, TurnRole
from panelist.reports import build_report, render
from panelist.reports.models import QuestionEntry

CANARY = "Going back to the incident question: we also added a canary step afterwards."
SETTLEMENT = (
    "About two weeks after rollout, transaction mode broke the settlement batch job: it used "
    "session-level advisory locks and prepared statements, which don't survive across "
    "transactions, and it failed with 'prepared statement does not exist'. Our job-failure "
    "alert paged me at 1am. In the first hour I moved that one job onto a separate PgBouncer "
    "pool in session mode, reran the failed batch by hand, and posted in the incident channel."
)
NOTHING_MORE = "I'd rather move on, that's about all there was to it."


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def incident_then_load(catalog: Catalog, load_answer: str) -> Interview:
    """Q2: the production failure, told without what changed afterwards; Q3: load average,
    answered with ``load_answer``."""
    interview = by_hand(catalog, "proj.production-failure", "os.load-vs-cpu")
    interview.answer(PGBOUNCER_INTRO)
    interview.answer(SETTLEMENT)
    while interview.state.turns[-1].question_id == "proj.production-failure":
        interview.answer(NOTHING_MORE)
    interview.answer(load_answer)
    return interview


def entry(interview: Interview, question_id: str) -> QuestionEntry:
    report = build_report(interview.state, interview.catalog)
    return next(q for q in report.questions if q.question_id == question_id)


@pytest.fixture(scope="module")
def with_canary(catalog: Catalog) -> Interview:
    return incident_then_load(catalog, f"{CANARY} {LOAD_ANSWER}")


def test_an_aside_is_scored_under_the_question_it_adds_to(with_canary: Interview) -> None:
    (turn,) = [t for t in with_canary.state.turns if t.text.startswith(CANARY)]
    assert turn.adds_to == "proj.production-failure"
    assert turn.aside == (0, len(CANARY))
    aside = turn.aside_score_obj()
    assert aside is not None
    (canary,) = [h for h in aside.key_points_hit if h.key_point == "lasting-change"]
    (evidence,) = canary.evidence
    assert evidence.turn_id == turn.id  # the later turn's own words, at its own offsets
    assert turn.text[evidence.start : evidence.end] == evidence.text == CANARY
    assert "lasting-change" not in aside.key_points_missed


def test_the_earlier_score_moves_and_the_report_says_why(with_canary: Interview) -> None:
    incident = entry(with_canary, "proj.production-failure")
    assert incident.score_before_added == 3.48
    assert incident.score == incident.computed_score == 4.06
    (lasting,) = [c for c in incident.credited if c.key_point == "lasting-change"]
    assert lasting.added_during == 3 and lasting.quotes == [CANARY]
    assert [(s.turn_id, s.start, s.end) for s in lasting.spans] == [("a3", 0, len(CANARY))]
    assert "lasting change" not in incident.missed
    assert f'credited "{CANARY}" for lasting change (added during Q3)' in incident.justification
    assert incident.justification.endswith(
        "Score 3.48 -> 4.06 with what was added during Q3 (lasting change)."
    )
    (added,) = incident.added_later
    assert (added.text, added.during, added.credited) == (CANARY, 3, ["lasting change"])
    page = render(build_report(with_canary.state, with_canary.catalog), "md")
    assert f"**Added during Q3:** {CANARY}" in page


def test_the_transcript_keeps_the_later_turn_as_it_was_said(with_canary: Interview) -> None:
    report = build_report(with_canary.state, with_canary.catalog)
    said = [line.text for line in report.transcript if line.text.startswith(CANARY)]
    assert said == [f"{CANARY} {LOAD_ANSWER}"]
    load = entry(with_canary, "os.load-vs-cpu")
    assert load.answer is not None and load.answer.text == f"{CANARY} {LOAD_ANSWER}"
    assert load.added_later == [] and load.score_before_added is None


def test_the_later_question_is_scored_on_the_words_that_answer_it(
    catalog: Catalog, with_canary: Interview
) -> None:
    """The aside neither raises nor lowers the load-average answer: scored as if the
    candidate had said only the answer, its evidence at the offsets of the whole turn."""
    alone = incident_then_load(catalog, LOAD_ANSWER)
    (mixed,) = [t for t in with_canary.state.turns if t.text.startswith(CANARY)]
    (plain,) = [t for t in alone.state.turns if t.text == LOAD_ANSWER]
    ours, theirs = mixed.score_obj(), plain.score_obj()
    assert ours is not None and theirs is not None
    assert (ours.value, ours.relevance, ours.key_points_missed) == (
        theirs.value,
        theirs.relevance,
        theirs.key_points_missed,
    )
    shift = len(CANARY) + 1
    for hit, same in zip(ours.key_points_hit, theirs.key_points_hit, strict=True):
        assert hit.key_point == same.key_point
        for evidence, at in zip(hit.evidence, same.evidence, strict=True):
            assert (evidence.start, evidence.end) == (at.start + shift, at.end + shift)
            assert mixed.text[evidence.start : evidence.end] == evidence.text
    assert alone.state.turns[-1].text == with_canary.state.turns[-1].text  # same next step
    assert entry(alone, "proj.production-failure").score == 3.48  # nothing added: no move


def test_an_aside_at_the_end_leaves_the_answer_it_follows_alone(catalog: Catalog) -> None:
    """P3 by hand: the runbook answer ended on "Oh - and on the zombie one, I remembered: the
    parent should call wait() ..." - the whole turn was scored as the runbook answer (4.02),
    its words alone score 4.09."""
    mixed, _ = zombie_then_runbook(catalog)
    (turn,) = [t for t in mixed.state.turns if t.text == WAIT_ASIDE]
    start, _ = turn.aside or (0, 0)
    answered = WAIT_ASIDE[:start].strip()
    assert answered == "Depends on how it's written. Honestly, I'd make the whole thing idempotent."
    alone, _ = zombie_then_runbook(catalog, answered)
    (plain,) = [t for t in alone.state.turns if t.text == answered]
    assert turn.score == plain.score  # the same words, the same score (the offsets start at 0)
    scored = turn.score_obj()
    assert scored is not None and scored.value == 4.203
    # the zombie question keeps its own score and lists what was added to it: its answer already
    # has every point the aside makes ("kill the parent" is the point's stopgap), so no move
    zombie = entry(mixed, "os.zombie-processes")
    before = entry(alone, "os.zombie-processes").score
    assert zombie.score == before == 4.32 and zombie.score_before_added is None
    assert "with what was added during Q3" not in zombie.justification
    assert [a.during for a in zombie.added_later] == [3]


def test_a_turn_that_only_adds_to_the_last_question_is_scored_there(catalog: Catalog) -> None:
    """P4, seed 12: "Sorry, one thing on the last one before I forget - if the client is in
    Go, ..." said when the CVE question was put: not an answer to it, one more to TIME_WAIT."""
    interview = time_wait_then_cve(catalog)
    interview.answer(GO_ASIDE)
    (aside,) = [t for t in interview.state.turns if t.text == GO_ASIDE]
    assert aside.score is None and aside.counted is False  # never the CVE question's answer
    scored = aside.aside_score_obj()
    assert scored is not None and scored.value is not None
    own = [e for h in scored.key_points_hit for e in h.evidence if e.turn_id == aside.id]
    assert own and all(GO_ASIDE[e.start : e.end] == e.text for e in own)
    time_wait = entry(interview, "net.tcp-time-wait")
    assert [(a.text, a.during) for a in time_wait.added_later] == [(GO_ASIDE, 3)]
    cve = entry(interview, "sec.cve-patching-fleet")
    assert cve.answer is None or cve.answer.turn_id != aside.id


def test_an_interview_without_asides_scores_no_aside(catalog: Catalog) -> None:
    interview = incident_then_load(catalog, LOAD_ANSWER)
    assert all(t.adds_to is None and t.aside_score is None for t in interview.state.turns)
    report = build_report(interview.state, catalog)
    assert all(q.added_later == [] and q.score_before_added is None for q in report.questions)
    assert all("added during" not in q.justification for q in report.questions)


def said(text: str, aside: tuple[int, int] | None, adds_to: str | None = "q.earlier") -> Turn:
    return Turn(
        id="t",
        seq=1,
        speaker=Speaker.CANDIDATE,
        role=TurnRole.ANSWER,
        text=text,
        adds_to=adds_to,
        aside=aside,
    )


def test_which_words_answer_which_question() -> None:
    load = f"{CANARY} {LOAD_ANSWER}"
    leading = said(load, (0, len(CANARY)))
    assert aside_part(leading) == (CANARY, 0)
    assert answered_part(leading) == (LOAD_ANSWER, len(CANARY) + 1)
    start = WAIT_ASIDE.index("Oh - and")
    trailing = said(WAIT_ASIDE, (start, len(WAIT_ASIDE)))
    assert answered_part(trailing) == (WAIT_ASIDE[:start].strip(), 0)
    assert aside_part(trailing) == (WAIT_ASIDE[start:], start)
    # a whole turn on the last question answers none asked: all of it is the aside
    assert aside_part(said(GO_ASIDE, None)) == (GO_ASIDE, 0)
    # an aside in the middle cannot be cut out in one piece: the whole turn answers
    middle = said(f"First. {CANARY} Last.", (7, 7 + len(CANARY)))
    assert answered_part(middle) == (middle.text, 0)
    # no aside: the turn as it is, nothing added
    assert answered_part(said(LOAD_ANSWER, None, None)) == (LOAD_ANSWER, 0)
    assert aside_part(said(LOAD_ANSWER, None, None)) == ("", 0)


# --------------------------------------------------------------------------- named by its story

KAFKA_INTRO = (
    "I'm Jordan, six years an SRE at a logistics company. I ran the Kafka event pipeline that "
    "moved shipment updates between about forty services, 30,000 messages a second at peak, "
    "and I rebuilt our alert rules around SLOs: we went from about 40 pages a week to 6."
)
KAFKA_OUTAGE = (
    "The worst one was a Kafka broker disk filling up during a holiday peak. Retention on one "
    "topic had been set to 30 days by mistake, the disk hit 100% and the broker went offline, "
    "so consumers lagged by almost an hour. I got paged, confirmed the disk in Grafana, "
    "shortened retention on that topic to 3 days and restarted the broker once it had room. "
    "Afterwards we added a disk usage alert at 75% and a CI check on retention settings."
)
KAFKA_ASIDE = (
    "Oh, and on the Kafka question earlier, we also added a runbook for broker disk pressure."
)
ZOMBIE_ANSWER = (
    "They are children that exited but whose parent never called wait() on them, so the "
    "kernel keeps their exit status. Killing them does nothing since they are already dead; "
    "you fix the parent, or put an init like tini in front of it as PID 1 to reap them."
)


def kafka_story_then(catalog: Catalog, *questions: str, answers: tuple[str, ...]) -> Interview:
    """Q2: the Kafka outage; then ``questions``, answered with ``answers`` in turn."""
    interview = by_hand(catalog, "proj.production-failure", *questions)
    interview.answer(KAFKA_INTRO)
    interview.answer(KAFKA_OUTAGE)
    for answer in answers:
        asked = interview.state.turns[-1].question_id
        while interview.state.turns[-1].question_id == asked:
            interview.answer(NOTHING_MORE if asked == "proj.production-failure" else answer)
            answer = NOTHING_MORE
    return interview


def the_turn(interview: Interview, text: str) -> Turn:
    (turn,) = [t for t in interview.state.turns if t.text == text]
    return turn


def test_an_aside_that_says_we_also_and_earlier_adds_to_the_question_it_names(
    catalog: Catalog,
) -> None:
    """A whole interview in the browser: "Oh, and on the Kafka question earlier, we also added
    a runbook for broker disk pressure." opened the load answer and got no ``adds_to``: only
    "I also add" and "going back" were heard as adding, never "we also" or "earlier"."""
    text = f"{KAFKA_ASIDE} {LOAD_ANSWER}"
    interview = kafka_story_then(catalog, "os.load-vs-cpu", answers=("", text))
    turn = the_turn(interview, text)
    assert turn.adds_to == "proj.production-failure"
    assert turn.aside == (0, len(KAFKA_ASIDE))
    assert turn.aside_name == "Kafka"
    assert turn.counted and turn.question_id == "os.load-vs-cpu"  # still the load answer


def test_the_same_aside_at_the_end_of_an_answer_adds_to_the_same_question(
    catalog: Catalog,
) -> None:
    text = f"{LOAD_ANSWER} {KAFKA_ASIDE}"
    interview = kafka_story_then(catalog, "os.load-vs-cpu", answers=("", text))
    turn = the_turn(interview, text)
    assert turn.adds_to == "proj.production-failure"
    assert turn.aside == (len(LOAD_ANSWER) + 1, len(text))


def test_an_aside_is_linked_by_the_words_of_the_story_it_names_not_the_last_answer(
    catalog: Catalog,
) -> None:
    """The Kafka question's own text never says "Kafka" (the candidate's story did): with a
    question between, the aside went to the last answered one (the zombie question)."""
    text = f"{KAFKA_ASIDE} {LOAD_ANSWER}"
    interview = kafka_story_then(
        catalog, "os.zombie-processes", "os.load-vs-cpu", answers=("", ZOMBIE_ANSWER, text)
    )
    assert the_turn(interview, text).adds_to == "proj.production-failure"


def test_a_turn_that_only_adds_goes_to_the_question_it_names(catalog: Catalog) -> None:
    """ "Going back to the Kafka question: ..." as a whole turn was put under the question
    answered last, whatever it named."""
    aside = "Going back to the Kafka question: I also added a runbook for broker disk pressure."
    interview = kafka_story_then(
        catalog, "os.zombie-processes", "os.load-vs-cpu", answers=("", ZOMBIE_ANSWER, aside)
    )
    turn = the_turn(interview, aside)
    assert turn.adds_to == "proj.production-failure"
    assert not turn.counted


def test_naming_the_question_being_answered_is_no_aside(catalog: Catalog) -> None:
    text = f"On the load question, I'd also say this first. {LOAD_ANSWER}"
    interview = kafka_story_then(catalog, "os.load-vs-cpu", answers=("", text))
    turn = the_turn(interview, text)
    assert turn.adds_to is None and turn.counted
