"""Competency coverage and the level verdict, decided by the catalog's level rules (data)."""

from __future__ import annotations

from statistics import fmean

from panelist.catalog.loader import Catalog
from panelist.catalog.models import Competency, CompetencyGroup, LevelRule, RoleProfile
from panelist.reports.evidence import humanize
from panelist.reports.models import (
    CompetencyCoverage,
    Credit,
    EvidenceQuote,
    LevelVerdict,
    QuestionEntry,
)

DEFAULT_THRESHOLD = 3.0


def coverage(
    questions: list[QuestionEntry], catalog: Catalog, role: RoleProfile | None, threshold: float
) -> list[CompetencyCoverage]:
    """One row per competency the role requires or a question touched, in catalog order."""
    required = set(role.interview.competencies) if role else set()
    asked = {c for q in questions for c in q.competencies}
    rows: list[CompetencyCoverage] = []
    for competency in catalog.competencies.values():
        if competency.id not in required | asked:
            continue
        scored = [q for q in questions if competency.id in q.competencies and q.score is not None]
        mean = round(fmean(q.score for q in scored if q.score is not None), 2) if scored else None
        strong = _strongest(scored, competency, catalog)
        if competency.id not in asked:
            status = "not assessed"
        elif mean is None:
            status = "not scored"
        else:
            status = "evidenced" if mean >= threshold else "not evidenced"
        rows.append(
            CompetencyCoverage(
                id=competency.id,
                name=competency.name,
                group="core" if competency.group is CompetencyGroup.CORE else "leadership",
                required=competency.id in required,
                technical=competency.is_technical,
                status=status,
                mean_score=mean,
                questions=[q.number for q in scored],
                strongest=strong,
                weakest=_weakest(scored, strong, competency, catalog),
            )
        )
    return rows


def _strongest(
    scored: list[QuestionEntry], competency: Competency, catalog: Catalog
) -> EvidenceQuote | None:
    """The best-scored question's words credited for a point that evidences ``competency``;
    None when no credited point evidences it (the words of another point would mislead)."""
    quoted = [q for q in scored if _evidence(q, competency.id, catalog)[0]]
    best = max(quoted, key=_rank, default=None)
    return _quote(best, competency, catalog) if best is not None else None


def _weakest(
    scored: list[QuestionEntry],
    strong: EvidenceQuote | None,
    competency: Competency,
    catalog: Catalog,
) -> EvidenceQuote | None:
    """The lowest-scored question with points that evidence ``competency`` (credited or not),
    when it scored below the strongest (a "weakest" of 5.0/5 beside a strongest of 5.0/5 says
    nothing)."""
    bearing = [q for q in scored if any(_evidence(q, competency.id, catalog))]
    if strong is not None:
        bearing = [q for q in bearing if q.number != strong.question_number]
    low = min(bearing, key=_rank, default=None)
    if low is None:
        return None
    top = strong.score if strong is not None else max(q.score or 0.0 for q in bearing)
    if (low.score or 0.0) >= (top or 0.0):
        return None
    return _quote(low, competency, catalog)


def _rank(question: QuestionEntry) -> tuple[float, int]:
    return (question.score or 0.0, -question.number)


def _quote(question: QuestionEntry, competency: Competency, catalog: Catalog) -> EvidenceQuote:
    """The question's words credited for the heaviest point that evidences ``competency``,
    named by that point, and the points for it the question missed."""
    credited, missed = _evidence(question, competency.id, catalog)
    found = catalog.questions.get(question.question_id or "")
    weights = {k.id: k.weight for k in found.key_points} if found else {}
    best = max(credited, key=lambda c: weights.get(c.key_point, 0.0), default=None)
    return EvidenceQuote(
        question_number=question.number,
        score=question.score,
        quote=best.quotes[0] if best else None,
        point=best.label if best else None,
        missed=missed,
    )


def _evidence(
    question: QuestionEntry, competency_id: str, catalog: Catalog
) -> tuple[list[Credit], list[str]]:
    """The question's quoted credits and missed points (labels) for the key points that
    evidence ``competency_id`` (the catalog's ``KeyPoint.competency``; a question the catalog
    no longer holds: every point evidences its first competency)."""
    found = catalog.questions.get(question.question_id or "")
    if found is not None:
        points = found.points_for(competency_id)
        ids = {k.id for k in points}
        labels = [humanize(k.id) for k in points]
        missed = [m for m in question.missed if m in labels]
    elif question.competencies[:1] == [competency_id]:
        ids, missed = {c.key_point for c in question.credited}, list(question.missed)
    else:
        ids, missed = set(), []
    credited = [c for c in question.credited if c.quotes and c.key_point in ids]
    return credited, missed


