"""The bank's coverage per level band, and the rubrics of the questions added for it
(questions_bank_*.yaml), held to the same bar as the rest of the bank.

Coverage: every core competency has at least 3 scored questions whose *first* competency it
is, at every level of each band (P2-P3, P4, P5-P6), so the planner can rotate equivalent
questions at any level. The rubric checks use the real embedded scorer as the grader: the
reference answer ticks every key point, vague answers tick none, red flags fire when said.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from panelist.catalog.loader import builtin_catalog_dir, load_catalog
from panelist.catalog.models import Question
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.text import NEGATIONS, content_tokens, sentences, tokenize
from panelist.scoring.types import Flag

BANDS = {"P2-P3": ("P2", "P3"), "P4": ("P4",), "P5-P6": ("P5", "P6")}
PER_BAND = 3
VAGUE_ANSWERS = (
    "I would analyse the issue, identify the cause, implement a solution and monitor the "
    "results, then document everything and share it with the team.",
    "Security is very important to me. I always follow the company policies, work closely with "
    "the security team and make sure everything is compliant and safe.",
    "I am a team player. I listen to everyone, stay calm and professional, and we usually find "
    "a good solution together with the stakeholders.",
    "I wrote a lot of Python and Bash scripts to automate tasks and used Kubernetes, AWS and "
    "Terraform. The code was clean and worked well in production.",
    "We followed best practices, kept things simple and made sure the system was reliable, "
    "scalable and well documented.",
)


def coverage() -> dict[str, dict[str, int]]:
    """Competency -> band -> the fewest scored questions led by it at any level of the band."""
    catalog = load_catalog()
    out: dict[str, dict[str, int]] = {}
    for competency in catalog.core_competencies():
        led = [
            q for q in catalog.questions.values() if q.scored and q.competencies[0] == competency.id
        ]
        out[competency.id] = {
            band: min(sum(1 for q in led if level in q.levels) for level in levels)
            for band, levels in BANDS.items()
        }
    return out


def test_every_core_competency_has_three_questions_at_every_level_of_every_band() -> None:
    short = {
        (competency, band): count
        for competency, bands in coverage().items()
        for band, count in bands.items()
        if count < PER_BAND
    }
    assert short == {}


@cache
def bank_questions() -> tuple[Question, ...]:
    paths = sorted((builtin_catalog_dir() / "questions").glob("questions_bank_*.yaml"))
    return tuple(
        Question.model_validate(raw)
        for path in paths
        for raw in yaml.safe_load(Path(path).read_text(encoding="utf-8"))["questions"]
    )


BANK = [q.id for q in bank_questions()]


def question(question_id: str) -> Question:
    return next(q for q in bank_questions() if q.id == question_id)


def stems(text: str) -> set[str]:
    return {t.stem for t in content_tokens(tokenize(text))}


@pytest.fixture(scope="module")
def grader() -> EmbeddedScorer:
    return EmbeddedScorer()  # lexical signals only: deterministic, nothing downloaded


def test_the_catalog_loads_every_bank_question_unchanged() -> None:
    catalog = load_catalog()
    assert len(BANK) >= 19
    assert all(catalog.question(q.id) == q for q in bank_questions())


@pytest.mark.parametrize("question_id", BANK)
def test_rubric_is_complete_and_proportionate(question_id: str) -> None:
    q = question(question_id)
    words = len((q.reference_answer or "").split())
    assert q.scored
    assert 80 <= words <= 200, f"reference answer has {words} words"
    assert 3 <= q.time_budget_minutes <= 8
    assert max(kp.weight for kp in q.key_points) == 1.0
    assert len(set(q.descriptors.values())) == 5
    assert q.topic and all(rf.phrases for rf in q.red_flags)
    assert {f.key_point for f in q.follow_ups} <= {kp.id for kp in q.key_points}


@pytest.mark.parametrize("question_id", BANK)
def test_evidence_is_lowercase_specific_and_more_than_the_question(question_id: str) -> None:
    q = question(question_id)
    every_phrase = [p for kp in q.key_points for p in kp.evidence]
    assert len(every_phrase) == len(set(every_phrase)), "a phrase evidences two points"
    asked = stems(q.text)
    for kp in q.key_points:
        assert 3 <= len(kp.evidence) <= 8, kp.id
        for phrase in kp.evidence:
            tokens = tokenize(phrase)
            assert phrase == phrase.strip().lower() and content_tokens(tokens), phrase
            assert not {t.text for t in tokens} & NEGATIONS, f"{kp.id}: {phrase!r} is negated"
        assert [p for p in kp.evidence if stems(p) <= asked] == [], f"{kp.id} parrots"


@pytest.mark.parametrize("question_id", BANK)
def test_the_reference_answer_scores_high_and_raises_no_red_flag(
    question_id: str, grader: EmbeddedScorer
) -> None:
    q = question(question_id)
    score = grader.score(q.reference_answer or "", q)
    assert score.key_points_missed == []
    assert [(f.flag.value, f.detail) for f in score.flags] == []
    assert score.value is not None and score.value >= 4.5


@pytest.mark.parametrize("question_id", BANK)
def test_the_most_important_point_is_credited_only_where_it_is_made(
    question_id: str, grader: EmbeddedScorer
) -> None:
    q = question(question_id)
    heaviest = max(q.key_points, key=lambda kp: kp.weight).id
    answer = q.reference_answer or ""
    for _ in range(4):
        hits = [h for h in grader.score(answer, q).key_points_hit if h.key_point == heaviest]
        if not hits:
            break
        quoted = [e.start for e in hits[0].evidence]
        kept = [answer[a:b] for a, b in sentences(answer) if not any(a <= i < b for i in quoted)]
        answer = " ".join(kept)
    rest = grader.score(answer, q)
    assert heaviest in rest.key_points_missed
    assert len(rest.key_points_hit) >= 1


@pytest.mark.parametrize("question_id", BANK)
def test_vague_answers_and_the_question_itself_tick_no_key_point(
    question_id: str, grader: EmbeddedScorer
) -> None:
    q = question(question_id)
    for answer in (*VAGUE_ANSWERS, "So you are asking: " + q.text):
        hits = grader.score(answer, q).key_points_hit
        assert hits == [], [(h.key_point, [e.text for e in h.evidence]) for h in hits]


@pytest.mark.parametrize("question_id", BANK)
def test_red_flags_fire_when_said(question_id: str, grader: EmbeddedScorer) -> None:
    q = question(question_id)
    for flag in q.red_flags:
        for phrase in flag.phrases:
            answer = f"To be honest, {phrase}, that is what we always did."
            fired = [f.detail for f in grader.score(answer, q).flags if f.flag is Flag.RED_FLAG]
            assert any(d.startswith(f"{flag.id}:") for d in fired), phrase
