"""Where a catalog item lives (``file:line``) and what is wrong with it.

The loader and the checker share one parsing path. Each problem found while parsing goes to
a :class:`ProblemSink`: in *strict* mode (``load_catalog``) the first problem raises
:class:`~panelist.errors.CatalogError`; in *collecting* mode (``panelist catalog check``)
every problem is kept and parsing carries on with the next item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from panelist.errors import CatalogError

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Source:
    """Where an item came from: a file, the line its item starts on, and its fields' lines.

    ``fields`` maps a path inside the item (``("key_points", 1, "weight")``) to its line, so
    a problem can point at the exact line of the field rather than the start of the item.
    """

    path: Path
    line: int
    fields: Mapping[YamlPath, int] = field(default_factory=dict, compare=False, repr=False)

    def at(self, *loc: str | int) -> Source:
        """The source of a field inside this item (its nearest located ancestor)."""
        for end in range(len(loc), 0, -1):
            line = self.fields.get(tuple(loc[:end]))
            if line is not None:
                return Source(self.path, line, self.fields)
        return self

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}"


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the catalog, and what to do about it."""

    source: Source
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message} — {self.hint}"


@dataclass
class ProblemSink:
    """Receives problems: raises on the first one (strict) or keeps them all (collecting)."""

    collect: bool = False
    problems: list[Problem] = field(default_factory=list)

    def report(self, source: Source, message: str, hint: str) -> None:
        problem = Problem(source, message, hint)
        if not self.collect:
            raise CatalogError(f"{source}: {message}.", hint=hint)
        self.problems.append(problem)