def _name(catalog: Catalog, competency_id: str) -> str:
    found = catalog.competencies.get(competency_id)
    return found.name if found else competency_id.replace("_", " ")


def _evidenced(rows: list[CompetencyCoverage], threshold: float) -> set[str]:
    return {r.id for r in rows if r.mean_score is not None and r.mean_score >= threshold}


def _needs(rule: LevelRule, catalog: Catalog) -> int:
    core = len(catalog.core_competencies())
    return core if rule.min_core == "all" else min(int(rule.min_core), core)


def rule_met(rule: LevelRule, rows: list[CompetencyCoverage], catalog: Catalog) -> bool:
    """Whether the evidence meets ``rule`` and the rule it includes."""
    evidenced = _evidenced(rows, rule.evidence_threshold)
    core_ids = {c.id for c in catalog.core_competencies()}
    leadership_ids = {c.id for c in catalog.leadership_competencies()}
    if len(evidenced & core_ids) < _needs(rule, catalog):
        return False
    if not set(rule.required_leadership) <= evidenced:
        return False
    if len(evidenced & leadership_ids) < rule.min_leadership:
        return False
    included = catalog.level_rules.get(rule.includes.value) if rule.includes else None
    return included is None or rule_met(included, rows, catalog)


def verdict(
    rows: list[CompetencyCoverage], catalog: Catalog, role: RoleProfile | None
) -> LevelVerdict:
    """The highest level rule met, against the role's target: the target is met when its
    rule is met and every competency the role requires is evidenced (a P3 role asks for
    troubleshooting by name, not for any 5 of the 11 tenets)."""
    rules = sorted(catalog.level_rules.values(), key=lambda r: r.rank)
    met = [r for r in rules if rule_met(r, rows, catalog)]
    best = met[-1] if met else None
    target_id = role.interview.target_level.value if role else (rules[0].id.value if rules else "")
    target = catalog.level_rules.get(target_id)
    threshold = target.evidence_threshold if target else DEFAULT_THRESHOLD
    evidenced = sorted(_evidenced(rows, threshold))
    missing, notes = _shortfall(target, rows, catalog, set(evidenced))
    asked = {r.id for r in rows if r.status != "not assessed"}
    name = best.name if best else (f"below {rules[0].name}" if rules else "no level rules")
    name = ladder_name(name, role)
    reached = best is not None and target is not None and best.rank >= target.rank
    if reached:
        missing = []  # the rule is met: only the role's own requirements can be short
    order = [r.id for r in rows]
    for row in rows:
        if row.required and row.status != "evidenced" and row.id not in missing:
            missing.append(row.id)
    missing.sort(key=lambda c: order.index(c) if c in order else len(order))
    return LevelVerdict(
        level=best.id.value if best else None,
        name=name,
        target=target_id,
        target_name=ladder_name(target.name, role) if target else target_id,
        meets_target=reached and not missing,
        rule_met=reached,
        threshold=threshold,
        evidenced=evidenced,
        missing=missing,
        missing_names=[_name(catalog, c) for c in missing],
        not_assessed=[c for c in missing if c not in asked],
        notes=notes,
    )


SRE_SPECIALTY = "site_reliability"


def ladder_name(name: str, role: RoleProfile | None) -> str:
    """A level of the SRE ladder as a role outside SRE reads it: a staff backend engineer is
    "Experienced on the SRE ladder", never "Experienced SRE" (a hiring manager for a
    backend role read that as the wrong job)."""
    if role is None or role.taxonomy.specialty == SRE_SPECIALTY or not name.endswith(" SRE"):
        return name
    return f"{name.removesuffix(' SRE')} on the SRE ladder"


def _shortfall(
    target: LevelRule | None, rows: list[CompetencyCoverage], catalog: Catalog, evidenced: set[str]
) -> tuple[list[str], list[str]]:
    """What the target level's rule needs that is not evidenced, and a note on the rule."""
    if target is None:
        return [], ["the role names no target level rule"]
    core = [c.id for c in catalog.core_competencies()]
    needed = _needs(target, catalog)
    have = len(evidenced & set(core))
    notes = [
        f"{target.name} needs {needed} of {len(core)} core tenets at a mean of "
        f"{target.evidence_threshold:g}/5 or more; {have} evidenced."
    ]
    asked = {r.id for r in rows if r.status != "not assessed"}
    # a rule that takes any `needed` of the tenets needs none of the unasked ones in particular
    short = [c for c in core if c not in evidenced and (needed == len(core) or c in asked)]
    missing = short if have < needed else []
    for leader in target.required_leadership:
        if leader not in evidenced:
            missing.append(leader)
    if target.required_leadership:
        notes.append(f"It also needs: {', '.join(target.required_leadership)}.")
    return missing, notes
