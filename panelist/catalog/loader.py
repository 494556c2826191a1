"""Load the catalog: the built-in YAML, then a user's directory that extends or overrides it by id.

Directory layout (the same for the built-in data and a user's catalog)::

    competencies.yaml      {competencies: [...], level_rules: [...]}
    roles/*.yaml           one role profile per file (or {roles: [...]})
    questions/*.yaml       {questions: [...]}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from panelist.catalog.models import (
    Competency,
    CompetencyGroup,
    LevelRule,
    Question,
    QuestionKind,
    RoleProfile,
)
from panelist.errors import CatalogError, UnknownIdError


def builtin_catalog_dir() -> Path:
    """The directory of the catalog shipped inside the package."""
    return Path(str(resources.files("panelist.catalog") / "data"))


@dataclass(frozen=True)
class Source:
    """Where an item came from, for error messages (``file:line``)."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Catalog:
    """Everything the interviewer draws from, keyed by id."""

    competencies: dict[str, Competency] = field(default_factory=dict)
    level_rules: dict[str, LevelRule] = field(default_factory=dict)
    roles: dict[str, RoleProfile] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)  # "question:ID" -> Source

    # ---- look-ups that say what exists when they fail
    def role(self, code: str) -> RoleProfile:
        try:
            return self.roles[code]
        except KeyError:
            raise UnknownIdError("role", code, list(self.roles)) from None

    def question(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise UnknownIdError("question", question_id, list(self.questions)) from None

    def competency(self, competency_id: str) -> Competency:
        try:
            return self.competencies[competency_id]
        except KeyError:
            raise UnknownIdError("competency", competency_id, list(self.competencies)) from None

    def core_competencies(self) -> list[Competency]:
        return [c for c in self.competencies.values() if c.group is CompetencyGroup.CORE]

    def leadership_competencies(self) -> list[Competency]:
        return [c for c in self.competencies.values() if c.group is CompetencyGroup.LEADERSHIP]

    def questions_for(
        self,
        *,
        level: str | None = None,
        competency: str | None = None,
        kinds: Iterable[QuestionKind] | None = None,
    ) -> list[Question]:
        """Questions that suit ``level``, evidence ``competency`` and are of ``kinds``."""
        wanted = set(kinds) if kinds is not None else None
        return [
            q
            for q in self.questions.values()
            if (level is None or level in q.levels)
            and (competency is None or competency in q.competencies)
            and (wanted is None or q.kind in wanted)
        ]

    def role_for(self, code_or_family: str, level: str | None = None) -> RoleProfile:
        """A role by exact code, or by code with its level replaced (``SRES.GEN.P5`` + ``P3``)."""
        if level is not None:
            code = code_or_family.rsplit(".", 1)[0] + "." + level
            return self.role(code)
        return self.role(code_or_family)


def _line_index(text: str) -> dict[tuple[str, int], int]:
    """Map (top-level key, list index) to the 1-based line where that list item starts."""
    lines: dict[tuple[str, int], int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    lines[(str(key_node.value), i)] = item.start_mark.line + 1
    return lines


def read_yaml(path: Path) -> tuple[Any, dict[tuple[str, int], int]]:
    """Parse one YAML file; a syntax error becomes a CatalogError with ``file:line``."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogError(
            f"{path}:{line}: YAML syntax error: {problem}.",
            hint="Fix the indentation or quoting on that line.",
        ) from exc
    return data, _line_index(text)


def iter_items(path: Path, key: str) -> Iterator[tuple[dict[str, Any], Source]]:
    """Yield the raw mappings under ``key`` in one file (a role file may be a bare mapping)."""
    data, lines = read_yaml(path)
    if data is None:
        return
    if key == "roles" and isinstance(data, dict) and "roles" not in data:
        yield data, Source(path, 1)
        return
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise CatalogError(
            f"{path}:1: expected a mapping with a list under '{key}:'.",
            hint=f"Start the file with '{key}:' followed by '- ' items.",
        )
    for i, item in enumerate(data[key]):
        source = Source(path, lines.get((key, i), 1))
        if not isinstance(item, dict):
            raise CatalogError(f"{source}: each item under '{key}' must be a mapping.")
        yield item, source


def _validate(model: type[Any], raw: dict[str, Any], source: Source) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(item)"
        ident = raw.get("id") or raw.get("code") or "?"
        raise CatalogError(
            f"{source}: {model.__name__} {ident}: {where}: {first['msg']}.",
            hint=f"{len(exc.errors())} problem(s) in this item; see `panelist catalog check`.",
        ) from exc


def _load_dir(directory: Path, catalog: Catalog) -> None:
    comp_file = directory / "competencies.yaml"
    if comp_file.exists():
        for raw, source in iter_items(comp_file, "competencies"):
            comp = _validate(Competency, raw, source)
            catalog.competencies[comp.id] = comp
            catalog.sources[f"competency:{comp.id}"] = source
        data, lines = read_yaml(comp_file)
        for i, raw in enumerate((data or {}).get("level_rules", []) or []):
            source = Source(comp_file, lines.get(("level_rules", i), 1))
            rule = _validate(LevelRule, raw, source)
            catalog.level_rules[rule.id.value] = rule
            catalog.sources[f"level_rule:{rule.id.value}"] = source
    for path in sorted((directory / "roles").glob("*.y*ml")):
        for raw, source in iter_items(path, "roles"):
            role = _validate(RoleProfile, raw, source)
            catalog.roles[role.code] = role
            catalog.sources[f"role:{role.code}"] = source
    for path in sorted((directory / "questions").glob("*.y*ml")):
        for raw, source in iter_items(path, "questions"):
            question = _validate(Question, raw, source)
            catalog.questions[question.id] = question
            catalog.sources[f"question:{question.id}"] = source


def load_catalog(extra: Path | None = None) -> Catalog:
    """The built-in catalog, extended or overridden by id with the YAML under ``extra``."""
    if extra is not None and not extra.is_dir():
        raise CatalogError(
            f"The catalog directory {extra} does not exist.",
            hint="Point PANELIST_CATALOG_PATH or --catalog at a directory holding "
            "competencies.yaml, roles/ or questions/.",
        )
    return _load_cached(extra.resolve() if extra is not None else None)


@cache
def _load_cached(extra: Path | None) -> Catalog:
    catalog = Catalog()
    _load_dir(builtin_catalog_dir(), catalog)
    if extra is not None:
        _load_dir(extra, catalog)
    return catalog
