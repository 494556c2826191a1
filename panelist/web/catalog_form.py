"""The catalog editor as a form: every section of a role profile, a question's whole rubric.

The form is a view of the *document* (the item as the built-in YAML holds it), never a
second model: :func:`document_of` turns what a browser posts into the document, which is
then dumped as YAML and checked and saved exactly as the YAML editor's text is
(:func:`panelist.web.authoring.save_text`), so there is one way to validate. Each input is
named by its path in the document (``key_points.1.weight``), the path a check problem names,
so a problem is shown next to its field (:meth:`FormView.place`).

Repeatable rows (key points, red flags, components, aliases, ...) are numbered in the
browser in any order, with gaps; a row whose inputs are all empty is left out (the empty row
the page always offers is how a row is added without JavaScript). :class:`Submitted` keeps
which row of the form became which item of the document, to point problems back at the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, get_args

from pydantic import BaseModel

from panelist.catalog.models import (
    LEVEL_CODES,
    Classification,
    Component,
    InterviewBlueprint,
    Question,
    TitleAlias,
)

Widget = Literal["text", "textarea", "number", "select", "checkbox", "lines", "choices"]
Options = Sequence[tuple[str, str]]  # (value, label)
BLANK_ROW = "__row__"  # the index of the row template the page clones


def choices(model: type[BaseModel], name: str) -> list[tuple[str, str]]:
    """The values a Literal or StrEnum field of ``model`` takes, as options."""
    annotation = model.model_fields[name].annotation
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return [(m.value, m.value.replace("_", " ")) for m in annotation]
    return [(str(v), str(v).replace("_", " ")) for v in get_args(annotation)]


# --------------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class Input:
    """One value of the document: ``key`` inside its parent mapping."""

    key: str
    label: str
    widget: Widget = "text"
    hint: str = ""
    options: Options = ()
    options_from: Literal["competencies"] | None = None  # filled per page from the catalog
    integer: bool = False
    readonly: bool = False
    default: str = ""  # what a new row's select starts at (the model's default)
    ordered: bool = False  # choices: the order chosen matters (shown first, in that order)
    blank: str = ""  # select: the label of an empty first option (the model's default, None)
    optional: bool = False  # lines: none typed is absent (the model's default), not a []


@dataclass(frozen=True)
class Section:
    """A mapping inside the document (``story``, ``descriptors``)."""

    key: str
    label: str
    children: tuple[Node, ...]
    hint: str = ""


@dataclass(frozen=True)
class Rows:
    """A list of mappings (``key_points``): one row per item, added and removed by the author."""

    key: str
    label: str
    row_label: str
    inputs: tuple[Input, ...]
    hint: str = ""
    compact: bool = False  # one line per row (short fields only)


@dataclass(frozen=True)
class Weights:
    """``interview.weights``: a weight per competency the blueprint covers (blank is 1.0)."""

    key: str
    label: str
    hint: str = ""


Node = Input | Section | Rows | Weights


def default(model: type[BaseModel], name: str) -> str:
    value = model.model_fields[name].default
    return str(value.value if isinstance(value, StrEnum) else value)


def _select(model: type[BaseModel], key: str, label: str) -> Input:
    """A select of a Literal or StrEnum field, a new row starting at the model's default."""
    return Input(key, label, "select", options=choices(model, key), default=default(model, key))


def _components(key: str, label: str, row_label: str, hint: str) -> Rows:
    return Rows(
        key,
        label,
        row_label,
        (
            Input("name", "Name"),
            _select(Component, "type", "Type"),
            _select(Component, "level", "Proficiency"),
        ),
        hint=hint,
        compact=True,
    )


