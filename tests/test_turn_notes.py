"""A turn's notes are typed fields; turns stored with the old ``meta`` dict still load."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from sqlalchemy import select, update
from test_storage_support import answer, ask, new_state, score_dict

from panelist.interview.state import InterviewState, JudgeStatus, Turn
from panelist.interview.utterances import Intent
from panelist.storage import Database
from panelist.storage.tables import InterviewRow, TurnRow

pytest_plugins = ["test_storage_support"]  # the postgres_url, settings and db fixtures

# An interview document as stored before the notes were typed: every note in ``meta``.
OLD_DOCUMENT = """
{
  "id": "iv-old",
  "role_code": "SRES.GEN.P3",
  "level": "P3",
  "candidate_name": "Ada Lovelace",
  "plan": {"role_code": "SRES.GEN.P3", "level": "P3", "seed": 1, "budget_minutes": 30,
           "items": []},
  "turns": [
    {"id": "panelist:0", "seq": 0, "speaker": "interviewer", "role": "question",
     "text": "Hi Ada. How do you alert on an SLO?", "at": "2026-03-02T10:00:00Z",
     "question_id": "mon.burn_rate", "kind": "technical", "follow_up_of": null, "score": null,
     "meta": {"reason": "required competency monitoring",
              "question_text": "How do you alert on an SLO?"}},
    {"id": "a1", "seq": 1, "speaker": "candidate", "role": "answer",
     "text": "Sorry, could you say that again?", "at": "2026-03-02T10:01:00Z",
     "question_id": "mon.burn_rate", "kind": "technical", "follow_up_of": null, "score": null,
     "meta": {"intent": "repeat", "answers": "panelist:0", "counted": false}},
    {"id": "panelist:2", "seq": 2, "speaker": "interviewer", "role": "repeat",
     "text": "Of course: How do you alert on an SLO?", "at": "2026-03-02T10:01:05Z",
     "question_id": "mon.burn_rate", "kind": "technical", "follow_up_of": null, "score": null,
     "meta": {"repeated": "How do you alert on an SLO?"}},
    {"id": "a2", "seq": 3, "speaker": "candidate", "role": "answer",
     "text": "Alert on the burn rate over two windows", "at": "2026-03-02T10:02:00Z",
     "question_id": "mon.burn_rate", "kind": "technical", "follow_up_of": null, "score": null,
     "meta": {"intent": "answer", "answers": "panelist:2", "off_target": true,
              "judge": {"status": "queued"}, "retired_key": 1}},
    {"id": "panelist:4", "seq": 4, "speaker": "interviewer", "role": "follow_up",
     "text": "What would you compare the burn rate with?", "at": "2026-03-02T10:02:05Z",
     "question_id": "mon.burn_rate", "kind": "technical", "follow_up_of": "panelist:0",
     "score": null, "meta": {"why": "unsupported_claim", "probe": "unsupported_claim:burn"}}
  ]
}
"""


def test_an_interview_stored_with_meta_dicts_loads_into_the_typed_notes() -> None:
    state = InterviewState.model_validate(json.loads(OLD_DOCUMENT))
    question, repeat_request, repeat, aside, follow_up = state.turns

    assert question.reason == "required competency monitoring"
    assert question.question_text == "How do you alert on an SLO?"
    assert repeat_request.intent is Intent.REPEAT and repeat_request.counted is False
    assert repeat_request.answers == "panelist:0"
    assert repeat.repeated == "How do you alert on an SLO?"
    assert aside.off_target is True and aside.counted is True and not aside.skipped
    assert aside.judge == JudgeStatus(status="queued", kind="judge_answer")  # the old default
    assert (follow_up.why, follow_up.probe) == ("unsupported_claim", "unsupported_claim:burn")


def test_the_meta_document_holds_only_the_notes_that_are_set() -> None:
    state = InterviewState.model_validate(json.loads(OLD_DOCUMENT))

    assert state.turns[1].meta_document() == {
        "intent": "repeat",
        "answers": "panelist:0",
        "counted": False,
    }
    assert state.turns[3].meta_document() == {  # a key no version reads any more is dropped
        "intent": "answer",
        "answers": "panelist:2",
        "off_target": True,
        "judge": {"status": "queued", "kind": "judge_answer"},
    }


def test_a_misspelled_note_is_refused_rather_than_stored() -> None:
    with pytest.raises(ValidationError, match="skiped"):
        Turn.model_validate(
            {
                "id": "a1",
                "seq": 1,
                "speaker": "candidate",
                "role": "answer",
                "text": "",
                "skiped": True,
            }
        )


def test_a_turn_row_written_by_the_old_code_loads_into_the_typed_notes(db: Database) -> None:
    state = new_state("iv-old-row")
    ask(state, "How do you alert on an SLO?")
    answer(state, "a1", "One more thing on the last one: we paged on the fast window only")
    db.interviews.create(state)
    old_meta = {"intent": "earlier", "answers": "iv-old-row-q0", "counted": False}
    with db.engine.begin() as connection:  # as the previous version wrote it
        connection.execute(
            update(TurnRow)
            .where(TurnRow.turn_id == "a1")
            .values(meta={**old_meta, "adds_to": "mon.burn_rate"})
        )
        connection.execute(
            update(InterviewRow)
            .where(InterviewRow.id == "iv-old-row")
            .values(version=InterviewRow.version + 1)
        )

    aside = next(t for t in db.interviews.get("iv-old-row").turns if t.id == "a1")

    assert aside.intent is Intent.EARLIER and aside.answers == "iv-old-row-q0"
    assert aside.counted is False and aside.adds_to == "mon.burn_rate"


def test_a_judge_status_is_stored_in_the_meta_column_and_read_back(db: Database) -> None:
    state = new_state("iv-judged")
    ask(state, "How do you alert on an SLO?")
    answer(state, "a1", "Alert on the burn rate over two windows")
    db.interviews.create(state)
    failed = JudgeStatus(status="failed", kind="judge_answer", error="model timed out")

    db.interviews.update_turn("iv-judged", "a1", score=score_dict(2.0), judge=failed)

    with db.engine.connect() as connection:
        stored = connection.execute(select(TurnRow.meta).where(TurnRow.turn_id == "a1")).one()
    assert stored.meta == {
        "judge": {"status": "failed", "kind": "judge_answer", "error": "model timed out"}
    }
    judged = next(t for t in db.interviews.get("iv-judged").turns if t.id == "a1")
    assert judged.judge == failed
