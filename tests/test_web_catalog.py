"""The authoring pages: start from a job description, copy, edit with the check shown as the
author types, save versions, make one live, calibrate; other organisations see nothing."""

from __future__ import annotations

import html
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_support import add_recruiter, csrf_of, page_login

pytest_plugins = ["test_web_support"]
QUESTION = "inc.incident-command"
JD = (
    "Senior Site Reliability Engineer. You will own the reliability of our payments platform: "
    "define SLOs and error budgets, lead incident response as incident commander, run "
    "blameless postmortems and automate toil with Kubernetes and Terraform. 6+ years."
)


def signed_in(app: FastAPI, email: str, organisation: str, role: str = "recruiter") -> TestClient:
    add_recruiter(app, email, organisation, role)
    client = TestClient(app, raise_server_exceptions=False)
    assert page_login(client, email).status_code == 303
    return client


def editor_text(page: str) -> str:
    match = re.search(r'<textarea id="editor"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, "the page has no editor"
    return html.unescape(match.group(1))


def test_a_recruiter_accepts_the_role_a_job_description_matches(app: FastAPI) -> None:
    ann = signed_in(app, "ann@acme.example", "Acme")
    form = ann.get("/catalog/job-description").text

    matched = ann.post(
        "/catalog/job-description", data={"csrf_token": csrf_of(form), "job_description": JD}
    )

    assert matched.status_code == 200
    first = re.search(r'name="source_id" value="([A-Z.0-9]+)"', matched.text)
    assert first is not None and first.group(1).startswith("SRES.GEN.")
    accepted = ann.post(
        "/catalog/role/copy",
        data={"csrf_token": csrf_of(matched.text), "source_id": first.group(1)},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    page = ann.get(accepted.headers["location"]).text
    assert "story:" in editor_text(page) and "title_aliases:" in editor_text(page)
    assert "v1 (draft)" in page


def test_the_editor_checks_as_typed_keeps_a_refused_text_and_saves_versions(
    app: FastAPI,
) -> None:
    ann = signed_in(app, "ann@acme.example", "Acme")
    catalog = ann.get("/catalog").text
    copied = ann.post(
        "/catalog/question/copy",
        data={"csrf_token": csrf_of(catalog), "source_id": QUESTION},
        follow_redirects=False,
    )
    page = ann.get(copied.headers["location"]).text
    token, text = csrf_of(page), editor_text(page)
    assert '<script src="/static/catalog.js" defer></script>' in page

    broken = text.replace("- communication", "- incident_magic", 1)
    checked = ann.post(
        "/catalog/check", data={"csrf_token": token, "kind": "question", "yaml": broken}
    ).json()
    line = broken.splitlines().index("- incident_magic") + 1
    assert [(p["line"], p["field"]) for p in checked["problems"]] == [(line, "competencies.0")]

    refused = ann.post(f"/catalog/question/{QUESTION}", data={"csrf_token": token, "yaml": broken})
    assert refused.status_code == 422
    assert editor_text(refused.text) == broken  # nothing the author typed is lost
    assert f"Line {line}: question {QUESTION} names unknown competency" in refused.text

    edited = text.replace("ten minutes?", "ten minutes at Acme?", 1)
    saved = ann.post(
        f"/catalog/question/{QUESTION}",
        data={"csrf_token": token, "yaml": edited},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/catalog/question/{QUESTION}?saved=2"
    published = ann.post(
        f"/catalog/question/{QUESTION}/versions/2/publish",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert published.status_code == 303
    listing = ann.get("/catalog").text
    assert f'<a href="/catalog/question/{QUESTION}">{QUESTION}</a>' in listing
    assert "v2 <span" in listing

    graded = ann.post(
        f"/catalog/question/{QUESTION}/grades",
        data={"csrf_token": token, "answer": "I would fix it myself.", "grade": "1"},
    )
    assert "Agreement over 1 graded answer(s)" in graded.text


def test_other_organisations_and_readers_cannot_change_or_see_the_items(app: FastAPI) -> None:
    ann = signed_in(app, "ann@acme.example", "Acme")
    ann.post(
        "/catalog/question/copy",
        data={"csrf_token": csrf_of(ann.get("/catalog").text), "source_id": QUESTION},
    )
    bob = signed_in(app, "bob@globex.example", "Globex")
    hana = signed_in(app, "hana@acme.example", "Acme", role="hiring_manager")

    assert bob.get(f"/catalog/question/{QUESTION}").status_code == 404
    assert QUESTION not in bob.get("/catalog").text.split("<h2>Copy a built-in role")[0]
    readonly = hana.get(f"/catalog/question/{QUESTION}")
    assert readonly.status_code == 200 and "readonly" in readonly.text
    assert "Save as a new version" not in readonly.text
    refused = hana.post(
        f"/catalog/question/{QUESTION}",
        data={"csrf_token": csrf_of(readonly.text), "yaml": editor_text(readonly.text)},
    )
    assert refused.status_code == 403