QUESTION_FORM: tuple[Node, ...] = (
    Section(
        "",
        "The question",
        (
            Input("id", "Id", readonly=True, hint="Copy the question to give it another id."),
            Input("kind", "Kind", "select", options=choices(Question, "kind")),
            Input("topic", "Topic", hint="A few words the report and the plan show."),
            Input(
                "text",
                "Question text",
                "textarea",
                hint="As the interviewer asks it. Project questions may use {project}.",
            ),
            Input(
                "competencies",
                "Competencies it evidences",
                "choices",
                options_from="competencies",
                ordered=True,
                hint="The first one checked is the question's main competency.",
            ),
            Input("levels", "Levels it suits", "choices", options=[(c, c) for c in LEVEL_CODES]),
            Input("time_budget_minutes", "Time budget (minutes)", "number"),
            Input("max_score", "Top of the scale", "number"),
        ),
    ),
    Section(
        "",
        "Rubric",
        (
            Input(
                "reference_answer",
                "Reference answer",
                "textarea",
                hint="What a strong answer says, in a few sentences.",
            ),
        ),
    ),
    Rows(
        "key_points",
        "Key points",
        "key point",
        (
            Input("id", "Id"),
            Input("weight", "Weight", "number"),
            Input("text", "What a good answer says", "textarea"),
            Input("evidence", "Evidence phrases", "lines"),
            Input(
                "competency",
                "Competency it evidences",
                "select",
                options_from="competencies",
                blank="The question's main competency",
            ),
            Input("misconceptions", "What a candidate wrong on it asserts", "lines", optional=True),
            Input("examples", "Sentences that make it in other words", "lines", optional=True),
        ),
        hint="3 to 7 for a scored question. Each has an id (lower case: a-z, 0-9, . _ -), a "
        "weight above 0 and at most 1, evidence phrases, one per line: words whose "
        "presence in an answer (not negated) evidences the point, the competency it "
        "evidences, one of the question's (the report quotes the point for it), and up to "
        "four misconceptions, one per line, in a candidate's words ('Load average is the "
        "CPU usage in percent.'): an answer that asserts one scores at most 2; and example "
        "sentences, one per line, that make the point in a candidate's own words ('The first "
        "thing to go at ten times the load would have been the database primary.').",
    ),
    Section(
        "descriptors",
        "Anchors 1-5",
        tuple(Input(str(n), f"Score {n}", "textarea") for n in range(1, 6)),
        hint="What an answer at each score looks like.",
    ),
    Rows(
        "red_flags",
        "Red flags",
        "red flag",
        (
            Input("id", "Id"),
            Input("text", "What it is", "textarea"),
            Input("phrases", "Phrases", "lines"),
        ),
        hint="At least one for a scored question; phrases one per line.",
    ),
    Rows(
        "follow_ups",
        "Probes",
        "probe",
        (
            Input("key_point", "Key point it draws out"),
            Input("text", "Probe", "textarea"),
        ),
        hint="1 to 3 for a scored question. The key point is the id of one above, or blank.",
    ),
)

ROLE_FORM: tuple[Node, ...] = (
    Section(
        "",
        "The role",
        (
            Input("code", "Code", readonly=True, hint="Copy the role to give it another code."),
            Input("title", "Title"),
            Input("family_name", "Family name"),
            Input("summary", "Summary", "textarea"),
        ),
    ),
    Section(
        "taxonomy",
        "Taxonomy",
        (Input("function", "Function"), Input("family", "Family"), Input("specialty", "Specialty")),
        hint="Function > family > specialty, used for adjacency. Lower-case ids.",
    ),
    Section(
        "level",
        "Level",
        (
            Input("code", "Level code", "select", options=[(c, c) for c in LEVEL_CODES]),
            Input("name", "Level name"),
            Input("description", "Description", "textarea"),
        ),
    ),
    Section(
        "story",
        "Story",
        (
            Input("who", "Who", "textarea"),
            Input("external_problem", "External problem", "textarea"),
            Input("internal_problem", "Internal problem", "textarea"),
            Input("why_it_matters", "Why it matters", "textarea"),
            Input("plan", "Plan", "lines", hint="One step per line."),
            Input("at_stake", "At stake", "textarea"),
            Input("success", "Success", "textarea"),
        ),
    ),
    Section(
        "attributes",
        "Level attributes",
        tuple(
            Input(key, key.replace("_", " ").capitalize(), "textarea")
            for key in (
                "scope",
                "autonomy",
                "complexity",
                "impact",
                "decision_rights",
                "leadership",
                "typical_experience",
            )
        ),
    ),
    Section(
        "",
        "Outputs",
        (Input("core_outputs", "Core outputs", "lines", hint="One per line."),),
    ),
    _components(
        "responsibilities", "Responsibilities", "responsibility", "What the role answers for."
    ),
    _components("tasks", "Tasks", "task", "What the role does week to week."),
    _components("skills", "Skills", "skill", ""),
    _components("knowledge", "Knowledge", "knowledge area", ""),
    _components("competencies", "Competencies", "competency", "Behaviours, in the role's words."),
    _components("qualifications", "Qualifications", "qualification", ""),
    Rows(
        "title_aliases",
        "Title aliases",
        "alias",
        (
            Input("alias", "Alias"),
            _select(TitleAlias, "type", "Type"),
            Input("confidence", "Confidence (0-1)", "number"),
            Input("approved", "Approved", "checkbox"),
        ),
        hint="Other titles job descriptions use for this role (the JD match reads them).",
        compact=True,
    ),
    Rows(
        "classifications",
        "Classifications",
        "classification",
        (
            _select(Classification, "system", "System"),
            Input("code", "Code"),
            Input("title", "Title"),
            Input("source", "Source"),
            _select(Classification, "review_status", "Review status"),
        ),
        compact=True,
    ),
    Section(
        "",
        "Career moves",
        (Input("adjacent_roles", "Adjacent role codes", "lines", hint="One code per line."),),
    ),
    Section(
        "interview",
        "Interview blueprint",
        (
            Input(
                "competencies",
                "Competencies the interview must evidence",
                "choices",
                options_from="competencies",
                ordered=True,
            ),
            Input(
                "target_level",
                "Target career level",
                "select",
                options=choices(InterviewBlueprint, "target_level"),
            ),
            Input("duration_minutes", "Duration (minutes)", "number", integer=True),
            Weights(
                "weights",
                "Competency weights",
                hint="Relative importance of each competency checked above; blank is 1. "
                "Check a competency and save to weight it.",
            ),
        ),
    ),
)

