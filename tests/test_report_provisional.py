"""A report of an interview still in progress says its recommendation is provisional:
in every format, in the JSON as a field, and on the recruiter's page (issue 12)."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest
from conftest import require_binary
from fastapi.testclient import TestClient
from test_report_support import simulated_states
from test_web_support import ANSWER, api_login, create_invite, page_login

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.state import InterviewState, Speaker, Status
from panelist.reports import Report, build_report, render

pytest_plugins = ["test_web_support"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> InterviewState:
    return simulated_states(tmp_path_factory.mktemp("data"), [("strong", 1)])["strong:1"]


def midway(state: InterviewState) -> InterviewState:
    """The same interview as it stood after its fourth answer."""
    answers = [i for i, t in enumerate(state.turns) if t.speaker is Speaker.CANDIDATE]
    return state.model_copy(
        update={
            "turns": state.turns[: answers[3] + 1],
            "status": Status.IN_PROGRESS,
            "finished_at": None,
        }
    )


@pytest.fixture(scope="module")
def in_progress(finished: InterviewState, catalog: Catalog) -> Report:
    return build_report(midway(finished), catalog)


def test_the_recommendation_of_a_running_interview_is_marked_provisional(
    in_progress: Report,
) -> None:
    assert in_progress.recommendation is not None
    assert in_progress.recommendation_provisional is True
    assert in_progress.recommendation_label.endswith("(provisional: interview in progress)")
    assert in_progress.recommendation_reasons[0].startswith(
        "Provisional: the interview is still in progress ("
    )


def test_every_format_says_provisional(in_progress: Report, tmp_path: Path) -> None:
    for fmt in ("txt", "md", "html"):
        text = render(in_progress, fmt)
        assert isinstance(text, str) and "provisional: interview in progress" in text, fmt
    document = json.loads(str(render(in_progress, "json")))
    assert document["recommendation_provisional"] is True
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render(in_progress, "pdf"))  # type: ignore[arg-type]
    text = subprocess.run(
        [require_binary("pdftotext"), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "provisional: interview in progress" in " ".join(text.split())


def test_a_finished_interview_s_recommendation_is_final(
    finished: InterviewState, catalog: Catalog
) -> None:
    report = build_report(finished, catalog)
    assert report.recommendation_provisional is False
    assert "provisional" not in str(render(report, "md")).lower()


def test_the_recruiter_page_shows_the_running_recommendation_as_provisional(
    client: TestClient,
) -> None:
    ann = api_login(client, "ann@acme.example", "Acme")
    created = create_invite(client, ann)
    token = created["invite_token"]
    client.post(f"/api/v1/candidate/{token}/start", json={"consent": True})
    for _ in range(4):
        answered = client.post(
            f"/api/v1/candidate/{token}/answers", json={"turn_id": uuid.uuid4().hex, "text": ANSWER}
        )
        assert answered.status_code == 200 and answered.json()["status"] == "in_progress"
    page_login(client, "ann@acme.example")
    page = client.get(f"/interviews/{created['id']}").text
    assert "(provisional: interview in progress)" in page
