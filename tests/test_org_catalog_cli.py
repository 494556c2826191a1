"""`panelist catalog export|import --org`: an organisation's catalog as YAML in the built-in
layout, round-tripped."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from panelist.catalog.loader import load_catalog
from panelist.cli.app import app
from panelist.errors import CatalogError

runner = CliRunner()


@pytest.fixture(autouse=True)
def _own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PANELIST_CATALOG_PATH", raising=False)
    monkeypatch.delenv("PANELIST_DATABASE_URL", raising=False)
    monkeypatch.setenv("PANELIST_DATA_DIR", str(tmp_path / "data"))


def authored(directory: Path) -> Path:
    """What a team writes: a copy of the P4 SRE role and a question of its own."""
    catalog = load_catalog()
    role = catalog.role("SRES.GEN.P4").model_dump(mode="json")
    role.update(code="ACME.SRE.P4", title="Acme Payments SRE")
    question = catalog.question("inc.incident-command").model_dump(mode="json")
    question.update(id="acme.payments-war-room", text="Acme's card payments fail: what now?")
    (directory / "roles").mkdir(parents=True)
    (directory / "questions").mkdir()
    (directory / "roles" / "ACME.SRE.P4.yaml").write_text(yaml.safe_dump(role))
    (directory / "questions" / "acme.yaml").write_text(yaml.safe_dump({"questions": [question]}))
    return directory


def files(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): p.read_text(encoding="utf-8")
        for p in sorted(directory.rglob("*.yaml"))
    }


def test_export_then_import_into_a_fresh_org_then_export_gives_the_same_files(
    tmp_path: Path,
) -> None:
    source = authored(tmp_path / "authored")
    imported = runner.invoke(app, ["catalog", "import", "--org", "Acme", str(source)])
    assert imported.exit_code == 0, imported.output
    assert "role ACME.SRE.P4 v1 (live)" in imported.output
    assert "question acme.payments-war-room v1 (live)" in imported.output

    first = tmp_path / "first"
    assert runner.invoke(app, ["catalog", "export", "--org", "Acme", str(first)]).exit_code == 0
    assert runner.invoke(app, ["catalog", "check", str(first)]).exit_code == 0
    again = runner.invoke(app, ["catalog", "import", "--org", "Beta", str(first)])
    assert again.exit_code == 0, again.output
    second = tmp_path / "second"
    exported = runner.invoke(app, ["catalog", "export", "--org", "Beta", str(second)])

    assert "Exported 1 role(s) and 1 question(s) of Beta" in exported.output
    assert files(first) == files(second)
    assert set(files(first)) == {"roles/ACME.SRE.P4.yaml", "questions/acme.payments-war-room.yaml"}


def test_importing_the_same_files_again_adds_no_version_and_a_change_adds_one(
    tmp_path: Path,
) -> None:
    source = authored(tmp_path / "authored")
    runner.invoke(app, ["catalog", "import", "--org", "Acme", str(source)])

    unchanged = runner.invoke(app, ["catalog", "import", "--org", "Acme", str(source)])
    assert "Imported 0 new version(s) into Acme; 2 unchanged." in unchanged.output

    path = source / "questions" / "acme.yaml"
    path.write_text(path.read_text().replace("what now?", "what do you do first?"))
    changed = runner.invoke(app, ["catalog", "import", "--org", "Acme", str(source), "--draft"])
    assert "question acme.payments-war-room v2 (draft)" in changed.output
    assert "1 unchanged" in changed.output


def test_a_directory_that_fails_the_check_is_refused_with_every_problem(tmp_path: Path) -> None:
    source = authored(tmp_path / "authored")
    path = source / "questions" / "acme.yaml"
    path.write_text(path.read_text().replace("- communication", "- incident_magic", 1))

    result = runner.invoke(app, ["catalog", "import", "--org", "Acme", str(source)])

    assert result.exit_code != 0
    assert isinstance(result.exception, CatalogError)
    assert "unknown competency 'incident_magic'" in str(result.exception)
    assert "acme.yaml:" in str(result.exception)


def test_exporting_an_organisation_that_does_not_exist_says_how_to_make_one(
    tmp_path: Path,
) -> None:
    result = runner.invoke(app, ["catalog", "export", "--org", "Nobody", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "panelist users create EMAIL --org NAME" in result.output  # said, not a traceback
