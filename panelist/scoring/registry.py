"""Scorers by name. Built-ins are registered exactly like third-party ones.

A package adds a scorer with an entry point in the group ``panelist.scorers``
whose object is a :data:`ScorerFactory` (``Settings -> Scorer``)::

    [project.entry-points."panelist.scorers"]
    myscorer = "my_pkg.scoring:factory"

panelist's own ``embedded`` (and, when installed, ``llm``) come through the same
group from its pyproject.toml. A source checkout without installed metadata
falls back to the same factories listed in :data:`BUILTIN_ENTRY_POINTS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points

from panelist.config import Settings
from panelist.errors import ConfigurationError
from panelist.scoring.types import Scorer

ScorerFactory = Callable[[Settings], Scorer]
GROUP = "panelist.scorers"
# The values of panelist's own entry points (pyproject.toml), for uninstalled checkouts.
BUILTIN_ENTRY_POINTS: dict[str, str] = {
    "embedded": "panelist.scoring.embedded:factory",
    "llm": "panelist.scoring.llm_judge:factory",
}


def _load(value: str) -> ScorerFactory:
    module, _, attribute = value.partition(":")
    factory: ScorerFactory = getattr(importlib.import_module(module), attribute)
    return factory


def scorer_names() -> list[str]:
    """Every scorer that can be built, installed through entry points or built in."""
    names = {ep.name for ep in entry_points(group=GROUP)} | set(BUILTIN_ENTRY_POINTS)
    return sorted(names)


def scorer_factory(name: str) -> ScorerFactory:
    for ep in entry_points(group=GROUP):
        if ep.name == name:
            factory: ScorerFactory = ep.load()
            return factory
    if name in BUILTIN_ENTRY_POINTS:
        return _load(BUILTIN_ENTRY_POINTS[name])
    raise ConfigurationError(
        f"There is no scorer {name!r}.",
        hint=f"Known scorers: {', '.join(scorer_names())}. "
        f"A plugin adds one through the {GROUP!r} entry point group.",
    )


def get_scorer(name: str, settings: Settings) -> Scorer:
    """Build the scorer called ``name`` for ``settings``."""
    scorer = scorer_factory(name)(settings)
    if not isinstance(scorer, Scorer):
        raise ConfigurationError(
            f"The scorer factory {name!r} returned {type(scorer).__name__}, not a Scorer.",
            hint="A scorer has id, version and score(answer, question, context).",
        )
    return scorer
