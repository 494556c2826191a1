"""Role profiles as Markdown and JSON, in the section order of the job architecture (seed 002).

Pure functions of the catalog: the CLI prints them, the web app may serve them.
"""

from __future__ import annotations

from typing import Any

from panelist.catalog.adjacency import Adjacent, adjacent_roles
from panelist.catalog.loader import Catalog
from panelist.catalog.models import CompetencyGroup, Component, RoleProfile

COMPONENT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("responsibilities", "Responsibilities"),
    ("tasks", "Tasks"),
    ("skills", "Skills"),
    ("knowledge", "Knowledge"),
    ("competencies", "Competencies"),
    ("qualifications", "Qualifications"),
)

ATTRIBUTE_LABELS: tuple[tuple[str, str], ...] = (
    ("scope", "Scope"),
    ("autonomy", "Autonomy"),
    ("complexity", "Complexity"),
    ("impact", "Impact"),
    ("decision_rights", "Decision rights"),
    ("leadership", "Leadership"),
    ("typical_experience", "Typical experience"),
)


def sorted_roles(catalog: Catalog) -> list[RoleProfile]:
    """Roles grouped by family, lowest level first."""
    return sorted(catalog.roles.values(), key=lambda r: (r.family_code, r.level_number))


def interview_mix(catalog: Catalog, role: RoleProfile) -> dict[str, int]:
    """How many core tenets and leadership skills the role's interview must evidence."""
    mix = {"core": 0, "leadership": 0}
    for cid in role.interview.competencies:
        comp = catalog.competencies.get(cid)
        if comp is not None:
            mix["core" if comp.group is CompetencyGroup.CORE else "leadership"] += 1
    return mix


def role_row(catalog: Catalog, role: RoleProfile) -> dict[str, Any]:
    """One line of ``panelist roles``."""
    return {
        "code": role.code,
        "title": role.title,
        "family": role.family_name,
        "level": role.level.code,
        "level_name": role.level.name,
        "aliases": len(role.title_aliases),
        "interview_competencies": list(role.interview.competencies),
        "interview_mix": interview_mix(catalog, role),
        "target_level": role.interview.target_level.value,
    }


def _adjacent_json(found: list[Adjacent]) -> list[dict[str, Any]]:
    return [
        {
            "code": a.role.code,
            "title": a.role.title,
            "distance": a.distance,
            "band": a.band,
            "curated": a.curated,
        }
        for a in found
    ]


def role_json(catalog: Catalog, code: str, *, limit: int = 5) -> dict[str, Any]:
    """The full profile plus its nearest roles."""
    role = catalog.role(code)
    data = role.model_dump(mode="json")
    data["adjacent"] = _adjacent_json(adjacent_roles(catalog, code, limit))
    return data


def _components(title: str, items: list[Component]) -> list[str]:
    lines = [f"### {title} ({len(items)})", ""]
    lines += [f"- {c.name} — {c.type.value}, {c.level}" for c in items]
    return [*lines, ""]


def _story(role: RoleProfile) -> list[str]:
    s = role.story
    return [
        "## The story of this role",
        "",
        f"**Who does this work.** {s.who.strip()}",
        "",
        "**The problem this role solves**",
        "",
        f"- The external problem: {s.external_problem.strip()}",
        f"- The internal problem: {s.internal_problem.strip()}",
        f"- Why it matters: {s.why_it_matters.strip()}",
        "",
        "**The plan**",
        "",
        *[f"- {step}" for step in s.plan],
        "",
        f"**What's at stake.** {s.at_stake.strip()}",
        "",
        f"**Success looks like.** {s.success.strip()}",
        "",
    ]


def _level(role: RoleProfile) -> list[str]:
    lines = [
        f"## Level — {role.level.code} — {role.level.name}",
        "",
        role.level.description.strip(),
        "",
        "| Attribute | |",
        "|---|---|",
    ]
    lines += [f"| {label} | {getattr(role.attributes, key)} |" for key, label in ATTRIBUTE_LABELS]
    return [*lines, ""]


def _adjacent(found: list[Adjacent]) -> list[str]:
    lines = [
        "## Adjacent roles",
        "",
        "Nearest roles by structural coordinates (level + taxonomy). Distance 0 → 1; "
        "each carries its 3-state match band.",
        "",
    ]
    if not found:
        return [*lines, "No other roles in the catalog.", ""]
    lines += ["| Code | Title | Distance | Band |", "|---|---|---|---|"]
    lines += [
        f"| {a.role.code} | {a.role.title} | {a.distance:.2f} | {a.band}"
        f"{' (curated)' if a.curated else ''} |"
        for a in found
    ]
    return [*lines, ""]


def _aliases(role: RoleProfile) -> list[str]:
    lines = ["## Title aliases", ""]
    if not role.title_aliases:
        return [*lines, "No title aliases recorded yet.", ""]
    lines += ["| Alias | Type | Confidence | Approved |", "|---|---|---|---|"]
    lines += [
        f"| {a.alias} | {a.type} | {a.band} {a.confidence:.2f} | {'yes' if a.approved else '—'} |"
        for a in role.title_aliases
    ]
    return [*lines, ""]


def _classifications(role: RoleProfile) -> list[str]:
    lines = ["## Classification mappings", ""]
    if not role.classifications:
        return [*lines, "No classification mappings recorded yet.", ""]
    lines += [
        f"- {c.system}: code={c.code} title={c.title} source={c.source} "
        f"reviewStatus={c.review_status}"
        for c in role.classifications
    ]
    return [*lines, ""]


def _interview(catalog: Catalog, role: RoleProfile) -> list[str]:
    bp = role.interview
    lines = [
        "## Interview blueprint",
        "",
        f"Target level: {bp.target_level.value}; {bp.duration_minutes} minutes.",
        "",
        "| Competency | Group | Weight |",
        "|---|---|---|",
    ]
    for cid in bp.competencies:
        comp = catalog.competencies.get(cid)
        group = comp.group.value if comp is not None else "unknown"
        name = comp.name if comp is not None else cid
        lines.append(f"| {name} (`{cid}`) | {group} | {bp.weights.get(cid, 1.0):g} |")
    return [*lines, ""]


def role_markdown(catalog: Catalog, code: str, *, limit: int = 5) -> str:
    """The profile as Markdown, sections in the order of seed 002."""
    role = catalog.role(code)
    outputs = [f"- {o}" for o in role.core_outputs] or ["No core outputs recorded yet."]
    lines = [
        f"# {role.title}",
        "",
        f"`{role.code}` · {role.family_name}",
        "",
        role.summary.strip(),
        "",
        *_story(role),
        *_level(role),
        "## Core outputs",
        "",
        *outputs,
        "",
        *_adjacent(adjacent_roles(catalog, code, limit)),
        "## Components",
        "",
    ]
    for key, title in COMPONENT_SECTIONS:
        lines += _components(title, getattr(role, key))
    lines += _aliases(role) + _classifications(role) + _interview(catalog, role)
    return "\n".join(lines).rstrip() + "\n"
