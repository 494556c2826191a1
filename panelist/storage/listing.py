"""Listing interviews at any size: filters, search, keyset pages and a bounded count.

Rows come newest first, ordered by ``(created_at, id)`` descending. A page is reached by a
cursor that names the last row seen (keyset pagination), so page 500 costs what page 1 costs:
the database walks an index from the cursor instead of counting and skipping rows
(``OFFSET``). Every query here is served by an index of :mod:`panelist.storage.tables`:

- no filter / organisation / status / both: ``ix_interviews_*_created`` (index order is the
  page order, the database stops after ``limit + 1`` rows);
- search: a case-insensitive substring of the candidate's name or e-mail. PostgreSQL reads
  the ``pg_trgm`` GIN indexes (``ix_interviews_*_trgm``); SQLite its FTS5 trigram table
  (``interviews_search``, filled by triggers) for 3 characters or more, and for shorter ones
  walks the newest-first index, which holds name and e-mail, until a page is full (measured
  in ``benchmarks/growth.py``).

The total is counted only when that is cheap: filters an index holds (organisation, status),
and only up to :data:`COUNT_CAP` rows; past that a page says "more than". A search or a role
filter would cost a second scan as long as the page's own, so its pages say "more" instead.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import (
    Connection,
    Row,
    Select,
    String,
    Table,
    false,
    func,
    literal,
    or_,
    select,
    text,
    tuple_,
)

from panelist.errors import StorageError
from panelist.interview.state import Status
from panelist.storage.repository import InterviewSummary
from panelist.storage.tables import SQLITE_SEARCH_TABLE, InterviewRow
from panelist.storage.types import UTCDateTime

COUNT_CAP = 1000
TRIGRAM = 3  # SQLite's trigram index finds substrings of 3 characters or more
# Past this many matches, walking the newest-first index finds a page sooner than fetching
# every match by id and sorting them (SQLite).
RARE = 500
Direction = Literal["next", "previous"]


class InvalidCursorError(StorageError):
    """A page cursor that this server did not hand out (edited, truncated or from elsewhere)."""


@dataclass(frozen=True)
class Cursor:
    """A position between two rows: after (``next``) or before (``previous``) one row's key."""

    created_at: datetime
    id: str
    direction: Direction

    def encode(self) -> str:
        raw = json.dumps([self.created_at.isoformat(), self.id, self.direction[0]])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            at, row_id, way = json.loads(raw)
            created_at = datetime.fromisoformat(at)
            directions: dict[str, Direction] = {"n": "next", "p": "previous"}
            direction = directions[way]
            if not isinstance(row_id, str) or created_at.tzinfo is None:
                raise ValueError(row_id)
        except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
            raise InvalidCursorError(
                f"The page cursor {text[:40]!r} is not one this server handed out.",
                hint="Start again from the first page (leave out 'cursor') and follow the "
                "next/previous links it returns.",
            ) from exc
        return cls(created_at, row_id, direction)


@dataclass(frozen=True)
class InterviewFilter:
    """Which interviews a listing shows; ``search`` is a case-insensitive substring."""

    status: Status | None = None
    role_code: str | None = None
    search: str | None = None
    organisation_id: str | None = None


class InterviewPage(BaseModel):
    """One page of a listing, with the cursors of its neighbours and a bounded total."""

    rows: list[InterviewSummary]
    next_cursor: str | None = Field(description="Older rows; None on the last page.")
    previous_cursor: str | None = Field(description="Newer rows; None on the first page.")
    total: int | None = Field(
        description=f"Matching interviews, counted up to {COUNT_CAP}; None: not counted "
        "(a search or role filter with more than one page)."
    )
    total_exact: bool = Field(description=f"False when more than {COUNT_CAP} match or uncounted.")


# The table's columns, not the ORM's attributes: a listing runs Core statements on a
# connection (no ORM session, compile state or identity map for a page of rows).
_INTERVIEWS: Table = InterviewRow.__table__  # type: ignore[assignment]
_C = _INTERVIEWS.c
SUMMARY_COLUMNS: tuple[Any, ...] = (
    _C.id,
    _C.candidate_name,
    _C.candidate_email,
    _C.role_code,
    _C.level,
    _C.status,
    _C.quality_profile,
    _C.created_at,
    _C.updated_at,
    _C.overall_score,
    _C.recommendation,
    _C.organisation_id,
    _C.signed_decision,
    _C.signed_by,
    _C.signed_at,
)


# Summaries one process keeps, by the row they were built from (~1 KB each).
SUMMARIES_KEPT = 8192


def summary_of(row: Row[Any]) -> InterviewSummary:
    """The summary of a row of SUMMARY_COLUMNS.

    One summary per distinct row: a page read again (the dashboard's first page, a search
    typed again) builds none anew, since validating 50 summaries cost more than reading
    them. A summary is frozen, so a kept one is shared safely; any change to a listed column
    (an answer moves ``updated_at``) is another row, built on its first read.
    """
    return _summary(tuple(row))


@lru_cache(maxsize=SUMMARIES_KEPT)
def _summary(values: tuple[Any, ...]) -> InterviewSummary:
    (
        interview_id,
        candidate_name,
        candidate_email,
        role_code,
        level,
        status,
        quality_profile,
        created_at,
        updated_at,
        overall_score,
        recommendation,
        organisation_id,
        signed_decision,
        signed_by,
        signed_at,
    ) = values
    return InterviewSummary(
        id=interview_id,
        candidate_name=candidate_name,
        candidate_email=candidate_email,
        role_code=role_code,
        level=level,
        status=Status(status),
        quality_profile=quality_profile,
        created_at=created_at,
        updated_at=updated_at,
        overall_score=overall_score,
        recommendation=recommendation,
        organisation_id=organisation_id,
        signed_decision=signed_decision,
        signed_by=signed_by,
        signed_at=signed_at,
    )


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: Any, pattern: str, dialect: str) -> Any:
    if dialect == "sqlite":  # LIKE ignores case there (ASCII, as SQLite's lower() does)
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


