"""A recruiter's close is never silently undone by an answer processed at the same time.

Both requests run in one process on one repository: the answer's phraser is held until the
close has committed, so the interleaving is the same on every run.
"""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from llm_server import build_app as build_llm_app
from llm_server import serve
from test_web_support import PASSWORD, add_recruiter, web_settings

from panelist.catalog.loader import load_catalog
from panelist.config import Settings
from panelist.errors import InterviewFinishedError
from panelist.interview.state import InterviewState, Speaker, Status, Turn
from panelist.scoring import EmbeddedScorer
from panelist.service.interviews import InterviewService
from panelist.storage import ConcurrentUpdateError, Database
from panelist.web.app import create_app

pytest_plugins = ["test_storage_support", "test_web_support"]


class HeldPhraser:
    """Phrases a turn only once ``release`` is set; says when a phrase is waiting."""

    def __init__(self) -> None:
        self.waiting = threading.Event()
        self.release = threading.Event()
        self.hold = False

    def phrase(self, turn: Turn, state: InterviewState) -> str:
        if self.hold:
            self.waiting.set()
            assert self.release.wait(10), "the test never released the phraser"
        return turn.text


def test_a_close_during_a_slow_answer_holds(db: Database, settings: Settings) -> None:
    catalog = load_catalog(None)
    phraser = HeldPhraser()
    service = InterviewService(settings, catalog, db.interviews, EmbeddedScorer(), phraser)
    interview = service.create("SRES.GEN.P3", None, "Ada Candidate", seed=5)
    service.start(interview.id)
    outcome: dict[str, object] = {}

    def answer() -> None:
        try:
            outcome["said"] = service.submit(interview.id, uuid.uuid4().hex, "I use SLOs.")
        except (InterviewFinishedError, ConcurrentUpdateError) as exc:
            outcome["error"] = exc

    phraser.hold = True
    answering = threading.Thread(target=answer)
    answering.start()
    assert phraser.waiting.wait(10), "the answer never reached the phraser"
    phraser.hold = False
    closed = service.abandon(interview.id)  # the recruiter closes meanwhile
    phraser.release.set()
    answering.join(10)

    assert closed.status is Status.ABANDONED
    final = db.interviews.get(interview.id)
    assert final.status is Status.ABANDONED, "the close was undone by the answer"
    assert isinstance(outcome.get("error"), InterviewFinishedError), outcome
    assert not any(t.text == "I use SLOs." for t in final.turns)


def test_two_copies_of_one_read_cannot_both_be_saved(db: Database, settings: Settings) -> None:
    """The version travels with each state: the second writer's copy is refused."""
    catalog = load_catalog(None)
    service = InterviewService(settings, catalog, db.interviews, EmbeddedScorer())
    interview = service.create("SRES.GEN.P3", None, "Ada Candidate", seed=5)
    first = db.interviews.get(interview.id)
    second = db.interviews.get(interview.id)
    first.status = Status.ABANDONED
    db.interviews.save(first)
    db.interviews.save(first)  # its own version moved on with it: saving again is fine
    second.candidate_name = "Someone Else"
    with pytest.raises(ConcurrentUpdateError, match="version 3, read at 1"):
        db.interviews.save(second)
    assert db.interviews.get(interview.id).status is Status.ABANDONED


def test_a_close_over_http_during_a_slow_llm_answer_holds(tmp_path: Path) -> None:
    """The same race through the served app: the answer waits 2 s on the LLM interviewer."""
    with serve(build_llm_app()) as llm_url:
        settings = web_settings(
            tmp_path / "data", llm_backend="openai", llm_model="slow", llm_base_url=llm_url + "/v1"
        )
        web = create_app(settings)
        add_recruiter(web, "lee@acme.io", "Acme")
        with serve(web) as base, httpx.Client(base_url=base, timeout=30) as http:
            login = {"email": "lee@acme.io", "password": PASSWORD}
            token = http.post("/api/v1/auth/login", json=login).json()["access_token"]
            recruiter = {"Authorization": f"Bearer {token}"}
            created = http.post(
                "/api/v1/interviews",
                json={"role_code": "SRES.GEN.P4", "candidate_name": "Grace Candidate"},
                headers=recruiter,
            ).json()
            invite = created["invite_token"]
            started = http.post(f"/api/v1/candidate/{invite}/start", json={"consent": True})
            assert started.status_code == 200, started.text
            answered: dict[str, httpx.Response] = {}

            def answer() -> None:
                answered["response"] = http.post(
                    f"/api/v1/candidate/{invite}/answers",
                    json={"turn_id": uuid.uuid4().hex, "text": "I run Kubernetes clusters."},
                )

            answering = threading.Thread(target=answer)
            answering.start()
            time.sleep(0.7)  # the answer is stored in memory, its reply waits on the LLM
            close = http.post(
                f"/api/v1/interviews/{created['id']}/close",
                json={"reason": "The role was filled."},
                headers=recruiter,
            )
            answering.join(30)
            final = http.get(f"/api/v1/interviews/{created['id']}", headers=recruiter).json()
    assert close.status_code == 200, close.text
    assert final["status"] == "abandoned", "the close was undone by the answer"
    response = answered["response"]
    assert response.status_code == 409, response.text
    assert response.json()["type"].endswith("/interview-ended")


def test_an_answer_given_a_stale_read_goes_on_the_interview_as_it_is_now(
    db: Database, settings: Settings
) -> None:
    """The web route hands the service the state it read; another tab answered meanwhile."""
    service = InterviewService(settings, load_catalog(None), db.interviews, EmbeddedScorer())
    interview = service.create("SRES.GEN.P3", None, "Ada Candidate", seed=5)
    service.start(interview.id)
    stale = db.interviews.get(interview.id)
    service.submit(interview.id, "other-tab-0001", "I use SLOs with a burn-rate alert.")

    saved, said = service.answer(
        interview.id, "this-tab-0002", "I roll back first, then read the logs.", read=stale
    )

    final = db.interviews.get(interview.id)
    answers = [t.text for t in final.turns if t.speaker is Speaker.CANDIDATE]
    assert answers[-2:] == [
        "I use SLOs with a burn-rate alert.",
        "I roll back first, then read the logs.",
    ]
    assert [t.id for t in saved.turns] == [t.id for t in final.turns]
    assert said and all(t.speaker is Speaker.INTERVIEWER for t in said)