FORMS: dict[str, tuple[Node, ...]] = {"role": ROLE_FORM, "question": QUESTION_FORM}


# --------------------------------------------------------------------------- form -> document

FormData = Mapping[str, Sequence[str]]  # name -> every value posted under it
_INDEX = re.compile(r"^(\d+)\.")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix and key else prefix or key


def _number(text: str, integer: bool) -> int | float | str:
    """The number typed, or the text itself for the check to refuse with its field."""
    try:
        value = float(text)
    except ValueError:
        return text
    if integer and value.is_integer():
        return int(value)
    return int(value) if value.is_integer() and "." not in text else value


def _value(spec: Input, form: FormData, name: str) -> tuple[bool, Any]:
    """(present, value) of one input; an empty text is absent (the model's default)."""
    posted = list(form.get(name, ()))
    if spec.widget == "checkbox":
        return True, bool(posted)
    if spec.widget == "choices":
        return True, [v for v in posted if v]
    text = (posted[0] if posted else "").replace("\r\n", "\n")
    if spec.widget == "lines":
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        return bool(lines) or not spec.optional, lines
    if not text.strip():
        return False, None
    if spec.widget == "number":
        return True, _number(text.strip(), spec.integer)
    return True, text  # as typed: a block of text keeps its line breaks


