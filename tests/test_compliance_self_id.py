"""Voluntary self-identification: asked after the interview, encrypted, kept from reviewers,
scorers and reports, readable by a compliance account only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_support import (
    PASSWORD,
    Recruiter,
    answer_until_done,
    api_login,
    context,
    create_invite,
    database,
    web_settings,
)

from panelist.compliance.categories import RaceEthnicity, SelfIdentification, Sex
from panelist.compliance.crypto import SelfIdCipher, cipher_from_settings
from panelist.errors import AuthError, ConfigurationError
from panelist.storage.self_id import SelfIdStore
from panelist.web import create_app

pytest_plugins = ["test_web_support"]
KEY = Fernet.generate_key().decode()
ANSWERS = {"sex": "female", "race_ethnicity": "native_hawaiian_or_pacific_islander"}
PACKAGE = Path(__file__).parents[1] / "panelist"


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    web = create_app(web_settings(tmp_path / "data", self_id_key=KEY))
    context(web).stream_delay_seconds = 0.0
    return web


def finished_interview(client: TestClient, recruiter: Recruiter) -> dict[str, str]:
    created = create_invite(client, recruiter, candidate_email="grace@example.org")
    client.post(f"/api/v1/candidate/{created['invite_token']}/start", json={"consent": True})
    answer_until_done(client, created["invite_token"])
    return created


def compliance_login(client: TestClient, app: FastAPI, organisation_id: str) -> dict[str, str]:
    database(app).accounts.create_user(
        "cora@acme.example", PASSWORD, role="compliance", organisation_id=organisation_id
    )
    response = client.post(
        "/api/v1/auth/login", json={"email": "cora@acme.example", "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_the_candidate_answers_after_the_interview_and_only_compliance_reads_it(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann)
    token = created["invite_token"]
    url = f"/api/v1/candidate/{token}/self-identification"
    assert client.post(url, json=ANSWERS).status_code == 409  # before the interview: not yet
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    answer_until_done(client, token)

    assert client.post(url, json={"sex": "yes please"}).status_code == 422
    assert client.post(url, json={**ANSWERS, "age": 40}).status_code == 422
    assert client.post(url, json=ANSWERS).status_code == 204  # the used link still takes it
    assert (
        client.post("/api/v1/candidate/not-a-token/self-identification", json={}).status_code == 404
    )

    reviewer = client.get("/api/v1/compliance/bias", headers=ann.headers)
    assert reviewer.status_code == 403 and "compliance" in reviewer.json()["detail"]

    cora = compliance_login(client, app, ann.organisation_id)
    audit = client.get("/api/v1/compliance/bias", headers=cora).json()
    assert audit["candidates"] == 1
    female = next(g for g in audit["groups"] if g["category"] == "Female")
    assert female["candidates"] == 1 and female["scored"] == 1
    assert "audit.bias" in [
        e.action for e in database(app).audit.entries(actor="cora@acme.example")
    ]


def test_prefer_not_to_say_is_every_field_left_out_and_sending_again_replaces(
    client: TestClient, app: FastAPI
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    token = finished_interview(client, ann)["invite_token"]
    url = f"/api/v1/candidate/{token}/self-identification"
    assert client.post(url, json=ANSWERS).status_code == 204
    assert client.post(url, json={"sex": None}).status_code == 204

    store = SelfIdStore(database(app).engine, cipher_from_settings(context(app).settings))
    assert store.count() == 1
    cora = database(app).accounts.create_user(
        "cora@acme.example", PASSWORD, role="compliance", organisation_id=ann.organisation_id
    )
    assert list(store.answers(cora).values()) == [SelfIdentification()]
    with pytest.raises(AuthError, match="compliance account"):
        store.answers(database(app).accounts.get_user_by_email(ann.email))


def test_no_report_interview_or_listing_carries_any_of_it(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = finished_interview(client, ann)
    client.post(f"/api/v1/candidate/{created['invite_token']}/self-identification", json=ANSWERS)

    base = f"/api/v1/interviews/{created['id']}"
    seen = [
        client.get(base, headers=ann.headers).text,
        client.get("/api/v1/interviews", headers=ann.headers).text,
        client.get(f"/api/v1/candidate/{created['invite_token']}").text,
        *(
            client.get(f"{base}/report?format={f}", headers=ann.headers).text
            for f in ("json", "md", "html", "txt")
        ),
    ]
    for text in seen:
        lowered = text.lower()
        assert "native_hawaiian" not in lowered and "pacific islander" not in lowered
        assert "female" not in lowered and "race_ethnicity" not in lowered


def test_the_database_file_holds_only_ciphertext(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = finished_interview(client, ann)
    client.post(f"/api/v1/candidate/{created['invite_token']}/self-identification", json=ANSWERS)
    with database(app).engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT ciphertext FROM self_identifications").scalar_one()
    assert stored.startswith("gAAAAA")  # a Fernet token
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("panelist.db*"))
    assert b"native_hawaiian" not in raw and b"female" not in raw


def test_no_scorer_engine_or_report_module_can_import_it() -> None:
    """The scoring, interview, report and service code never imports the self-ID store or
    the compliance package, so no score or report can depend on it."""
    for area in ("scoring", "interview", "reports", "service", "candidates", "evaluation"):
        for path in (PACKAGE / area).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                for name in names:
                    assert "self_id" not in name and "compliance" not in name, (path, name)


def test_without_a_key_nothing_is_stored_and_the_error_says_how_to_make_one(
    tmp_path: Path,
) -> None:
    web = create_app(web_settings(tmp_path / "data"))
    with TestClient(web, raise_server_exceptions=False) as http:
        ann = api_login(http, "ann@acme.example", "Acme")
        context(web).stream_delay_seconds = 0.0
        token = finished_interview(http, ann)["invite_token"]
        refused = http.post(f"/api/v1/candidate/{token}/self-identification", json=ANSWERS)
    assert refused.status_code == 503
    assert "PANELIST_SELF_ID_KEY" in refused.json()["detail"]
    assert "Fernet.generate_key()" in refused.json()["detail"]
    with database(web).engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM self_identifications").scalar() == 0


def test_keys_rotate_and_a_wrong_key_is_named() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = SelfIdCipher(old).encrypt(b"{}")
    assert SelfIdCipher(f"{new},{old}").decrypt(token) == b"{}"
    with pytest.raises(ConfigurationError, match="another key"):
        SelfIdCipher(new).decrypt(token)
    with pytest.raises(ConfigurationError, match="not a Fernet key"):
        SelfIdCipher("hunter2")


def test_the_categories_are_the_eeo1_ones() -> None:
    assert len(Sex) == 2 and len(RaceEthnicity) == 7


def test_a_compliance_account_sees_no_interview_and_signs_nothing_off(
    client: TestClient, app: FastAPI
) -> None:
    """Whoever can read self-identification must never be a reviewer."""
    ann = api_login(client, "ann@acme.example", "Acme")
    created = finished_interview(client, ann)
    cora = compliance_login(client, app, ann.organisation_id)
    base = f"/api/v1/interviews/{created['id']}"
    attempts = [
        client.get("/api/v1/interviews", headers=cora),
        client.get(base, headers=cora),
        client.get(f"{base}/report", headers=cora),
        client.post(f"{base}/sign-off", json={"decision": "hire"}, headers=cora),
        client.post(
            "/api/v1/interviews",
            json={"role_code": "SRES.GEN.P4", "candidate_name": "X"},
            headers=cora,
        ),
    ]
    assert [r.status_code for r in attempts] == [403] * 5
    assert "never sees" in attempts[0].json()["detail"]
    assert database(app).reviews.sign_offs(created["id"]) == []


def test_an_organisation_audits_only_its_own_candidates(client: TestClient, app: FastAPI) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    gus = api_login(client, "gus@globex.example", "Globex")
    for recruiter, answers in ((ann, ANSWERS), (gus, {"sex": "male"})):
        token = finished_interview(client, recruiter)["invite_token"]
        posted = client.post(f"/api/v1/candidate/{token}/self-identification", json=answers)
        assert posted.status_code == 204
    cora = compliance_login(client, app, ann.organisation_id)

    audit = client.get("/api/v1/compliance/bias", headers=cora).json()
    assert audit["candidates"] == 1
    assert {g["category"] for g in audit["groups"] if g["dimension"] == "sex"} == {"Female"}
