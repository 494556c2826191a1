"""Request and response bodies of the organisation catalog API (``/api/v1/catalog``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from panelist.catalog.documents import ItemProblem
from panelist.storage.org_catalog import ItemVersion
from panelist.web.schemas import Body

Kind = Literal["role", "question"]
MAX_YAML = 40_000  # characters; a role profile is about 10 000


class ItemText(Body):
    yaml: str = Field(
        min_length=1,
        max_length=MAX_YAML,
        description="The item in the built-in catalog's YAML layout (one role, or one question).",
    )


class CopyRequest(Body):
    source_id: str = Field(
        min_length=1, max_length=120, description="The built-in role code or question id."
    )
    new_id: str | None = Field(
        default=None,
        max_length=120,
        description="A new code/id for the copy; without one the copy overrides the built-in "
        "item in your organisation's interviews.",
    )


class GradeRequest(Body):
    answer: str = Field(min_length=1, max_length=20_000)
    grade: int = Field(ge=1, le=5, description="Your own grade on the question's 1-5 anchors.")


class ProblemPublic(BaseModel):
    item: str | None
    field: str | None
    line: int | None
    message: str
    hint: str

    @classmethod
    def of(cls, problem: ItemProblem) -> ProblemPublic:
        return cls(
            item=problem.item,
            field=problem.field,
            line=problem.line,
            message=problem.message,
            hint=problem.hint,
        )


class CheckResponse(BaseModel):
    ok: bool
    problems: list[ProblemPublic]


class VersionPublic(BaseModel):
    kind: Kind
    item_id: str
    version: int
    status: Literal["draft", "live"]
    author: str
    created_at: datetime

    @classmethod
    def of(cls, item: ItemVersion) -> VersionPublic:
        return cls(
            kind=item.kind,
            item_id=item.item_id,
            version=item.version,
            status=item.status,
            author=item.author,
            created_at=item.created_at,
        )


class ItemPublic(BaseModel):
    kind: Kind
    item_id: str
    live_version: int | None = Field(description="The version new interviews are planned with.")
    versions: list[VersionPublic]
    document: dict[str, Any] = Field(description="The newest version's item.")


class DraftResponse(BaseModel):
    yaml: str = Field(description="The question with a drafted rubric: review it, then save.")
    problems: list[ProblemPublic]


class SamplePublic(BaseModel):
    answer: str
    grade: int
    score: float | None
    gap: float | None
    reason: str | None


class CalibrationResponse(BaseModel):
    n: int
    unscored: int
    r: float | None
    exact: float | None
    adjacent: float | None
    disagreements: list[SamplePublic] = Field(description="Largest disagreement first.")
