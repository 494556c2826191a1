"""Load the catalog: the built-in YAML, then a user directory that extends or overrides it by id.

Directory layout (the same for the built-in data and a user's catalog)::

    competencies.yaml      {competencies: [...], level_rules: [...]}
    roles/*.yaml           one role profile per file (or {roles: [...]})
    questions/*.yaml       {questions: [...]}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from panelist.catalog.models import (
    Competency,
    CompetencyGroup,
    LevelRule,
    Question,
    QuestionKind,
    RoleProfile,
)
from panelist.catalog.parsing import iter_items, read_yaml, validate
from panelist.catalog.problems import ProblemSink, Source
from panelist.errors import CatalogError, UnknownIdError


def builtin_catalog_dir() -> Path:
    """The directory of the catalog shipped inside the package."""
    return Path(str(resources.files("panelist.catalog") / "data"))


@dataclass
class Catalog:
    """Everything the interviewer draws from, keyed by id."""

    competencies: dict[str, Competency] = field(default_factory=dict)
    level_rules: dict[str, LevelRule] = field(default_factory=dict)
    roles: dict[str, RoleProfile] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)  # "question:ID" -> Source
    # "question:ID" / "role:CODE" -> version, for an organisation's items (built-ins have none)
    versions: dict[str, int] = field(default_factory=dict)

    def extended(
        self,
        roles: Iterable[tuple[RoleProfile, int]],
        questions: Iterable[tuple[Question, int]],
        *,
        origin: str,
    ) -> Catalog:
        """This catalog with an organisation's ``(item, version)`` pairs over it (by id).

        ``origin`` names where they came from in ``sources`` (``org:ACME``).
        """
        catalog = Catalog(
            dict(self.competencies),
            dict(self.level_rules),
            dict(self.roles),
            dict(self.questions),
            dict(self.sources),
            dict(self.versions),
        )
        for role, version in roles:
            catalog.roles[role.code] = role
            catalog.versions[f"role:{role.code}"] = version
            catalog.sources[f"role:{role.code}"] = Source(Path(f"{origin}/roles/{role.code}"), 1)
        for question, version in questions:
            catalog.questions[question.id] = question
            catalog.versions[f"question:{question.id}"] = version
            catalog.sources[f"question:{question.id}"] = Source(
                Path(f"{origin}/questions/{question.id}"), 1
            )
        return catalog

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


@dataclass
class Layer:
    """The items of one catalog directory (the built-in data, or a user's directory)."""

    directory: Path
    competencies: dict[str, Competency] = field(default_factory=dict)
    level_rules: dict[str, LevelRule] = field(default_factory=dict)
    roles: dict[str, RoleProfile] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def add(self, kind: str, key: str, item: Any, source: Source, sink: ProblemSink) -> None:
        """Add one item; the same id twice in one layer is a problem (the first one stays)."""
        ref = f"{kind}:{key}"
        first = self.sources.get(ref)
        if first is not None:
            sink.report(
                source,
                f"duplicate {kind} id {key!r} (first defined at {first})",
                "Give one of them a new id, or delete the copy. (A user catalog may override "
                "a built-in id; two definitions in the same catalog may not.)",
            )
            return
        getattr(self, _PLURALS[kind])[key] = item
        self.sources[ref] = source


_PLURALS = {
    "competency": "competencies",
    "level_rule": "level_rules",
    "role": "roles",
    "question": "questions",
}


def _load_competencies(path: Path, layer: Layer, sink: ProblemSink) -> None:
    doc = read_yaml(path, sink)
    if doc is None:
        return
    for raw, source in iter_items(doc, "competencies", sink, required=False):
        comp = validate(Competency, raw, source, sink)
        if comp is not None:
            layer.add("competency", comp.id, comp, source, sink)
    for raw, source in iter_items(doc, "level_rules", sink, required=False):
        rule = validate(LevelRule, raw, source, sink)
        if rule is not None:
            layer.add("level_rule", rule.id.value, rule, source, sink)


def _load_items(path: Path, key: str, layer: Layer, sink: ProblemSink) -> None:
    """Load the roles or questions of one file into ``layer``."""
    doc = read_yaml(path, sink)
    if doc is None:
        return
    for raw, source in iter_items(doc, key, sink):
        if key == "roles":
            role = validate(RoleProfile, raw, source, sink)
            if role is not None:
                layer.add("role", role.code, role, source, sink)
        else:
            question = validate(Question, raw, source, sink)
            if question is not None:
                layer.add("question", question.id, question, source, sink)


def load_layer(directory: Path, sink: ProblemSink) -> Layer:
    """Parse one catalog directory, reporting every problem to ``sink``."""
    layer = Layer(directory)
    comp_file = directory / "competencies.yaml"
    if comp_file.exists():
        _load_competencies(comp_file, layer, sink)
    for path in sorted((directory / "roles").glob("*.y*ml")):
        _load_items(path, "roles", layer, sink)
    for path in sorted((directory / "questions").glob("*.y*ml")):
        _load_items(path, "questions", layer, sink)
    return layer


def merge(layers: Iterable[Layer]) -> Catalog:
    """Stack layers: a later layer extends the earlier ones and overrides them by id."""
    catalog = Catalog()
    for layer in layers:
        catalog.competencies.update(layer.competencies)
        catalog.level_rules.update(layer.level_rules)
        catalog.roles.update(layer.roles)
        catalog.questions.update(layer.questions)
        catalog.sources.update(layer.sources)
    return catalog


def check_directory(directory: Path) -> None:
    """Raise a CatalogError that says how to fix it when ``directory`` is not a directory."""
    if not directory.is_dir():
        raise CatalogError(
            f"The catalog directory {directory} does not exist.",
            hint="Point PANELIST_CATALOG_PATH or --catalog at a directory holding "
            "competencies.yaml, roles/ or questions/.",
        )


def load_layers(extra: Path | None, sink: ProblemSink, *, standalone: bool = False) -> list[Layer]:
    """The built-in layer (unless ``standalone``), then ``extra`` over it."""
    layers = [] if standalone else [load_layer(builtin_catalog_dir(), sink)]
    if extra is not None:
        check_directory(extra)
        layers.append(load_layer(extra, sink))
    return layers


def load_catalog(extra: Path | None = None) -> Catalog:
    """The built-in catalog, extended or overridden by id with the YAML under ``extra``.

    Strict: the first YAML, schema or duplicate-id problem raises a CatalogError naming its
    ``file:line``. Cross-references (unknown competencies, coverage) are checked by
    ``panelist catalog check`` (:mod:`panelist.catalog.check`), not here.
    """
    if extra is not None:
        check_directory(extra)
    return _load_cached(extra.resolve() if extra is not None else None)


@cache
def _load_cached(extra: Path | None) -> Catalog:
    return merge(load_layers(extra, ProblemSink(collect=False)))
