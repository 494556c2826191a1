"""How near two roles are, from their structural coordinates alone.

A role sits at a point given by its taxonomy (function > family > specialty) and its level
number (P1-P6 -> 1-6). The distance between two roles is::

    d = 0.6 * taxonomy_distance + 0.4 * level_distance

    taxonomy_distance = 0    same specialty (same function and family too)
                        1/3  same family, different specialty
                        2/3  same function, different family
                        1    different function
    level_distance    = min(|level_a - level_b| / 3, 1)

so ``d`` runs from 0 (the same role) to 1 (another function, three or more levels apart).
Taxonomy weighs more than level because a change of discipline needs new knowledge, while a
change of level within a discipline is the ordinary career path. Three levels apart counts as
fully different in level: a P2 and a P5 do different jobs even in the same specialty.

The match band turns ``d`` into three states::

    strong   d <= 0.25   same specialty up to 1 level apart (0.13), or a sibling specialty
                         at the same level (0.20): a candidate moves with little retraining
    partial  d <= 0.50   same specialty 2-3 levels apart (0.27, 0.40), a sibling specialty
                         1 level apart (0.33), or another family of the same function at the
                         same level (0.40): transferable, with gaps to assess
    weak     d >  0.50   anything further: a different job
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from panelist.catalog.loader import Catalog
from panelist.catalog.models import RoleProfile

Band = Literal["strong", "partial", "weak"]

TAXONOMY_WEIGHT = 0.6
LEVEL_WEIGHT = 0.4
LEVEL_SPAN = 3
STRONG_MAX = 0.25
PARTIAL_MAX = 0.50


def taxonomy_distance(a: RoleProfile, b: RoleProfile) -> float:
    """0 same specialty, 1/3 same family, 2/3 same function, 1 otherwise."""
    ta, tb = a.taxonomy, b.taxonomy
    if ta.function != tb.function:
        return 1.0
    if ta.family != tb.family:
        return 2 / 3
    if ta.specialty != tb.specialty:
        return 1 / 3
    return 0.0


def level_distance(a: RoleProfile, b: RoleProfile) -> float:
    """``min(|ΔP| / 3, 1)``."""
    return min(abs(a.level_number - b.level_number) / LEVEL_SPAN, 1.0)


def distance(a: RoleProfile, b: RoleProfile) -> float:
    """Structural distance 0 -> 1 between two roles (see the module docstring)."""
    d = TAXONOMY_WEIGHT * taxonomy_distance(a, b) + LEVEL_WEIGHT * level_distance(a, b)
    return round(d, 4)


def band(d: float) -> Band:
    """The 3-state match band of a distance."""
    if d <= STRONG_MAX:
        return "strong"
    return "partial" if d <= PARTIAL_MAX else "weak"


@dataclass(frozen=True)
class Adjacent:
    """A neighbouring role, how far it is, and its band. ``curated``: listed in the profile."""

    role: RoleProfile
    distance: float
    band: Band
    curated: bool = False


def adjacent_roles(catalog: Catalog, code: str, limit: int | None = 5) -> list[Adjacent]:
    """The roles nearest to ``code``, nearest first (ties by code).

    Roles the profile lists under ``adjacent_roles`` are always included, even beyond
    ``limit``; unknown curated codes are skipped here and reported by ``catalog check``.
    """
    role = catalog.role(code)
    curated = set(role.adjacent_roles)
    found = [
        Adjacent(other, d, band(d), other.code in curated)
        for other in catalog.roles.values()
        if other.code != code
        for d in (distance(role, other),)
    ]
    found.sort(key=lambda a: (a.distance, a.role.code))
    if limit is None:
        return found
    head = found[:limit]
    return head + [a for a in found[limit:] if a.curated]
