"""The labelled sets under panelist/evaluation/data are well formed and point at real catalog ids.

These sets measure the scorer and the interviewer, so a malformed line, a duplicated id or a
key point id that the catalog does not have would silently skew every number computed from
them. Each test reads the file as it is committed and names the offending line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from panelist.catalog.loader import load_catalog
from panelist.catalog.models import Question

DATA = Path(__file__).resolve().parent.parent / "panelist" / "evaluation" / "data"

Row = dict[str, Any]


def read_jsonl(name: str) -> list[tuple[int, Row]]:
    """Every line of ``name`` as (line number, object); fails on a line that is not an object."""
    path = DATA / name
    assert path.is_file(), f"{path} is missing"
    rows: list[tuple[int, Row]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{name}:{number}: blank line"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            pytest.fail(f"{name}:{number}: not JSON ({error})")
        assert isinstance(value, dict), f"{name}:{number}: not a JSON object"
        rows.append((number, value))
    return rows


def check_fields(
    name: str,
    rows: list[tuple[int, Row]],
    fields: dict[str, type],
    optional: dict[str, type] | None = None,
) -> None:
    """Exactly ``fields`` (and any of ``optional``) with those types, and unique non-empty
    ids."""
    for number, row in rows:
        extra = set(row) - set(fields)
        assert set(fields) <= set(row) and extra <= set(optional or {}), (
            f"{name}:{number}: fields {sorted(row)} != expected {sorted(fields)}"
        )
        for field, kind in {
            **fields,
            **{k: v for k, v in (optional or {}).items() if k in row},
        }.items():
            assert isinstance(row[field], kind), f"{name}:{number}: {field} is not {kind.__name__}"
            if kind is str:
                assert row[field].strip(), f"{name}:{number}: {field} is empty"
    ids = Counter(row["id"] for _, row in rows)
    repeated = [rid for rid, count in ids.items() if count > 1]
    assert not repeated, f"{name}: repeated ids {repeated}"


@cache
def scored_questions() -> dict[str, Question]:
    return {qid: q for qid, q in load_catalog().questions.items() if q.scored}


def sentences_of(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def mentions(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words, ignoring case."""
    pattern = r"(?<![\w])" + re.escape(phrase.lower()) + r"(?![\w])"
    return re.search(pattern, text.lower()) is not None


# --------------------------------------------------------------------- contradiction pairs

TRUE_KINDS = {"number_same_metric", "tool_scope", "fact", "same_number_two_things"}
LOOK_ALIKE_KINDS = {
    "different_attribute", "different_unit", "window_vs_latency", "different_scope",
    "different_time", "different_system", "approximation", "before_after",
    "consistent_restatement", "subset", "projection",
}  # fmt: skip


def contradiction_pairs() -> list[tuple[int, Row]]:
    name = "contradiction_pairs.jsonl"
    rows = read_jsonl(name)
    check_fields(
        name,
        rows,
        {"id": str, "earlier": str, "later": str, "contradiction": bool, "kind": str, "note": str},
    )
    return rows


def test_contradiction_pairs_are_well_formed_and_labelled_by_kind() -> None:
    rows = contradiction_pairs()
    for number, row in rows:
        kinds = TRUE_KINDS if row["contradiction"] else LOOK_ALIKE_KINDS
        assert row["kind"] in kinds, (
            f"contradiction_pairs.jsonl:{number}: kind {row['kind']!r} does not fit "
            f"contradiction={row['contradiction']} (expected one of {sorted(kinds)})"
        )
        for side in ("earlier", "later"):
            assert 1 <= sentences_of(row[side]) <= 3, f"line {number}: {side} is not 1-3 sentences"
        assert "\n" not in row["note"], f"line {number}: the note is one line"


def test_contradiction_pairs_are_half_true_half_look_alikes() -> None:
    rows = contradiction_pairs()
    labels = Counter(row["contradiction"] for _, row in rows)
    assert len(rows) >= 80
    assert abs(labels[True] - labels[False]) <= len(rows) // 10, labels
    kinds = Counter(row["kind"] for _, row in rows)
    assert set(kinds) == TRUE_KINDS | LOOK_ALIKE_KINDS, f"every kind is represented: {kinds}"


