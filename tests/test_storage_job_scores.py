"""A job's final score and a candidate's next answer, written at the same time, both stay.

The queue replaces an answer's fast score with the final one (``update_turn``) while the
candidate may be answering the next question. The submit read the interview before the job
wrote; its save must neither be refused for that (no 409, no retry) nor put the fast score
back. Anything else that moved the interview on is still a lost race. Run on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import pytest
from test_storage_support import answer, ask, new_state, score_dict

from panelist.interview.state import JudgeStatus, Status
from panelist.storage import ConcurrentUpdateError, Database
from panelist.storage.erasure import anonymise_interview

pytest_plugins = ["test_storage_support"]  # the postgres_url, settings and db fixtures

FINAL = JudgeStatus(status="done", kind="rescore_semantic", by="embedded+semantic")


def answered_once(database: Database, interview_id: str) -> None:
    state = new_state(interview_id)
    ask(state, "How do you alert on an SLO?")
    answer(state, "a1", "Alert on the burn rate over two windows")
    state.replace_turn("a1", score=score_dict(2.0), judge=JudgeStatus(status="queued"))
    database.interviews.create(state)


def final_score_of(database: Database, interview_id: str, turn_id: str) -> float | None:
    turn = next(t for t in database.interviews.get(interview_id).turns if t.id == turn_id)
    score = turn.score_obj()
    return None if score is None else score.value


def test_a_submit_that_read_before_a_job_scored_saves_the_answer_and_keeps_the_score(
    db: Database,
) -> None:
    answered_once(db, "iv-race")
    submit = db.interviews.get("iv-race")  # the submit reads ...
    db.interviews.update_turn(  # ... the job writes the final score ...
        "iv-race", "a1", score=score_dict(3.5), judge=FINAL
    )
    ask(submit, "And how do you page on it?")  # ... and the submit saves what it did
    answer(submit, "a2", "Page on the fast window only")

    db.interviews.save(submit)  # no ConcurrentUpdateError

    stored = db.interviews.get("iv-race")
    assert [t.id for t in stored.turns][-2:] == [submit.turns[-2].id, "a2"]
    assert final_score_of(db, "iv-race", "a1") == 3.5
    assert next(t for t in stored.turns if t.id == "a1").judge == FINAL
    # the submit's own state carries the job's score too, and saves again without a race
    assert next(t for t in submit.turns if t.id == "a1").score == stored.turns[1].score
    ask(submit, "Last question?")
    db.interviews.save(submit)
    assert final_score_of(db, "iv-race", "a1") == 3.5


def test_a_job_score_moves_the_change_marker_on(db: Database) -> None:
    answered_once(db, "iv-marker")
    before = db.interviews.change_marker("iv-marker")
    db.interviews.get("iv-marker")  # cached at ``before``

    db.interviews.update_turn("iv-marker", "a1", score=score_dict(1.0), judge=FINAL)

    assert db.interviews.change_marker("iv-marker") == before + 1
    assert final_score_of(db, "iv-marker", "a1") == 1.0  # not the cached fast score


def test_a_submit_that_changed_the_turn_the_job_scored_loses_the_race(db: Database) -> None:
    answered_once(db, "iv-same-turn")
    submit = db.interviews.get("iv-same-turn")
    db.interviews.update_turn("iv-same-turn", "a1", score=score_dict(3.5), judge=FINAL)
    submit.replace_turn("a1", score=score_dict(0.5))

    with pytest.raises(ConcurrentUpdateError, match="was changed by another writer"):
        db.interviews.save(submit)
    assert final_score_of(db, "iv-same-turn", "a1") == 3.5


def test_a_submit_that_read_before_another_answer_still_loses_the_race(db: Database) -> None:
    answered_once(db, "iv-two-tabs")
    first, second = db.interviews.get("iv-two-tabs"), db.interviews.get("iv-two-tabs")
    ask(first, "Next?")
    db.interviews.save(first)
    ask(second, "Next, from the other tab?")

    with pytest.raises(ConcurrentUpdateError, match="read at"):
        db.interviews.save(second)


def test_a_submit_that_read_before_an_erasure_loses_the_race(db: Database) -> None:
    answered_once(db, "iv-erased")
    submit = db.interviews.get("iv-erased")
    assert anonymise_interview(db.engine, "iv-erased", "request")
    ask(submit, "Next?")

    with pytest.raises(ConcurrentUpdateError, match="read at"):
        db.interviews.save(submit)
    assert db.interviews.get("iv-erased").candidate_name != "Ada Lovelace"


def test_a_job_score_says_whether_the_interview_has_ended_meanwhile(db: Database) -> None:
    answered_once(db, "iv-ended")
    # the job's score of a1 while the interview goes on: nothing more to record
    assert db.interviews.update_turn("iv-ended", "a1", score=score_dict(3.0), judge=FINAL) == (
        Status.IN_PROGRESS
    )
    ended = db.interviews.get("iv-ended")
    ended.status = Status.COMPLETED  # the candidate's last answer ended it ...
    db.interviews.save(ended)

    # ... before a job of that interview stored its score: the job records the outcome again
    status = db.interviews.update_turn("iv-ended", "a1", score=score_dict(3.5), judge=FINAL)

    assert status is Status.COMPLETED
    assert final_score_of(db, "iv-ended", "a1") == 3.5
