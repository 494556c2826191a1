"""`/api/v1/catalog`: a team authors its own questions (checked as it types, versioned,
published), interviews use them, and no other organisation sees them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from fastapi.testclient import TestClient
from test_web_support import ANSWER, Recruiter, api_login, context, create_invite, web_settings

from panelist.catalog.loader import load_catalog
from panelist.catalog.models import QuestionKind
from panelist.interview.planner import plan_interview
from panelist.llm.fake import FakeChatModel
from panelist.llm.registry import register_backend
from panelist.llm.types import Message, Options
from panelist.web.app import create_app

pytest_plugins = ["test_web_support"]
SEED = 11
ROLE = "SRES.GEN.P4"
EDITED = "Acme runs card payments on three regions: how would you set its error budget policy?"


@pytest.fixture
def client(tmp_path: Path) -> Any:
    app = create_app(web_settings(tmp_path / "data", seed=SEED))
    context(app).stream_delay_seconds = 0.0
    with TestClient(app, raise_server_exceptions=False) as http:
        yield http


def planned_technical() -> str:
    """The first technical question a SRES.GEN.P4 interview with SEED is planned with."""
    catalog = load_catalog()
    role = catalog.role(ROLE)
    plan = plan_interview(
        catalog, role, "P4", budget_minutes=role.interview.duration_minutes, seed=SEED
    )
    return next(i.question_id for i in plan.items if i.kind is QuestionKind.TECHNICAL)


def copy_question(client: TestClient, who: Recruiter, question_id: str) -> dict[str, Any]:
    copied = client.post(
        "/api/v1/catalog/question/copy", json={"source_id": question_id}, headers=who.headers
    )
    assert copied.status_code == 201, copied.text
    got = client.get(f"/api/v1/catalog/question/{question_id}", headers=who.headers)
    document: dict[str, Any] = got.json()["document"]
    return document


def test_a_typo_in_the_rubric_is_shown_at_its_line_before_saving(client: TestClient) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    document = load_catalog().question("inc.incident-command").model_dump(mode="json")
    document["id"] = "acme.war-room"
    text = yaml.safe_dump(document, sort_keys=False).replace("weight: 0.8", "weight: 3", 1)
    line = text.splitlines().index("  weight: 3") + 1

    checked = client.post(
        "/api/v1/catalog/question/check", json={"yaml": text}, headers=ann.headers
    ).json()

    assert checked["ok"] is False
    assert [(p["line"], p["field"]) for p in checked["problems"]] == [(line, "key_points.0.weight")]
    refused = client.post("/api/v1/catalog/question", json={"yaml": text}, headers=ann.headers)
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["line"] == line
    fixed = client.post(
        "/api/v1/catalog/question",
        json={"yaml": text.replace("weight: 3", "weight: 0.8", 1)},
        headers=ann.headers,
    )
    assert fixed.status_code == 201, fixed.text
    assert (fixed.json()["version"], fixed.json()["status"]) == (1, "draft")


def test_an_edited_question_is_asked_once_live_and_the_report_names_its_version(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    qid = planned_technical()
    document = copy_question(client, ann, qid)
    document["text"] = EDITED
    saved = client.post(
        "/api/v1/catalog/question", json={"yaml": yaml.safe_dump(document)}, headers=ann.headers
    )
    assert saved.json()["version"] == 2
    published = client.post(
        f"/api/v1/catalog/question/{qid}/versions/2/publish", headers=ann.headers
    )
    assert published.json()["status"] == "live"

    invite = create_invite(client, ann)
    token = invite["invite_token"]
    turns = client.post(f"/api/v1/candidate/{token}/start", json={"consent": True}).json()
    asked: list[str] = [t["text"] for t in turns["messages"]]
    for _ in range(12):
        if any(EDITED in text for text in asked):
            break
        body = {"turn_id": uuid.uuid4().hex, "text": ANSWER}
        reply = client.post(f"/api/v1/candidate/{token}/answers", json=body).json()
        asked = [t["text"] for t in reply["messages"]]
    assert any(EDITED in text for text in asked)

    client.post(
        f"/api/v1/interviews/{invite['id']}/close",
        json={"reason": "enough for the test"},
        headers=ann.headers,
    )
    report = client.get(f"/api/v1/interviews/{invite['id']}/report", headers=ann.headers).json()
    entry = next(q for q in report["questions"] if q["question_id"] == qid)
    assert entry["version"] == 2
    markdown = client.get(
        f"/api/v1/interviews/{invite['id']}/report?format=md", headers=ann.headers
    ).text
    assert f"(question {qid} v2)" in markdown


def test_only_the_organisations_own_users_see_its_items_and_only_editors_change_them(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    hana = api_login(client, "hana@acme.example", "Acme", role="hiring_manager")
    bob = api_login(client, "bob@globex.example", "Globex")
    copy_question(client, ann, "inc.incident-command")
    path = "/api/v1/catalog/question/inc.incident-command"

    assert client.get(path, headers=hana.headers).status_code == 200
    assert client.get(path, headers=bob.headers).status_code == 404
    assert client.get("/api/v1/catalog", headers=bob.headers).json() == []
    assert [i["item_id"] for i in client.get("/api/v1/catalog", headers=ann.headers).json()] == [
        "inc.incident-command"
    ]
    assert client.post(f"{path}/versions/1/publish", headers=bob.headers).status_code == 404
    assert (
        client.get(
            "/api/v1/catalog/question/inc.incident-command/calibration", headers=bob.headers
        ).status_code
        == 404
    )

    refused = client.post(
        "/api/v1/catalog/question/copy",
        json={"source_id": "inc.incident-command"},
        headers=hana.headers,
    )
    assert refused.status_code == 403
    assert "Only a recruiter or an admin" in refused.json()["detail"]
    assert client.post(f"{path}/versions/1/publish", headers=hana.headers).status_code == 403

    bob_invite = create_invite(client, bob)  # Globex's interviews keep the built-in question
    started = client.post(
        f"/api/v1/candidate/{bob_invite['invite_token']}/start", json={"consent": True}
    )
    assert started.status_code == 200


def test_the_author_grades_samples_and_sees_where_panelist_disagrees(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    copy_question(client, ann, "inc.incident-command")
    grades = "/api/v1/catalog/question/inc.incident-command/grades"
    client.post(grades, json={"answer": ANSWER, "grade": 2}, headers=ann.headers)
    weak = "I would just fix it myself and tell people later."
    found = client.post(grades, json={"answer": weak, "grade": 5}, headers=ann.headers).json()

    assert found["n"] == 2
    assert found["disagreements"][0]["answer"] == weak
    assert found["disagreements"][0]["gap"] < 0
    bad = client.post(grades, json={"answer": weak, "grade": 9}, headers=ann.headers)
    assert bad.status_code == 422


def rubric_writer(messages: list[Message], options: Options, schema: Any) -> str:
    """A fake LLM that writes a complete rubric (and one with a broken probe reference)."""
    assert options.purpose == "author" and schema is not None
    points = [
        {"id": f"p{i}", "text": f"point {i}", "weight": 0.3, "evidence": [f"phrase {i}"]}
        for i in range(1, 4)
    ]
    return json.dumps(
        {
            "reference_answer": "Declare an incident, assign roles, mitigate first.",
            "key_points": points,
            "descriptors": [f"anchor {n}" for n in range(1, 6)],
            "red_flags": [{"id": "hero", "text": "works alone", "phrases": ["myself"]}],
            "follow_ups": [{"text": "Who did you tell?", "key_point": "p9"}],
        }
    )


def test_an_llm_draft_fills_the_rubric_and_passes_through_the_same_check(
    tmp_path: Path,
) -> None:
    fake = FakeChatModel(name="rubric-writer", handler=rubric_writer)
    register_backend("rubric-writer")(lambda settings, environ: fake)
    app = create_app(web_settings(tmp_path / "data", llm_backend="rubric-writer"))
    with TestClient(app, raise_server_exceptions=False) as client:
        ann = api_login(client, "ann@acme.example", "Acme")
        question = {
            "id": "acme.war-room",
            "kind": "scenario",
            "competencies": ["communication"],
            "levels": ["P4"],
            "text": "Card payments fail at 9am: what do you do?",
        }
        drafted = client.post(
            "/api/v1/catalog/question/draft",
            json={"yaml": yaml.safe_dump(question)},
            headers=ann.headers,
        )

    assert drafted.status_code == 200, drafted.text
    body = drafted.json()
    document = yaml.safe_load(body["yaml"])
    assert document["text"] == question["text"] and len(document["key_points"]) == 3
    assert sorted(document["descriptors"]) == [1, 2, 3, 4, 5]
    assert [p["field"] for p in body["problems"]] == ["follow_ups.0.key_point"]
    assert len(fake.calls) == 1


def test_an_organisations_own_role_is_valid_by_the_published_schema_and_accepted(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    copied = client.post(
        "/api/v1/catalog/role/copy",
        json={"source_id": ROLE, "new_id": "ACME.PAY.P4"},
        headers=ann.headers,
    )
    assert copied.status_code == 201, copied.text
    client.post("/api/v1/catalog/role/ACME.PAY.P4/versions/1/publish", headers=ann.headers)
    body = {"role_code": "ACME.PAY.P4", "candidate_name": "Grace Candidate"}
    document = client.get("/openapi.json").json()
    schema = {"$ref": "#/components/schemas/InterviewCreate", **document}

    jsonschema.validate(body, schema)
    with pytest.raises(jsonschema.ValidationError, match="does not match"):
        jsonschema.validate({**body, "role_code": "payments engineer"}, schema)
    created = client.post("/api/v1/interviews", json=body, headers=ann.headers)

    assert created.status_code == 201, created.text
    assert created.json()["role_code"] == "ACME.PAY.P4"
    listed = client.get("/api/v1/roles", headers=ann.headers).json()
    assert "ACME.PAY.P4" in [lv["role_code"] for f in listed for lv in f["levels"]]
    role_code = document["components"]["schemas"]["InterviewCreate"]["properties"]["role_code"]
    assert "enum" not in role_code and "GET /api/v1/roles" in role_code["description"]