EVENT_TRUE_KINDS = {"rollback", "role", "action", "outcome"}
EVENT_LOOK_ALIKE_KINDS = {
    "different_time", "different_object", "different_event", "different_role",
    "different_system", "consistent_restatement", "reported_speech", "hypothetical",
}  # fmt: skip


def test_event_contradiction_pairs_are_half_true_half_look_alikes_by_kind() -> None:
    name = "event_contradiction_pairs.jsonl"
    rows = read_jsonl(name)
    check_fields(
        name,
        rows,
        {"id": str, "earlier": str, "later": str, "contradiction": bool, "kind": str, "note": str},
    )
    for number, row in rows:
        kinds = EVENT_TRUE_KINDS if row["contradiction"] else EVENT_LOOK_ALIKE_KINDS
        assert row["kind"] in kinds, f"{name}:{number}: kind {row['kind']!r}"
        assert row["id"] == f"ecp-{number:03d}", f"{name}:{number}: id {row['id']!r}"
    labels = Counter(row["contradiction"] for _, row in rows)
    assert len(rows) >= 40 and labels[True] == labels[False], labels
    assert {row["kind"] for _, row in rows} == EVENT_TRUE_KINDS | EVENT_LOOK_ALIKE_KINDS


SIMULATED_TRUE_KINDS = {"tool_scope", "fact", "number_same_metric"}
SIMULATED_LOOK_ALIKE_KINDS = {
    "different_cause", "share_of_whole", "advice", "about_the_tool", "different_unit",
    "different_scope", "subset", "consistent_restatement",
}  # fmt: skip


def test_simulated_contradiction_pairs_are_half_true_half_look_alikes_with_a_source() -> None:
    name = "simulated_contradiction_pairs.jsonl"
    rows = read_jsonl(name)
    check_fields(
        name,
        rows,
        {
            "id": str, "earlier": str, "later": str, "contradiction": bool, "kind": str,
            "note": str, "source": str,
        },
    )  # fmt: skip
    for number, row in rows:
        kinds = SIMULATED_TRUE_KINDS if row["contradiction"] else SIMULATED_LOOK_ALIKE_KINDS
        assert row["kind"] in kinds, f"{name}:{number}: kind {row['kind']!r}"
        assert row["id"] == f"scp-{number:03d}", f"{name}:{number}: id {row['id']!r}"
    labels = Counter(row["contradiction"] for _, row in rows)
    assert len(rows) == 40 and labels[True] == labels[False] == 20, labels
    assert {row["kind"] for _, row in rows} == SIMULATED_TRUE_KINDS | SIMULATED_LOOK_ALIKE_KINDS
    from_interviews = [row for _, row in rows if "/" in row["source"]]
    assert len(from_interviews) >= 20, "most rows are what a simulated interview said"


@pytest.mark.parametrize(
    ("earlier", "later", "contradiction"),
    [
        ("1h/5m burn-rate window", "300 ms", False),
        ("5 engineers", "5 minutes", False),
        ("from 30% to 85%", "11 of 12", False),
        ("Prometheus and Alertmanager for alerting", "Datadog was only there for APM", False),
        ("All our alerting ran on Prometheus", "We never ran Prometheus", True),
        ("MTTR went from 45 minutes to 12", "MTTR is about 12 minutes now", False),
        ("about forty", "42", False),
        ("I led the migration", "I joined the team after the CI migration", True),
    ],
)
def test_contradiction_pairs_hold_the_cases_seen_in_issue_12(
    earlier: str, later: str, contradiction: bool
) -> None:
    """The false contradictions a real interview produced are in the set, labelled correctly."""
    matches = [
        row
        for _, row in contradiction_pairs()
        if earlier.lower() in row["earlier"].lower() and later.lower() in row["later"].lower()
    ]
    assert matches, f"no pair with {earlier!r} earlier and {later!r} later"
    assert all(row["contradiction"] is contradiction for row in matches), matches


# --------------------------------------------------------------------- key point sentences

POSITIVE = {"plain", "paraphrase", "negation"}
HARD_NEGATIVE = {"near_miss", "negated_point", "wrong"}
SENTENCE_KINDS = POSITIVE | HARD_NEGATIVE | {"unrelated"}
NEGATION = re.compile(
    r"\b(not|no|never|nothing|nobody|none|without|cannot|can't|won't|doesn't|isn't|"
    r"mustn't|shouldn't|wouldn't|don't|didn't|aren't)\b",
    re.IGNORECASE,
)


