"""Open the configured database: one Engine and the repositories built on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine

from panelist.config import Settings
from panelist.errors import StorageError
from panelist.storage import migrate
from panelist.storage.accounts import AccountRepository
from panelist.storage.audit import AuditLog
from panelist.storage.engine import (
    is_sqlite,
    make_engine,
    normalise_url,
    unreachable_as_storage_error,
)
from panelist.storage.interviews import STATE_CACHE_SIZE, SqlInterviewRepository
from panelist.storage.invites import InviteRepository
from panelist.storage.logins import LoginFailures
from panelist.storage.org_catalog import OrgCatalogStore
from panelist.storage.quick import QuickReads
from panelist.storage.repository import InterviewRepository
from panelist.storage.reviews import ReviewRepository
from panelist.storage.sessions import SessionRepository


@dataclass
class Database:
    """Everything stored, behind one Engine. Build it with :func:`open_database`."""

    engine: Engine
    state_cache_interviews: int = STATE_CACHE_SIZE
    interviews: SqlInterviewRepository = field(init=False)
    # the polls' one-row reads (invite lookups, change markers), outside any transaction
    quick: QuickReads = field(init=False)

    def __post_init__(self) -> None:
        self.quick = QuickReads(self.engine)
        self.interviews = SqlInterviewRepository(
            self.engine, quick=self.quick, cached=self.state_cache_interviews
        )

    @cached_property
    def accounts(self) -> AccountRepository:
        return AccountRepository(self.engine)

    @cached_property
    def invites(self) -> InviteRepository:
        return InviteRepository(self.engine, quick=self.quick)

    @cached_property
    def reviews(self) -> ReviewRepository:
        return ReviewRepository(self.engine, quick=self.quick)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.engine)

    @cached_property
    def sessions(self) -> SessionRepository:
        return SessionRepository(self.engine, quick=self.quick)

    @cached_property
    def org_catalog(self) -> OrgCatalogStore:
        return OrgCatalogStore(self.engine)

    @cached_property
    def login_failures(self) -> LoginFailures:
        return LoginFailures(self.engine)

    def close(self) -> None:
        self.quick.close()
        self.engine.dispose()


def open_database(settings: Settings, *, migrate_sqlite: bool = True) -> Database:
    """Connect to ``settings.effective_database_url``.

    SQLite: creates the data directory and migrates to the newest schema. PostgreSQL: checks
    the schema is current and otherwise tells you to run ``panelist db upgrade`` (replicas
    must not race to migrate a shared database).
    """
    url = normalise_url(settings.effective_database_url)
    engine = make_engine(url)
    try:
        with unreachable_as_storage_error(url):
            if is_sqlite(url) and migrate_sqlite:
                migrate.upgrade(engine)
            else:
                _require_current(engine)
    except StorageError:
        engine.dispose()
        raise
    return Database(engine, state_cache_interviews=settings.state_cache_interviews)


def _require_current(engine: Engine) -> None:
    current, head = migrate.current_revision(engine), migrate.head_revision()
    if current != head:
        raise StorageError(
            f"The database schema is at revision {current or 'none (empty database)'}, "
            f"panelist needs {head}.",
            hint="Run `panelist db upgrade` (with the same PANELIST_DATABASE_URL).",
        )


def open_repository(settings: Settings) -> InterviewRepository:
    """The interview repository of the configured database (see :func:`open_database`)."""
    return open_database(settings).interviews
