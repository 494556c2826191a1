"""Alembic migrations: they build exactly the schema the models describe, both ways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect
from test_storage_support import postgres_database

from panelist.config import Settings
from panelist.errors import StorageError
from panelist.storage import migrate, open_database
from panelist.storage.engine import make_engine
from panelist.storage.tables import Base

TABLES = {
    "reviewer_scorecards",
    "organisations",
    "users",
    "interviews",
    "turns",
    "score_overrides",
    "sign_offs",
    "audit_log",
    "login_failures",
    "auth_sessions",
    "self_identifications",
    "organisation_policies",
    "accommodations",
    "integrity_events",
    "erasures",
    "org_catalog_versions",
    "org_calibration_grades",
    "jobs",
    "rendered_reports",
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'panelist.db'}"
        return
    with postgres_database() as url:
        yield url


@pytest.fixture
def engine(empty_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_url)
    yield engine
    engine.dispose()


def differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return migrate.schema_differences(conn)


def test_upgrade_builds_exactly_the_models_schema(engine: Engine) -> None:
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)

    assert migrate.current_revision(engine) == migrate.head_revision()
    assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
    assert differences(engine) == []  # autogenerate would change nothing


def test_the_diff_check_notices_a_schema_that_drifted(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE stray (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("DROP INDEX ix_interviews_status")
    found = {str(diff[0]) for diff in differences(engine) if isinstance(diff, tuple)}
    assert {"remove_table", "add_index"} <= found


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    migrate.upgrade(engine)
    assert differences(engine) == []


def test_the_revision_history_is_one_line() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_heads() == [migrate.head_revision()]
    assert [r.down_revision for r in scripts.walk_revisions()][-1] is None
    assert set(Base.metadata.tables) == TABLES


@pytest.mark.postgres
def test_an_unmigrated_postgres_database_is_refused_with_the_fix(tmp_path: Path) -> None:
    with postgres_database() as url:
        plain_url = url.replace("postgresql+psycopg://", "postgresql://")
        settings = Settings(data_dir=tmp_path, database_url=plain_url)
        with pytest.raises(StorageError, match="panelist db upgrade"):
            open_database(settings)

        engine = make_engine(plain_url)
        migrate.upgrade(engine)
        engine.dispose()
        database = open_database(settings)
        assert database.engine.url.drivername == "postgresql+psycopg"
        database.close()


def test_an_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql://nobody@127.0.0.1:9/none")
    with pytest.raises(StorageError, match="Cannot reach the database"):
        open_database(settings)


def test_sqlite_is_migrated_on_open(tmp_path: Path) -> None:
    database = open_database(Settings(data_dir=tmp_path / "new"))
    try:
        assert migrate.current_revision(database.engine) == migrate.head_revision()
    finally:
        database.close()
