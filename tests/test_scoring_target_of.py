"""A question's Target is built once per question object and shared by every answer to it."""

from __future__ import annotations

import gc

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.catalog.models import Question
from panelist.scoring import rubric
from panelist.scoring.rubric import target_from_question, target_of


def _question() -> Question:
    catalog = load_catalog(builtin_catalog_dir())
    return next(q for q in catalog.questions.values() if q.key_points)


def test_every_answer_to_a_question_is_scored_against_the_same_target() -> None:
    question = _question()
    target = target_of(question)
    assert target_of(question) is target
    assert target == target_from_question(question)


def test_an_edited_copy_of_a_question_gets_its_own_target() -> None:
    question = _question()
    edited = question.model_copy(update={"text": "Tell me about the last outage you led."})
    assert target_of(edited).question_text == "Tell me about the last outage you led."
    assert target_of(question).question_text == question.text


def test_a_question_no_longer_in_use_is_forgotten() -> None:
    edited = _question().model_copy(update={"text": "A question only this test asks."})
    target_of(edited)
    held = len(rubric._TARGETS)
    del edited
    gc.collect()
    assert len(rubric._TARGETS) == held - 1
