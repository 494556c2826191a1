"""Plan an interview: which questions, in what order, and why.

The plan always opens with one intro question, then 1-2 project deep-dives, then
technical, scenario and behavioural questions, the candidate's own questions and a close.
The scored questions are chosen by weighted greedy set cover: each round takes the
question with the most *uncovered* required-competency weight per minute; once every
required competency that any question evidences is covered, remaining time buys depth
(a second question on the heaviest competencies). A seeded RNG only breaks ties, so the
same catalog, role, level, budget and seed always give the same plan.

A plan always holds at least one technical (or scenario) question, even when the budget has
no room left for one after the intro, the deep-dive and the candidate's questions. The plan's
``warnings`` tell the recruiter when the budget cannot cover the level's required
competencies (which are left out, and about how many minutes would cover them) or when the
plan runs over the budget to keep a technical question.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from panelist.catalog.loader import Catalog
from panelist.catalog.models import Question, QuestionKind, RoleProfile
from panelist.errors import CatalogError
from panelist.interview.state import Plan, PlanItem

BODY_KINDS = (QuestionKind.TECHNICAL, QuestionKind.SCENARIO, QuestionKind.BEHAVIOURAL)
TECHNICAL_KINDS = (QuestionKind.TECHNICAL, QuestionKind.SCENARIO)
MAX_BUDGET = 240.0  # minutes: the longest interview Settings allow (for "would need N min")
DEPTH_FACTOR = 0.3  # a competency already covered is worth this share of its weight again
MAX_PROJECT_QUESTIONS = 2
SECOND_PROJECT_MIN_BUDGET = 40.0
KIND_VARIETY = 1.25  # a question of a kind not yet in the plan is worth this much more  # minutes: shorter interviews get one deep-dive


@dataclass(frozen=True)
class Candidate:
    """A question the planner may pick, with the random tie-breaker drawn for it."""

    question: Question
    tie: float


def plan_interview(
    catalog: Catalog,
    role: RoleProfile,
    level: str,
    *,
    budget_minutes: float,
    seed: int,
) -> Plan:
    """The plan for ``role`` at ``level`` within ``budget_minutes`` (deterministic for ``seed``)."""
    rng = random.Random(seed)
    weights = {c: role.interview.weights.get(c, 1.0) for c in role.interview.competencies}
    intro = _pick_one(catalog, level, QuestionKind.INTRO, rng)
    asks = _pick_one(catalog, level, QuestionKind.CANDIDATE_QUESTIONS, rng)
    close = _pick_one(catalog, level, QuestionKind.CLOSE, rng)
    fixed_minutes = sum(q.time_budget_minutes for q in (intro, asks, close))
    chooser = _Chooser(weights, budget_minutes - fixed_minutes)

    projects = _shuffled(catalog.questions_for(level=level, kinds=[QuestionKind.PROJECT]), rng)
    deep_dive_kind = QuestionKind.PROJECT
    if not projects:  # no project question suits this level: a behavioural one takes its place
        projects = _shuffled(
            catalog.questions_for(level=level, kinds=[QuestionKind.BEHAVIOURAL]), rng
        )
        deep_dive_kind = QuestionKind.BEHAVIOURAL
    wanted_projects = MAX_PROJECT_QUESTIONS if budget_minutes >= SECOND_PROJECT_MIN_BUDGET else 1
    project_items = chooser.take(projects, limit=wanted_projects, force_first=True)
    if deep_dive_kind is QuestionKind.BEHAVIOURAL:
        project_items = [_as_deep_dive(item) for item in project_items]

    body = _shuffled(catalog.questions_for(level=level, kinds=BODY_KINDS), rng)
    body = [c for c in body if c.question.id not in {i.question_id for i in project_items}]
    body_items = chooser.take(body, limit=None, force_first=False)
    forced = None
    if not any(item.kind in TECHNICAL_KINDS for item in body_items):
        technical = [c for c in body if c.question.kind in TECHNICAL_KINDS]
        forced_items = chooser.take(technical, limit=1, force_first=True)
        body_items += forced_items
        forced = forced_items[0] if forced_items else None
    body_items.sort(key=lambda i: (BODY_KINDS.index(i.kind), -i.priority))

    items = [
        _fixed_item(intro, "opens the interview; the answer names the project for the deep-dive"),
        *project_items,
        *body_items,
        _fixed_item(asks, "the candidate's own questions, answered from the role profile"),
        _fixed_item(close, "closes the interview and explains the next steps"),
    ]
    uncovered = [c for c in role.interview.competencies if c not in chooser.covered]
    warnings = []
    total = sum(item.minutes for item in items)
    if forced is not None and total > budget_minutes:
        warnings.append(
            f"No technical question fits in {budget_minutes:g} minutes after the intro, the "
            f"project deep-dive and the candidate's questions; the plan keeps one anyway "
            f"({forced.question_id}, {forced.minutes:g} min), so it needs about {total:g} "
            "minutes."
        )
    if uncovered:
        warnings.append(_uncovered_warning(catalog, role, level, seed, budget_minutes, uncovered))
    return Plan(
        role_code=role.code,
        level=level,
        seed=seed,
        budget_minutes=budget_minutes,
        items=items,
        uncovered=uncovered,
        warnings=warnings,
    )


def _uncovered_warning(
    catalog: Catalog,
    role: RoleProfile,
    level: str,
    seed: int,
    budget_minutes: float,
    uncovered: list[str],
) -> str:
    """Which required competencies are left out, and about how long would cover them."""
    names = ", ".join(_competency_name(catalog, c) for c in uncovered)
    text = (
        f"A {budget_minutes:g}-minute interview cannot cover every competency {level} "
        f"requires; left out: {names}."
    )
    if budget_minutes >= MAX_BUDGET:
        return text
    roomy = plan_interview(catalog, role, level, budget_minutes=MAX_BUDGET, seed=seed)
    never = [c for c in uncovered if c in roomy.uncovered]
    coverable = [c for c in uncovered if c not in roomy.uncovered]
    if coverable:
        minutes = _minutes_to_cover(roomy, set(role.interview.competencies) - set(never))
        text += f" About {minutes:g} minutes would cover " + (
            "them."
            if not never
            else f"{', '.join(_competency_name(catalog, c) for c in coverable)}."
        )
    if never:
        text += (
            " No question in the catalog evidences "
            f"{', '.join(_competency_name(catalog, c) for c in never)} at {level}."
        )
    return text


def _minutes_to_cover(plan: Plan, wanted: set[str]) -> float:
    """The minutes of ``plan`` up to the item that covers the last of ``wanted``, plus the
    candidate's questions and the close (the items that add only depth are not counted)."""
    covered: set[str] = set()
    minutes = 0.0
    for item in plan.items:
        adds = (set(item.competencies) & wanted) - covered
        if adds or item.kind not in BODY_KINDS:
            minutes += item.minutes
        covered |= adds
    return minutes


