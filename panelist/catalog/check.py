"""``panelist catalog check``: every problem in a catalog, each with ``file:line`` and a fix.

What is checked, in order:

1. YAML syntax, the schema of every item (each pydantic error at its field's line) and
   duplicate ids within one layer — all found by the shared parsing path in
   :mod:`panelist.catalog.parsing` running in collecting mode.
2. References: competencies named by questions and role blueprints (list and weights),
   key points named by follow-up probes, the competency a key point evidences (one of its
   question's),
   leadership skills and ``includes`` of level rules, curated ``adjacent_roles``.
3. Coverage: every competency has at least :data:`MIN_QUESTIONS` scored questions, every
   competency of a role blueprint has a scored question at that role's level, every
   question suits at least one level some role has, and every level a role has can be
   planned: an intro, a candidate_questions and a close question, and a project (or
   behavioural) question for the deep-dive.

A user directory is checked *layered* over the built-in catalog (the catalog panelist will
actually use: the user's items extend it and override it by id); ``standalone=True`` checks
a complete catalog directory on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from panelist.catalog.loader import (
    Catalog,
    builtin_catalog_dir,
    check_directory,
    load_layer,
    merge,
)
from panelist.catalog.models import CompetencyGroup, QuestionKind
from panelist.catalog.problems import Problem, ProblemSink, Source

MIN_QUESTIONS = 3


@dataclass
class CheckReport:
    """The outcome of a check: the problems, and the catalog as far as it loaded."""

    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, object]:
        """Counts for the report printed when the catalog is clean."""
        cat = self.catalog
        kinds = Counter(q.kind.value for q in cat.questions.values())
        return {
            "roles": len(cat.roles),
            "competencies": {
                "core": len(cat.core_competencies()),
                "leadership": len(cat.leadership_competencies()),
            },
            "level_rules": len(cat.level_rules),
            "questions": len(cat.questions),
            "questions_by_kind": {k.value: kinds.get(k.value, 0) for k in QuestionKind},
            "scored_questions_by_competency": question_counts(cat),
        }


def question_counts(catalog: Catalog) -> dict[str, int]:
    """Scored questions evidencing each competency of the framework."""
    counts = {cid: 0 for cid in catalog.competencies}
    for question in catalog.questions.values():
        if question.scored:
            for cid in question.competencies:
                if cid in counts:
                    counts[cid] += 1
    return counts


def check_layers(directories: Sequence[Path]) -> CheckReport:
    """Check the catalog made of ``directories``, each layered over the ones before it."""
    sink = ProblemSink(collect=True)
    for directory in directories:
        check_directory(directory)
    catalog = merge(load_layer(directory, sink) for directory in directories)
    for source, message, hint in _cross_checks(catalog):
        sink.report(source, message, hint)
    ordered = sorted(sink.problems, key=lambda p: (str(p.source.path), p.source.line))
    return CheckReport(catalog, ordered)


def check_catalog(path: Path | None = None, *, standalone: bool = False) -> CheckReport:
    """Check the built-in catalog, ``path`` layered over it, or ``path`` alone."""
    if path is None:
        return check_layers([builtin_catalog_dir()])
    return check_layers([path] if standalone else [builtin_catalog_dir(), path])


Finding = tuple[Source, str, str]


def _cross_checks(catalog: Catalog) -> Iterator[Finding]:
    yield from _question_references(catalog)
    yield from _probe_references(catalog)
    yield from _point_competencies(catalog)
    yield from _role_references(catalog)
    yield from _level_rule_references(catalog)
    yield from _competency_coverage(catalog)
    yield from _blueprint_coverage(catalog)
    yield from _question_levels(catalog)
    yield from _interview_flow(catalog)


def _unknown_competency(catalog: Catalog, cid: str) -> str:
    known = ", ".join(sorted(catalog.competencies)) or "none defined"
    return f"Use one of the framework's ids ({known}) or add {cid!r} to competencies.yaml."


def _question_references(catalog: Catalog) -> Iterator[Finding]:
    for qid, question in catalog.questions.items():
        source = catalog.sources[f"question:{qid}"]
        for i, cid in enumerate(question.competencies):
            if cid not in catalog.competencies:
                yield (
                    source.at("competencies", i),
                    f"question {qid} names unknown competency {cid!r}",
                    _unknown_competency(catalog, cid),
                )


def _probe_references(catalog: Catalog) -> Iterator[Finding]:
    for qid, question in catalog.questions.items():
        points = {kp.id for kp in question.key_points}
        for i, probe in enumerate(question.follow_ups):
            if probe.key_point is not None and probe.key_point not in points:
                yield (
                    catalog.sources[f"question:{qid}"].at("follow_ups", i, "key_point"),
                    f"question {qid} has a follow-up for unknown key point {probe.key_point!r}",
                    f"Use one of its key point ids ({', '.join(sorted(points)) or 'none'}) "
                    "or drop key_point from the follow-up.",
                )


def _point_competencies(catalog: Catalog) -> Iterator[Finding]:
    """A key point evidences one of its own question's competencies (a report quotes it for
    that competency)."""
    for qid, question in catalog.questions.items():
        own = ", ".join(question.competencies) or "none"
        for i, point in enumerate(question.key_points):
            if point.competency is not None and point.competency not in question.competencies:
                yield (
                    catalog.sources[f"question:{qid}"].at("key_points", i, "competency"),
                    f"key point {point.id!r} of question {qid} evidences "
                    f"{point.competency!r}, which is not one of the question's competencies",
                    f"Use one of the question's competencies ({own}), add "
                    f"{point.competency!r} to its competencies, or drop competency from the "
                    "key point (it then evidences the first one).",
                )


def _role_references(catalog: Catalog) -> Iterator[Finding]:
    for code, role in catalog.roles.items():
        source = catalog.sources[f"role:{code}"]
        blueprint = role.interview
        for i, cid in enumerate(blueprint.competencies):
            if cid not in catalog.competencies:
                yield (
                    source.at("interview", "competencies", i),
                    f"role {code} interview names unknown competency {cid!r}",
                    _unknown_competency(catalog, cid),
                )
        for cid in blueprint.weights:
            if cid not in blueprint.competencies:
                yield (
                    source.at("interview", "weights", cid),
                    f"role {code} weights {cid!r}, which its interview does not cover",
                    "Add it to interview.competencies or remove the weight.",
                )
        for i, other in enumerate(role.adjacent_roles):
            if other not in catalog.roles:
                yield (
                    source.at("adjacent_roles", i),
                    f"role {code} lists unknown adjacent role {other!r}",
                    f"Use an existing role code ({', '.join(sorted(catalog.roles))}).",
                )
        if blueprint.target_level.value not in catalog.level_rules:
            yield (
                source.at("interview", "target_level"),
                f"role {code} targets level {blueprint.target_level.value!r}, which has no rule",
                "Add that level to level_rules in competencies.yaml.",
            )


def _level_rule_references(catalog: Catalog) -> Iterator[Finding]:
    core = len(catalog.core_competencies())
    for rid, rule in catalog.level_rules.items():
        source = catalog.sources[f"level_rule:{rid}"]
        for i, cid in enumerate(rule.required_leadership):
            comp = catalog.competencies.get(cid)
            if comp is None or comp.group is not CompetencyGroup.LEADERSHIP:
                yield (
                    source.at("required_leadership", i),
                    f"level rule {rid} requires {cid!r}, which is not a leadership skill",
                    "Name a competency with group: leadership.",
                )
        if rule.includes is not None and rule.includes.value not in catalog.level_rules:
            yield (
                source.at("includes"),
                f"level rule {rid} includes undefined level {rule.includes.value!r}",
                "Define that level rule or remove 'includes'.",
            )
        if isinstance(rule.min_core, int) and rule.min_core > core:
            yield (
                source.at("min_core"),
                f"level rule {rid} needs {rule.min_core} core tenets but only {core} exist",
                "Lower min_core or write 'all'.",
            )


def _competency_coverage(catalog: Catalog) -> Iterator[Finding]:
    for cid, count in question_counts(catalog).items():
        if count < MIN_QUESTIONS:
            yield (
                catalog.sources[f"competency:{cid}"],
                f"competency {cid} has {count} scored question(s); at least {MIN_QUESTIONS} "
                "are needed to vary interviews and cross-check answers",
                f"Write {MIN_QUESTIONS - count} more scored question(s) listing {cid!r}.",
            )


def _blueprint_coverage(catalog: Catalog) -> Iterator[Finding]:
    for code, role in catalog.roles.items():
        source = catalog.sources[f"role:{code}"]
        level = role.level.code
        for i, cid in enumerate(role.interview.competencies):
            if cid not in catalog.competencies:
                continue  # reported as an unknown reference
            asked = [q for q in catalog.questions_for(level=level, competency=cid) if q.scored]
            if not asked:
                yield (
                    source.at("interview", "competencies", i),
                    f"role {code} must evidence {cid} but no scored question suits {level}",
                    f"Write a question with competencies [{cid}] and levels including {level}, "
                    "or drop it from the blueprint.",
                )


def _question_levels(catalog: Catalog) -> Iterator[Finding]:
    role_levels = {role.level.code for role in catalog.roles.values()}
    if not role_levels:
        return
    for qid, question in catalog.questions.items():
        if not set(question.levels) & role_levels:
            yield (
                catalog.sources[f"question:{qid}"].at("levels"),
                f"question {qid} suits {', '.join(question.levels)}, a level no role has, "
                "so no interview can ask it",
                f"Add a level some role has ({', '.join(sorted(role_levels))}) or add a role.",
            )


FLOW_KINDS: tuple[tuple[QuestionKind, ...], ...] = (
    (QuestionKind.INTRO,),
    (QuestionKind.PROJECT, QuestionKind.BEHAVIOURAL),
    (QuestionKind.CANDIDATE_QUESTIONS,),
    (QuestionKind.CLOSE,),
)


def _interview_flow(catalog: Catalog) -> Iterator[Finding]:
    """Each level some role has needs a question for every stage of the interview."""
    by_level: dict[str, list[str]] = {}
    for code in sorted(catalog.roles):
        by_level.setdefault(catalog.roles[code].level.code, []).append(code)
    for level, codes in sorted(by_level.items()):
        source = catalog.sources[f"role:{codes[0]}"].at("level", "code")
        for kinds in FLOW_KINDS:
            if not catalog.questions_for(level=level, kinds=kinds):
                names = " or ".join(k.value for k in kinds)
                yield (
                    source,
                    f"no {names} question suits {level}, so interviews for "
                    f"{', '.join(codes)} cannot be planned",
                    f"Add a question with kind: {kinds[0].value} and {level} in its levels.",
                )
