"""An organisation's roles and questions as documents: checked, written and read in the
built-in YAML layout.

A *document* is one item as the built-in YAML holds it (a role profile or a question), as a
plain mapping. :func:`check_documents` runs exactly what ``panelist catalog check`` runs (the
same parsing path and cross-checks, layered over the built-in catalog) on documents that are
not files yet, and says which item and field each problem is about, so the web app can show
it next to the field. :func:`write_layout` and :func:`read_layout` are the export and import.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from panelist.catalog.check import check_layers
from panelist.catalog.loader import builtin_catalog_dir, check_directory, load_layer
from panelist.catalog.models import Question, RoleProfile
from panelist.catalog.problems import Problem, ProblemSink
from panelist.errors import CatalogError

ItemKind = Literal["role", "question"]
MODELS: dict[str, type[RoleProfile] | type[Question]] = {"role": RoleProfile, "question": Question}


@dataclass(frozen=True)
class ItemProblem:
    """A check problem about one document: ``item`` is ``question:ID``/``role:CODE`` (None when
    the problem is about no single document) and ``field`` a dotted path inside it."""

    item: str | None
    field: str | None
    message: str
    hint: str
    line: int | None = None  # in the text the author typed (see check_text)


@dataclass(frozen=True)
class Documents:
    """The roles and questions of one catalog layer, as documents."""

    roles: list[dict[str, Any]]
    questions: list[dict[str, Any]]


def item_key(kind: str, document: dict[str, Any]) -> str:
    """``role:CODE`` or ``question:ID`` of a document (``?`` when it has none yet)."""
    ident = document.get("code" if kind == "role" else "id")
    return f"{kind}:{ident if isinstance(ident, str) and ident else '?'}"


def normalise(kind: ItemKind, document: dict[str, Any]) -> dict[str, Any]:
    """The document as its model dumps it (defaults filled in, one spelling of everything),
    so a stored, exported and re-imported item compares equal. Raises pydantic's
    ValidationError when it does not validate."""
    return MODELS[kind].model_validate(document).model_dump(mode="json")


def _dump(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_layout(directory: Path, documents: Documents) -> list[Path]:
    """Write ``documents`` as ``roles/CODE.yaml`` and ``questions/ID.yaml``; returns the files."""
    written: list[Path] = []
    (directory / "roles").mkdir(parents=True, exist_ok=True)
    (directory / "questions").mkdir(parents=True, exist_ok=True)
    for role in sorted(documents.roles, key=lambda d: str(d.get("code"))):
        path = directory / "roles" / f"{_file_stem(role.get('code'))}.yaml"
        path.write_text(_dump(role), encoding="utf-8")
        written.append(path)
    for question in sorted(documents.questions, key=lambda d: str(d.get("id"))):
        path = directory / "questions" / f"{_file_stem(question.get('id'))}.yaml"
        path.write_text(_dump({"questions": [question]}), encoding="utf-8")
        written.append(path)
    return written


def _file_stem(ident: object) -> str:
    text = str(ident or "unnamed")
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in text)


def read_layout(directory: Path) -> Documents:
    """Read a directory in the built-in layout, refusing it (CatalogError listing every
    problem with its ``file:line``) unless ``panelist catalog check`` would pass it."""
    check_directory(directory)
    report = check_layers([builtin_catalog_dir(), directory])
    if not report.ok:
        listed = "\n".join(f"  {p}" for p in report.problems)
        raise CatalogError(
            f"{directory} has {len(report.problems)} problem(s):\n{listed}",
            hint=f"Fix them (`panelist catalog check {directory}` lists the same) and import again.",
        )
    layer = load_layer(directory, ProblemSink(collect=False))
    return Documents(
        roles=[role.model_dump(mode="json") for role in layer.roles.values()],
        questions=[question.model_dump(mode="json") for question in layer.questions.values()],
    )


def check_documents(documents: Documents) -> list[ItemProblem]:
    """Every problem ``panelist catalog check`` finds in ``documents`` over the built-in
    catalog, each tied to its document and field."""
    with tempfile.TemporaryDirectory(prefix="panelist-check-") as tmp:
        directory = Path(tmp)
        files = write_layout(directory, documents)
        owners = dict(zip(files, _keys(documents), strict=True))
        report = check_layers([builtin_catalog_dir(), directory])
        return [_tie(problem, owners) for problem in report.problems]


EDITED = "_edited.yaml"
_LINE = re.compile(r"\(line (\d+)\)")


def parse_text(text: str) -> dict[str, Any] | None:
    """The mapping a YAML text holds, or None when it holds no mapping (or does not parse:
    :func:`check_text` says why, with the line)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def check_text(kind: ItemKind, text: str, others: Documents) -> list[ItemProblem]:
    """Check the YAML text of one item, as an author types it, among ``others`` (the item
    with the same id in ``others`` is replaced): each problem carries its line in ``text``.

    The text is checked as a file of the built-in layout would be, so it is exactly what
    ``panelist catalog check`` would say of it.
    """
    parsed = parse_text(text)
    key = item_key(kind, parsed) if parsed is not None else None
    rest = Documents(
        [d for d in others.roles if item_key("role", d) != key],
        [d for d in others.questions if item_key("question", d) != key],
    )
    with tempfile.TemporaryDirectory(prefix="panelist-check-") as tmp:
        directory = Path(tmp)
        files = write_layout(directory, rest)
        owners = dict(zip(files, _keys(rest), strict=True))
        if kind == "role":
            edited, offset = directory / "roles" / EDITED, 0
            edited.write_text(text, encoding="utf-8")
        else:  # one question: the item of a 'questions:' list, one line down
            edited, offset = directory / "questions" / EDITED, 1
            lines = text.splitlines() or [""]
            body = [f"- {lines[0]}", *(f"  {line}" for line in lines[1:])]
            edited.write_text("questions:\n" + "\n".join(body) + "\n", encoding="utf-8")
        owners[edited] = key or f"{kind}:?"
        report = check_layers([builtin_catalog_dir(), directory])
        last = max(1, len(text.splitlines()))

        def in_text(line: int) -> int:
            return min(last, max(1, line - offset))

        problems: list[ItemProblem] = []
        for problem in report.problems:
            tied = _tie(problem, owners)
            if problem.source.path == edited:
                message = _LINE.sub(lambda m: f"(line {in_text(int(m[1]))})", tied.message)
                line = in_text(problem.source.line)
                tied = ItemProblem(tied.item, tied.field, message, tied.hint, line)
            problems.append(tied)
        return sorted(problems, key=lambda p: p.line is None)


def _keys(documents: Documents) -> Iterable[str]:
    for role in sorted(documents.roles, key=lambda d: str(d.get("code"))):
        yield item_key("role", role)
    for question in sorted(documents.questions, key=lambda d: str(d.get("id"))):
        yield item_key("question", question)


def _tie(problem: Problem, owners: dict[Path, str]) -> ItemProblem:
    source = problem.source
    item = owners.get(source.path)
    field = _field_at(source.fields, source.line, problem.message)
    return ItemProblem(item, field, problem.message, problem.hint)


def _field_at(fields: object, line: int, message: str = "") -> str | None:
    """The field path on ``line`` the problem is about (``key_points.1.weight``), None for the
    item: the longest one the message names (``- id: X`` holds both ``key_points.2`` and
    ``key_points.2.id``), else the shortest."""
    if not isinstance(fields, dict):
        return None
    paths = [".".join(str(part) for part in p) for p, at in fields.items() if at == line and p]
    if not paths:
        return None
    named = [p for p in paths if f"{p}:" in message or f"'{p}'" in message]
    return max(named, key=len) if named else min(paths, key=len)
