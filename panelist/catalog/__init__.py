"""The catalog: competencies and level rules (seed 000), role profiles (seed 002), questions.

YAML under ``data/`` validated by :mod:`panelist.catalog.models`, loaded by
:func:`load_catalog` and checked as a whole by :func:`check_catalog`
(``panelist catalog check``). See docs/catalog.md.
"""

from __future__ import annotations

from panelist.catalog.adjacency import adjacent_roles, distance
from panelist.catalog.check import CheckReport, check_catalog
from panelist.catalog.loader import Catalog, builtin_catalog_dir, load_catalog

__all__ = [
    "Catalog",
    "CheckReport",
    "adjacent_roles",
    "builtin_catalog_dir",
    "check_catalog",
    "distance",
    "load_catalog",
]