def filtered(query: Select[Any], which: InterviewFilter, connection: Connection) -> Select[Any]:
    """``query`` narrowed to ``which`` (a search may look at the database to choose its plan)."""
    matched, by_id = _search(which.search, connection) if which.search else (None, False)
    # Rows found by id (a rare search term on SQLite) are fetched by key: the other filters
    # are then tested on those rows, never walked as an index in page order, which SQLite
    # preferred (it avoids a sort) and which read a whole organisation to find none.
    column = _unindexed if by_id else _as_is
    if which.status is not None:
        query = query.where(column(_C.status) == which.status.value)
    if which.role_code is not None:
        query = query.where(column(_C.role_code) == which.role_code)
    if which.organisation_id is not None:
        query = query.where(column(_C.organisation_id) == which.organisation_id)
    if matched is not None:
        query = query.where(matched)
    return query


def _as_is(column: Any) -> Any:
    return column


def _unindexed(column: Any) -> Any:
    """``column`` as SQLite's planner cannot use an index for (``column || ''``: the same
    text, NULL for NULL)."""
    return column.concat("")


def _search(search: str, connection: Connection) -> tuple[Any, bool]:
    """The search's condition, and whether it names the matching rows by id.

    Rare terms by SQLite's trigram table (their ids, at most RARE); common ones (and
    PostgreSQL, whose planner picks between its trigram and newest-first indexes itself) by
    a LIKE a page fills quickly."""
    dialect = connection.dialect.name
    if dialect != "sqlite" or len(search) < TRIGRAM:
        return _like(search, dialect), False
    phrase = '"' + search.replace('"', '""') + '"'  # a substring, quotes and all
    ids = connection.scalars(_SQLITE_MATCHES, {"phrase": phrase, "most": RARE + 1}).all()
    if len(ids) > RARE:
        return _like(search, dialect), False
    return (_C.id.in_(ids) if ids else false()), True  # none: no row is read at all


_SQLITE_MATCHES = text(
    f"SELECT interview_id FROM {SQLITE_SEARCH_TABLE} "
    f"WHERE {SQLITE_SEARCH_TABLE} MATCH :phrase LIMIT :most"
)


def _like(search: str, dialect: str) -> Any:
    pattern = f"%{escape_like(search.lower())}%"
    return or_(
        _contains(_C.candidate_name, pattern, dialect),
        _contains(_C.candidate_email, pattern, dialect),
    )


def _summaries() -> Select[Any]:
    # Only what a summary shows: never the state document (kilobytes of JSON a row). Rows of
    # columns, not ORM objects: a page of 50 built no identity map and no instance state.
    return select(*SUMMARY_COLUMNS)


def newest_first(which: InterviewFilter, connection: Connection) -> Select[Any]:
    return filtered(_summaries(), which, connection).order_by(_C.created_at.desc(), _C.id.desc())


def _key() -> Any:
    return tuple_(_C.created_at, _C.id)


def _at(cursor: Cursor) -> Any:
    return tuple_(literal(cursor.created_at, UTCDateTime()), literal(cursor.id, String()))


def read_page(
    connection: Connection,
    which: InterviewFilter,
    *,
    cursor: Cursor | None,
    limit: int,
) -> InterviewPage:
    """One page of at most ``limit`` rows, newest first, from ``cursor`` (None: the first)."""
    limit = max(limit, 1)
    backwards = cursor is not None and cursor.direction == "previous"
    query = filtered(_summaries(), which, connection)
    if cursor is None:
        query = query.order_by(_C.created_at.desc(), _C.id.desc())
    elif backwards:
        query = query.where(_key() > _at(cursor))
        query = query.order_by(_C.created_at.asc(), _C.id.asc())
    else:
        query = query.where(_key() < _at(cursor))
        query = query.order_by(_C.created_at.desc(), _C.id.desc())
    found = list(connection.execute(query.limit(limit + 1)).all())
    more = len(found) > limit
    found = found[:limit]
    if backwards:
        found.reverse()
    rows = [summary_of(row) for row in found]
    older = more if not backwards else True
    newer = cursor is not None and (not backwards or more)
    total: int | None = None
    if cursor is None and not more:
        total = len(rows)  # the first page holds the whole listing: nothing left to count
    elif countable(which):
        total = count(connection, which)
    return InterviewPage(
        rows=rows,
        next_cursor=_edge(rows[-1], "next") if rows and older else None,
        previous_cursor=_edge(rows[0], "previous") if rows and newer else None,
        total=None if total is None else min(total, COUNT_CAP),
        total_exact=total is not None and total <= COUNT_CAP,
    )


def _edge(row: InterviewSummary, direction: Direction) -> str:
    return Cursor(row.created_at, row.id, direction).encode()


def countable(which: InterviewFilter) -> bool:
    """Whether an index answers the count alone (no search, no role filter)."""
    return not which.search and which.role_code is None


def count(connection: Connection, which: InterviewFilter) -> int:
    """How many interviews match, counted up to ``COUNT_CAP + 1`` (so it stays cheap)."""
    capped = filtered(select(_C.id), which, connection).limit(COUNT_CAP + 1).subquery()
    return int(connection.scalar(select(func.count()).select_from(capped)) or 0)
