"""Reads of one row by key outside any transaction: what every open page asks again and again.

An invite lookup (each candidate request) and an interview's version (each second of a live
transcript) are one indexed SELECT each. Through the engine's pool they also cost a checkout,
a BEGIN, a ROLLBACK and the pool's events: more than half of the read. Here each statement
runs in autocommit mode on an engine of its own (``make_engine(url, autocommit=True)``): no
BEGIN, no ROLLBACK, and a single SELECT sees the newest committed row all the same, whichever
process or replica wrote it.

On a SQLite file each thread keeps its connection (a local file: nothing to go stale, no
transaction held open between statements) and a statement is compiled once (its SQL, the
order of its parameters, its columns' result processors) and then sent straight to the
driver: SQLAlchemy's per-execution set-up cost three times the query itself. Elsewhere
(PostgreSQL) a read checks a connection out of that engine's small pool and executes the
statement through SQLAlchemy. An in-memory SQLite database (another engine would open
another database) reads through the main engine.

    quick = QuickReads(engine)
    row = quick.row(select(...).where(... == bindparam("key")), {"key": key})
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Select
from sqlalchemy.engine import Dialect

from panelist.storage.engine import make_engine

Processor = Callable[[Any], Any] | None
AnySelect = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class Compiled:
    """A SELECT as the driver takes it: SQL, parameter names in order, and per column its key
    and the processor that turns the stored value into the column type's Python value."""

    sql: str
    parameters: tuple[str, ...]
    columns: tuple[tuple[str, Processor], ...]

    @classmethod
    def of(cls, statement: AnySelect, dialect: Dialect) -> Compiled:
        compiled = statement.compile(dialect=dialect)
        if compiled.binds and not compiled.positiontup:
            raise ValueError("QuickReads compiles for drivers with positional parameters.")
        columns = tuple(
            (str(column.key), column.type._cached_result_processor(dialect, None))
            for column in statement.selected_columns
        )
        return cls(compiled.string, tuple(compiled.positiontup or ()), columns)

    def row(self, values: tuple[Any, ...] | None) -> dict[str, Any] | None:
        if values is None:
            return None
        return {
            key: process(value) if process is not None and value is not None else value
            for (key, process), value in zip(self.columns, values, strict=True)
        }


class QuickReads:
    """One-statement reads of at most one row (thread-safe; close() with the database)."""

    def __init__(self, engine: Engine) -> None:
        database = engine.url.database or ""
        self._in_memory = engine.dialect.name == "sqlite" and database in ("", ":memory:")
        self._engine = engine if self._in_memory else make_engine(engine.url, autocommit=True)
        self._per_thread = engine.dialect.name == "sqlite" and not self._in_memory
        self._local = threading.local()
        self._kept: list[Connection] = []  # every thread's connection, to close them all
        self._compiled: dict[AnySelect, Compiled] = {}
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The engine the reads run on (its events see the SQL of reads not kept per thread)."""
        return self._engine

    @property
    def kept(self) -> tuple[Connection, ...]:
        """The connections threads keep (SQLite): their SQL goes to the driver directly, so
        SQLAlchemy's events do not see it; sqlite3's trace callback does."""
        with self._lock:
            return tuple(self._kept)

    def row(self, statement: AnySelect, parameters: Mapping[str, Any]) -> dict[str, Any] | None:
        """The one row ``statement`` selects (its columns by key), or None.

        ``statement`` is built once (a module constant): it is compiled on its first read.
        """
        if not self._per_thread:
            with self._engine.connect() as connection:
                found = connection.execute(statement, parameters).one_or_none()
            return None if found is None else dict(found._mapping)
        compiled = self._compiled.get(statement)
        if compiled is None:
            compiled = self._compiled[statement] = Compiled.of(statement, self._engine.dialect)
        driver = self._connection().connection.driver_connection
        assert driver is not None
        cursor = driver.execute(compiled.sql, tuple(parameters[n] for n in compiled.parameters))
        try:
            return compiled.row(cursor.fetchone())
        finally:
            cursor.close()  # the statement is reset: no read transaction stays open

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A connection whose every statement commits alone (no BEGIN, no ROLLBACK): this
        thread's kept one on a SQLite file, else one from the autocommit engine's pool. For
        reads of a few statements that need no common snapshot (a listing's page, its count)."""
        if not self._per_thread:
            with self._engine.connect() as connection:
                yield connection
            return
        yield self._connection()

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
