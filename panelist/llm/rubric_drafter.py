"""An LLM drafts a question's rubric from its text; a person accepts it or not.

The draft fills only the rubric fields of the question document (reference answer, weighted
key points with evidence phrases, 1-5 anchors, red flags, probes); the author's text, kind,
competencies, levels and time budget are kept as written. Nothing is saved here: the web app
shows the draft in the editor, where it passes the same catalog check as anything typed, and
only the author's Save stores it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from panelist.catalog.models import FollowUp, KeyPoint, RedFlag
from panelist.errors import LLMResponseError
from panelist.llm.guard import GuardedModel
from panelist.llm.sync import run_sync
from panelist.llm.types import Message, Options

RUBRIC_FIELDS = ("reference_answer", "key_points", "descriptors", "red_flags", "follow_ups")

DRAFT_PROMPT = """You are an expert technical interviewer writing the scoring rubric of one
interview question. Reply with JSON only, in the schema given: a reference_answer (what a strong
candidate says, 3-6 sentences); 3 to 7 key_points, each with a short lowercase id (a-z, 0-9,
dashes), the point, a weight between 0.1 and 1, and 2-5 evidence phrases a candidate would
actually say; descriptors: exactly 5 behaviourally anchored descriptions, for scores 1 to 5 in
that order; at least one red_flag (id, text, phrases); 1 to 3 follow_ups (text, and the
key_point id it draws out)."""


class RubricDraft(BaseModel):
    """The shape the model must fill (checked before anyone sees it)."""

    model_config = ConfigDict(extra="forbid")

    reference_answer: str = Field(min_length=1)
    key_points: list[KeyPoint] = Field(min_length=3, max_length=7)
    descriptors: list[str] = Field(min_length=5, max_length=5)
    red_flags: list[RedFlag] = Field(min_length=1)
    follow_ups: list[FollowUp] = Field(min_length=1, max_length=3)


def draft_rubric(model: GuardedModel, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with its rubric fields drafted by ``model`` (LLMError when it cannot)."""
    text = str(document.get("text") or "").strip()
    if not text:
        raise LLMResponseError("Write the question's text first: the draft is made from it.")
    about = {k: document.get(k) for k in ("kind", "competencies", "levels", "topic")}
    completion = run_sync(
        model.complete(
            [
                Message("system", DRAFT_PROMPT),
                Message("user", f"Question: {text}\nAbout it: {json.dumps(about)}"),
            ],
            options=Options(temperature=0.3, max_tokens=2000, purpose="author"),
            schema=RubricDraft,
        )
    )
    draft = RubricDraft.model_validate(completion.data or json.loads(completion.text))
    rubric = draft.model_dump(mode="json")
    rubric["descriptors"] = {i + 1: line for i, line in enumerate(draft.descriptors)}
    return {**document, **{k: rubric[k] for k in RUBRIC_FIELDS}}
