"""Read catalog YAML into validated models, reporting every problem with its ``file:line``.

This is the one parsing path shared by :func:`panelist.catalog.loader.load_catalog` (strict:
the first problem raises) and ``panelist catalog check`` (collecting: every problem is
reported and parsing goes on with the next item).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from panelist.catalog.models import Question, RoleProfile
from panelist.catalog.problems import ProblemSink, Source, YamlPath

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file and the line of every node in it."""

    path: Path
    data: Any
    lines: dict[YamlPath, int]

    def source(self, *prefix: str | int) -> Source:
        """The source of the node at ``prefix``, carrying the lines of the fields inside it."""
        n = len(prefix)
        fields = {loc[n:]: line for loc, line in self.lines.items() if loc[:n] == prefix}
        return Source(self.path, self.lines.get(prefix, 1), fields)


def _index_lines(node: yaml.Node, prefix: YamlPath, out: dict[YamlPath, int]) -> None:
    """Record the 1-based line of every mapping key and sequence item below ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            loc = (*prefix, str(key_node.value))
            out[loc] = key_node.start_mark.line + 1
            _index_lines(value_node, loc, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            loc = (*prefix, i)
            out[loc] = item.start_mark.line + 1
            _index_lines(item, loc, out)


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse once (with libyaml when available) into the data and the node tree with lines."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return data, root


def _error_line(exc: yaml.YAMLError) -> int:
    """The line where the broken construct starts (an unclosed quote), else where parsing failed."""
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else 1


def _describe(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None)
    if context and mark is not None:
        return f"{context}: {problem} (line {mark.line + 1})"
    return str(problem)


def _yaml_hint(exc: yaml.YAMLError) -> str:
    if "flow" in str(getattr(exc, "context", "")):
        return "Inside [ ] or { }, put values containing , : ? or # in quotes."
    return "Fix the indentation or quoting on that line (a value with ': ' or ' #' needs quotes)."


def read_yaml(path: Path, sink: ProblemSink) -> YamlDoc | None:
    """Parse one YAML file; a syntax error is reported with its line and gives ``None``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        sink.report(Source(path, 1), f"cannot read the file: {exc}", "Save it as UTF-8 text.")
        return None
    try:
        data, root = _parse(text)
    except yaml.YAMLError as exc:
        sink.report(
            Source(path, _error_line(exc)),
            f"YAML syntax error: {_describe(exc)}",
            _yaml_hint(exc),
        )
        return None
    lines: dict[YamlPath, int] = {(): 1}
    if root is not None:
        _index_lines(root, (), lines)
    return YamlDoc(path, data, lines)


def iter_items(
    doc: YamlDoc, key: str, sink: ProblemSink, *, required: bool = True
) -> Iterator[tuple[dict[str, Any], Source]]:
    """Yield the mappings listed under ``key`` (a role file may also be one bare mapping)."""
    data = doc.data
    if data is None:
        return
    if key == "roles" and isinstance(data, dict) and "roles" not in data:
        yield data, doc.source()
        return
    if not isinstance(data, dict) or not isinstance(data.get(key, []), list):
        sink.report(
            doc.source(),
            f"expected a mapping with a list under '{key}:'",
            f"Start the file with '{key}:' followed by '- ' items.",
        )
        return
    if key not in data:
        if required:
            sink.report(
                doc.source(), f"no '{key}:' list in this file", f"Add '{key}:' with '- ' items."
            )
        return
    for i, item in enumerate(data[key]):
        source = doc.source(key, i)
        if not isinstance(item, dict):
            sink.report(
                source,
                f"each item under '{key}' must be a mapping, got {type(item).__name__}",
                "Write the item as 'key: value' lines under its '- '.",
            )
            continue
        yield item, source


def _error_hint(model: type[BaseModel], error: ErrorDetails) -> str:
    field = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "missing":
        return f"Add '{field}' to this item."
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields) if len(error["loc"]) == 1 else "see the schema"
        return f"Remove '{field}' or fix its spelling (allowed fields: {allowed})."
    if model is Question and not error["loc"]:
        return (
            "Complete the rubric (reference_answer, 3-7 key_points, descriptors 1-5, "
            "red_flags, 1-3 follow_ups, competencies) or make it an unscored kind "
            "(intro, candidate_questions, close)."
        )
    if model is RoleProfile and not error["loc"]:
        return "Make the code's last part equal level.code."
    return f"Fix '{field or 'the item'}' (see docs/catalog.md for the schema)."


def validate(
    model: type[ModelT], raw: dict[str, Any], source: Source, sink: ProblemSink
) -> ModelT | None:
    """Validate one item; every schema error is reported at the line of its field."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        ident = raw.get("id") or raw.get("code") or "?"
        for error in exc.errors():
            loc = tuple(error["loc"])
            where = ".".join(str(p) for p in loc) or "(item)"
            message = error["msg"].removeprefix("Value error, ")
            sink.report(
                source.at(*loc),
                f"{model.__name__} {ident}: {where}: {message}",
                _error_hint(model, error),
            )
        return None
