"""Competency coverage and the level verdict, decided by the catalog's level rules (data)."""

from __future__ import annotations

from statistics import fmean

from panelist.catalog.loader import Catalog
from panelist.catalog.models import CompetencyGroup, LevelRule, RoleProfile
from panelist.reports.models import (
    CompetencyCoverage,
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
                status=status,
                mean_score=mean,
                questions=[q.number for q in scored],
                strongest=_quote(max(scored, key=_rank)) if scored else None,
                weakest=_quote(min(scored, key=_rank)) if len(scored) > 1 else None,
            )
        )
    return rows


def _rank(question: QuestionEntry) -> tuple[float, int]:
    return (question.score or 0.0, -question.number)


def _quote(question: QuestionEntry) -> EvidenceQuote:
    """The question's first credited quote (its strongest words) and what it missed."""
    quote = next((c.quotes[0] for c in question.credited if c.quotes), None)
    return EvidenceQuote(
        question_number=question.number,
        score=question.score,
        quote=quote,
        missed=list(question.missed),
    )


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
    rules = sorted(catalog.level_rules.values(), key=lambda r: r.rank)
    met = [r for r in rules if rule_met(r, rows, catalog)]
    best = met[-1] if met else None
    target_id = role.interview.target_level.value if role else (rules[0].id.value if rules else "")
    target = catalog.level_rules.get(target_id)
    threshold = target.evidence_threshold if target else DEFAULT_THRESHOLD
    evidenced = sorted(_evidenced(rows, threshold))
    missing, not_assessed, notes = _shortfall(target, rows, catalog, set(evidenced))
    name = best.name if best else (f"below {rules[0].name}" if rules else "no level rules")
    meets = best is not None and target is not None and best.rank >= target.rank
    return LevelVerdict(
        level=best.id.value if best else None,
        name=name,
        target=target_id,
        target_name=target.name if target else target_id,
        meets_target=meets,
        threshold=threshold,
        evidenced=evidenced,
        missing=[] if meets else missing,
        missing_names=[] if meets else [_name(catalog, c) for c in missing],
        not_assessed=[] if meets else not_assessed,
        notes=notes,
    )


def _shortfall(
    target: LevelRule | None, rows: list[CompetencyCoverage], catalog: Catalog, evidenced: set[str]
) -> tuple[list[str], list[str], list[str]]:
    if target is None:
        return [], [], ["the role names no target level rule"]
    core = [c.id for c in catalog.core_competencies()]
    needed = _needs(target, catalog)
    have = len(evidenced & set(core))
    asked = {r.id for r in rows if r.status != "not assessed"}
    notes = [
        f"{target.name} needs {needed} of {len(core)} core tenets at a mean of "
        f"{target.evidence_threshold:g}/5 or more; {have} evidenced."
    ]
    missing = [c for c in core if c not in evidenced] if have < needed else []
    for leader in target.required_leadership:
        if leader not in evidenced:
            missing.append(leader)
    if target.required_leadership:
        notes.append(f"It also needs: {', '.join(target.required_leadership)}.")
    not_assessed = [c for c in missing if c not in asked]
    return missing, not_assessed, notes
