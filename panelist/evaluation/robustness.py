"""``panelist eval robustness``: metamorphic relations over every row and catalog question.

Each relation compares the score of a transformed answer with the score of the answer
(or a fixed level). The transformations are generated in code
(:mod:`panelist.evaluation.transformations`, seeded), applied to every row of every
dataset file and to every scored catalog question's reference answer, so the benchmark
covers questions nobody wrote a probe for. Relations:

never raises (target: 0 violations)
  ``injection``   answer + grader instruction (13 shapes)  ≤ answer
  ``repetition``  answer repeated 2–5×                     ≤ answer
  ``padding``     answer + stock fluff                     ≤ answer
  ``name_swap``   the same answer about another person     = exactly
levels (target: ≤ 2 % violations)
  ``shuffled``    reference words shuffled  ≤ ⅓ of the reference's score (n/a: a
                  reference under six words, or a shuffle that left the order as it was)
  ``bare_list``   reference terms as a bare list (7 layouts) ≤ the poor level, flagged
  ``descriptors`` the question's own level descriptors recited ≤ the poor level
  ``off_topic``   text from another domain → the lowest score, relevance < 0.2
  ``paraphrase``  reference with synonyms and reordered clauses ≥ 80 % of its score

The poor level is 2 of 5 on a catalog question (its descriptor 2) and a quarter of the
maximum on a benchmark row.

No false flags: the report also counts how often ``injection`` and ``stuffing`` fire on the
untransformed answers (every row's answer, every catalog reference; target ≤ 1 %, the
ones kept are listed), and how many natural graded answers (the graded set,
:mod:`panelist.evaluation.graded`) are called a salad or list (``stuffing``) or off topic.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from panelist.catalog.loader import Catalog
from panelist.evaluation import transformations as tf
from panelist.evaluation.crossval import targets_for
from panelist.evaluation.dataset import read_rows
from panelist.evaluation.graded import GradedAnswer
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.rubric import Target, target_from_question
from panelist.scoring.tricks import asks_for_list
from panelist.scoring.types import Flag, Score

NEVER_RAISES: tuple[str, ...] = ("injection", "repetition", "padding", "name_swap")
FALSE_FLAGS: tuple[Flag, ...] = (Flag.INJECTION, Flag.STUFFING)
FALSE_FLAG_TARGET = 0.01
GRADED_CALLS: tuple[Flag, ...] = (Flag.STUFFING, Flag.OFF_TOPIC)
LEVELS: tuple[str, ...] = ("shuffled", "bare_list", "descriptors", "off_topic", "paraphrase")
LEVEL_TARGET = 0.02
MIN_LIST_TERMS = 5  # fewer distinct terms than this are not a list
MIN_SHUFFLE_WORDS = 6  # fewer words have hardly an order to lose
EPSILON = 1e-9
EXAMPLES = 5
FLAG_EXAMPLES = 20


@dataclass(frozen=True)
class Subject:
    """One target with the answers the relations transform."""

    source: str  # a dataset file name, or "catalog"
    target: Target
    answers: tuple[str, ...]  # the rows' answers (catalog: the reference itself)
    descriptors: tuple[str, ...] = ()


@dataclass
class Tally:
    checked: int = 0
    violations: int = 0
    not_applicable: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, ok: bool, example: Callable[[], dict[str, Any]]) -> None:
        self.checked += 1
        if not ok:
            self.violations += 1
            if len(self.examples) < EXAMPLES:
                self.examples.append(example())

    def to_dict(self, target: float) -> dict[str, Any]:
        rate = self.violations / self.checked if self.checked else None
        return {
            "checked": self.checked,
            "violations": self.violations,
            "rate": None if rate is None else round(rate, 4),
            "target": target,
            "met": rate is not None and rate <= target + EPSILON,
            "not_applicable": self.not_applicable,
            "examples": self.examples,
        }


@dataclass
class FlagCount:
    """How often flags fire on natural (untransformed) answers, with the ones that did."""

    answers: int = 0
    fired: dict[str, int] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, subject: Subject, answer: str, score: Score, flags: Sequence[Flag]) -> None:
        self.answers += 1
        said = [f for f in score.flags if f.flag in flags]
        for detail in said:
            self.fired[detail.flag.value] = self.fired.get(detail.flag.value, 0) + 1
            if len(self.examples) < FLAG_EXAMPLES:
                example = _example(subject, answer, None, score.value, score)
                evidence = [e.text[:80] for e in detail.evidence[:2]]
                self.examples.append({**example, "flag": detail.flag.value, "evidence": evidence})

    def to_dict(self, flags: Sequence[Flag], target: float | None) -> dict[str, Any]:
        rates = {
            f.value: round(self.fired.get(f.value, 0) / self.answers, 4) if self.answers else None
            for f in flags
        }
        return {
            "answers": self.answers,
            "fired": {f.value: self.fired.get(f.value, 0) for f in flags},
            "rates": rates,
            "target": target,
            "met": None
            if target is None
            else all(r is not None and r <= target + EPSILON for r in rates.values()),
            "examples": self.examples,
        }


def dataset_subjects(data_dir: Path, limit: int | None = None) -> list[Subject]:
    """One subject per question of every ``*.jsonl`` in ``data_dir`` (``limit`` rows a file)."""
    subjects: list[Subject] = []
    for path in sorted(data_dir.glob("*.jsonl")):
        rows = read_rows(path)[:limit] if limit else read_rows(path)
        targets = targets_for(rows)
        answers: dict[tuple[str, str, float], list[str]] = {}
        for row in rows:
            answers.setdefault((row.question_id, row.reference, row.max_score), []).append(
                row.answer
            )
        subjects += [
            Subject(path.name, targets[key], tuple(values)) for key, values in answers.items()
        ]
    return subjects


def catalog_subjects(catalog: Catalog, limit: int | None = None) -> list[Subject]:
    """Every scored catalog question with a reference answer (its reference is the answer)."""
    subjects: list[Subject] = []
    for question in sorted(catalog.questions.values(), key=lambda q: q.id):
        target = target_from_question(question)
        if not target.scored or not question.reference_answer:
            continue
        descriptors = tuple(question.descriptors[k] for k in sorted(question.descriptors))
        subjects.append(Subject("catalog", target, (question.reference_answer,), descriptors))
    return subjects[:limit] if limit else subjects


class Robustness:
    """Runs every relation over subjects; :meth:`results` is the report dict."""

    def __init__(self, scorer: EmbeddedScorer, seed: int = 13) -> None:
        self.scorer = scorer
        self.seed = seed
        self.tallies = {name: Tally() for name in (*NEVER_RAISES, *LEVELS)}
        self.natural = FlagCount()  # false flags on every untransformed answer
        self.graded = FlagCount()  # salads, lists and off topic called on graded answers
        self.scored = 0

    def score(self, answer: str, subject: Subject) -> Score:
        self.scored += 1
        return self.scorer.score_target(answer, subject.target, descriptors=subject.descriptors)

    def run(self, subjects: Iterable[Subject], progress: Callable[[int], None] | None) -> None:
        for index, subject in enumerate(subjects):
            rng = random.Random(f"{self.seed}:{subject.source}:{subject.target.question_id}")
            self.reference_relations(subject, rng)
            for number, answer in enumerate(subject.answers):
                self.answer_relations(subject, answer, rng, index + number)
            if progress is not None:
                progress(1)

    # ------------------------------------------------------------------ relations

    def answer_relations(
        self, subject: Subject, answer: str, rng: random.Random, index: int
    ) -> None:
        base = self.score(answer, subject)
        self.natural.add(subject, answer, base, FALSE_FLAGS)
        if base.value is None:
            for name in NEVER_RAISES:
                self.tallies[name].not_applicable += 1
            return
        catalog = subject.source == "catalog"
        shapes = range(len(tf.INJECTIONS)) if catalog else [index % len(tf.INJECTIONS)]
        for shape in shapes:
            self._not_above(
                "injection", subject, base, tf.with_injection(answer, shape), Flag.INJECTION
            )
        self._not_above("repetition", subject, base, tf.repeated(answer, rng.randint(2, 5), rng))
        self._not_above("padding", subject, base, tf.padded(answer, rng))
        one, other = tf.name_swap_pair(answer, rng)
        first, second = self.score(one, subject), self.score(other, subject)
        self.tallies["name_swap"].add(
            first.value == second.value,
            lambda: _example(subject, other, first.value, second.value),
        )

    def _not_above(
        self,
        name: str,
        subject: Subject,
        base: Score,
        tricked_answer: str,
        flag: Flag | None = None,
    ) -> None:
        tricked = self.score(tricked_answer, subject)
        raised = tricked.value is not None and base.value is not None
        raised = raised and tricked.value > base.value + EPSILON  # type: ignore[operator]
        unflagged = flag is not None and flag not in {f.flag for f in tricked.flags}
        self.tallies[name].add(
            not raised and not unflagged,
            lambda: _example(subject, tricked_answer, base.value, tricked.value, tricked),
        )

    def reference_relations(self, subject: Subject, rng: random.Random) -> None:
        target = subject.target
        if not target.reference.strip():
            for name in LEVELS:
                self.tallies[name].not_applicable += 1
            return
        reference = self.score(target.reference, subject)
        if reference.value is None:
            return
        self._shuffled(subject, reference, rng)
        self._bare_lists(subject, rng)
        self._descriptors(subject)
        self._off_topic(subject, rng)
        self._paraphrase(subject, reference, rng)

    def _shuffled(self, subject: Subject, reference: Score, rng: random.Random) -> None:
        answer = tf.shuffled(subject.target.reference, rng)
        if not shuffle_applies(subject.target.reference, answer):
            self.tallies["shuffled"].not_applicable += 1
            return
        score = self.score(answer, subject)
        bound = max(_value(reference) / 3, _lowest(subject))
        self.tallies["shuffled"].add(
            _value(score) <= bound + EPSILON,
            lambda: _example(subject, answer, reference.value, score.value, score),
        )

    def _bare_lists(self, subject: Subject, rng: random.Random) -> None:
        terms = tf.reference_terms(subject.target.reference)
        list_question = asks_for_list(subject.target.question_text)
        for layout in rng.sample(tf.LAYOUTS, 3) if subject.source != "catalog" else tf.LAYOUTS:
            separated = layout in tf.SEPARATED_LAYOUTS
            if len(terms) < MIN_LIST_TERMS or (list_question and separated):
                # a question that asks for a list may be answered with a short one
                self.tallies["bare_list"].not_applicable += 1
                continue
            self._bare_list(subject, tf.bare_list(terms, layout))

    def _bare_list(self, subject: Subject, answer: str) -> None:
        score = self.score(answer, subject)
        flagged = Flag.STUFFING in {f.flag for f in score.flags}
        self.tallies["bare_list"].add(
            _value(score) <= _poor(subject) + EPSILON and flagged,
            lambda: _example(subject, answer, None, score.value, score),
        )

    def _descriptors(self, subject: Subject) -> None:
        if not subject.descriptors:
            self.tallies["descriptors"].not_applicable += 1
            return
        answer = " ".join(subject.descriptors[2:][::-1])  # the top levels first
        score = self.score(answer, subject)
        self.tallies["descriptors"].add(
            _value(score) <= _poor(subject) + EPSILON,
            lambda: _example(subject, answer, None, score.value, score),
        )

    def _off_topic(self, subject: Subject, rng: random.Random) -> None:
        answer = tf.off_topic(rng)
        score = self.score(answer, subject)
        self.tallies["off_topic"].add(
            _value(score) <= _lowest(subject) + EPSILON and score.relevance < 0.2,
            lambda: _example(subject, answer, None, score.value, score),
        )

    def _paraphrase(self, subject: Subject, reference: Score, rng: random.Random) -> None:
        answer = tf.paraphrase(subject.target.reference, rng)
        score = self.score(answer, subject)
        self.tallies["paraphrase"].add(
            _value(score) >= 0.8 * _value(reference) - EPSILON,
            lambda: _example(subject, answer, reference.value, score.value, score),
        )

    def check_graded(self, catalog: Catalog, graded: Iterable[GradedAnswer]) -> None:
        """Score each natural graded answer against its catalog question and count the ones
        called a salad, a list or off topic (none should be)."""
        for item in graded:
            question = catalog.questions.get(item.question_id)
            if question is None:
                continue
            descriptors = tuple(question.descriptors[k] for k in sorted(question.descriptors))
            subject = Subject("graded", target_from_question(question), (), descriptors)
            self.graded.add(subject, item.answer, self.score(item.answer, subject), GRADED_CALLS)

    # ------------------------------------------------------------------ report

    def results(self, meta: dict[str, Any]) -> dict[str, Any]:
        relations = {
            name: self.tallies[name].to_dict(0.0 if name in NEVER_RAISES else LEVEL_TARGET)
            for name in (*NEVER_RAISES, *LEVELS)
        }
        return {
            **meta,
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "scorer": self.scorer.name,
            "seed": self.seed,
            "scored_answers": self.scored,
            "relations": relations,
            "false_flags": self.natural.to_dict(FALSE_FLAGS, FALSE_FLAG_TARGET),
            "graded_calls": self.graded.to_dict(GRADED_CALLS, None),
            "all_met": all(r["met"] for r in relations.values() if r["checked"])
            and self.natural.to_dict(FALSE_FLAGS, FALSE_FLAG_TARGET)["met"] is not False,
        }


def shuffle_applies(reference: str, shuffled: str) -> bool:
    """A shuffle is a salad to catch only when it has an order to lose: six words or more
    ("by reference." or "and Abstraction reusability." name the right terms in any order),
    and words not in the reference's own order (a shuffle of "At the main function." may be
    itself). Shuffles of 6-11 words count: the order test does not judge them (it starts at
    twelve), so they are caught by broken bonds or not at all, and the report says so."""
    words = reference.split()
    return len(words) >= MIN_SHUFFLE_WORDS and shuffled.split() != words


def _value(score: Score) -> float:
    return score.value if score.value is not None else 0.0


def _lowest(subject: Subject) -> float:
    return subject.target.min_score


def _poor(subject: Subject) -> float:
    """Descriptor 2 of a 1-5 catalog question; a quarter of the maximum on a benchmark row."""
    target = subject.target
    if target.min_score >= 1.0:
        return 2.0
    return target.max_score / 4


def _example(
    subject: Subject,
    answer: str,
    before: float | None,
    after: float | None,
    score: Score | None = None,
) -> dict[str, Any]:
    return {
        "source": subject.source,
        "question_id": subject.target.question_id,
        "answer": answer[:300],
        "before": before,
        "after": after,
        "relevance": None if score is None else score.relevance,
        "flags": [] if score is None else score.flag_names,
    }


def run_robustness(
    scorer: EmbeddedScorer,
    subjects: Sequence[Subject],
    meta: dict[str, Any],
    progress: Callable[[int], None] | None = None,
    seed: int = 13,
    graded: tuple[Catalog, Sequence[GradedAnswer]] | None = None,
) -> dict[str, Any]:
    """Every relation over ``subjects``; with ``graded`` (the catalog and its graded
    answers), the count of natural answers called a salad, list or off topic too."""
    bench = Robustness(scorer, seed)
    bench.run(subjects, progress)
    if graded is not None:
        bench.check_graded(*graded)
    return bench.results({**meta, "subjects": len(subjects)})


def render_robustness(results: dict[str, Any]) -> str:
    """The Markdown report."""
    lines = [
        "# Robustness: metamorphic relations",
        "",
        f"Scorer `{results['scorer']}`, seed {results['seed']}, {results['date']}; "
        f"{results['subjects']} questions, {results['scored_answers']} answers scored "
        f"(data: `{results.get('data_dir', '')}`, catalog questions: {results.get('catalog', 0)}).",
        "",
        "| relation | kind | checked | violations | rate | target | met | n/a |",
        "|---|---|---:|---:|---:|---:|:---:|---:|",
    ]
    for name, r in results["relations"].items():
        kind = "never raises" if name in NEVER_RAISES else "level"
        rate = "–" if r["rate"] is None else f"{100 * r['rate']:.2f} %"
        lines.append(
            f"| {name} | {kind} | {r['checked']} | {r['violations']} | {rate} | "
            f"{100 * r['target']:.0f} % | {'yes' if r['met'] else 'NO'} | {r['not_applicable']} |"
        )
    lines += _render_flag_counts(results)
    lines += ["", "## Violations (first examples)", ""]
    for name, r in results["relations"].items():
        for example in r["examples"]:
            text = example["answer"].replace("\n", " ").replace("|", "\\|")[:160]
            lines.append(
                f"- **{name}** `{example['question_id']}` ({example['source']}): "
                f"{example['before']} → {example['after']}, relevance {example['relevance']}, "
                f"flags {example['flags']}: “{text}”"
            )
    return "\n".join(lines) + "\n"


def _render_flag_counts(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    false = results.get("false_flags")
    if false:
        rates = ", ".join(
            f"`{name}` {false['fired'][name]} ({100 * (rate or 0):.2f} %)"
            for name, rate in false["rates"].items()
        )
        lines += [
            "",
            "## False flags on natural answers",
            "",
            f"On the {false['answers']} untransformed answers (every row, every catalog "
            f"reference): {rates}; target ≤ {100 * false['target']:.0f} % each: "
            f"{'met' if false['met'] else 'NOT met'}.",
        ]
        lines += [_flag_line(e) for e in false["examples"]]
    graded = results.get("graded_calls")
    if graded and graded["answers"]:
        calls = ", ".join(f"`{name}` {count}" for name, count in graded["fired"].items())
        lines += [
            "",
            "## Natural graded answers called a salad, list or off topic",
            "",
            f"Of the {graded['answers']} graded answers (graded_answers.jsonl): {calls}.",
        ]
        lines += [_flag_line(e) for e in graded["examples"]]
    return lines


def _flag_line(example: dict[str, Any]) -> str:
    text = example["answer"].replace("\n", " ").replace("|", "\\|")[:120]
    return (
        f"- `{example['flag']}` `{example['question_id']}` ({example['source']}), "
        f"score {example['after']}: “{text}” (evidence: {example['evidence']})"
    )
