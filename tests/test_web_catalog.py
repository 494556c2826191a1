"""The authoring pages: start from a job description, copy, edit with the check shown as the
author types, save versions, make one live, calibrate; other organisations see nothing."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_web_support import add_recruiter, csrf_of, page_login

from panelist.catalog.loader import load_catalog

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
    first = checked["problems"][0]
    assert (first["line"], first["field"]) == (line, "competencies.0")
    assert {p["field"].rsplit(".", 1)[-1] for p in checked["problems"][1:]} <= {"competency"}

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


class _FormFields(HTMLParser):
    """What a browser posts for the page's item form (#item-form): its inputs as shown."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = self._in_template = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_form = a.get("id") == "item-form"
        if not self._in_form or self._in_template or tag == "template":
            self._in_template = self._in_template or tag == "template"
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            if a.get("type") != "checkbox":
                self.fields.append((a["name"], a.get("value", "")))
            elif "checked" in a:
                self.fields.append((a["name"], a.get("value") or "on"))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._in_template = False
        elif tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data


def form_fields(page: str) -> list[tuple[str, str]]:
    parser = _FormFields()
    parser.feed(page)
    return parser.fields


def as_data(fields: list[tuple[str, str]], **extra: str) -> dict[str, list[str]]:
    """The fields as the test client posts them (a name may repeat: the checked choices)."""
    data: dict[str, list[str]] = {name: [value] for name, value in extra.items()}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def set_field(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(n, value if n == name else v) for n, v in fields]


def copied_question(ann: TestClient) -> str:
    copied = ann.post(
        "/catalog/question/copy",
        data={"csrf_token": csrf_of(ann.get("/catalog").text), "source_id": QUESTION},
        follow_redirects=False,
    )
    return ann.get(copied.headers["location"]).text


def test_the_form_saves_without_javascript_and_the_yaml_shows_the_same_item(app: FastAPI) -> None:
    ann = signed_in(app, "ann@acme.example", "Acme")
    page = copied_question(ann)
    fields = form_fields(page)
    assert ("key_points.0.weight", "0.8") in fields
    evidence = dict(fields)["key_points.0.evidence"]

    edited = set_field(fields, "key_points.0.evidence", evidence + "\nin charge of the call")
    saved = ann.post(
        f"/catalog/question/{QUESTION}/form",
        data=as_data(edited),
        follow_redirects=False,
    )

    assert saved.headers["location"] == f"/catalog/question/{QUESTION}?saved=2"
    after = ann.get(saved.headers["location"]).text
    assert "in charge of the call" in dict(form_fields(after))["key_points.0.evidence"]
    stored = yaml.safe_load(editor_text(after))
    assert stored["key_points"][0]["evidence"][-1] == "in charge of the call"
    assert [f for f in form_fields(after) if f[0] != "key_points.0.evidence"] == [
        f for f in fields if f[0] != "key_points.0.evidence"
    ]  # nothing else changed on the way through the form, the check and the store


def test_a_refused_form_keeps_what_was_typed_and_shows_the_problem_at_its_field(
    app: FastAPI,
) -> None:
    ann = signed_in(app, "ann@acme.example", "Acme")
    page = copied_question(ann)
    typo = set_field(form_fields(page), "key_points.1.weight", "3")

    refused = ann.post(f"/catalog/question/{QUESTION}/form", data=as_data(typo))

    assert refused.status_code == 422
    assert ("key_points.1.weight", "3") in form_fields(refused.text)
    problems = re.search(
        r'<ul class="field-problems" id="f-key_points-1-weight-problems">(.*?)</ul>',
        refused.text,
        re.S,
    )
    assert problems and "Input should be less than or equal to 1" in problems.group(1)
    assert re.search(r'<input id="f-key_points-1-weight" [^>]*aria-invalid="true"', refused.text)
    assert "1 problem(s), shown next to their fields" in refused.text


def test_the_check_as_typed_names_the_input_the_author_is_in(app: FastAPI) -> None:
    ann = signed_in(app, "ann@acme.example", "Acme")
    page = copied_question(ann)
    fields = [(n, v) for n, v in form_fields(page) if not n.startswith("key_points.0.")]
    typo = set_field(fields, "key_points.2.weight", "heavy")  # key point 1 was removed

    checked = ann.post("/catalog/question/check-form", data=as_data(typo)).json()

    assert checked["ok"] is False
    assert [p["field"] for p in checked["problems"]] == ["key_points.2.weight"]
    assert checked["problems"][0]["shown"].startswith("Input should be a valid number")
    assert "weight: heavy" in checked["yaml"]


def test_rows_are_added_and_removed_without_javascript(app: FastAPI) -> None:
    ann = signed_in(app, "ann@acme.example", "Acme")
    page = copied_question(ann)
    fields = form_fields(page)
    flags = len(load_catalog().question(QUESTION).red_flags)

    added = ann.post(
        f"/catalog/question/{QUESTION}/form",
        data=as_data(fields, action="add:red_flags"),
    )
    assert added.status_code == 200
    assert f'name="red_flags.{flags + 1}.text"' in added.text  # one more empty row to fill
    assert "Saved as version" not in added.text
    removed = ann.post(
        f"/catalog/question/{QUESTION}/form",
        data=as_data(fields, action="remove:red_flags.0"),
    )
    kept = yaml.safe_load(editor_text(removed.text))["red_flags"]
    assert [f["id"] for f in kept] == [f.id for f in load_catalog().question(QUESTION).red_flags][
        1:
    ]
    assert len(ann.get(f"/catalog/question/{QUESTION}").text.split("<tr><td>v")) == 2  # v1 only


def test_a_role_is_edited_section_by_section_through_the_form(app: FastAPI) -> None:
    ann = signed_in(app, "ann@acme.example", "Acme")
    copied = ann.post(
        "/catalog/role/copy",
        data={"csrf_token": csrf_of(ann.get("/catalog").text), "source_id": "SRES.GEN.P5"},
        follow_redirects=False,
    )
    page = ann.get(copied.headers["location"]).text
    fields = set_field(form_fields(page), "story.at_stake", "Card payments fail at checkout.")
    fields = set_field(fields, "interview.weights.troubleshooting", "2")

    saved = ann.post(
        "/catalog/role/SRES.GEN.P5/form",
        data=as_data(fields),
        follow_redirects=False,
    )

    assert saved.status_code == 303, saved.text[:2000]
    role = yaml.safe_load(editor_text(ann.get(saved.headers["location"]).text))
    assert role["story"]["at_stake"] == "Card payments fail at checkout."
    assert role["interview"]["weights"]["troubleshooting"] == 2.0
