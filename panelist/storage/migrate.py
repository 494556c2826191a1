"""Alembic, configured in code: upgrade, downgrade, current revision, schema checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from panelist.storage.engine import WRITE

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise RuntimeError(f"no Alembic revisions under {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _with_connection(engine: Engine, action: Callable[[Config], Any]) -> None:
    config = alembic_config()
    with engine.connect().execution_options(**WRITE) as conn:
        config.attributes["connection"] = conn
        action(config)
        conn.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    _with_connection(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    _with_connection(engine, lambda config: command.downgrade(config, revision))


def schema_differences(connection: Connection) -> list[Any]:
    """What autogenerate would change to make the database match the models (empty = in sync)."""
    from alembic.autogenerate import compare_metadata

    from panelist.storage.tables import POSTGRES_ONLY_INDEXES, SQLITE_SEARCH_TABLE, Base

    def include(obj: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
        if connection.dialect.name == "postgresql":
            return True
        if kind == "table" and (name or "").startswith(SQLITE_SEARCH_TABLE):
            return False
        return kind != "index" or name not in POSTGRES_ONLY_INDEXES

    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "render_as_batch": True, "include_object": include},
    )
    return list(compare_metadata(context, Base.metadata))
