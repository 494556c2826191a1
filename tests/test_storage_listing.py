"""Listing interviews a page at a time: keyset cursors, a bounded total, index-served queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text, update
from test_storage_support import T0, new_state

from panelist.interview.state import Status
from panelist.storage import Database
from panelist.storage import listing as listing_module
from panelist.storage.listing import (
    Cursor,
    InterviewFilter,
    InvalidCursorError,
    newest_first,
    read_page,
)
from panelist.storage.tables import InterviewRow

pytest_plugins = ["test_storage_support"]  # the postgres_url, settings and db fixtures


def seed(db: Database, count: int, *, same_time: int = 0) -> list[str]:
    """``count`` interviews, one minute apart; the last ``same_time`` share one created_at."""
    organisation = db.accounts.ensure_organisation("Acme")
    ids = [f"iv-{n:02d}" for n in range(count)]
    for n, interview_id in enumerate(ids):
        db.interviews.create(
            new_state(interview_id, f"Candidate {n:02d}"),
            candidate_email=f"c{n:02d}@example.org",
            organisation_id=organisation.id,
        )
        at = T0 + timedelta(minutes=min(n, count - same_time))
        with db.engine.begin() as conn:
            conn.execute(
                update(InterviewRow).where(InterviewRow.id == interview_id).values(created_at=at)
            )
    return ids


def test_pages_walk_forward_and_back_over_ties_without_gaps_or_repeats(db: Database) -> None:
    ids = seed(db, 8, same_time=3)
    newest = sorted(ids, reverse=True)  # created_at, then id, descending; the ties by id
    everything = InterviewFilter()

    pages, cursor = [], None
    while True:
        page = db.interviews.page(everything, cursor=cursor, limit=3)
        pages.append([row.id for row in page.rows])
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == [newest[0:3], newest[3:6], newest[6:8]]
    assert [row.id for row in db.interviews.list()] == newest

    last = db.interviews.page(
        everything, cursor=db.interviews.page(everything, limit=3).next_cursor, limit=3
    )
    assert last.previous_cursor is not None
    back = db.interviews.page(everything, cursor=last.previous_cursor, limit=3)
    assert [row.id for row in back.rows] == newest[0:3]
    assert back.previous_cursor is None and back.next_cursor is not None


def test_the_first_page_has_no_previous_and_the_total_is_exact_when_small(db: Database) -> None:
    seed(db, 5)
    page = db.interviews.page(InterviewFilter(status=Status.CREATED), limit=2)
    assert page.previous_cursor is None and page.next_cursor is not None
    assert (page.total, page.total_exact) == (5, True)
    assert db.interviews.page(InterviewFilter(status=Status.COMPLETED)).rows == []
    only = db.interviews.page(InterviewFilter(search="C03@EXAMPLE"))  # any case, e-mail too
    assert [row.id for row in only.rows] == ["iv-03"]
    assert (only.total, only.total_exact) == (1, True)  # one page: the page is the count


def test_a_search_of_several_pages_is_not_counted(db: Database) -> None:
    seed(db, 5)
    page = db.interviews.page(InterviewFilter(search="candidate 0"), limit=2)
    assert len(page.rows) == 2 and page.next_cursor is not None
    assert (page.total, page.total_exact) == (None, False)  # the page says "more"
    by_role = db.interviews.page(InterviewFilter(role_code="SRES.GEN.P3"), limit=2)
    assert by_role.total is None


def test_the_total_stops_counting_at_the_cap(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(db, 5)
    monkeypatch.setattr(listing_module, "COUNT_CAP", 3)
    page = db.interviews.page(InterviewFilter(), limit=2)
    assert (page.total, page.total_exact) == (3, False)  # "more than 3"


def test_a_cursor_that_was_not_handed_out_is_refused_with_what_to_do(db: Database) -> None:
    for bad in ("not-a-cursor", "e30", Cursor(T0, "iv", "next").encode()[:-3]):
        with pytest.raises(InvalidCursorError, match="Start again from the first page"):
            db.interviews.page(InterviewFilter(), cursor=bad)


def test_a_cursor_round_trips() -> None:
    cursor = Cursor(T0, "iv-7", "previous")
    assert Cursor.decode(cursor.encode()) == cursor


def plan_of(db: Database, sql: str, *, bitmap_only: bool = False) -> str:
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("SET enable_seqscan = off"))  # a tiny table: ask what it could use
            if bitmap_only:  # only an index whose conditions the search can use
                conn.execute(text("SET enable_indexscan = off"))
                conn.execute(text("SET enable_indexonlyscan = off"))
            return "\n".join(str(r[0]) for r in conn.execute(text(f"EXPLAIN {sql}")))
        return "\n".join(str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


def compiled(db: Database, which: InterviewFilter) -> str:
    with db.engine.connect() as connection:
        query = newest_first(which, connection).limit(51)
        return str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))


def test_each_filter_of_the_dashboard_reads_an_index_in_page_order(db: Database) -> None:
    seed(db, 3)
    organisation = db.accounts.ensure_organisation("Acme").id
    expected = {
        InterviewFilter(): "ix_interviews_newest",
        InterviewFilter(organisation_id=organisation): "ix_interviews_organisation_newest",
        InterviewFilter(status=Status.ABANDONED): "ix_interviews_status_newest",
        InterviewFilter(
            organisation_id=organisation, status=Status.ABANDONED
        ): "ix_interviews_organisation_status_newest",
    }
    for which, index in expected.items():
        plan = plan_of(db, compiled(db, which))
        assert index in plan, plan
        assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan  # no sorting step


def test_a_search_reads_trigram_indexes_or_the_covering_newest_first_index(db: Database) -> None:
    seed(db, 3)
    plan = plan_of(db, compiled(db, InterviewFilter(search="lovelace")), bitmap_only=True)
    if db.engine.dialect.name == "postgresql":
        assert "ix_interviews_candidate_name_trgm" in plan, plan
        assert "ix_interviews_candidate_email_trgm" in plan, plan
    else:  # a rare term: its few ids from the FTS5 trigram table, each fetched by key (one
        # that matches: for a term that matches nothing no row is read at all, see below)
        plan = plan_of(db, compiled(db, InterviewFilter(search="c01@example")))
        assert "USING INDEX sqlite_autoindex_interviews_1 (id=?)" in plan, plan
        short = plan_of(db, compiled(db, InterviewFilter(search="lo")))  # under 3 characters
        assert "ix_interviews_newest" in short and "TEMP B-TREE" not in short, short


def test_sqlite_walks_the_newest_first_index_for_a_common_term(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db, 5)
    monkeypatch.setattr(listing_module, "RARE", 2)  # five matches: "common"
    plan = plan_of(db, compiled(db, InterviewFilter(search="candidate")))
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
    assert [
        r.id for r in db.interviews.page(InterviewFilter(search="candidate"), limit=2).rows
    ] == [
        "iv-04",
        "iv-03",
    ]


def test_a_renamed_or_deleted_candidate_is_found_by_what_is_stored_now(db: Database) -> None:
    seed(db, 3)
    state = db.interviews.get("iv-01")
    state.candidate_name = "Renamed Person"
    db.interviews.save(state)
    found = db.interviews.page(InterviewFilter(search="renamed pers"))
    assert [row.id for row in found.rows] == ["iv-01"]
    assert db.interviews.page(InterviewFilter(search="Candidate 01")).rows == []
    db.interviews.delete("iv-01")
    assert db.interviews.page(InterviewFilter(search="renamed")).rows == []
    quoted = db.interviews.page(InterviewFilter(search='"c02@'))  # a quote is just a character
    assert quoted.rows == []
    assert [r.id for r in db.interviews.page(InterviewFilter(search="c02@")).rows] == ["iv-02"]


def test_sqlite_keeps_the_triggers_that_fill_its_search_table(db: Database) -> None:
    if db.engine.dialect.name != "sqlite":
        return  # PostgreSQL's trigram indexes are plain indexes: the schema check covers them
    with db.engine.connect() as conn:
        triggers = conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'interviews'"
            )
        ).scalars()
        assert set(triggers) == {f"interviews_search_{t}" for t in ("insert", "delete", "update")}


def test_read_page_clamps_a_limit_below_one(db: Database) -> None:
    seed(db, 2)
    with db.engine.connect() as connection:
        page = read_page(connection, InterviewFilter(), cursor=None, limit=0)
    assert len(page.rows) == 1 and page.next_cursor is not None


def test_a_rare_search_in_an_organisation_fetches_its_matches_by_key(db: Database) -> None:
    """The dashboard's search is always within the recruiter's organisation: SQLite walked
    the organisation's newest-first index (no sort) testing each row against the few ids the
    trigram table found, all 70,000 rows of it for a name nobody has (89 ms at 100,000)."""
    seed(db, 3)
    organisation = db.accounts.ensure_organisation("Acme").id
    rare = InterviewFilter(
        search="c01@example", organisation_id=organisation, status=Status.CREATED
    )
    plan = plan_of(db, compiled(db, rare))
    if db.engine.dialect.name == "sqlite":
        assert "USING INDEX sqlite_autoindex_interviews_1 (id=?)" in plan, plan
        assert "ix_interviews_organisation" not in plan, plan
    assert [row.id for row in db.interviews.page(rare).rows] == ["iv-01"]
    nobody = InterviewFilter(search="zq123x", organisation_id=organisation)
    assert db.interviews.page(nobody).rows == []
    assert "0 = 1" in compiled(db, nobody) or db.engine.dialect.name != "sqlite"
