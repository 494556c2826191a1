"""Structural distance between roles and its 3-state match band."""

from __future__ import annotations

import pytest

from panelist.catalog.adjacency import adjacent_roles, band, distance
from panelist.catalog.loader import Catalog, builtin_catalog_dir, load_layer, merge
from panelist.catalog.models import RoleProfile
from panelist.catalog.problems import ProblemSink


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return merge([load_layer(builtin_catalog_dir(), ProblemSink(collect=True))])


def variant(
    role: RoleProfile, *, function: str | None = None, level: int | None = None
) -> RoleProfile:
    """The same role moved to another function and/or level."""
    raw = role.model_dump(mode="json")
    if function is not None:
        raw["taxonomy"]["function"] = function
        raw["code"] = "XFUN.GEN." + raw["level"]["code"]
    if level is not None:
        raw["level"]["code"] = f"P{level}"
        raw["code"] = raw["code"].rsplit(".", 1)[0] + f".P{level}"
    return RoleProfile.model_validate(raw)


@pytest.mark.parametrize(
    ("a", "b", "expected", "expected_band"),
    [
        ("SRES.GEN.P5", "SRES.GEN.P5", 0.0, "strong"),
        ("SRES.GEN.P5", "SRES.GEN.P4", 0.1333, "strong"),  # 0.4 * 1/3
        ("SRES.GEN.P5", "PLAT.GEN.P5", 0.2, "strong"),  # 0.6 * 1/3: sibling specialty
        ("SRES.GEN.P5", "SRES.GEN.P3", 0.2667, "partial"),  # 0.4 * 2/3
        ("SRES.GEN.P3", "PLAT.GEN.P5", 0.4667, "partial"),  # 0.2 + 0.2667
        ("SRES.GEN.P5", "SWEB.GEN.P5", 0.4, "partial"),  # 0.6 * 2/3: other family
        ("SRES.GEN.P2", "SRES.GEN.P6", 0.4, "partial"),  # level distance caps at 1
        ("SRES.GEN.P5", "SWEB.GEN.P3", 0.6667, "weak"),  # 0.4 + 0.2667
        ("SRES.GEN.P2", "SWEB.GEN.P5", 0.8, "weak"),  # 0.4 + 0.4
    ],
)
def test_distance_and_band(
    catalog: Catalog, a: str, b: str, expected: float, expected_band: str
) -> None:
    d = distance(catalog.role(a), catalog.role(b))
    assert d == pytest.approx(expected, abs=1e-4)
    assert d == distance(catalog.role(b), catalog.role(a))
    assert band(d) == expected_band


def test_another_function_three_levels_apart_is_the_maximum(catalog: Catalog) -> None:
    p5 = catalog.role("SRES.GEN.P5")
    far = variant(p5, function="finance", level=2)
    assert distance(p5, far) == 1.0
    assert distance(p5, variant(p5, function="finance")) == 0.6
    assert band(1.0) == "weak"


def test_band_edges() -> None:
    assert [band(x) for x in (0.25, 0.2501, 0.5, 0.5001)] == [
        "strong",
        "partial",
        "partial",
        "weak",
    ]


def test_adjacent_roles_are_nearest_first_and_keep_curated_ones(catalog: Catalog) -> None:
    found = adjacent_roles(catalog, "SRES.GEN.P5", limit=3)
    assert [(a.role.code, a.distance, a.band) for a in found] == [
        ("SRES.GEN.P4", 0.1333, "strong"),
        ("SRES.GEN.P6", 0.1333, "strong"),
        ("PLAT.GEN.P5", 0.2, "strong"),
    ]
    assert found[2].curated
    tight = adjacent_roles(catalog, "SRES.GEN.P3", limit=1)
    assert [a.role.code for a in tight] == ["SRES.GEN.P2", "PLAT.GEN.P3"]  # curated kept
    everything = adjacent_roles(catalog, "SWEB.GEN.P3", limit=None)
    assert len(everything) == len(catalog.roles) - 1
    assert [a.distance for a in everything] == sorted(a.distance for a in everything)
