"""`panelist audit bias|export|verify`, run as an auditor would, on interviews run through the
real service and stored in SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from test_report_support import ROLE, run_simulation
from typer.testing import CliRunner

from panelist.catalog.loader import load_catalog
from panelist.cli.app import app
from panelist.compliance.categories import RaceEthnicity, SelfIdentification, Sex
from panelist.compliance.crypto import SelfIdCipher
from panelist.config import load_settings
from panelist.storage import open_database
from panelist.storage.self_id import SelfIdStore

runner = CliRunner()
PASSWORD = "correct horse battery staple"
KEY = Fernet.generate_key().decode()
# (profile, seed, sex, signed decision): the women here were the weak candidates, not hired.
PEOPLE = [
    ("strong", 1, Sex.MALE, "hire"),
    ("strong", 2, Sex.MALE, "strong_hire"),
    ("weak", 3, Sex.FEMALE, "no"),
    ("weak", 4, Sex.FEMALE, "lean_no"),
    ("average", 5, None, None),  # preferred not to say; not signed yet
]


@pytest.fixture
def audited(tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PANELIST_DATABASE_URL", raising=False)
    monkeypatch.setenv("PANELIST_SELF_ID_KEY", KEY)
    settings = load_settings(semantic="off")
    catalog = load_catalog(None)
    db = open_database(settings)
    store = SelfIdStore(db.engine, SelfIdCipher(KEY))
    reviewer = db.accounts.create_user("ann@acme.example", PASSWORD, role="recruiter")
    db.accounts.create_user("cora@acme.example", PASSWORD, role="compliance")
    for profile, seed, sex, decision in PEOPLE:
        state = run_simulation(db, catalog, settings, profile, seed)
        store.submit(state.id, SelfIdentification(sex=sex, race_ethnicity=RaceEthnicity.ASIAN))
        if decision:
            db.reviews.sign_off(state.id, decision=decision, note=None, user_id=reviewer.id)
        db.audit.record("ann@acme.example", "interview.sign_off", state.id, {"decision": decision})
    db.close()
    return tmp_data_dir


def test_the_bias_audit_from_the_command_line_finds_who_was_not_selected(audited: Path) -> None:
    result = runner.invoke(app, ["audit", "bias", "--as", "cora@acme.example", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["candidates"] == 5 and report["decided"] == 4 and report["scored"] == 5
    rows = {(g["dimension"], g["category"]): g for g in report["groups"]}
    women, men = rows[("sex", "Female")], rows[("sex", "Male")]
    assert (women["selected"], women["decided"], men["selected"], men["decided"]) == (0, 2, 2, 2)
    assert women["flags"] == ["selection_rate", "scoring_rate"]  # the weak scored below median
    assert rows[("sex", "Unknown")]["candidates"] == 1
    assert rows[("intersection", "Female · Asian")]["flags"]

    markdown = runner.invoke(app, ["audit", "bias", "--as", "cora@acme.example", "--role", ROLE])
    assert markdown.exit_code == 0 and "**2 flagged:** Female; Female · Asian" in markdown.output
    assert "to " in markdown.output.splitlines()[2]  # the date range
    pdf = audited / "bias.pdf"
    written = runner.invoke(
        app, ["audit", "bias", "--as", "cora@acme.example", "--format", "pdf", "-o", str(pdf)]
    )
    assert written.exit_code == 0 and "2 flagged" in written.output
    assert pdf.read_bytes().startswith(b"%PDF")
    to_terminal = runner.invoke(
        app, ["audit", "bias", "--as", "cora@acme.example", "--format", "pdf"]
    )
    assert to_terminal.exit_code == 2 and "--output" in to_terminal.output
    other_role = runner.invoke(
        app, ["audit", "bias", "--as", "cora@acme.example", "--role", "NOPE", "--format", "json"]
    )
    assert json.loads(other_role.output)["candidates"] == 0


def test_only_a_compliance_account_runs_it_and_only_with_the_key(
    audited: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = runner.invoke(app, ["audit", "bias", "--as", "ann@acme.example"])
    assert refused.exit_code != 0 and "compliance account" in refused.output
    monkeypatch.delenv("PANELIST_SELF_ID_KEY")
    keyless = runner.invoke(app, ["audit", "bias", "--as", "cora@acme.example"])
    assert keyless.exit_code == 2 and "PANELIST_SELF_ID_KEY" in keyless.output


def test_export_then_verify_and_every_kind_of_tampering_shows(
    audited: Path, tmp_path: Path
) -> None:
    runner.invoke(app, ["audit", "bias", "--as", "cora@acme.example"])
    result = runner.invoke(app, ["audit", "export"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    entries = [json.loads(line) for line in lines[:-1]]
    assert [e["action"] for e in entries].count("interview.sign_off") == 5
    assert {"audit.bias", "audit.export", "user.create"} - {e["action"] for e in entries} == {
        "user.create"  # made through the repository in the fixture, not the CLI
    }
    assert json.loads(lines[-1])["end"] is True

    def check(changed: list[str]) -> tuple[int, str]:
        path = tmp_path / "audit.jsonl"
        path.write_text("".join(line + "\n" for line in changed), encoding="utf-8")
        verdict = runner.invoke(app, ["audit", "verify", str(path)])
        return verdict.exit_code, verdict.output

    assert check(lines) == (
        0,
        f"{len(entries)} entries, the chain holds (head {json.loads(lines[-1])['prev']}).\n",
    )
    edited = lines.copy()
    edited[0] = edited[0].replace('"decision":"hire"', '"decision":"no"')
    assert edited != lines
    assert check(edited) == (
        1,
        "The audit export was changed: line 2 does not follow the line before it (its prev hash differs).\n",
    )
    assert "line 3 does not follow" in check(lines[:2] + lines[3:])[1]  # a line deleted
    assert "line 2 does not follow" in check([lines[0], lines[2], lines[1], *lines[3:]])[1]
    assert "closing line is missing" in check(lines[:-1])[1]  # cut short
    last_gone = check(lines[:-2] + lines[-1:])[1]  # the newest entry deleted
    assert f"line {len(lines) - 1} does not follow" in last_gone
    assert "after the closing line" in check([*lines, lines[0]])[1]

    # The head the file closes with is kept in the log itself, for the next auditor.
    db = open_database(load_settings())
    heads = [e for e in db.audit.entries() if e.action == "audit.export.head"]
    db.close()
    assert heads[0].detail == {"count": len(entries), "head": json.loads(lines[-1])["prev"]}