def _competency_name(catalog: Catalog, competency: str) -> str:
    found = catalog.competencies.get(competency)
    return found.name if found is not None else competency


class _Chooser:
    """Greedy weighted set cover with minutes as cost, shared by the project and body rounds."""

    def __init__(self, weights: dict[str, float], minutes: float) -> None:
        self.weights = weights
        self.minutes_left = minutes
        self.covered: set[str] = set()

    def gain(self, question: Question) -> float:
        total = 0.0
        for comp in question.competencies:
            weight = self.weights.get(comp, 0.0)
            total += weight * (DEPTH_FACTOR if comp in self.covered else 1.0)
        return total

    def adds_coverage(self, question: Question) -> bool:
        """Covers a required competency nothing chosen so far covers (cover first, depth after)."""
        return any(c in self.weights and c not in self.covered for c in question.competencies)

    def value(self, question: Question, chosen: list[PlanItem]) -> float:
        """Gain per minute, nudged towards a kind not asked yet (a mix of question kinds)."""
        ratio = self.gain(question) / question.time_budget_minutes
        new_kind = all(item.kind is not question.kind for item in chosen)
        return ratio * (KIND_VARIETY if new_kind else 1.0)

    def take(
        self, pool: list[Candidate], *, limit: int | None, force_first: bool
    ) -> list[PlanItem]:
        chosen: list[PlanItem] = []
        left = list(pool)
        while left and (limit is None or len(chosen) < limit):
            fitting = [c for c in left if c.question.time_budget_minutes <= self.minutes_left]
            if force_first and not chosen and not fitting:
                fitting = left  # the deep-dive is part of every interview, even a short one
            useful = [
                c for c in fitting if self.gain(c.question) > 0 or (force_first and not chosen)
            ]
            if not useful:
                break
            widening = [c for c in useful if self.adds_coverage(c.question)]
            best = max(widening or useful, key=lambda c: (self.value(c.question, chosen), c.tie))
            left.remove(best)
            chosen.append(self._record(best.question))
        return chosen

    def _record(self, question: Question) -> PlanItem:
        new = [c for c in question.competencies if c in self.weights and c not in self.covered]
        depth = [c for c in question.competencies if c in self.weights and c in self.covered]
        gain = self.gain(question)
        self.covered.update(new)
        self.minutes_left -= question.time_budget_minutes
        return PlanItem(
            question_id=question.id,
            kind=question.kind,
            competencies=list(question.competencies),
            minutes=question.time_budget_minutes,
            reason=_reason(new, depth, gain, question.time_budget_minutes),
            priority=round(gain / question.time_budget_minutes, 4),
        )


def _reason(new: list[str], depth: list[str], gain: float, minutes: float) -> str:
    parts = []
    if new:
        parts.append(f"covers {', '.join(new)}")
    if depth:
        parts.append(f"adds depth on {', '.join(depth)}")
    if not parts:
        parts.append("evidences no required competency; the deep-dive is always asked")
    return f"{'; '.join(parts)} (weight {gain:g}); {minutes:g} min"


def _as_deep_dive(item: PlanItem) -> PlanItem:
    return item.model_copy(
        update={
            "kind": QuestionKind.PROJECT,
            "reason": item.reason + "; asked as the project deep-dive (no project question "
            "in the catalog suits this level)",
        }
    )


def _fixed_item(question: Question, why: str) -> PlanItem:
    return PlanItem(
        question_id=question.id,
        kind=question.kind,
        competencies=list(question.competencies),
        minutes=question.time_budget_minutes,
        reason=f"{why}; {question.time_budget_minutes:g} min",
    )


def _shuffled(questions: Iterable[Question], rng: random.Random) -> list[Candidate]:
    ordered = sorted(questions, key=lambda q: q.id)
    return [Candidate(q, rng.random()) for q in ordered]


def _pick_one(catalog: Catalog, level: str, kind: QuestionKind, rng: random.Random) -> Question:
    pool = sorted(catalog.questions_for(level=level, kinds=[kind]), key=lambda q: q.id)
    if not pool:
        raise CatalogError(
            f"The catalog has no {kind.value} question for level {level}.",
            hint=f"Add a question with kind: {kind.value} and {level} in its levels, then run "
            "`panelist catalog check`.",
        )
    return rng.choice(pool)