@dataclass
class Submitted:
    """A posted form as a document, with which form row each document row came from."""

    document: dict[str, Any]
    rows: dict[str, str] = field(default_factory=dict)  # "key_points.1" -> "key_points.4"

    def form_name(self, path: str) -> str:
        """The form's name of a document path (``key_points.1.weight`` -> ``key_points.4...``)."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            head = ".".join(parts[:end])
            if head in self.rows:
                return ".".join([self.rows[head], *parts[end:]])
        return path


def _fill(nodes: Iterable[Node], form: FormData, prefix: str, out: Submitted) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for node in nodes:
        if isinstance(node, Section):
            target = mapping.setdefault(node.key, {}) if node.key else mapping
            target.update(_fill(node.children, form, _join(prefix, node.key), out))
        elif isinstance(node, Input):
            present, value = _value(node, form, _join(prefix, node.key))
            if present:
                mapping[node.key] = value
        elif isinstance(node, Rows):
            mapping[node.key] = _rows(node, form, _join(prefix, node.key), out)
        else:
            mapping[node.key] = _weights(form, _join(prefix, node.key))
    return mapping


def _rows(spec: Rows, form: FormData, prefix: str, out: Submitted) -> list[dict[str, Any]]:
    indices = sorted(
        {
            int(m[1])
            for name in form
            if name.startswith(prefix + ".") and (m := _INDEX.match(name[len(prefix) + 1 :]))
        }
    )
    rows: list[dict[str, Any]] = []
    for index in indices:
        name = f"{prefix}.{index}"
        row = _fill(spec.inputs, form, name, out)
        if not _typed(spec.inputs, row):
            continue  # an empty row: how the page offers to add one
        out.rows[f"{prefix}.{len(rows)}"] = name
        rows.append(row)
    return rows


def _typed(inputs: Iterable[Input], row: Mapping[str, Any]) -> bool:
    """Whether the author typed anything in a row (a select always has a value)."""
    return any(
        row.get(spec.key) not in (None, "", [], False) for spec in inputs if spec.widget != "select"
    )


def _weights(form: FormData, prefix: str) -> dict[str, Any]:
    weights: dict[str, Any] = {}
    for name, values in form.items():
        if name.startswith(prefix + ".") and values and values[0].strip():
            weights[name[len(prefix) + 1 :]] = _number(values[0].strip(), integer=False)
    return weights


def document_of(kind: str, form: FormData) -> Submitted:
    """The document a posted form holds (checked and saved like the YAML editor's text)."""
    out = Submitted({})
    out.document = _fill(FORMS[kind], form, "", out)
    return out


# --------------------------------------------------------------------------- document -> view


def html_id(name: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name or "item")


@dataclass
class FieldView:
    name: str
    label: str
    widget: Widget
    value: str = ""
    selected: list[str] = field(default_factory=list)
    options: Options = ()
    hint: str = ""
    readonly: bool = False
    problems: list[str] = field(default_factory=list)
    type: str = "field"

    @property
    def id(self) -> str:
        return html_id(self.name)


@dataclass
class RowView:
    name: str
    number: str  # 1-based, as the author reads it ("__n__" in the template the page clones)
    fields: list[FieldView]
    problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return html_id(self.name)


@dataclass
class RowsView:
    name: str
    label: str
    row_label: str
    hint: str
    compact: bool
    rows: list[RowView]
    blank: RowView  # the empty row the page always ends with: filled in, it is added
    template: RowView  # what the page's script clones to add a row (index BLANK_ROW)
    problems: list[str] = field(default_factory=list)
    type: str = "rows"

    @property
    def id(self) -> str:
        return html_id(self.name)


@dataclass
class SectionView:
    name: str
    label: str
    hint: str
    children: list[FieldView | RowsView | SectionView]
    problems: list[str] = field(default_factory=list)
    type: str = "section"

    @property
    def id(self) -> str:
        return html_id("s-" + self.label)

    @property
    def problems_id(self) -> str | None:
        """Where problems about the whole mapping (``story``) go; None for a group of the
        item's own fields."""
        return html_id(self.name) + "-problems" if self.name else None


@dataclass
class Unplaced:
    message: str
    target: str | None = None  # the id of the nearest field, when there is one


@dataclass
class FormView:
    kind: str
    sections: list[SectionView | RowsView]
    unplaced: list[Unplaced] = field(default_factory=list)
    index: dict[str, FieldView | RowView | RowsView | SectionView] = field(default_factory=dict)

    def place(self, name: str | None, message: str) -> str | None:
        """Put ``message`` on the input ``name`` names, or the nearest row or section holding
        it; returns the form name it went on (None: shown above the form)."""
        parts = (name or "").split(".")
        for end in range(len(parts), 0, -1):
            head = ".".join(parts[:end])
            if head in self.index:
                self.index[head].problems.append(message)
                return head
        self.unplaced.append(Unplaced(message))
        return None

    def fields(self) -> Iterable[FieldView]:
        """Every input of the form, in order (what a browser would post)."""
        for view in self.index.values():
            if isinstance(view, FieldView):
                yield view


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else str(value)
    return str(value)


def _ordered(options: Options, selected: list[str]) -> list[tuple[str, str]]:
    """The chosen options first, in the document's order (it matters: the first competency is
    a question's main one), then the others; unknown values are kept so the check names them."""
    labels = dict(options)
    return [(v, labels.get(v, v)) for v in selected] + [
        (v, label) for v, label in options if v not in selected
    ]


class _Builder:
    def __init__(self, catalog_options: Mapping[str, Options], view: FormView) -> None:
        self.catalog_options = catalog_options
        self.view = view

    def field(self, spec: Input, value: Any, name: str, *, indexed: bool = True) -> FieldView:
        options = self.catalog_options.get(spec.options_from, ()) if spec.options_from else ()
        options = options or spec.options
        if spec.blank:
            options = [("", spec.blank), *options]
        view = FieldView(name, spec.label, spec.widget, hint=spec.hint, readonly=spec.readonly)
        if spec.widget == "choices":
            view.selected = [_text(v) for v in value] if isinstance(value, list) else []
            view.options = _ordered(options, view.selected) if spec.ordered else options
        elif spec.widget == "lines":
            items = value if isinstance(value, list) else [] if value is None else [value]
            view.value = "\n".join(_text(v) for v in items)
        else:
            view.value = _text(value) if value is not None else spec.default
            view.options = options
            if spec.widget == "select" and view.value and view.value not in dict(options):
                view.options = [*options, (view.value, view.value)]
        if indexed:
            self.view.index[name] = view
        return view

    def nodes(
        self, nodes: Iterable[Node], data: Mapping[str, Any], prefix: str
    ) -> list[FieldView | RowsView | SectionView]:
        built: list[FieldView | RowsView | SectionView] = []
        for node in nodes:
            name = _join(prefix, node.key)
            if isinstance(node, Input):
                built.append(self.field(node, data.get(node.key), name))
            elif isinstance(node, Section):
                built.append(self.section(node, data, prefix))
            elif isinstance(node, Rows):
                built.append(self.rows(node, data.get(node.key), name))
            else:
                built.append(self.weights(node, data, name))
        return built

    def section(self, spec: Section, data: Mapping[str, Any], prefix: str) -> SectionView:
        inner = data.get(spec.key) if spec.key else data
        name = _join(prefix, spec.key)
        view = SectionView(
            name,
            spec.label,
            spec.hint,
            self.nodes(spec.children, inner if isinstance(inner, Mapping) else {}, name),
        )
        if spec.key and name not in self.view.index:
            self.view.index[name] = view
        return view

    def rows(self, spec: Rows, value: Any, name: str) -> RowsView:
        items = value if isinstance(value, list) else []
        rows = [self.row(spec, item, f"{name}.{i}", str(i + 1)) for i, item in enumerate(items)]
        blank = self.row(spec, {}, f"{name}.{len(items)}", str(len(items) + 1))
        template = self.row(spec, {}, f"{name}.{BLANK_ROW}", "__n__", indexed=False)
        view = RowsView(
            name, spec.label, spec.row_label, spec.hint, spec.compact, rows, blank, template
        )
        self.view.index[name] = view
        return view

    def row(
        self, spec: Rows, item: Any, name: str, number: str, *, indexed: bool = True
    ) -> RowView:
        data = item if isinstance(item, Mapping) else {}
        fields = [
            self.field(i, data.get(i.key), _join(name, i.key), indexed=indexed) for i in spec.inputs
        ]
        view = RowView(name, number, fields)
        if indexed:
            self.view.index[name] = view
        return view

    def weights(self, spec: Weights, data: Mapping[str, Any], name: str) -> SectionView:
        """A weight input per competency the blueprint covers (and any other weighted one)."""
        raw_weights, raw_covered = data.get(spec.key), data.get("competencies")
        weights = raw_weights if isinstance(raw_weights, Mapping) else {}
        covered = [str(c) for c in raw_covered] if isinstance(raw_covered, list) else []
        labels = dict(self.catalog_options.get("competencies", ()))
        fields: list[FieldView | RowsView | SectionView] = [
            self.field(Input(c, labels.get(c, c), "number"), weights.get(c), f"{name}.{c}")
            for c in [*covered, *(str(k) for k in weights if str(k) not in covered)]
        ]
        view = SectionView(name, spec.label, spec.hint, fields)
        self.view.index[name] = view
        return view


def form_view(kind: str, document: Mapping[str, Any], competencies: Options) -> FormView:
    """The form showing ``document`` (a stored item, or what the author posted)."""
    view = FormView(kind, [])
    builder = _Builder({"competencies": competencies}, view)
    for node in FORMS[kind]:
        if isinstance(node, Section):
            view.sections.append(builder.section(node, document, ""))
        elif isinstance(node, Rows):
            view.sections.append(builder.rows(node, document.get(node.key), node.key))
    return view


def posted(view: FormView) -> dict[str, list[str]]:
    """What a browser posts for ``view`` as shown (the empty rows included), for round trips."""
    data: dict[str, list[str]] = {}
    for f in view.fields():
        if f.widget == "choices":
            data[f.name] = list(f.selected)
        elif f.widget == "checkbox":
            if f.value:
                data[f.name] = ["on"]
        else:
            data[f.name] = [f.value]
    return data
