"""An organisation's own roles and questions: checked like `panelist catalog check`, versioned,
and pinned by the interviews that used them (on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import QuestionKind
from panelist.config import Settings
from panelist.interview.planner import plan_interview
from panelist.interview.state import CatalogPin, InterviewState
from panelist.reports import build_report, render
from panelist.scoring.embedded import EmbeddedScorer
from panelist.service.catalogs import OrgCatalogs
from panelist.service.interviews import InterviewService
from panelist.storage import Database
from panelist.storage.org_catalog import CatalogItemRejected

pytest_plugins = ["test_storage_support"]

ROLE = "SRES.GEN.P4"
SEED = 11
AUTHOR = "ann@acme.io"


def question_document(catalog: Catalog, question_id: str, **changes: Any) -> dict[str, Any]:
    """A built-in question as a document, the way an author copies it into the web app."""
    document = catalog.question(question_id).model_dump(mode="json")
    document.update(changes)
    return document


def first_technical(catalog: Catalog) -> str:
    """The first technical question a SRES.GEN.P4 interview with SEED is planned with."""
    role = catalog.role(ROLE)
    plan = plan_interview(catalog, role, role.level.code, budget_minutes=45, seed=SEED)
    return next(i.question_id for i in plan.items if i.kind is QuestionKind.TECHNICAL)


def service(settings: Settings, db: Database, catalogs: OrgCatalogs, org: str) -> InterviewService:
    return InterviewService(
        settings,
        catalogs.current(org),
        db.interviews,
        EmbeddedScorer(),
        catalog_for=catalogs.for_interview,
    )


def test_every_save_is_a_new_version_and_only_live_ones_are_planned_from(db: Database) -> None:
    base = load_catalog()
    org = db.accounts.ensure_organisation("Acme").id
    qid = first_technical(base)
    store = db.org_catalog

    first = store.save(
        org, "question", question_document(base, qid, text="Version one?"), author=AUTHOR
    )
    second = store.save(
        org, "question", question_document(base, qid, text="Version two?"), author=AUTHOR
    )

    assert (first.version, second.version) == (1, 2)
    assert [v.status for v in store.history(org, "question", qid)] == ["draft", "draft"]
    catalogs = OrgCatalogs(base, store)
    assert catalogs.current(org).question(qid).text == base.question(qid).text  # drafts unused

    store.publish(org, "question", qid, 1)
    assert catalogs.current(org).question(qid).text == "Version one?"
    assert catalogs.current(org).versions == {f"question:{qid}": 1}
    assert store.get(org, "question", qid, 1).document["text"] == "Version one?"


def test_a_question_that_fails_the_catalog_check_is_refused_naming_the_field(
    db: Database,
) -> None:
    base = load_catalog()
    org = db.accounts.ensure_organisation("Acme").id
    document = question_document(
        base, "inc.incident-command", id="acme.war-room", competencies=["incident_magic"]
    )
    document["key_points"][1]["weight"] = 3

    with pytest.raises(CatalogItemRejected) as refused:
        db.org_catalog.save(org, "question", document, author=AUTHOR)

    problems = {(p.item, p.field): p for p in refused.value.problems}
    weight = problems[("question:acme.war-room", "key_points.1.weight")]
    assert "less than or equal to 1" in weight.message
    assert db.org_catalog.latest(org) == []  # nothing was stored


def test_an_unknown_competency_is_caught_by_the_cross_checks(db: Database) -> None:
    base = load_catalog()
    org = db.accounts.ensure_organisation("Acme").id
    document = question_document(
        base, "inc.incident-command", id="acme.war-room", competencies=["incident_magic"]
    )

    problems = db.org_catalog.check(org, "question", document)

    assert (problems[0].item, problems[0].field) == ("question:acme.war-room", "competencies.0")
    # its key points tagged with the competency it replaced are named too
    tagged = [f"key_points.{i}.competency" for i in range(6)]
    assert [p.field for p in problems[1:]] == tagged
    assert "unknown competency 'incident_magic'" in problems[0].message
    assert "Use one of the framework's ids" in problems[0].hint


def test_an_interview_keeps_the_version_it_was_planned_with_and_its_report_names_it(
    settings: Settings, db: Database
) -> None:
    base = load_catalog()
    org = db.accounts.ensure_organisation("Acme").id
    qid = first_technical(base)
    store = db.org_catalog
    catalogs = OrgCatalogs(base, store)
    edited = "How would you size an error budget for a payments API that Acme runs?"
    store.save(org, "question", question_document(base, qid, text=edited), author=AUTHOR)
    store.publish(org, "question", qid, 1)

    interviews = service(settings, db, catalogs, org)
    state = interviews.create(ROLE, None, "Kim", seed=SEED, organisation_id=org)
    assert state.catalog_pin == CatalogPin(organisation_id=org, versions={f"question:{qid}": 1})

    later = "A rewritten question nobody in the first interview was asked?"
    store.save(org, "question", question_document(base, qid, text=later), author=AUTHOR)
    store.publish(org, "question", qid, 2)

    turns = interviews.start(state.id)
    while not any(t.question_id == qid for t in turns):
        pending = turns[-1]
        turns = interviews.submit(state.id, f"a-{pending.id}", "We alert on burn rate of SLOs.")
    asked = next(t for t in turns if t.question_id == qid)
    assert edited in asked.text and later not in asked.text

    stored = db.interviews.get(state.id)
    report = build_report(stored, catalogs.for_interview(stored))
    entry = next(q for q in report.questions if q.question_id == qid)
    assert entry.version == 1
    assert f"(question {qid} v1)" in render(report, "md")

    newer = service(settings, db, catalogs, org).create(
        ROLE, None, "Lee", seed=SEED, organisation_id=org
    )
    assert newer.catalog_pin is not None
    assert newer.catalog_pin.versions == {f"question:{qid}": 2}


def test_an_organisations_role_is_pinned_and_named_with_its_version(
    settings: Settings, db: Database
) -> None:
    base = load_catalog()
    org = db.accounts.ensure_organisation("Acme").id
    role = base.role(ROLE).model_dump(mode="json")
    role["title"] = "Acme Payments SRE"
    store = db.org_catalog
    store.save(org, "role", role, author=AUTHOR, status="live")
    catalogs = OrgCatalogs(base, store)

    state = service(settings, db, catalogs, org).create(
        ROLE, None, "Kim", seed=SEED, organisation_id=org
    )
    role["title"] = "Renamed later"
    store.save(org, "role", role, author=AUTHOR, status="live")

    report = build_report(state, catalogs.for_interview(state))
    assert (report.position, report.role_version) == ("Acme Payments SRE", 1)
    assert f"Role: Acme Payments SRE ({ROLE} v1)" in render(report, "txt")


def test_an_interview_stored_with_its_pin_in_notes_reads_it_as_the_typed_field(
    settings: Settings, db: Database
) -> None:
    base = load_catalog()
    org = db.accounts.ensure_organisation("Acme").id
    qid = first_technical(base)
    store = db.org_catalog
    edited = "How would Acme size the error budget of its payments API?"
    store.save(org, "question", question_document(base, qid, text=edited), author=AUTHOR)
    store.publish(org, "question", qid, 1)
    catalogs = OrgCatalogs(base, store)
    state = service(settings, db, catalogs, org).create(
        ROLE, None, "Kim", seed=SEED, organisation_id=org
    )
    stored = state.model_dump(mode="json", exclude={"catalog_pin"})  # as stored before the field
    stored["notes"] = {"catalog": {"organisation_id": org, "versions": {f"question:{qid}": 1}}}

    old = InterviewState.model_validate(stored)

    assert old.catalog_pin == CatalogPin(organisation_id=org, versions={f"question:{qid}": 1})
    assert old.notes == {}
    assert catalogs.for_interview(old).question(qid).text == edited


def test_an_interview_of_built_in_items_only_pins_nothing(settings: Settings, db: Database) -> None:
    base = load_catalog()
    org = db.accounts.ensure_organisation("Acme").id
    catalogs = OrgCatalogs(base, db.org_catalog)

    state = service(settings, db, catalogs, org).create(
        ROLE, None, "Kim", seed=SEED, organisation_id=org
    )

    assert state.catalog_pin is None
    assert catalogs.for_interview(state) is base
