"""What every command can reach: settings built once, and the catalog they point to."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import typer

from panelist.catalog.loader import Catalog, load_catalog
from panelist.config import Settings, load_settings


@dataclass
class CliState:
    settings_overrides: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def settings(self) -> Settings:
        return load_settings(**self.settings_overrides)

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog(self.settings.catalog_path)


def state(ctx: typer.Context) -> CliState:
    """The CliState of this invocation (built by the root callback)."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):  # invoked without the root callback (tests)
        obj = CliState()
        ctx.find_root().obj = obj
    return obj
