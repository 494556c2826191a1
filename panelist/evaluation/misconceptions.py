"""``panelist eval misconceptions``: is an answer wrong on the main point capped at 2?

Reads answers labelled ``main_point_wrong`` (panelist/evaluation/data/misconception_answers.jsonl,
see that folder's README.md), scores each as an answer to its catalog question, and reports:

- precision and recall of "capped as wrong on the main point" (the scorer's
  ``main_point_wrong``: a catalog misconception asserted, a lean to anchor 1 or a red flag
  said, :mod:`panelist.scoring.misconceptions` and :mod:`panelist.scoring.anchors`), per style;
- the scores of the wrong answers: how many stay above anchor 2 (target: at most 5 %);
- the right answers capped (false caps, target: at most 2 %);
- false fires where no cap can be right: every catalog reference answer, every sentence of
  key_point_sentences.jsonl that makes a point, and every benchmark row graded at the top of
  its scale. Each false one is listed with what capped it.

The labelled metrics are given over all the answers and over each split on its own:
``development`` answers were read while the misconceptions and the rules were written,
``check`` answers are to questions outside it, written from the rubric only, to show
whether the cap holds where nobody tuned it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from panelist.catalog.loader import Catalog
from panelist.catalog.models import Question
from panelist.errors import ScoringError
from panelist.evaluation.dataset import Row, json_lines
from panelist.evaluation.keypoints import DEFAULT_SENTENCES
from panelist.evaluation.metrics import ratio
from panelist.scoring.embedded import WRONG_CAP, Assessment, EmbeddedScorer
from panelist.scoring.rubric import target_from_row, target_of
from panelist.scoring.types import Flag

DEFAULT_ANSWERS = Path(__file__).resolve().parent / "data" / "misconception_answers.jsonl"
ANCHOR_2 = 1.0 + 4.0 * WRONG_CAP  # the highest score of an answer capped as wrong
TARGETS = {"wrong_above_2": 0.05, "false_caps": 0.02}
ASSERTS = "Wrong on the main point: asserts the misconception"
LEANS = "Wrong on the main point: this says"


@dataclass(frozen=True)
class LabelledAnswer:
    id: str
    question_id: str
    answer: str
    main_point_wrong: bool
    style: str
    split: str = "development"  # development: the rules were read against it; check: not


def read_answers(path: Path) -> list[LabelledAnswer]:
    """The labelled answers of ``path``; a malformed line is an error that names it."""
    rows: list[LabelledAnswer] = []
    for number, data in json_lines(path):
        try:
            rows.append(
                LabelledAnswer(
                    id=str(data["id"]),
                    question_id=str(data["question_id"]),
                    answer=str(data["answer"]),
                    main_point_wrong=bool(data["main_point_wrong"]),
                    style=str(data.get("style", "")),
                    split=str(data.get("split", "development")),
                )
            )
        except (KeyError, TypeError) as error:
            raise ScoringError(
                f"{path}:{number} is not a labelled answer ({error}).",
                hint="Each line needs id, question_id, answer and main_point_wrong.",
            ) from error
    return rows


@dataclass(frozen=True)
class Judged:
    """An answer as the scorer sees it: its score, whether it is capped and by what."""

    value: float | None
    capped: bool
    cause: str | None  # misconception | anchor lean | red flag
    quote: str | None
    detail: str | None


def judge(scorer: EmbeddedScorer, answer: str, question: Question) -> Judged:
    """Score ``answer`` to ``question`` and say whether it was capped as wrong."""
    descriptors = [question.descriptors[k] for k in sorted(question.descriptors)]
    assessment = scorer.assess(answer, target_of(question), descriptors=descriptors)
    value = scorer.score(answer, question).value
    return _judged(assessment, value)


def _judged(assessment: Assessment, value: float | None) -> Judged:
    if not assessment.main_point_wrong:
        return Judged(value, False, None, None, None)
    for cause, prefix in (("misconception", ASSERTS), ("anchor lean", LEANS)):
        for flag in assessment.flags:
            if flag.flag is Flag.RED_FLAG and flag.detail.startswith(prefix):
                quote = flag.evidence[0].text if flag.evidence else None
                return Judged(value, True, cause, quote, flag.detail)
    said = next((f for f in assessment.flags if f.flag is Flag.RED_FLAG), None)
    quote = said.evidence[0].text if said is not None and said.evidence else None
    return Judged(value, True, "red flag", quote, said.detail if said is not None else None)


def _question(catalog: Catalog, question_id: str, where: str) -> Question:
    question = catalog.questions.get(question_id)
    if question is None:
        raise ScoringError(
            f"{where} names question {question_id!r}, not in the catalog.",
            hint="Use the built-in catalog or fix the question id.",
        )
    return question


def labelled_metrics(
    answers: list[LabelledAnswer], catalog: Catalog, scorer: EmbeddedScorer
) -> dict[str, Any]:
    """Precision/recall of the cap, the wrong answers' scores and the right answers capped,
    over all the answers and (under ``splits``) over each split on its own: the check split
    holds answers to questions the rules were not read against."""
    judged = [
        (row, judge(scorer, row.answer, _question(catalog, row.question_id, row.id)))
        for row in answers
    ]
    metrics = _labelled(judged)
    metrics["splits"] = {
        split: _labelled([(row, j) for row, j in judged if row.split == split])
        for split in sorted({row.split for row in answers})
    }
    return metrics


def _labelled(judged: list[tuple[LabelledAnswer, Judged]]) -> dict[str, Any]:
    outcome = Counter[str]()
    styles: dict[str, Counter[str]] = {}
    causes = Counter[str]()
    wrong_values: list[float] = []
    calls: list[dict[str, Any]] = []
    for row, result in judged:
        key = {(True, True): "tp", (True, False): "fn", (False, True): "fp"}.get(
            (row.main_point_wrong, result.capped), "tn"
        )
        outcome[key] += 1
        styles.setdefault(row.style, Counter())[key] += 1
        if result.capped:
            causes[f"{'wrong' if row.main_point_wrong else 'right'}: {result.cause}"] += 1
        above = result.value is not None and result.value > ANCHOR_2
        if row.main_point_wrong and result.value is not None:
            wrong_values.append(result.value)
        if key == "fp" or (row.main_point_wrong and (above or result.value is None)):
            calls.append(
                {
                    "id": row.id,
                    "style": row.style,
                    "split": row.split,
                    "call": "right answer capped" if key == "fp" else "wrong answer above 2",
                    "score": result.value,
                    "cause": result.cause,
                    "quote": result.quote,
                    "answer": row.answer,
                }
            )
    answers = [row for row, _ in judged]
    wrong_n = sum(row.main_point_wrong for row in answers)
    right_n = len(answers) - wrong_n
    above_2 = sum(v > ANCHOR_2 for v in wrong_values)
    return {
        "answers": len(answers),
        "questions": len({row.question_id for row in answers}),
        "wrong": wrong_n,
        "right": right_n,
        "counts": dict(outcome),
        "precision": ratio(outcome["tp"], outcome["tp"] + outcome["fp"]),
        "recall": ratio(outcome["tp"], outcome["tp"] + outcome["fn"]),
        "wrong_scores": {
            "n": len(wrong_values),
            "above_2": above_2,
            "above_2_rate": ratio(above_2, len(wrong_values)),
            "max": round(max(wrong_values), 3) if wrong_values else None,
            "histogram": _histogram(wrong_values),
        },
        "false_caps": outcome["fp"],
        "false_cap_rate": ratio(outcome["fp"], right_n),
        "causes": dict(sorted(causes.items())),
        "styles": {
            style: {
                **dict(c),
                "recall": ratio(c["tp"], c["tp"] + c["fn"]),
                "false_caps": c["fp"],
            }
            for style, c in sorted(styles.items())
        },
        "calls": calls,
    }


def _histogram(values: Iterable[float]) -> dict[str, int]:
    """How many values fall in [1, 1.5), [1.5, 2], (2, 2.5], (2.5, 3], (3, 5]."""
    bins = Counter[str]()
    for v in values:
        if v < 1.5:
            bins["1-1.5"] += 1
        elif v <= ANCHOR_2:
            bins["1.5-2"] += 1
        elif v <= 2.5:
            bins["2-2.5"] += 1
        elif v <= 3.0:
            bins["2.5-3"] += 1
        else:
            bins["3-5"] += 1
    return {k: bins[k] for k in ("1-1.5", "1.5-2", "2-2.5", "2.5-3", "3-5")}


def false_fires(
    catalog: Catalog, scorer: EmbeddedScorer, sentences: Path, rows: list[Row]
) -> dict[str, Any]:
    """Caps where none can be right: reference answers, sentences making a key point, and
    benchmark rows graded at the top of their scale."""
    groups: dict[str, list[tuple[str, Judged]]] = {
        "reference_answers": [],
        "key_point_sentences": [],
    }
    for question in sorted(catalog.questions.values(), key=lambda q: q.id):
        if question.scored and question.reference_answer:
            groups["reference_answers"].append(
                (question.id, judge(scorer, question.reference_answer, question))
            )
    for _, data in json_lines(sentences):
        if data.get("key_points"):
            question = _question(catalog, str(data["question_id"]), str(data["id"]))
            groups["key_point_sentences"].append(
                (str(data["id"]), judge(scorer, str(data["sentence"]), question))
            )
    top = []
    for row in rows:
        if row.catalog_question:
            question = _question(catalog, row.question_id, row.id)
            top.append((row.id, judge(scorer, row.answer, question)))
        else:
            target = target_from_row(row.question_id, row.question, row.reference, row.max_score)
            assessment = scorer.assess(row.answer, target)
            top.append((row.id, _judged(assessment, None)))
    groups["top_score_rows"] = top
    report: dict[str, Any] = {}
    for name, judged in groups.items():
        fired = [(key, j) for key, j in judged if j.capped]
        report[name] = {
            "n": len(judged),
            "capped": len(fired),
            "rate": ratio(len(fired), len(judged)),
            "misconception_fires": sum(j.cause == "misconception" for _, j in fired),
            "fired": [
                {"id": key, "cause": j.cause, "quote": j.quote, "detail": j.detail}
                for key, j in fired
            ],
        }
    return report


def run_misconceptions(
    path: Path,
    catalog: Catalog,
    scorer: EmbeddedScorer,
    top_rows: list[Row],
    sentences: Path = DEFAULT_SENTENCES,
) -> dict[str, Any]:
    """The labelled set's metrics and the false fires (``top_rows``: rows graded at the top
    of their scale)."""
    started = time.perf_counter()
    labelled = labelled_metrics(read_answers(path), catalog, scorer)
    fires = false_fires(catalog, scorer, sentences, top_rows)
    with_misconceptions = sum(
        1
        for q in catalog.questions.values()
        if q.scored and any(p.misconceptions for p in q.key_points)
    )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "file": str(path),
        "scorer": scorer.name,
        "semantic": scorer.encoder is not None,
        "questions_with_misconceptions": with_misconceptions,
        "scored_questions": sum(1 for q in catalog.questions.values() if q.scored),
        "targets": TARGETS,
        "labelled": labelled,
        "false_fires": fires,
        "seconds": round(time.perf_counter() - started, 1),
    }


def render_misconceptions(results: dict[str, Any]) -> str:
    """The results as Markdown."""

    def fmt(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    lab = results["labelled"]
    wrong = lab["wrong_scores"]
    counts = lab["counts"]
    lines = [
        f"# Wrong on the main point ≤ 2 — labelled answers ({results['scorer']}, "
        f"semantic {'on' if results['semantic'] else 'off'})",
        "",
        f"{results['date']} · {results['file']} · {lab['answers']} answers over "
        f"{lab['questions']} questions ({lab['wrong']} wrong on the main point, "
        f"{lab['right']} right) · catalog: {results['questions_with_misconceptions']} of "
        f"{results['scored_questions']} scored questions carry misconceptions · "
        f"{results['seconds']} s",
        "",
        "| precision of the cap | recall | TP | FP | FN | wrong > 2 (target ≤ 5 %) | max "
        "| right capped (target ≤ 2 %) |",
        "|---|---|---|---|---|---|---|---|",
        f"| {fmt(lab['precision'])} | {fmt(lab['recall'])} | {counts.get('tp', 0)} "
        f"| {counts.get('fp', 0)} | {counts.get('fn', 0)} "
        f"| {wrong['above_2']} of {wrong['n']} ({fmt(wrong['above_2_rate'])}) "
        f"| {fmt(wrong['max'])} | {lab['false_caps']} of {lab['right']} "
        f"({fmt(lab['false_cap_rate'])}) |",
        "",
        "Per split (check: questions the rules were not read against):",
        "",
        "| split | answers | questions | precision | recall | wrong > 2 | right capped |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {name} | {part['answers']} | {part['questions']} | {fmt(part['precision'])} "
            f"| {fmt(part['recall'])} | {part['wrong_scores']['above_2']} of "
            f"{part['wrong_scores']['n']} | {part['false_caps']} of {part['right']} |"
            for name, part in lab["splits"].items()
        ),
        "",
        "Scores of the wrong answers: "
        + ", ".join(f"{k}: {v}" for k, v in wrong["histogram"].items()),
        "",
        "What capped them: " + (", ".join(f"{k} {v}" for k, v in lab["causes"].items()) or "–"),
        "",
        "## Per style",
        "",
        "| style | TP | FN | FP | TN | recall |",
        "|---|---|---|---|---|---|",
    ]
    for style, c in lab["styles"].items():
        lines.append(
            f"| {style} | {c.get('tp', 0)} | {c.get('fn', 0)} | {c.get('fp', 0)} "
            f"| {c.get('tn', 0)} | {fmt(c['recall'])} |"
        )
    lines += [
        "",
        "## False fires (no cap can be right here)",
        "",
        "| texts | n | capped | rate | by a misconception |",
        "|---|---|---|---|---|",
    ]
    for name, group in results["false_fires"].items():
        lines.append(
            f"| {name.replace('_', ' ')} | {group['n']} | {group['capped']} "
            f"| {fmt(group['rate'])} | {group['misconception_fires']} |"
        )
    for name, group in results["false_fires"].items():
        for fired in group["fired"]:
            lines.append(f"- {name}: **{fired['id']}** ({fired['cause']}) “{fired['quote']}”")
    lines += ["", "## Wrong calls", ""]
    for call in lab["calls"]:
        quote = f" · quoted “{call['quote']}” ({call['cause']})" if call["quote"] else ""
        lines.append(
            f"- **{call['id']}** ({call['style']}, {call['split']}) {call['call']}, "
            f"score {call['score']}{quote}"
            f" · “{call['answer']}”"
        )
    return "\n".join(lines) + "\n"


def top_score_rows(rows: Iterable[tuple[Row, float]]) -> list[Row]:
    """The rows whose human score is the top of their scale."""
    return [row for row, gold in rows if gold >= row.max_score]
