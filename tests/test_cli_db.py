"""`panelist db upgrade|current` and `panelist users create|list`, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_storage_support import postgres_database
from typer.testing import CliRunner

from panelist.cli.app import app
from panelist.config import Settings
from panelist.storage import migrate, open_database

runner = CliRunner()
PASSWORD = "correct horse battery staple"
HEAD = migrate.head_revision()


@pytest.fixture(autouse=True)
def _own_database(tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANELIST_DATABASE_URL", raising=False)


def test_db_upgrade_creates_and_migrates_the_sqlite_file(tmp_data_dir: Path) -> None:
    before = runner.invoke(app, ["db", "current", "--json"])
    assert before.exit_code == 0, before.output
    assert json.loads(before.output)["revision"] is None

    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"upgraded from an empty database to {HEAD}" in result.output
    assert (tmp_data_dir / "panelist.db").is_file()

    again = runner.invoke(app, ["db", "upgrade"])
    assert f"already at revision {HEAD}" in again.output
    current = runner.invoke(app, ["db", "current"])
    assert f"revision: {HEAD} (head)" in current.output
    assert f"sqlite:///{tmp_data_dir}/panelist.db" in current.output


def test_db_current_says_how_to_upgrade(tmp_data_dir: Path) -> None:
    result = runner.invoke(app, ["db", "current"])
    assert result.exit_code == 0
    assert "run `panelist db upgrade`" in result.output


def test_users_create_reads_the_password_from_stdin(tmp_data_dir: Path) -> None:
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "Ann@Acme.io",
            "--role",
            "recruiter",
            "--org",
            "Acme Ltd",
            "--password-stdin",
        ],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created recruiter ann@acme.io in Acme Ltd" in result.output
    assert PASSWORD not in result.output

    database = open_database(Settings(data_dir=tmp_data_dir))
    try:
        user = database.accounts.authenticate("ann@acme.io", PASSWORD)
        assert database.accounts.get_organisation(user.organisation_id or "").name == "Acme Ltd"
        assert database.audit.entries(target=user.id)[0].action == "user.create"
    finally:
        database.close()
    listed = runner.invoke(app, ["users", "list", "--json"])
    assert [u["email"] for u in json.loads(listed.output)] == ["ann@acme.io"]


def test_users_create_prompts_twice_without_echo(tmp_data_dir: Path) -> None:
    result = runner.invoke(
        app,
        ["users", "create", "root@acme.io", "--role", "admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin root@acme.io" in result.output
    assert PASSWORD not in result.output


def test_users_create_explains_what_went_wrong(tmp_data_dir: Path) -> None:
    args = ["users", "create", "ann@acme.io", "--role", "admin", "--password-stdin"]
    assert runner.invoke(app, args, input=f"{PASSWORD}\n").exit_code == 0

    duplicate = runner.invoke(app, args, input=f"{PASSWORD}\n")
    assert duplicate.exit_code == 1
    assert "already exists" in duplicate.output

    short = runner.invoke(app, [*args[:2], "bob@acme.io", *args[3:]], input="short\n")
    assert short.exit_code == 1
    assert "at least 12 characters" in short.output

    bad_role = runner.invoke(app, ["users", "create", "x@acme.io", "--role", "boss"])
    assert bad_role.exit_code == 2


@pytest.mark.postgres
def test_db_upgrade_migrates_postgres_then_users_can_be_created(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with postgres_database() as url:
        monkeypatch.setenv("PANELIST_DATABASE_URL", url.replace("+psycopg", ""))
        args = ["users", "create", "ann@acme.io", "--role", "admin", "--password-stdin"]
        refused = runner.invoke(app, args, input=f"{PASSWORD}\n")
        assert refused.exit_code == 1
        assert "Run `panelist db upgrade`" in refused.output

        upgraded = runner.invoke(app, ["db", "upgrade"])
        assert upgraded.exit_code == 0, upgraded.output
        assert "postgresql+psycopg://" in upgraded.output and "/panelist_test_" in upgraded.output
        current = runner.invoke(app, ["db", "current", "--json"])
        assert json.loads(current.output)["current"] is True
        assert runner.invoke(app, args, input=f"{PASSWORD}\n").exit_code == 0


def test_an_unreachable_database_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANELIST_DATABASE_URL", "postgresql://ann:s3cret@127.0.0.1:9/hr")
    for command in (["db", "current"], ["db", "upgrade"], ["users", "list"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, command
        assert "Cannot reach the database at postgresql+psycopg://ann:***@127.0.0.1:9/hr" in (
            result.output
        )
        assert "s3cret" not in result.output and "Traceback" not in result.output
