"""The interview repository, run on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from test_storage_support import (
    answer,
    ask,
    count_turns,
    new_state,
    open_clean,
    score_dict,
)

from panelist.config import Settings
from panelist.errors import NotFoundError, StorageError
from panelist.interview.state import Status
from panelist.storage import ConcurrentUpdateError, Database, SqlInterviewRepository

pytest_plugins = ["test_storage_support"]  # the postgres_url, settings and db fixtures


def test_a_created_interview_reads_back_with_its_plan_and_turns(db: Database) -> None:
    state = new_state("iv-1", quality_profile="strong")
    ask(state, "How would you alert on an SLO?")
    db.interviews.create(state, candidate_email="ada@example.com")

    loaded = db.interviews.get("iv-1")

    assert loaded == state
    assert loaded.plan.items[1].question_id == "ts.oom"
    assert loaded.turns[0].at.tzinfo is not None


def test_save_appends_new_turns_and_stores_scores(db: Database) -> None:
    state = new_state("iv-2")
    db.interviews.create(state)
    ask(state, "How would you alert on an SLO?")
    reply = answer(state, "client-a1", "I would alert on burn rate")
    db.interviews.save(state)

    state.replace_turn(reply.id, score=score_dict(4.0, reply.text))
    state.notes["claims"] = ["burn rate"]
    db.interviews.save(state)

    loaded = db.interviews.get("iv-2")
    assert [t.id for t in loaded.turns] == ["iv-2-q0", "client-a1"]
    scored = loaded.turns[1].score_obj()
    assert scored is not None and scored.value == 4.0
    assert scored.key_points_hit[0].evidence[0].text == "rate"
    assert loaded.notes == {"claims": ["burn rate"]}
    assert count_turns(db, "iv-2") == 2


def test_a_retried_submit_never_duplicates_the_answer(db: Database) -> None:
    state = new_state("iv-3")
    ask(state, "How would you alert on an SLO?")
    db.interviews.create(state)
    answer(state, "client-a1", "burn rate alerts")
    db.interviews.save(state)

    # The client retries: the service reloads, the engine ignores the known turn id, saves.
    retried = db.interviews.get("iv-3")
    db.interviews.save(retried)
    db.interviews.save(retried)

    assert count_turns(db, "iv-3") == 2
    assert [t.id for t in db.interviews.get("iv-3").turns] == ["iv-3-q0", "client-a1"]


def test_a_second_replica_cannot_overwrite_newer_turns(settings: Settings) -> None:
    first, second = open_clean(settings), Database(open_clean(settings).engine)
    try:
        state = new_state("iv-4")
        ask(state, "How would you alert on an SLO?")
        first.interviews.create(state)
        mine, theirs = first.interviews.get("iv-4"), second.interviews.get("iv-4")

        answer(mine, "client-a1", "burn rate")
        first.interviews.save(mine)
        answer(theirs, "client-b1", "I do not know")
        with pytest.raises(ConcurrentUpdateError, match="changed by another writer"):
            second.interviews.save(theirs)

        assert [t.id for t in first.interviews.get("iv-4").turns] == ["iv-4-q0", "client-a1"]
    finally:
        first.close()
        second.close()


def test_a_stale_status_change_is_refused(settings: Settings) -> None:
    first, second = open_clean(settings), open_clean(settings)
    try:
        first.interviews.create(new_state("iv-5"))
        mine, theirs = first.interviews.get("iv-5"), second.interviews.get("iv-5")
        mine.status = Status.ABANDONED
        first.interviews.save(mine)

        theirs.status = Status.IN_PROGRESS
        with pytest.raises(ConcurrentUpdateError):
            second.interviews.save(theirs)
        assert second.interviews.get("iv-5").status is Status.ABANDONED
    finally:
        first.close()
        second.close()


def test_a_state_that_renumbers_a_stored_turn_is_refused(db: Database) -> None:
    state = new_state("iv-6")
    ask(state, "First question?")
    db.interviews.create(state)
    state.turns[0] = state.turns[0].model_copy(update={"text": "Another question?"})
    with pytest.raises(ConcurrentUpdateError, match="differs from the stored one"):
        db.interviews.save(state)


def test_unknown_and_duplicate_ids_are_clear_errors(db: Database) -> None:
    with pytest.raises(NotFoundError, match="no interview 'nope'"):
        db.interviews.get("nope")
    with pytest.raises(NotFoundError, match="create it first"):
        db.interviews.save(new_state("nope"))
    with pytest.raises(NotFoundError):
        db.interviews.set_outcome("nope", overall_score=3.0, recommendation="hire")
    db.interviews.create(new_state("iv-7"))
    with pytest.raises(StorageError, match="already exists"):
        db.interviews.create(new_state("iv-7"))


def test_list_filters_searches_and_orders_newest_first(db: Database) -> None:
    org = db.accounts.ensure_organisation("Acme")
    db.interviews.create(new_state("iv-a", "Ada Lovelace"), candidate_email="ada@example.com")
    db.interviews.create(new_state("iv-b", "Grace Hopper"), organisation_id=org.id)
    done = new_state("iv-c", "Linus 100%_Sure", role_code="SRES.GEN.P5", level="P5")
    db.interviews.create(done, candidate_email="linus@kernel.org")
    done.status = Status.COMPLETED
    db.interviews.save(done)
    db.interviews.set_outcome("iv-c", overall_score=3.4, recommendation="hire")

    assert [s.id for s in db.interviews.list()] == ["iv-c", "iv-b", "iv-a"]
    assert [s.id for s in db.interviews.list(limit=1)] == ["iv-c"]
    assert [s.id for s in db.interviews.list(status=Status.COMPLETED)] == ["iv-c"]
    assert [s.id for s in db.interviews.list(role_code="SRES.GEN.P3")] == ["iv-b", "iv-a"]
    assert [s.id for s in db.interviews.list(search="EXAMPLE.com")] == ["iv-a"]
    assert [s.id for s in db.interviews.list(search="hopper")] == ["iv-b"]
    assert [s.id for s in db.interviews.list(search="100%_")] == ["iv-c"]
    assert [s.id for s in db.interviews.list(search="%")] == ["iv-c"]  # a literal %, not "any"
    assert [s.id for s in db.interviews.list(organisation_id=org.id)] == ["iv-b"]
    summary = db.interviews.list(status=Status.COMPLETED)[0]
    assert (summary.overall_score, summary.recommendation) == (3.4, "hire")
    assert summary.candidate_email == "linus@kernel.org" and summary.level == "P5"
    assert db.interviews.organisation_of("iv-b") == org.id


def test_the_listed_columns_follow_the_state_whether_a_save_changes_them_or_not(
    db: Database,
) -> None:
    db.interviews.create(new_state("iv-l", "Ada Lovelace"))
    state = db.interviews.get("iv-l")
    state.status = Status.IN_PROGRESS
    ask(state, "How would you alert on an SLO?")
    db.interviews.save(state)  # the status moves on
    answer(state, "client-a1", "burn rate")
    db.interviews.save(state)  # an answer: status, name and profile stay as stored
    assert [s.id for s in db.interviews.list(status=Status.IN_PROGRESS)] == ["iv-l"]

    state.candidate_name, state.status = "Ada King", Status.COMPLETED
    db.interviews.save(state)
    state.notes["llm_usage"] = {"calls": 1}
    db.interviews.save(state)  # after the end: the listed columns stay as the last save set them

    assert [s.id for s in db.interviews.list(status=Status.COMPLETED)] == ["iv-l"]
    assert [s.id for s in db.interviews.list(search="king")] == ["iv-l"]
    assert db.interviews.list(search="lovelace") == []
    assert db.interviews.list(status=Status.IN_PROGRESS) == []


def test_a_read_with_nothing_kept_carries_the_version_it_read(settings: Settings) -> None:
    first, second = open_clean(settings), open_clean(settings)
    try:
        first.interviews.create(new_state("iv-v"))
        kept = first.interviews.get("iv-v")
        ask(kept, "How would you alert on an SLO?")
        answer(kept, "client-a1", "burn rate")
        first.interviews.save(kept)

        fresh = second.interviews.get("iv-v")  # this process keeps no state of it yet

        assert fresh.stored_version == kept.stored_version == 2
        with pytest.raises(NotFoundError, match="no interview 'iv-none'"):
            second.interviews.get("iv-none")
    finally:
        first.close()
        second.close()


def test_the_repository_satisfies_the_shared_protocol(db: Database) -> None:
    from panelist.storage import InterviewRepository

    repository: InterviewRepository = db.interviews
    assert isinstance(repository, SqlInterviewRepository)


def test_deleting_an_interview_erases_its_turns_and_reviews(db: Database) -> None:
    state = new_state("iv-8")
    ask(state, "How would you alert on an SLO?")
    answer(state, "client-a1", "burn rate")
    db.interviews.create(state)
    db.reviews.sign_off("iv-8", decision="no", note=None, user_id=None)
    db.interviews.create(new_state("iv-9"))

    db.interviews.delete("iv-8")

    with pytest.raises(NotFoundError):
        db.interviews.get("iv-8")
    assert count_turns(db, "iv-8") == 0 and db.reviews.sign_offs("iv-8") == []
    assert [s.id for s in db.interviews.list()] == ["iv-9"]
    with pytest.raises(NotFoundError, match="to delete"):
        db.interviews.delete("iv-8")


def test_a_state_without_a_version_is_still_refused_by_its_turns(db: Database) -> None:
    state = new_state("iv-10")
    ask(state, "First question?")
    db.interviews.create(state)
    stale = state.model_copy(deep=True)  # never read from the database: it carries no version
    fresh = db.interviews.get("iv-10")
    answer(fresh, "client-a1", "burn rate")
    db.interviews.save(fresh)

    answer(stale, "client-b1", "no idea")
    with pytest.raises(ConcurrentUpdateError, match="not in this state"):
        db.interviews.save(stale)
