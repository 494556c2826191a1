"""Database URLs and SQLAlchemy engines: SQLite (WAL) by default, PostgreSQL via psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import NullPool

from panelist.errors import ConfigurationError, StorageError
from panelist.extras import require_postgres

SQLITE_BUSY_TIMEOUT_MS = 10_000

# ``engine.execution_options(**WRITE)`` gives an Engine whose transactions take SQLite's write lock at BEGIN,
# so a read-then-write transaction never fails half-way with "database is locked".
WRITE: dict[str, Any] = {"sqlite_begin": "IMMEDIATE"}


def normalise_url(url: str) -> URL:
    """Parse a database URL; ``postgresql://`` and ``postgres://`` mean psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(
            f"PANELIST_DATABASE_URL {url!r} is not a database URL: use "
            "'sqlite:////path/to/panelist.db' or 'postgresql://user@host:5432/dbname'."
        ) from exc
    if parsed.get_backend_name() == "sqlite" and (parsed.database or "").startswith("~"):
        parsed = parsed.set(database=str(Path(parsed.database or "").expanduser()))
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ConfigurationError(
            f"Unsupported database {parsed.drivername!r}: panelist runs on SQLite "
            "(sqlite:///...) or PostgreSQL (postgresql://...)."
        )
    return parsed


@contextmanager
def unreachable_as_storage_error(url: URL) -> Iterator[None]:
    """Turn "cannot connect" errors into a StorageError that names the URL (no password)."""
    try:
        yield
    except OperationalError as exc:
        raise StorageError(
            f"Cannot reach the database at {url.render_as_string(hide_password=True)}: "
            f"{str(exc.orig).strip()}.",
            hint="Check PANELIST_DATABASE_URL and that the server is running.",
        ) from exc


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


# What an autocommit engine (``make_engine(url, autocommit=True)``) is made with: no BEGIN,
# and no ROLLBACK when a connection is handed back (there is no transaction to end).
AUTOCOMMIT: dict[str, Any] = {
    "isolation_level": "AUTOCOMMIT",
    "skip_autocommit_rollback": True,
    "pool_reset_on_return": None,
}
# The autocommit engine's pool on PostgreSQL: small, beside the main engine's (it serves
# one-statement reads that hold a connection for a fraction of a millisecond).
AUTOCOMMIT_POOL: dict[str, Any] = {"pool_size": 2, "max_overflow": 6}


def make_engine(url: str | URL, *, autocommit: bool = False) -> Engine:
    """An Engine for ``url``; SQLite files get their directory, WAL, foreign keys, a busy timeout.

    ``autocommit``: every statement commits on its own (no transactions at all), for reads of
    one row that must see the newest committed write (see panelist.storage.quick)."""
    parsed = normalise_url(url) if isinstance(url, str) else url
    options = AUTOCOMMIT if autocommit else {}
    if not is_sqlite(parsed):
        require_postgres(f"PANELIST_DATABASE_URL={parsed.render_as_string(hide_password=True)}")
        # hide_parameters: answers and names never reach an exception text or a log line
        pool = AUTOCOMMIT_POOL if autocommit else {}
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True, **options, **pool)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # An autocommit engine's connections are kept one per thread (panelist.storage.quick),
    # never handed back: a pool's bound (5 + 10) made the 16th thread of a server's 40 wait
    # 30 s and fail. Unpooled, each thread opens its own, as many as there are threads.
    unpooled: dict[str, Any] = {"poolclass": NullPool} if autocommit else {}
    engine = create_engine(
        parsed,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        hide_parameters=True,  # answers and names never reach an exception text or a log
        **options,
        **unpooled,
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    if not autocommit:  # an autocommit engine never begins a transaction
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
