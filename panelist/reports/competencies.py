"""Competency coverage and the level verdict, decided by the catalog's level rules (data)."""

from __future__ import annotations

from statistics import fmean

from panelist.catalog.loader import Catalog
from panelist.catalog.models import (
    Competency,
    CompetencyGroup,
    KeyPoint,
    LevelRule,
    RoleProfile,
)
from panelist.reports.models import (
    CompetencyCoverage,
    EvidenceQuote,
    LevelVerdict,
    QuestionEntry,
)
from panelist.scoring.text import content_stems

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
                technical=competency.is_technical,
                status=status,
                mean_score=mean,
                questions=[q.number for q in scored],
                strongest=_quote(max(scored, key=_rank), competency, catalog) if scored else None,
                weakest=_weakest(scored, competency, catalog),
            )
        )
    return rows


def _weakest(
    scored: list[QuestionEntry], competency: Competency, catalog: Catalog
) -> EvidenceQuote | None:
    """The lowest-scored question's words, when it scored below the strongest (a "weakest"
    of 5.0/5 beside a strongest of 5.0/5 says nothing)."""
    low, high = min(scored, key=_rank, default=None), max(scored, key=_rank, default=None)
    if low is None or high is None or (low.score or 0.0) >= (high.score or 0.0):
        return None
    return _quote(low, competency, catalog)


def _rank(question: QuestionEntry) -> tuple[float, int]:
    return (question.score or 0.0, -question.number)


def _quote(question: QuestionEntry, competency: Competency, catalog: Catalog) -> EvidenceQuote:
    """The question's credited words that bear most on ``competency``, named by the key point
    they evidence, and what the question missed.

    A question maps to several competencies and its points each evidence one part of the
    answer, so the quote is the one of the point whose words share most with the competency's
    definition and indicators (``_fit``); the point's label goes with it, so the reader sees
    what the words were credited for even when no point fits well."""
    quoted = [c for c in question.credited if c.quotes]
    found = catalog.questions.get(question.question_id or "")
    points = {k.id: k for k in found.key_points} if found else {}
    words = _competency_words(competency)
    best = max(quoted, key=lambda c: _fit(points.get(c.key_point), words), default=None)
    return EvidenceQuote(
        question_number=question.number,
        score=question.score,
        quote=best.quotes[0] if best else None,
        point=best.label if best else None,
        missed=list(question.missed),
    )


def _fit(point: KeyPoint | None, competency_words: set[str]) -> tuple[float, float]:
    """Share of the point's own words found in the competency's words, then the same share
    with the point's evidence phrases (so "alert" in a status-update point's phrases does not
    outweigh a point about the signals chosen); (0, 0) for a point the catalog does not hold.
    Earlier points win ties."""
    if point is None:
        return (0.0, 0.0)
    return (
        _share(point.text, competency_words),
        _share(" ".join([point.text, *point.evidence]), competency_words),
    )


def _share(text: str, competency_words: set[str]) -> float:
    words = set(content_stems(text))
    return len(words & competency_words) / len(words) if words else 0.0


def _competency_words(competency: Competency) -> set[str]:
    indicators = [line for lines in competency.indicators.values() for line in lines]
    return set(content_stems(" ".join([competency.name, competency.definition, *indicators])))


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
        target_name=target.name if target else target_id,
        meets_target=reached and not missing,
        rule_met=reached,
        threshold=threshold,
        evidenced=evidenced,
        missing=missing,
        missing_names=[_name(catalog, c) for c in missing],
        not_assessed=[c for c in missing if c not in asked],
        notes=notes,
    )


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
