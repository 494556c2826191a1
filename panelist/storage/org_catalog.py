"""An organisation's own roles and questions, versioned: every save adds a version.

A version's document never changes after it is stored; a draft version becomes live with
:meth:`OrgCatalogStore.publish`. Interviews are planned from the newest *live* version of
each item and pin the versions they used (see :mod:`panelist.service.catalogs`). Every
document is checked with ``panelist catalog check``'s rules over the built-in catalog and the
organisation's other items before it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from panelist.catalog.documents import (
    Documents,
    ItemKind,
    ItemProblem,
    check_documents,
    item_key,
    normalise,
)
from panelist.errors import CatalogError, NotFoundError
from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import (
    OrganisationRow,
    OrgCalibrationGradeRow,
    OrgCatalogVersionRow,
)

Status = Literal["draft", "live"]


class CatalogItemRejected(CatalogError):
    """A document failed the catalog check; ``problems`` says where and how to fix it."""

    def __init__(self, problems: list[ItemProblem]) -> None:
        self.problems = problems
        first = problems[0]
        where = f" ({first.field})" if first.field else ""
        super().__init__(
            f"The item has {len(problems)} problem(s); the first{where}: {first.message}.",
            hint=first.hint,
        )


@dataclass(frozen=True)
class ItemVersion:
    """One stored version of a role or question."""

    kind: ItemKind
    item_id: str
    version: int
    status: Status
    document: dict[str, Any]
    author: str
    created_at: datetime


@dataclass(frozen=True)
class CalibrationGrade:
    id: int
    question_id: str
    answer: str
    grade: int
    author: str
    created_at: datetime


def _add_version(
    session: Session,
    organisation_id: str,
    kind: ItemKind,
    item_id: str,
    version: int,
    document: dict[str, Any],
    author: str,
    status: Status,
) -> ItemVersion:
    """Add one saved version of an item (flushed, so the row has its id)."""
    row = OrgCatalogVersionRow(
        organisation_id=organisation_id,
        kind=kind,
        item_id=item_id,
        version=version,
        status=status,
        document=document,
        author=author,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return _version(row)


def _version(row: OrgCatalogVersionRow) -> ItemVersion:
    kind: ItemKind = "role" if row.kind == "role" else "question"
    status: Status = "live" if row.status == "live" else "draft"
    return ItemVersion(
        kind, row.item_id, row.version, status, dict(row.document), row.author, row.created_at
    )


def _ident(kind: ItemKind, document: dict[str, Any]) -> str:
    return item_key(kind, document).split(":", 1)[1]


class OrgCatalogStore:
    """Versions of the roles and questions of every organisation. See the module doc."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)

    # ------------------------------------------------------------------ reading
    def versions(self, organisation_id: str) -> list[ItemVersion]:
        """Every version of every item of the organisation, oldest first."""
        with Session(self._engine) as session:
            rows = session.scalars(
                select(OrgCatalogVersionRow)
                .where(OrgCatalogVersionRow.organisation_id == organisation_id)
                .order_by(OrgCatalogVersionRow.id)
            ).all()
        return [_version(row) for row in rows]

    def latest(self, organisation_id: str, *, live_only: bool = False) -> list[ItemVersion]:
        """The newest version of each item (the newest live one with ``live_only``)."""
        newest: dict[tuple[str, str], ItemVersion] = {}
        for item in self.versions(organisation_id):
            if not live_only or item.status == "live":
                newest[(item.kind, item.item_id)] = item
        return sorted(newest.values(), key=lambda v: (v.kind, v.item_id))

    def history(self, organisation_id: str, kind: ItemKind, item_id: str) -> list[ItemVersion]:
        """Every version of one item, oldest first; NotFoundError when it has none."""
        found = [
            v for v in self.versions(organisation_id) if v.kind == kind and v.item_id == item_id
        ]
        if not found:
            raise NotFoundError(f"Your organisation has no {kind} {item_id!r}.")
        return found

    def get(
        self, organisation_id: str, kind: ItemKind, item_id: str, version: int | None = None
    ) -> ItemVersion:
        """One version (the newest when ``version`` is None)."""
        history = self.history(organisation_id, kind, item_id)
        if version is None:
            return history[-1]
        for item in history:
            if item.version == version:
                return item
        raise NotFoundError(
            f"{kind} {item_id!r} has no version {version} (it has 1 to {history[-1].version})."
        )

    def documents(self, organisation_id: str, *, live_only: bool = False) -> Documents:
        """The newest documents of the organisation, as a catalog layer."""
        latest = self.latest(organisation_id, live_only=live_only)
        return Documents(
            roles=[v.document for v in latest if v.kind == "role"],
            questions=[v.document for v in latest if v.kind == "question"],
        )

    # ------------------------------------------------------------------ checking and writing
    def check(
        self, organisation_id: str, kind: ItemKind, document: dict[str, Any]
    ) -> list[ItemProblem]:
        """What ``panelist catalog check`` says of ``document`` saved among the organisation's
        newest items (the one with its id replaced), problems about it first."""
        key = item_key(kind, document)
        others = self.documents(organisation_id)
        roles = [d for d in others.roles if item_key("role", d) != key]
        questions = [d for d in others.questions if item_key("question", d) != key]
        (roles if kind == "role" else questions).append(document)
        problems = check_documents(Documents(roles, questions))
        return sorted(problems, key=lambda p: p.item != key)

    def save(
        self,
        organisation_id: str,
        kind: ItemKind,
        document: dict[str, Any],
        *,
        author: str,
        status: Status = "draft",
    ) -> ItemVersion:
        """Store ``document`` as the item's next version, if the catalog check passes it.

        Raises CatalogItemRejected (every problem, with its field) otherwise.
        """
        problems = self.check(organisation_id, kind, document)
        if problems:
            raise CatalogItemRejected(problems)
        try:
            clean = normalise(kind, document)
        except ValidationError as exc:  # the check reports these first; kept for safety
            raise CatalogItemRejected(
                [ItemProblem(item_key(kind, document), None, str(exc), "Fix the item.")]
            ) from exc
        item_id = _ident(kind, clean)
        with Session(self._writer) as session, session.begin():
            last = session.scalar(
                select(func.max(OrgCatalogVersionRow.version)).where(
                    OrgCatalogVersionRow.organisation_id == organisation_id,
                    OrgCatalogVersionRow.kind == kind,
                    OrgCatalogVersionRow.item_id == item_id,
                )
            )
            return _add_version(
                session, organisation_id, kind, item_id, (last or 0) + 1, clean, author, status
            )

    def save_all(
        self,
        organisation_id: str,
        documents: Documents,
        *,
        author: str,
        status: Status = "live",
    ) -> list[ItemVersion]:
        """Store every document that differs from its item's newest version, in one
        transaction, if the catalog check passes them all together (an import)."""
        incoming = [("role", d) for d in documents.roles] + [
            ("question", d) for d in documents.questions
        ]
        keys = {item_key(kind, doc) for kind, doc in incoming}
        others = self.documents(organisation_id)
        combined = Documents(
            [d for d in others.roles if item_key("role", d) not in keys] + documents.roles,
            [d for d in others.questions if item_key("question", d) not in keys]
            + documents.questions,
        )
        problems = check_documents(combined)
        if problems:
            raise CatalogItemRejected(problems)
        newest = {(v.kind, v.item_id): v for v in self.latest(organisation_id)}
        saved: list[ItemVersion] = []
        with Session(self._writer) as session, session.begin():
            for kind, document in incoming:
                item_kind: ItemKind = "role" if kind == "role" else "question"
                clean = normalise(item_kind, document)
                item_id = _ident(item_kind, clean)
                last = newest.get((item_kind, item_id))
                if last is not None and last.document == clean:
                    continue
                version = (last.version if last else 0) + 1
                saved.append(
                    _add_version(
                        session, organisation_id, item_kind, item_id, version, clean, author, status
                    )
                )
        return saved

    def organisation_named(self, name: str) -> str:
        """The id of the organisation called ``name`` (NotFoundError naming the fix)."""
        with Session(self._engine) as session:
            found = session.scalars(
                select(OrganisationRow.id).where(OrganisationRow.name == name.strip())
            ).one_or_none()
        if found is None:
            raise NotFoundError(
                f"There is no organisation {name!r}.",
                hint="Organisations are made with `panelist users create EMAIL --org NAME` "
                "or `panelist catalog import --org NAME DIR`.",
            )
        return found

    def publish(
        self, organisation_id: str, kind: ItemKind, item_id: str, version: int
    ) -> ItemVersion:
        """Make a version live: new interviews are planned with it from now on."""
        with Session(self._writer) as session, session.begin():
            row = session.scalars(
                select(OrgCatalogVersionRow).where(
                    OrgCatalogVersionRow.organisation_id == organisation_id,
                    OrgCatalogVersionRow.kind == kind,
                    OrgCatalogVersionRow.item_id == item_id,
                    OrgCatalogVersionRow.version == version,
                )
            ).one_or_none()
            if row is None:
                raise NotFoundError(f"Your organisation has no {kind} {item_id!r} v{version}.")
            row.status = "live"
            session.flush()
            return _version(row)

    # ------------------------------------------------------------------ calibration grades
    def add_grade(
        self, organisation_id: str, question_id: str, answer: str, grade: int, *, author: str
    ) -> CalibrationGrade:
        """Record the author's own 1-5 grade of a sample answer to ``question_id``."""
        if not 1 <= grade <= 5:
            raise CatalogError(
                f"A grade is 1 to 5, not {grade}.", hint="Grade on the question's 1-5 anchors."
            )
        if not answer.strip():
            raise CatalogError(
                "The sample answer is empty.", hint="Paste an answer a candidate could give."
            )
        self.get(organisation_id, "question", question_id)
        with Session(self._writer) as session, session.begin():
            row = OrgCalibrationGradeRow(
                organisation_id=organisation_id,
                question_id=question_id,
                answer=answer,
                grade=grade,
                author=author,
                created_at=utcnow(),
            )
            session.add(row)
            session.flush()
            return CalibrationGrade(row.id, question_id, answer, grade, author, row.created_at)

    def grades(self, organisation_id: str, question_id: str) -> list[CalibrationGrade]:
        with Session(self._engine) as session:
            rows = session.scalars(
                select(OrgCalibrationGradeRow)
                .where(
                    OrgCalibrationGradeRow.organisation_id == organisation_id,
                    OrgCalibrationGradeRow.question_id == question_id,
                )
                .order_by(OrgCalibrationGradeRow.id)
            ).all()
        return [
            CalibrationGrade(r.id, r.question_id, r.answer, r.grade, r.author, r.created_at)
            for r in rows
        ]
