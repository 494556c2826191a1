"""The catalog editor's form is a view of the document: what it shows, posted back, is the
document again, for every built-in role and question; rows are added, left empty and
removed; problems point at the input they are about."""

from __future__ import annotations

import pytest

from panelist.catalog.documents import Documents, check_text, normalise
from panelist.catalog.loader import load_catalog
from panelist.web.authoring import as_yaml
from panelist.web.catalog_form import FormView, document_of, form_view, posted

CATALOG = load_catalog()
COMPETENCIES = [(c.id, c.name) for c in CATALOG.competencies.values()]
NO_OTHERS = Documents(roles=[], questions=[])


def view_of(kind: str, item_id: str) -> FormView:
    item = CATALOG.role(item_id) if kind == "role" else CATALOG.question(item_id)
    return form_view(kind, item.model_dump(mode="json"), COMPETENCIES)


@pytest.mark.parametrize(
    ("kind", "item_id"),
    [("role", code) for code in sorted(CATALOG.roles)]
    + [("question", qid) for qid in sorted(CATALOG.questions)],
)
def test_the_form_of_every_built_in_item_posts_back_the_same_item(kind: str, item_id: str) -> None:
    item = CATALOG.role(item_id) if kind == "role" else CATALOG.question(item_id)
    document = item.model_dump(mode="json")

    back = document_of(kind, posted(form_view(kind, document, COMPETENCIES))).document

    assert normalise(kind, back) == document  # type: ignore[arg-type]


def test_every_section_of_the_role_profile_has_inputs() -> None:
    names = {f.name.split(".")[0] for f in view_of("role", "SRES.GEN.P5").fields()}

    assert names == set(CATALOG.role("SRES.GEN.P5").model_dump())


def test_a_question_form_has_the_whole_rubric() -> None:
    names = {f.name for f in view_of("question", "inc.incident-command").fields()}

    assert {
        "text",
        "reference_answer",
        "key_points.0.weight",
        "key_points.0.evidence",
        "descriptors.1",
        "descriptors.5",
        "red_flags.0.phrases",
        "follow_ups.0.text",
        "follow_ups.0.key_point",
        "levels",
        "competencies",
        "time_budget_minutes",
    } <= names


def test_an_empty_row_adds_nothing_and_a_filled_one_adds_a_key_point() -> None:
    form = posted(view_of("question", "inc.incident-command"))
    count = len(CATALOG.question("inc.incident-command").key_points)
    empty = f"key_points.{count}"
    assert form[f"{empty}.text"] == [""]  # the page always ends the rows with an empty one

    assert len(document_of("question", form).document["key_points"]) == count
    form[f"{empty}.id"] = ["names-the-vp"]
    form[f"{empty}.text"] = ["Tells the VP what is known, not an invented ETA"]
    form[f"{empty}.weight"] = ["0.5"]
    form[f"{empty}.evidence"] = ["no eta yet\r\nnext update at"]

    added = document_of("question", form).document["key_points"][-1]
    assert added == {
        "id": "names-the-vp",
        "text": "Tells the VP what is known, not an invented ETA",
        "weight": 0.5,
        "evidence": ["no eta yet", "next update at"],
    }


def test_a_problem_in_a_row_after_a_removed_one_points_at_the_input_the_author_typed_in() -> None:
    form = posted(view_of("question", "inc.incident-command"))
    for name in [n for n in form if n.startswith("key_points.0.")]:
        del form[name]  # the author removed key point 1: rows 1, 2, ... keep their names
    form["key_points.2.weight"] = ["3"]
    submitted = document_of("question", form)

    problems = check_text("question", as_yaml(submitted.document), NO_OTHERS)

    assert [p.field for p in problems] == ["key_points.1.weight"]  # the document's numbering
    assert submitted.form_name("key_points.1.weight") == "key_points.2.weight"
    view = form_view("question", submitted.document, COMPETENCIES)
    assert view.place("key_points.1.weight", problems[0].message) == "key_points.1.weight"
    assert "less than or equal to 1" in view.index["key_points.1.weight"].problems[0]


def test_a_weight_that_is_not_a_number_is_kept_for_the_check_to_name() -> None:
    form = posted(view_of("question", "inc.incident-command"))
    form["key_points.0.weight"] = ["high"]

    submitted = document_of("question", form)
    problems = check_text("question", as_yaml(submitted.document), NO_OTHERS)

    assert submitted.document["key_points"][0]["weight"] == "high"
    assert [p.field for p in problems] == ["key_points.0.weight"]
    assert "valid number" in problems[0].message


def test_the_order_of_chosen_competencies_is_kept_the_main_one_first() -> None:
    view = view_of("question", "inc.incident-command")
    competencies = next(f for f in view.fields() if f.name == "competencies")

    assert [v for v, _ in competencies.options][: len(competencies.selected)] == (
        CATALOG.question("inc.incident-command").competencies
    )


def test_a_bad_id_is_shown_at_the_id_not_at_its_whole_row() -> None:
    form = posted(view_of("question", "inc.incident-command"))
    form["key_points.2.id"] = ["Control Changes"]

    problems = check_text("question", as_yaml(document_of("question", form).document), NO_OTHERS)

    assert [p.field for p in problems] == ["key_points.2.id"]  # its line holds key_points.2 too
    assert "String should match pattern" in problems[0].message


def test_a_key_point_names_the_competency_it_evidences_and_a_wrong_one_is_shown_there() -> None:
    view = view_of("question", "inc.incident-command")
    tag = view.index["key_points.4.competency"]
    assert tag.widget == "select" and tag.value == "executive_communication"  # cadence-comms
    assert tag.options[0] == ("", "The question's main competency")
    form = posted(view)
    form["key_points.4.competency"] = ["monitoring"]

    problems = check_text("question", as_yaml(document_of("question", form).document), NO_OTHERS)

    assert [p.field for p in problems] == ["key_points.4.competency"]
    assert problems[0].message == (
        "key point 'cadence-comms' of question inc.incident-command evidences 'monitoring', "
        "which is not one of the question's competencies"
    )
    assert problems[0].hint.startswith(
        "Use one of the question's competencies (communication, org_knowledge, "
        "cross_org_leadership, executive_communication)"
    )


def test_a_key_point_left_on_the_main_competency_has_none_in_the_document() -> None:
    form = posted(view_of("question", "inc.incident-command"))
    form["key_points.0.competency"] = [""]

    point = document_of("question", form).document["key_points"][0]

    assert "competency" not in point
    question = CATALOG.question("inc.incident-command")
    assert question.evidences(question.key_points[0].model_copy(update={"competency": None})) == (
        "communication"
    )
