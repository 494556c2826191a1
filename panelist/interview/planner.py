"""Plan an interview: which questions, in what order, and why.

The plan always opens with one intro question, then 1-2 project deep-dives, then
technical, scenario and behavioural questions, the candidate's own questions and a close.
The scored questions are chosen by weighted greedy set cover: each round takes the
question with the most *uncovered* required-competency weight per minute; once every
required competency that any question evidences is covered, remaining time buys depth
(a second question on the heaviest competencies). A seeded RNG only breaks ties, so the
same catalog, role, level, budget and seed always give the same plan.

**Rotation.** The greedy cover runs with ties broken by question id, so it is the same for
every seed; it fixes the plan's *slots*. Each slot is then filled by a seeded pick among
its equivalent questions (:func:`equivalents`): the same kind, the same first competency,
the same difficulty band (the band of the lowest level the question suits), no longer than
the slot, newly covering exactly the competencies the slot covers and nothing the plan does
not cover. So two candidates for the same opening get different questions, while the plan
covers the same competencies at the same difficulty within the same budget. Each item lists
the questions its slot rotates among (``alternatives``).

**Tailoring.** A job description weights up the competencies it stresses
(:func:`panelist.interview.tailoring.jd_emphasis`, recorded in ``Plan.emphasis``) and
prefers questions whose topic it names (``PlanItem.jd_topics``, :data:`TOPIC_BONUS`). A
pasted résumé gives the deep-dive the candidate's named projects and tools
(``Plan.resume``); the first project question opens on one of them.

A plan always holds at least one technical (or scenario) question, even when the budget has
no room left for one after the intro, the deep-dive and the candidate's questions. The plan's
``warnings`` tell the recruiter when the budget cannot cover the level's required
competencies (which are left out, and about how many minutes would cover them) or when the
plan runs over the budget to keep a technical question.

**Short budgets.** When a budget of at most :data:`SHORT_BUDGET` minutes leaves required
competencies out, the plan is *brief* if that covers more of them: every question is asked with
one follow-up at most (:data:`BRIEF_FOLLOW_UPS`) and counts for :data:`BRIEF_SHARE` of its
minutes, the intro and the candidate's questions are shortened (one question of theirs
answered), so more questions, one per competency, fit the time. The warning says so.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from panelist.catalog.loader import Catalog
from panelist.catalog.models import Question, QuestionKind, RoleProfile
from panelist.errors import CatalogError
from panelist.interview.state import Emphasis, Plan, PlanItem
from panelist.interview.tailoring import jd_emphasis, resume_highlights, topic_words

BODY_KINDS = (QuestionKind.TECHNICAL, QuestionKind.SCENARIO, QuestionKind.BEHAVIOURAL)
TECHNICAL_KINDS = (QuestionKind.TECHNICAL, QuestionKind.SCENARIO)
MAX_BUDGET = 240.0  # minutes: the longest interview Settings allow (for "would need N min")
DEPTH_FACTOR = 0.3  # a competency already covered is worth this share of its weight again
MAX_PROJECT_QUESTIONS = 2
SECOND_PROJECT_MIN_BUDGET = 40.0
SHORT_BUDGET = 30.0  # minutes: at most this long, a brief plan may take the standard one's place
BRIEF_FOLLOW_UPS = 1  # follow-ups per question in a brief plan
# A question is an answer and up to two follow-ups: with one follow-up it takes about 2/3 of
# its minutes (the intro and the candidate's questions likewise).
BRIEF_SHARE = 2 / 3
KIND_VARIETY = 1.25  # a question of a kind not yet in the plan is worth this much more
TOPIC_BONUS = 1.2  # a question on a topic the job description names is worth this much more
BANDS: dict[str, tuple[str, ...]] = {
    "P2-P3": ("P1", "P2", "P3"),
    "P4": ("P4",),
    "P5-P6": ("P5", "P6"),
}


@dataclass(frozen=True)
class Candidate:
    """A question the planner may pick, with its tie-breaker (the earlier id wins)."""

    question: Question
    tie: float
    topics: tuple[str, ...] = ()  # the job description's words naming its topic


@dataclass(frozen=True)
class Slot:
    """A place in the plan fixed by the greedy cover, before rotation fills it."""

    question: Question
    covered_before: frozenset[str]
    topics: tuple[str, ...]


def plan_interview(
    catalog: Catalog,
    role: RoleProfile,
    level: str,
    *,
    budget_minutes: float,
    seed: int,
    job_description: str | None = None,
    resume: str | None = None,
) -> Plan:
    """The plan for ``role`` at ``level`` within ``budget_minutes`` (deterministic for ``seed``).

    ``job_description`` weights up what it stresses; ``resume`` names the candidate's projects
    for the deep-dive. Neither text is kept in the plan, only what was read from it.
    """
    return _best_plan(catalog, role, level, budget_minutes, seed, job_description, resume)


def _best_plan(
    catalog: Catalog,
    role: RoleProfile,
    level: str,
    budget_minutes: float,
    seed: int,
    job_description: str | None,
    resume: str | None,
    *,
    estimate: bool = True,
) -> Plan:
    """The standard plan, or the brief one where that covers more (see the module's doc);
    ``estimate=False`` leaves "about N minutes would cover them" out of its warning."""
    args = (catalog, role, level, budget_minutes, seed, job_description, resume)
    standard = _plan(*args, estimate=estimate)
    coverable_out = standard.uncovered and budget_minutes < MAX_BUDGET
    if budget_minutes > SHORT_BUDGET or not coverable_out:
        return standard
    brief = _plan(*args, brief=True, estimate=estimate)
    fewer_out = len(brief.uncovered) < len(standard.uncovered)
    shorter = len(brief.uncovered) == len(standard.uncovered) and _total(brief) < _total(standard)
    fits = _total(brief) <= budget_minutes < _total(standard)  # not running over to fit one in
    return brief if fewer_out or shorter or fits else standard


def _total(plan: Plan) -> float:
    return sum(item.minutes for item in plan.items)


def _plan(
    catalog: Catalog,
    role: RoleProfile,
    level: str,
    budget_minutes: float,
    seed: int,
    job_description: str | None,
    resume: str | None,
    *,
    brief: bool = False,
    estimate: bool = True,
) -> Plan:
    """The plan (see :func:`plan_interview`); ``brief`` asks each question more briefly."""
    share = BRIEF_SHARE if brief else 1.0
    rng = random.Random(seed)
    jd = job_description or ""
    emphasis = jd_emphasis(catalog, role, jd) if jd.strip() else []
    weights = _weights(role, emphasis)
    intro = _pick_one(catalog, level, QuestionKind.INTRO, rng)
    asks = _pick_one(catalog, level, QuestionKind.CANDIDATE_QUESTIONS, rng)
    close = _pick_one(catalog, level, QuestionKind.CLOSE, rng)
    fixed_minutes = sum(_minutes(q, share) for q in (intro, asks)) + close.time_budget_minutes
    chooser = _Chooser(weights, budget_minutes - fixed_minutes, share)

    projects = _candidates(catalog.questions_for(level=level, kinds=[QuestionKind.PROJECT]), jd)
    deep_dive_kind = QuestionKind.PROJECT
    if not projects:  # no project question suits this level: a behavioural one takes its place
        projects = _candidates(
            catalog.questions_for(level=level, kinds=[QuestionKind.BEHAVIOURAL]), jd
        )
        deep_dive_kind = QuestionKind.BEHAVIOURAL
    wanted_projects = MAX_PROJECT_QUESTIONS if budget_minutes >= SECOND_PROJECT_MIN_BUDGET else 1
    project_slots = chooser.take(projects, limit=wanted_projects, force_first=True)

    taken = {slot.question.id for slot in project_slots}
    body = _candidates(catalog.questions_for(level=level, kinds=BODY_KINDS), jd)
    body = [c for c in body if c.question.id not in taken]
    body_slots = chooser.take(body, limit=None, force_first=False)
    forced = None
    if not any(slot.question.kind in TECHNICAL_KINDS for slot in body_slots):
        technical = [c for c in body if c.question.kind in TECHNICAL_KINDS]
        forced_slots = chooser.take(technical, limit=1, force_first=True)
        body_slots += forced_slots
        forced = forced_slots[0] if forced_slots else None

    rotation = _Rotation(chooser, projects + body, rng, [*project_slots, *body_slots])
    project_items = [rotation.fill(slot) for slot in project_slots]
    if deep_dive_kind is QuestionKind.BEHAVIOURAL:
        project_items = [_as_deep_dive(item) for item in project_items]
    body_items = [rotation.fill(slot) for slot in body_slots]
    body_items.sort(key=lambda i: (BODY_KINDS.index(i.kind), -i.priority))

    items = [
        _fixed_item(
            intro, "opens the interview; the answer names the project for the deep-dive", share
        ),
        *project_items,
        *body_items,
        _fixed_item(asks, "the candidate's own questions, answered from the role profile", share),
        _fixed_item(close, "closes the interview and explains the next steps"),
    ]
    uncovered = [c for c in role.interview.competencies if c not in chooser.covered]
    warnings = []
    total = sum(item.minutes for item in items)
    if forced is not None and total > budget_minutes:
        forced_item = next(
            i for i in body_items if i.question_id == rotation.filled[forced.question.id]
        )
        warnings.append(
            f"No technical question fits in {budget_minutes:g} minutes after the intro, the "
            f"project deep-dive and the candidate's questions; the plan keeps one anyway "
            f"({forced_item.question_id}, {forced_item.minutes:g} min), so it needs about "
            f"{total:g} minutes."
        )
    if uncovered:
        warnings.append(
            _uncovered_warning(
                catalog, role, level, seed, budget_minutes, uncovered, jd, brief, estimate
            )
        )
    return Plan(
        role_code=role.code,
        level=level,
        seed=seed,
        budget_minutes=budget_minutes,
        items=items,
        uncovered=uncovered,
        warnings=warnings,
        emphasis=emphasis,
        resume=resume_highlights(resume) if resume and resume.strip() else None,
    )


def extra_item(
    catalog: Catalog, role: RoleProfile, plan: Plan, spare_minutes: float
) -> PlanItem | None:
    """A question for a required competency ``plan`` left out (``Plan.uncovered``) that fits
    the ``spare_minutes`` the candidate's pace left before their own questions: the one with
    the most left-out weight per minute (ties to the earlier id), never a question the plan
    holds; None when nothing left out is evidenced by a question that fits."""
    if not plan.uncovered or spare_minutes <= 0:
        return None
    chooser = _Chooser(_weights(role, plan.emphasis), spare_minutes)
    chooser.covered = set(chooser.weights) - set(plan.uncovered)
    planned = {item.question_id for item in plan.items}
    pool = [
        c
        for c in _candidates(catalog.questions_for(level=plan.level, kinds=BODY_KINDS), "")
        if c.question.id not in planned
        and chooser.adds_coverage(c.question)
        and chooser.cost(c.question) <= spare_minutes
    ]
    if not pool:
        return None
    best = max(pool, key=lambda c: (chooser.value(c, []), c.tie))
    item = chooser.item(best.question, frozenset(chooser.covered), ())
    return item.model_copy(
        update={
            "reason": f"added with {spare_minutes:.0f} min to spare before the candidate's "
            f"questions; {item.reason}",
            "added": True,
        }
    )


def _weights(role: RoleProfile, emphasis: Iterable[Emphasis]) -> dict[str, float]:
    """Each required competency's weight in the cover: the role's, or the job description's
    where it stresses the competency."""
    weights = {c: role.interview.weights.get(c, 1.0) for c in role.interview.competencies}
    weights.update({e.competency: e.weight for e in emphasis})
    return weights


def difficulty_band(question: Question) -> str:
    """The level band of the lowest level ``question`` suits: how hard it is."""
    lowest = min(question.levels)
    return next(band for band, levels in BANDS.items() if lowest in levels)


def equivalents(
    slot: Slot,
    pool: Iterable[Candidate],
    *,
    required: set[str],
    must: set[str],
    covered: set[str],
    spare_minutes: float = 0.0,
) -> list[Candidate]:
    """The questions of ``pool`` that can fill ``slot`` without changing what the plan covers:
    asked at the same stage (technical and scenario questions share one), on the same first
    competency, in the same difficulty band, at most ``spare_minutes`` longer, evidencing
    ``must`` (what no other question of the plan evidences) and no required competency outside
    ``covered`` (the plan's coverage). A slot chosen for a job-description topic keeps to such topics.
    """
    question = slot.question
    out = []
    for c in pool:
        other = c.question
        evidenced = set(other.competencies) & required
        if (
            _stage(other) == _stage(question)
            and other.competencies[:1] == question.competencies[:1]
            and difficulty_band(other) == difficulty_band(question)
            and other.time_budget_minutes <= question.time_budget_minutes + spare_minutes
            and must <= evidenced <= covered
            and (bool(c.topics) or not slot.topics)
        ):
            out.append(c)
    return out


def _stage(question: Question) -> str:
    return "technical" if question.kind in TECHNICAL_KINDS else question.kind.value


class _Rotation:
    """Fills the slots in order, each with a seeded pick among its equivalents, never one
    question twice; the plan's questions always evidence what the slots' questions cover."""

    def __init__(
        self, chooser: _Chooser, pool: list[Candidate], rng: random.Random, slots: list[Slot]
    ) -> None:
        self.required = set(chooser.weights)
        self.chooser = chooser
        self.pool = pool
        self.rng = rng
        self.pending = [slot.question for slot in slots]  # the slots not filled yet
        self.asked: list[Question] = []
        self.spare = max(0.0, chooser.minutes_left)  # minutes the cover left unused
        self.filled: dict[str, str] = {}  # slot's question id -> the id asked

    def fill(self, slot: Slot) -> PlanItem:
        self.pending.remove(slot.question)
        others = {c for q in [*self.asked, *self.pending] for c in q.competencies}
        must = set(self.chooser.covered) - others
        reserved = {q.id for q in self.pending} | {q.id for q in self.asked}
        free = [c for c in self.pool if c.question.id not in reserved]
        options = equivalents(
            slot,
            free,
            required=self.required,
            must=must,
            covered=self.chooser.covered,
            spare_minutes=self.spare / self.chooser.share,
        )
        ids = sorted({c.question.id for c in options} | {slot.question.id})
        chosen_id = self.rng.choice(ids)
        chosen = next((c for c in options if c.question.id == chosen_id), None)
        question = chosen.question if chosen is not None else slot.question
        topics = chosen.topics if chosen is not None else slot.topics
        self.asked.append(question)
        self.spare -= max(0.0, self.chooser.cost(question) - self.chooser.cost(slot.question))
        self.filled[slot.question.id] = question.id
        item = self.chooser.item(question, slot.covered_before, topics)
        return item.model_copy(update={"alternatives": ids if len(ids) > 1 else []})


def _uncovered_warning(
    catalog: Catalog,
    role: RoleProfile,
    level: str,
    seed: int,
    budget_minutes: float,
    uncovered: list[str],
    job_description: str = "",
    brief: bool = False,
    estimate: bool = True,
) -> str:
    """Which required competencies are left out, and about how long would cover them."""
    names = ", ".join(_competency_name(catalog, c) for c in uncovered)
    text = (
        f"A {budget_minutes:g}-minute interview cannot cover every competency {level} "
        f"requires; left out: {names}."
    )
    shortened = (
        " To cover as many as it can, each question gets one follow-up at most and the "
        "intro and the candidate's questions are shortened."
        if brief
        else ""
    )
    if budget_minutes >= MAX_BUDGET or not estimate:
        return text + shortened
    jd = job_description or None
    roomy = _best_plan(catalog, role, level, MAX_BUDGET, seed, jd, None, estimate=False)
    never = [c for c in uncovered if c in roomy.uncovered]
    coverable = [c for c in uncovered if c not in roomy.uncovered]
    if coverable:
        minutes = _minutes_to_cover(catalog, role, level, seed, budget_minutes, set(never), jd)
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
    return text + shortened


def _minutes_to_cover(
    catalog: Catalog,
    role: RoleProfile,
    level: str,
    seed: int,
    budget_minutes: float,
    never: set[str],
    job_description: str | None,
) -> int:
    """The fewest whole minutes whose plan covers every required competency the catalog can
    (all but ``never``): the same for every budget that falls short of it, and more than each.

    It is a search over the plans themselves, not a sum over a longer plan's items: a sum over
    the 240-minute plan counted its second deep-dive, the longer questions its spare time let
    the rotation pick and its items in the order they are asked rather than the order they
    cover, so a P5 was told "about 65 / 74 / 64 minutes" for budgets that a 53-minute plan
    covers. A standard plan covers more as its budget grows; a brief one (at most
    :data:`SHORT_BUDGET` minutes) may cover a level a slightly longer standard one does not,
    so the search starts above it: every budget from the answer up covers the level."""

    def covers(minutes: int) -> bool:
        plan = _best_plan(
            catalog, role, level, minutes, seed, job_description, None, estimate=False
        )
        return set(plan.uncovered) <= never

    low, high = int(max(budget_minutes, SHORT_BUDGET)), int(MAX_BUDGET)  # low falls short
    while high - low > 1:
        middle = (low + high) // 2
        if covers(middle):
            high = middle
        else:
            low = middle
    return high


def _competency_name(catalog: Catalog, competency: str) -> str:
    found = catalog.competencies.get(competency)
    return found.name if found is not None else competency


class _Chooser:
    """Greedy weighted set cover with minutes as cost, shared by the project and body rounds."""

    def __init__(self, weights: dict[str, float], minutes: float, share: float = 1.0) -> None:
        self.weights = weights
        self.minutes_left = minutes
        self.share = share  # the part of its minutes a question takes (brief plans: less)
        self.covered: set[str] = set()

    def cost(self, question: Question) -> float:
        return _minutes(question, self.share)

    def gain(self, question: Question, covered: set[str] | frozenset[str] | None = None) -> float:
        covered = self.covered if covered is None else covered
        total = 0.0
        for comp in question.competencies:
            weight = self.weights.get(comp, 0.0)
            total += weight * (DEPTH_FACTOR if comp in covered else 1.0)
        return total

    def adds_coverage(self, question: Question) -> bool:
        """Covers a required competency nothing chosen so far covers (cover first, depth after)."""
        return any(c in self.weights and c not in self.covered for c in question.competencies)

    def value(self, candidate: Candidate, chosen: list[Slot]) -> float:
        """Gain per minute, nudged towards a kind not asked yet (a mix of question kinds) and
        towards a topic the job description names."""
        question = candidate.question
        ratio = self.gain(question) / self.cost(question)
        new_kind = all(slot.question.kind is not question.kind for slot in chosen)
        return (
            ratio * (KIND_VARIETY if new_kind else 1.0) * (TOPIC_BONUS if candidate.topics else 1.0)
        )

    def take(self, pool: list[Candidate], *, limit: int | None, force_first: bool) -> list[Slot]:
        chosen: list[Slot] = []
        left = list(pool)
        while left and (limit is None or len(chosen) < limit):
            fitting = [c for c in left if self.cost(c.question) <= self.minutes_left]
            if force_first and not chosen and not fitting:
                fitting = left  # the deep-dive is part of every interview, even a short one
            useful = [
                c for c in fitting if self.gain(c.question) > 0 or (force_first and not chosen)
            ]
            if not useful:
                break
            widening = [c for c in useful if self.adds_coverage(c.question)]
            best = max(widening or useful, key=lambda c: (self.value(c, chosen), c.tie))
            left.remove(best)
            chosen.append(Slot(best.question, frozenset(self.covered), best.topics))
            self.covered.update(c for c in best.question.competencies if c in self.weights)
            self.minutes_left -= self.cost(best.question)
        return chosen

    def item(
        self, question: Question, covered_before: frozenset[str], topics: tuple[str, ...]
    ) -> PlanItem:
        """The plan item asking ``question`` where the cover had reached ``covered_before``."""
        new = [c for c in question.competencies if c in self.weights and c not in covered_before]
        depth = [c for c in question.competencies if c in self.weights and c in covered_before]
        gain = self.gain(question, covered_before)
        minutes = self.cost(question)
        reason = _reason(new, depth, gain, minutes)
        if topics:
            reason += f"; the job description names its topic ({', '.join(topics)})"
        brief = self.share < 1.0
        if brief:
            reason += f"; asked briefly (at most {BRIEF_FOLLOW_UPS} follow-up) to fit the budget"
        return PlanItem(
            question_id=question.id,
            kind=question.kind,
            competencies=list(question.competencies),
            minutes=minutes,
            reason=reason,
            priority=round(gain / minutes, 4),
            jd_topics=list(topics),
            max_follow_ups=BRIEF_FOLLOW_UPS if brief else None,
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


def _fixed_item(question: Question, why: str, share: float = 1.0) -> PlanItem:
    minutes = _minutes(question, share)
    brief = share < 1.0
    return PlanItem(
        question_id=question.id,
        kind=question.kind,
        competencies=list(question.competencies),
        minutes=minutes,
        reason=f"{why}; {minutes:g} min" + ("; shortened to fit the budget" if brief else ""),
        max_follow_ups=BRIEF_FOLLOW_UPS if brief else None,
    )


def _minutes(question: Question, share: float) -> float:
    """The minutes ``question`` takes when asked at ``share`` of its length (to the half minute)."""
    if share >= 1.0:
        return question.time_budget_minutes
    return max(1.0, round(question.time_budget_minutes * share * 2) / 2)


def _candidates(questions: Iterable[Question], job_description: str) -> list[Candidate]:
    """The pool in id order; ties go to the earlier id, the same for every seed (rotation,
    not the tie-break, varies the questions)."""
    ordered = sorted(questions, key=lambda q: q.id)
    return [
        Candidate(q, -index, tuple(topic_words(q, job_description)) if job_description else ())
        for index, q in enumerate(ordered)
    ]


def _pick_one(catalog: Catalog, level: str, kind: QuestionKind, rng: random.Random) -> Question:
    pool = sorted(catalog.questions_for(level=level, kinds=[kind]), key=lambda q: q.id)
    if not pool:
        raise CatalogError(
            f"The catalog has no {kind.value} question for level {level}.",
            hint=f"Add a question with kind: {kind.value} and {level} in its levels, then run "
            "`panelist catalog check`.",
        )
    return rng.choice(pool)
