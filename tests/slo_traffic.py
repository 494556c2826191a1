"""Real traffic for the SLO end-to-end test: the things recruiters and candidates do.

One burst signs in through the API and the sign-in page (each once with a wrong password),
creates interviews, lets candidates start them, finishes most and leaves one half done, reads
the dashboard and the API, and calls a test-only route that fails. Every request must get the status the burst expects, so each
burst feeds the same metric series and the numbers the test expects are what the client saw.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

from tests.test_web_support import ANSWER, PASSWORD, add_recruiter, csrf_of

RECRUITER = "rita@slo.example"
FAILING_ROUTE = "/test/fail"
INTERVIEWS = 3
"""Interviews created per burst; all are started, all but the last are completed."""
SERVER_ERRORS = 3
"""Calls per burst to the failing route: about 5 % of a burst, over 14.4 x the 0.1 % budget."""
MAX_ANSWERS = 60


def fail() -> None:
    raise RuntimeError("this test-only route always fails, to count server errors")


def add_failing_route(app: FastAPI) -> None:
    """The real app has no route that fails on purpose; the SLO test needs a few 5xx."""
    app.add_api_route(FAILING_ROUTE, fail, include_in_schema=False)


def add_slo_recruiter(app: FastAPI) -> None:
    add_recruiter(app, RECRUITER, "SLO Test Org")


@dataclass
class Seen:
    """What the client saw: response statuses and what it did (logins, interview events)."""

    statuses: Counter[int] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    slowest: float = 0.0
    secrets: set[str] = field(default_factory=set)
    """Interview ids and invite tokens, which must never become route labels."""

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def error_ratio(self) -> float:
        return self.server_errors / self.total


class Burst:
    """One round of real use of the app through ``client`` (a fresh cookie jar per burst)."""

    def __init__(self, client: httpx.Client, seen: Seen, number: int) -> None:
        self.client = client
        self.seen = seen
        self.number = number

    def call(self, method: str, path: str, expect: int, **kwargs: Any) -> httpx.Response:
        started = time.perf_counter()
        response = self.client.request(method, path, **kwargs)
        self.seen.slowest = max(self.seen.slowest, time.perf_counter() - started)
        self.seen.statuses[response.status_code] += 1
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response

    def run(self) -> None:
        self.call("GET", "/healthz", 200)
        self.call("GET", "/readyz", 200)
        headers = self.api_login()
        self.page_login()
        created = [self.create_interview(headers, i) for i in range(INTERVIEWS)]
        self.call("GET", "/api/v1/interviews", 200, headers=headers)
        for index, (_, token) in enumerate(created):
            self.start(token)
            if index < INTERVIEWS - 1:
                self.answer_until_completed(token)
            else:
                self.answer(token)  # started, answered once, never finished
        self.call("GET", "/dashboard", 200)
        self.call("GET", f"/interviews/{created[0][0]}", 200)
        self.call("GET", f"/api/v1/interviews/{created[0][0]}", 200, headers=headers)
        for _ in range(SERVER_ERRORS):
            self.call("GET", FAILING_ROUTE, 500)

    def api_login(self) -> dict[str, str]:
        # A wrong password, then the right one: each success clears the rate limiter's count
        # for this email, so the limiter (5 failures per email and IP) never answers 429.
        wrong = {"email": RECRUITER, "password": "not the password"}
        self.call("POST", "/api/v1/auth/login", 401, json=wrong)
        self.seen.events["login:failure"] += 1
        right = {"email": RECRUITER, "password": PASSWORD}
        token = self.call("POST", "/api/v1/auth/login", 200, json=right).json()["access_token"]
        self.seen.events["login:success"] += 1
        return {"Authorization": f"Bearer {token}"}

    def page_login(self) -> None:
        # The sign-in form, also wrong once and then right (the page shows the error, 401).
        csrf = csrf_of(self.call("GET", "/login", 200).text)
        form = {"email": RECRUITER, "csrf_token": csrf, "next": "/dashboard"}
        self.call("POST", "/login", 401, data={**form, "password": "still not it"})
        self.seen.events["login:failure"] += 1
        self.call("POST", "/login", 303, data={**form, "password": PASSWORD})
        self.seen.events["login:success"] += 1

    def create_interview(self, headers: dict[str, str], index: int) -> tuple[str, str]:
        body = {"role_code": "SRES.GEN.P4", "candidate_name": f"Candidate {self.number}-{index}"}
        created = self.call("POST", "/api/v1/interviews", 201, json=body, headers=headers).json()
        self.seen.events["interview:invited"] += 1
        self.seen.secrets.update({created["id"], created["invite_token"]})
        return created["id"], created["invite_token"]

    def start(self, token: str) -> None:
        self.call("GET", f"/api/v1/candidate/{token}", 200)
        started = self.call("POST", f"/api/v1/candidate/{token}/start", 200, json={"consent": True})
        assert started.json()["status"] == "in_progress"
        self.seen.events["interview:started"] += 1

    def answer(self, token: str) -> str:
        body = {"turn_id": uuid.uuid4().hex, "text": ANSWER}
        response = self.call("POST", f"/api/v1/candidate/{token}/answers", 200, json=body)
        status: str = response.json()["status"]
        return status

    def answer_until_completed(self, token: str) -> None:
        for _ in range(MAX_ANSWERS):
            status = self.answer(token)
            if status != "in_progress":
                assert status == "completed"
                self.seen.events["interview:completed"] += 1
                return
        raise AssertionError(f"the interview did not finish in {MAX_ANSWERS} answers")
