"""Reads of one row by key outside any transaction: what every open page asks again and again.

An invite lookup (each candidate request) and an interview's version (each second of a live
transcript) are one indexed SELECT each. Through the engine's pool they also cost a checkout,
a BEGIN, a ROLLBACK and the pool's events: more than half of the read. Here each statement
runs in autocommit mode on an engine of its own (``make_engine(url, autocommit=True)``): no
BEGIN, no ROLLBACK, and a single SELECT sees the newest committed row all the same, whichever
process or replica wrote it. On a SQLite file each thread keeps its connection (a local file:
nothing to go stale, nothing held open between statements); elsewhere a read checks one out of
that engine's small pool. An in-memory SQLite database (another engine would open another
database) reads through the main engine.

    quick = QuickReads(engine)
    row = quick.row(select(...).where(... == bindparam("key")), {"key": key})
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, Executable, Row

from panelist.storage.engine import make_engine


class QuickReads:
    """One-statement reads of at most one row (thread-safe; close() with the database)."""

    def __init__(self, engine: Engine) -> None:
        database = engine.url.database or ""
        self._in_memory = engine.dialect.name == "sqlite" and database in ("", ":memory:")
        self._engine = engine if self._in_memory else make_engine(engine.url, autocommit=True)
        self._per_thread = engine.dialect.name == "sqlite" and not self._in_memory
        self._local = threading.local()
        self._kept: list[Connection] = []  # every thread's connection, to close them all
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The engine the reads run on (its events see their SQL)."""
        return self._engine

    def row(self, statement: Executable, parameters: Mapping[str, Any]) -> Row[Any] | None:
        """The one row ``statement`` selects, or None."""
        if not self._per_thread:
            with self._engine.connect() as connection:
                return connection.execute(statement, parameters).one_or_none()
        connection = self._connection()
        try:
            return connection.execute(statement, parameters).one_or_none()
        finally:
            connection.rollback()  # ends SQLAlchemy's bookkeeping; nothing is sent (autocommit)

    def _connection(self) -> Connection:
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            connection = self._engine.connect()
            self._local.connection = connection
            with self._lock:
                self._kept.append(connection)
        return connection

    def close(self) -> None:
        with self._lock:
            kept, self._kept = self._kept, []
        for connection in kept:
            connection.close()
        if not self._in_memory:
            self._engine.dispose()
