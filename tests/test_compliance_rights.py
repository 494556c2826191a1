"""A candidate's rights, exercised as a data-protection officer would: export everything stored
about them, erase it (then search the database file and our log file, byte by byte, for their
name and e-mail), and retention that anonymises interviews older than the organisation keeps."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import update
from test_report_support import ROLE
from test_storage_support import migrated_postgres_database
from typer.testing import CliRunner

from panelist.candidates import simulated_candidate
from panelist.catalog.loader import load_catalog
from panelist.cli.app import app
from panelist.compliance.categories import SelfIdentification, Sex
from panelist.compliance.crypto import SelfIdCipher
from panelist.compliance.retention import months_before, run_retention
from panelist.compliance.subject import erase_candidate
from panelist.config import Settings, load_settings
from panelist.errors import InterviewError
from panelist.interview.state import Status, utcnow
from panelist.observability.logs import configure_logging
from panelist.scoring import EmbeddedScorer
from panelist.service.interviews import InterviewService
from panelist.service.outcome import effective_report
from panelist.service.simulation import run_interview
from panelist.storage import Database, open_database
from panelist.storage.erasure import ERASED
from panelist.storage.integrity import IntegrityLog
from panelist.storage.policies import PolicyStore
from panelist.storage.self_id import SelfIdStore
from panelist.storage.tables import InterviewRow

runner = CliRunner()
KEY = Fernet.generate_key().decode()
NAME, EMAIL = "Zelda Quixotefield", "zelda.q@example.org"
OTHER_NAME, OTHER_EMAIL = "Brom Otherperson", "brom@example.org"


def interview(db: Database, settings: Settings, name: str, email: str, seed: int) -> str:
    catalog = load_catalog(None)
    service = InterviewService(settings, catalog, db.interviews, EmbeddedScorer())
    created = service.create(ROLE, None, name, candidate_email=email, seed=seed)
    run_interview(service, created.id, simulated_candidate("average", seed, catalog, name=name))
    return created.id


@pytest.fixture
def settings(tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("PANELIST_DATABASE_URL", raising=False)
    monkeypatch.setenv("PANELIST_SELF_ID_KEY", KEY)
    return load_settings(semantic="off")


def test_erasure_leaves_no_name_or_email_in_the_database_file_or_our_log(
    settings: Settings, tmp_path: Path
) -> None:
    log_file = tmp_path / "panelist.log"
    db = open_database(settings)
    with log_file.open("w", encoding="utf-8") as stream:
        configure_logging(settings, stream)
        first = interview(db, settings, NAME, EMAIL, 1)
        logging.getLogger("panelist.test").info("follow-up call booked with %s", NAME)
    logging.getLogger().handlers.clear()
    second = interview(db, settings, NAME, EMAIL.upper(), 2)  # the address as typed differently
    kept = interview(db, settings, OTHER_NAME, OTHER_EMAIL, 3)
    SelfIdStore(db.engine, SelfIdCipher(KEY)).submit(first, SelfIdentification(sex=Sex.FEMALE))
    IntegrityLog(db.engine).record(first, "paste", turn_id="t1", chars=120)
    db.reviews.sign_off(first, decision="hire", note=f"{NAME} was great", user_id=None)
    db.audit.record("ann@acme.example", "interview.close", first, {"reason": f"{NAME} asked"})
    assert NAME.encode() in log_file.read_bytes()

    erased = runner.invoke(
        app, ["candidates", "erase", EMAIL, "--yes", "--log-file", str(log_file)]
    )

    assert erased.exit_code == 0, erased.output
    assert "Erased 2 interview(s)" in erased.output and "1 log line(s)" in erased.output
    database_files = [p for p in settings.data_dir.iterdir() if p.name.startswith("panelist")]
    assert database_files
    for path in [*database_files, log_file]:
        found = path.read_bytes().lower()
        for needle in (NAME, EMAIL, "Zelda", "Quixotefield"):
            assert needle.lower().encode() not in found, f"{needle} left in {path.name}"
    assert OTHER_NAME.encode() in b"".join(p.read_bytes() for p in database_files)

    state = db.interviews.get(first)
    assert state.candidate_name == ERASED and state.status is Status.COMPLETED
    assert all(t.text == ERASED for t in state.candidate_turns())
    report = effective_report(db, load_catalog(None), state, interviewer_name="Ada")
    assert report.overall_score is not None  # what the bias audit needs is kept
    assert SelfIdStore(db.engine, SelfIdCipher(KEY)).count() == 0
    assert IntegrityLog(db.engine).events(first) == []
    entry = db.audit.entries(limit=1)[0]
    assert entry.action == "candidate.erase" and entry.detail["interview_ids"] == [first, second]
    assert EMAIL not in json.dumps(entry.model_dump(mode="json"))
    assert db.interviews.get(kept).candidate_name == OTHER_NAME
    again = runner.invoke(app, ["candidates", "erase", EMAIL, "--yes"])
    assert again.exit_code != 0 and "No interview was sent to" in again.output
    db.close()


def test_export_gives_the_candidate_everything_stored_about_them(settings: Settings) -> None:
    db = open_database(settings)
    first = interview(db, settings, NAME, EMAIL, 1)
    interview(db, settings, OTHER_NAME, OTHER_EMAIL, 3)
    SelfIdStore(db.engine, SelfIdCipher(KEY)).submit(first, SelfIdentification(sex=Sex.FEMALE))
    db.close()

    result = runner.invoke(app, ["candidates", "export", EMAIL])

    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["format"] == "panelist.candidate-export/1"
    [mine] = document["interviews"]
    assert mine["interview"]["candidate_name"] == NAME and mine["candidate_email"] == EMAIL
    answers = [t for t in mine["interview"]["turns"] if t["speaker"] == "candidate"]
    assert answers and all(t["text"] for t in answers)
    assert mine["self_identification"] == {"sex": "female", "race_ethnicity": None}
    assert OTHER_NAME not in result.output
    db = open_database(settings)
    assert db.audit.entries(limit=1)[0].action == "candidate.export"
    db.close()
    unknown = runner.invoke(app, ["candidates", "export", "nobody@example.org"])
    assert (
        unknown.exit_code != 0 and "No interview was sent to nobody@example.org" in unknown.output
    )


def _age(db: Database, interview_id: str, days: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            update(InterviewRow)
            .where(InterviewRow.id == interview_id)
            .values(created_at=utcnow() - timedelta(days=days))
        )


def test_retention_anonymises_interviews_older_than_the_organisations_period(
    settings: Settings,
) -> None:
    db = open_database(settings)
    acme = db.accounts.ensure_organisation("Acme").id
    patient = db.accounts.ensure_organisation("Patient Co").id
    old, recent = interview(db, settings, NAME, EMAIL, 1), interview(db, settings, NAME, EMAIL, 2)
    kept_longer = interview(db, settings, OTHER_NAME, OTHER_EMAIL, 3)
    with db.engine.begin() as conn:
        for interview_id, org in ((old, acme), (recent, acme), (kept_longer, patient)):
            conn.execute(
                update(InterviewRow)
                .where(InterviewRow.id == interview_id)
                .values(organisation_id=org)
            )
    _age(db, old, 400)  # 13 months: past the default 12
    _age(db, recent, 150)
    _age(db, kept_longer, 400)
    PolicyStore(db.engine).set(patient, by="dpo@patient.example", retention_months=24)
    with pytest.raises(InterviewError, match="at least 6 months"):
        PolicyStore(db.engine).set(acme, by="dpo@acme.example", retention_months=3)

    run = run_retention(db, actor="scheduler")

    assert run.anonymised == [old] and run.by_organisation == {acme: 1}
    assert db.interviews.get(old).candidate_name == ERASED
    assert db.interviews.get(recent).candidate_name == NAME
    assert db.interviews.get(kept_longer).candidate_name == OTHER_NAME
    assert run_retention(db, actor="scheduler").anonymised == []  # idempotent
    assert db.audit.entries(limit=1)[0].action == "retention.run"
    db.close()

    shown = runner.invoke(app, ["retention", "show", "Patient Co"])
    assert shown.exit_code == 0 and "retention_months: 24" in shown.output
    refused = runner.invoke(app, ["retention", "set", "Acme", "--months", "5"])
    assert refused.exit_code != 0 and "at least 6 months" in refused.output
    assert runner.invoke(app, ["retention", "run"]).exit_code == 0


def test_months_before_counts_calendar_months() -> None:
    moment = utcnow().replace(year=2026, month=3, day=31)
    assert (months_before(moment, 1).month, months_before(moment, 1).day) == (2, 28)
    assert months_before(moment, 12).year == 2025


@pytest.mark.postgres
def test_erasure_and_compaction_on_postgresql(tmp_data_dir: Path) -> None:
    with migrated_postgres_database() as url:
        settings = load_settings(database_url=url, semantic="off")
        db = open_database(settings)
        first = interview(db, settings, NAME, EMAIL, 1)

        erased = erase_candidate(db, EMAIL, actor="dpo@acme.example")

        assert erased.interview_ids == [first]
        assert db.interviews.get(first).candidate_name == ERASED  # the pool still works
        assert db.audit.entries(limit=1)[0].action == "candidate.erase"
        db.close()


def test_an_interview_without_an_email_is_erased_by_its_id(settings: Settings) -> None:
    db = open_database(settings)
    catalog = load_catalog(None)
    service = InterviewService(settings, catalog, db.interviews, EmbeddedScorer())
    created = service.create(ROLE, None, NAME, seed=4)  # the recruiter gave no e-mail
    run_interview(service, created.id, simulated_candidate("strong", 4, catalog, name=NAME))
    db.close()

    erased = runner.invoke(app, ["candidates", "erase-interview", created.id, "--yes"])

    assert erased.exit_code == 0, erased.output
    database_files = [p for p in settings.data_dir.iterdir() if p.name.startswith("panelist")]
    assert not any(b"quixotefield" in p.read_bytes().lower() for p in database_files)
    twice = runner.invoke(app, ["candidates", "erase-interview", created.id, "--yes"])
    assert twice.exit_code != 0 and "already erased" in twice.output
    unknown = runner.invoke(app, ["candidates", "erase-interview", "nope", "--yes"])
    assert unknown.exit_code != 0 and "no interview" in unknown.output.lower()


def test_the_job_worker_runs_retention_once_a_day_on_its_own(settings: Settings) -> None:
    """No cron needed: every worker's sweep submits today's retention job, and its key makes
    it one run a day however many workers there are."""
    from jobs_support import wait_for

    from panelist.jobs import JobQueue, JobStore, Worker, default_handlers
    from panelist.jobs.retention import KIND, daily_key

    db = open_database(settings)
    old = interview(db, settings, NAME, EMAIL, 1)
    _age(db, old, 400)  # past the default 12 months
    queue = JobQueue(settings, JobStore(db.engine))
    worker = Worker(settings, queue, default_handlers(settings, load_catalog(None), db))
    worker.start()
    try:
        worker.schedule()
        worker.schedule()  # a second worker's sweep the same day: the same job
        today = queue.store.by_key(daily_key(utcnow()))
        assert today is not None and today.kind == KIND
        wait_for(queue.store, today.id, lambda j: j.status == "done")
    finally:
        worker.stop()
    assert db.interviews.get(old).candidate_name == ERASED
    runs = [e for e in db.audit.entries(limit=20) if e.action == "retention.run"]
    assert len(runs) == 1 and runs[0].actor == "retention"
    db.close()


def test_erasure_drops_the_cached_pdf_of_the_report(settings: Settings) -> None:
    from panelist.jobs.rendering import ReportCache

    db = open_database(settings)
    interview_id = interview(db, settings, NAME, EMAIL, 1)
    cache = ReportCache(db.engine)
    cache.put(interview_id, "print", f"%PDF report of {NAME}".encode())
    assert cache.get(interview_id, "print") is not None

    erase_candidate(db, EMAIL, actor="dpo@acme.example")

    assert cache.get(interview_id, "print") is None
    db.close()
