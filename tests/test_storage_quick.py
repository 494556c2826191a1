"""Quick reads (panelist.storage.quick): one row by key outside any transaction, so a poll
sees what another process or replica committed a moment ago. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from test_storage_support import answer, ask, new_state, open_clean

from panelist.config import Settings
from panelist.errors import AuthError, NotFoundError
from panelist.storage.invites import _LOOKUP, hash_token

pytest_plugins = ["test_storage_support"]  # the postgres_url, settings and db fixtures


def test_a_replicas_save_moves_the_change_marker_at_once(settings: Settings) -> None:
    first, second = open_clean(settings), open_clean(settings)
    try:
        state = new_state("iv-quick")
        ask(state, "How would you alert on an SLO?")
        first.interviews.create(state)
        seen = second.interviews.change_marker("iv-quick")  # its kept connection is open now

        mine = first.interviews.get("iv-quick")
        answer(mine, "a1", "On the burn rate, over a fast and a slow window.")
        first.interviews.save(mine)

        assert second.interviews.change_marker("iv-quick") == seen + 1
        with pytest.raises(NotFoundError):
            second.interviews.change_marker("iv-missing")
    finally:
        first.close()
        second.close()


def test_an_invite_reissued_by_a_replica_is_seen_by_the_next_lookup(settings: Settings) -> None:
    first, second = open_clean(settings), open_clean(settings)
    try:
        first.interviews.create(new_state("iv-invite"))
        old = first.invites.issue("iv-invite", ttl=timedelta(days=1))
        assert second.invites.lookup(old.token).problem is None

        new = first.invites.issue("iv-invite", ttl=timedelta(days=1))
        first.invites.redeem(new.token)

        with pytest.raises(AuthError):
            second.invites.lookup(old.token)
        used = second.invites.lookup(new.token)
        assert used.interview_id == "iv-invite"
        assert used.problem is not None and "already been used" in used.problem
    finally:
        first.close()
        second.close()


def test_a_quick_row_gives_the_columns_typed(settings: Settings) -> None:
    database = open_clean(settings)
    try:
        database.interviews.create(new_state("iv-typed"))
        invite = database.invites.issue("iv-typed", ttl=timedelta(hours=2))

        row = database.quick.row(_LOOKUP, {"digest": hash_token(invite.token)})

        assert row is not None
        assert row == {
            "id": "iv-typed",
            "version": 1,
            "invite_used_at": None,
            "invite_expires_at": invite.expires_at,  # a UTC datetime, as stored
        }
        assert database.quick.row(_LOOKUP, {"digest": "no such digest"}) is None
    finally:
        database.close()


def test_more_threads_than_a_pool_holds_each_read_at_once(settings: Settings) -> None:
    """A server answers sync routes from up to 40 worker threads, and on a SQLite file each
    thread keeps its quick reads' connection: the 16th thread waited 30 s for a pool of
    5 + 10 and answered 500 ("QueuePool limit of size 5 overflow 10 reached"; load.py's
    mix on two workers)."""
    database = open_clean(settings)
    threads = 24
    try:
        database.interviews.create(new_state("iv-threads"))
        together = threading.Barrier(threads)

        def read() -> int:
            together.wait(timeout=10)  # every read on a thread of its own
            return database.interviews.change_marker("iv-threads")

        with ThreadPoolExecutor(max_workers=threads) as pool:
            reads = [pool.submit(read) for _ in range(threads)]
            assert [r.result(timeout=10) for r in reads] == [1] * threads
    finally:
        database.close()