def starts_word(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` starting at a word boundary (so stems such as
    ``amplif`` or ``categor`` match their words), ignoring case."""
    return re.search(r"(?<![\w])" + re.escape(phrase.lower()), text.lower()) is not None


def shared_run(text: str, reference: str, length: int) -> str | None:
    """The first run of ``length`` words that ``text`` shares with ``reference``, if any."""
    words = re.findall(r"[\w']+", text.lower())
    ref_words = re.findall(r"[\w']+", reference.lower())
    ref_runs = {tuple(ref_words[i : i + length]) for i in range(len(ref_words) - length + 1)}
    for i in range(len(words) - length + 1):
        if tuple(words[i : i + length]) in ref_runs:
            return " ".join(words[i : i + length])
    return None


def key_point_sentences() -> list[tuple[int, Row]]:
    name = "key_point_sentences.jsonl"
    rows = read_jsonl(name)
    check_fields(
        name,
        rows,
        {
            "id": str,
            "question_id": str,
            "sentence": str,
            "key_points": list,
            "kind": str,
            "note": str,
        },
        {"prompt": str, "split": str},
    )
    return rows


def test_key_point_sentences_name_real_questions_and_key_points() -> None:
    questions = scored_questions()
    for number, row in key_point_sentences():
        question = questions.get(row["question_id"])
        assert question is not None, f"line {number}: {row['question_id']} is not a scored question"
        known = {kp.id for kp in question.key_points}
        unknown = set(row["key_points"]) - known
        assert not unknown, f"line {number}: {sorted(unknown)} not key points of {question.id}"
        assert len(row["key_points"]) == len(set(row["key_points"])), f"line {number}: repeats"
        assert row["kind"] in SENTENCE_KINDS, f"line {number}: kind {row['kind']!r}"
        if row["kind"] in POSITIVE:
            assert row["key_points"], f"line {number}: a {row['kind']} sentence evidences a point"
        else:
            assert not row["key_points"], f"line {number}: a {row['kind']} evidences nothing"
        assert sentences_of(row["sentence"]) <= 2, f"line {number}: more than 2 sentences"
        if "prompt" in row:  # a reply to the follow-up the catalog asks for one of its points
            asked = {f.text.strip(): f.key_point for f in question.follow_ups}
            assert asked.get(row["prompt"]) in row["key_points"], (
                f"line {number}: the prompt is not a follow-up asked for the sentence's point"
            )


def test_key_point_sentence_kinds_mean_what_they_say() -> None:
    """plain uses a point's evidence words, paraphrase avoids them all, negation negates,
    near_miss borrows some point's words; and nothing is lifted from the reference answer."""
    questions = scored_questions()
    for number, row in key_point_sentences():
        question = questions[row["question_id"]]
        evidence = {kp.id: kp.evidence for kp in question.key_points}
        credited = [phrase for kp in row["key_points"] for phrase in evidence[kp]]
        sentence = row["sentence"]
        if row["kind"] == "plain":
            assert any(starts_word(sentence, p) for p in credited), (
                f"line {number}: a plain sentence uses an evidence phrase of its point"
            )
        if row["kind"] == "paraphrase":
            used = [p for p in credited if starts_word(sentence, p)]
            assert not used, f"line {number}: a paraphrase uses evidence phrases {used}"
        if row["kind"] == "negation":
            assert NEGATION.search(sentence), f"line {number}: a negation sentence negates"
        if row["kind"] == "near_miss":
            every = [p for phrases in evidence.values() for p in phrases]
            assert any(starts_word(sentence, p) for p in every), (
                f"line {number}: a near miss borrows some key point's words"
            )
        lifted = shared_run(sentence, question.reference_answer or "", 7)
        assert lifted is None, f"line {number}: copies {lifted!r} from the reference answer"


def test_key_point_sentences_cover_every_point_with_hard_negatives() -> None:
    # the hand-run sentences are what people said, not a corpus built to cover every point
    rows = [row for _, row in key_point_sentences() if row.get("split") != "hand_runs"]
    assert len(rows) >= 260
    by_question: dict[str, list[Row]] = {}
    for row in rows:
        by_question.setdefault(row["question_id"], []).append(row)
    assert len(by_question) >= 20
    questions = scored_questions()
    kinds = {questions[qid].kind.value for qid in by_question}
    assert {"technical", "scenario", "behavioural"} <= kinds, kinds
    for qid, items in by_question.items():
        assert len(items) >= 12, f"{qid}: {len(items)} sentences"
        hard = [row for row in items if row["kind"] in HARD_NEGATIVE]
        assert len(hard) >= 4, f"{qid}: {len(hard)} hard negatives"
        for kp in questions[qid].key_points:
            evidencing = [row["kind"] for row in items if kp.id in row["key_points"]]
            assert len(evidencing) >= 2, f"{qid}/{kp.id}: evidenced {len(evidencing)} times"
            assert "plain" in evidencing, f"{qid}/{kp.id}: no plain sentence"
            assert {"paraphrase", "negation"} & set(evidencing), (
                f"{qid}/{kp.id}: no paraphrase or negation"
            )


# --------------------------------------------------------------------- follow-up replies

REPLY_KINDS = {"own_words", "says_back", "evasive", "vague", "other_point"}


def follow_up_replies() -> list[tuple[int, Row]]:
    name = "follow_up_replies.jsonl"
    rows = read_jsonl(name)
    check_fields(
        name,
        rows,
        {
            "id": str, "question_id": str, "follow_up": str, "key_point": str,
            "reply": str, "credited": bool, "kind": str, "note": str,
        },
    )  # fmt: skip
    return rows


def test_follow_up_replies_answer_a_catalog_follow_up_asked_for_their_point() -> None:
    questions = scored_questions()
    for number, row in follow_up_replies():
        question = questions.get(row["question_id"])
        assert question is not None, f"line {number}: {row['question_id']} is not a scored question"
        asked = {f.text: f.key_point for f in question.follow_ups}
        assert asked.get(row["follow_up"]) == row["key_point"], (
            f"line {number}: {row['follow_up']!r} is not the follow-up asked for {row['key_point']}"
        )
        assert row["kind"] in REPLY_KINDS, f"line {number}: kind {row['kind']!r}"
        assert row["credited"] == (row["kind"] == "own_words"), (
            f"line {number}: only a reply in the candidate's own words makes the point"
        )
        assert sentences_of(row["reply"]) <= 2, f"line {number}: more than 2 sentences"


def test_follow_up_replies_are_half_the_point_half_not_over_twenty_questions() -> None:
    rows = [row for _, row in follow_up_replies()]
    assert len(rows) >= 80
    assert len({row["question_id"] for row in rows}) >= 20
    credited = sum(row["credited"] for row in rows)
    assert credited * 2 == len(rows), f"{credited} of {len(rows)} make the point"
    by_follow_up = Counter((row["question_id"], row["key_point"]) for row in rows)
    for asked, count in by_follow_up.items():
        made = sum(
            row["credited"] for row in rows if (row["question_id"], row["key_point"]) == asked
        )
        assert made * 2 == count, f"{asked}: {made} of {count} make the point"
    kinds = Counter(row["kind"] for row in rows if not row["credited"])
    assert set(kinds) == REPLY_KINDS - {"own_words"}, kinds


# --------------------------------------------------------------------- graded answers

SPLITS = {"calibration", "held_out"}


def graded_answers() -> list[tuple[int, Row]]:
    name = "graded_answers.jsonl"
    rows = read_jsonl(name)
    check_fields(
        name,
        rows,
        {
            "id": str, "question_id": str, "answer": str, "grade": int,
            "main_point_wrong": bool, "style": str, "split": str, "rationale": str,
        },
    )  # fmt: skip
    return rows


def test_graded_answers_are_well_formed_natural_answers() -> None:
    questions = scored_questions()
    for number, row in graded_answers():
        question = questions.get(row["question_id"])
        assert question is not None, f"line {number}: {row['question_id']} is not a scored question"
        assert row["grade"] in question.descriptors, f"line {number}: grade {row['grade']}"
        assert row["split"] in SPLITS, f"line {number}: split {row['split']!r}"
        words = len(row["answer"].split())
        assert 30 <= words <= 250, f"line {number}: {words} words (30-250)"
        assert "\n" not in row["rationale"], f"line {number}: the rationale is one line"
        if row["main_point_wrong"]:
            assert row["grade"] <= 2, f"line {number}: wrong on the main point yet graded above 2"
        lifted = shared_run(row["answer"], question.reference_answer or "", 7)
        assert lifted is None, f"line {number}: copies {lifted!r} from the reference answer"


def test_graded_answers_cover_every_grade_of_every_question() -> None:
    rows = [row for _, row in graded_answers()]
    assert len(rows) >= 180
    questions = scored_questions()
    by_question: dict[str, list[Row]] = {}
    for row in rows:
        by_question.setdefault(row["question_id"], []).append(row)
    assert len(by_question) >= 18
    for qid, items in by_question.items():
        grades = Counter(row["grade"] for row in items)
        assert all(grades[g] >= 2 for g in range(1, 6)), f"{qid}: grades {dict(grades)}"
        assert len({row["split"] for row in items}) == 1, f"{qid}: split across both sets"
    kinds = {questions[qid].kind.value for qid in by_question}
    assert {"technical", "scenario", "behavioural"} <= kinds, kinds
    splits = Counter(next(iter({r["split"] for r in items})) for items in by_question.values())
    assert abs(splits["calibration"] - splits["held_out"]) <= 2, splits
    core = {c.id for c in load_catalog().core_competencies()}
    for split in SPLITS:
        covered = {
            competency
            for qid, items in by_question.items()
            if items[0]["split"] == split
            for competency in questions[qid].competencies
        }
        assert covered & core, f"{split} covers no core tenet"
    covered_all = {c for qid in by_question for c in questions[qid].competencies}
    assert core <= covered_all, f"core tenets not covered: {sorted(core - covered_all)}"


# --------------------------------------------------------------------- misconception answers

WRONG_STYLES = {"confident_wrong", "terse_wrong", "rambling_wrong", "partly_right_wrong"}
RIGHT_STYLES = {"warns_right", "mentions_right", "good_right"}


def misconception_answers() -> list[tuple[int, Row]]:
    name = "misconception_answers.jsonl"
    rows = read_jsonl(name)
    check_fields(
        name,
        rows,
        {
            "id": str, "question_id": str, "answer": str, "main_point_wrong": bool,
            "style": str, "note": str, "split": str,
        },
    )  # fmt: skip
    return rows


def held_out_questions() -> set[str]:
    """The question ids of the graded set's held_out split (the ids only: answers unread)."""
    return {row["question_id"] for _, row in graded_answers() if row["split"] == "held_out"}


def test_misconception_answers_are_natural_answers_to_questions_outside_held_out() -> None:
    questions = scored_questions()
    held_out = held_out_questions()
    for number, row in misconception_answers():
        question = questions.get(row["question_id"])
        assert question is not None, f"line {number}: {row['question_id']} is not a scored question"
        assert row["question_id"] not in held_out, f"line {number}: a held_out question"
        styles = WRONG_STYLES if row["main_point_wrong"] else RIGHT_STYLES
        assert row["style"] in styles, f"line {number}: style {row['style']!r}"
        words = len(row["answer"].split())
        assert 5 <= words <= 250, f"line {number}: {words} words (5-250)"
        lifted = shared_run(row["answer"], question.reference_answer or "", 7)
        assert lifted is None, f"line {number}: copies {lifted!r} from the reference answer"


def test_misconception_answers_are_half_wrong_over_25_questions() -> None:
    rows = [row for _, row in misconception_answers()]
    assert len(rows) >= 120
    by_question: dict[str, list[Row]] = {}
    for row in rows:
        by_question.setdefault(row["question_id"], []).append(row)
    assert len(by_question) >= 25
    wrong = sum(row["main_point_wrong"] for row in rows)
    assert abs(2 * wrong - len(rows)) <= len(rows) // 10, f"{wrong} of {len(rows)} wrong"
    for qid, items in by_question.items():
        labels = {row["main_point_wrong"] for row in items}
        assert labels == {True, False}, f"{qid}: only {labels}"
    assert {row["style"] for row in rows} == WRONG_STYLES | RIGHT_STYLES


def test_the_check_split_of_misconception_answers_is_on_questions_the_development_split_lacks() -> (
    None
):
    rows = [row for _, row in misconception_answers()]
    assert {row["split"] for row in rows} == {"development", "check"}
    development = {row["question_id"] for row in rows if row["split"] == "development"}
    check = [row for row in rows if row["split"] == "check"]
    questions = {row["question_id"] for row in check}
    assert len(questions) >= 10
    assert not questions & development, sorted(questions & development)
    assert sum(row["main_point_wrong"] for row in check) >= 20
