"""The SQL implementation of :class:`~panelist.storage.repository.InterviewRepository`."""

from __future__ import annotations

import builtins
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from pydantic import PrivateAttr
from sqlalchemy import Connection, Engine, Table, bindparam, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from panelist.errors import NotFoundError, StorageError
from panelist.interview.state import InterviewState, JudgeStatus, Status, Turn, utcnow
from panelist.storage.engine import WRITE
from panelist.storage.listing import (
    Cursor,
    InterviewFilter,
    InterviewPage,
    newest_first,
    read_page,
    summary_of,
)
from panelist.storage.quick import QuickReads
from panelist.storage.repository import InterviewSummary, NewJob
from panelist.storage.slots import Slots
from panelist.storage.tables import InterviewRow, JobRow, TurnRow


class ConcurrentUpdateError(StorageError):
    """Another writer saved the interview after this one read it."""


class StoredInterviewState(InterviewState):
    """An InterviewState that remembers the row version it was read (or last saved) at.

    The version travels with the state object itself, and with every copy the engine makes of
    it (``model_copy`` keeps private attributes), so two requests in one process that read the
    same interview can never borrow each other's version: the later save is refused.
    """

    _stored_version: int | None = PrivateAttr(default=None)
    _stored_turns: dict[str, Turn] | None = PrivateAttr(default=None)
    _stored_document: dict[str, Any] | None = PrivateAttr(default=None)

    @property
    def stored_version(self) -> int | None:
        return self._stored_version

    @property
    def stored_turns(self) -> dict[str, Turn] | None:
        """The turns as they are stored at ``stored_version`` (by id), or None if unknown.

        The engine never changes a Turn in place (it puts a new Turn in the list), so a turn
        that is the very object stored is unchanged and ``save`` skips it.
        """
        return self._stored_turns

    def __eq__(self, other: object) -> bool:
        """Equal to any InterviewState with the same fields (the version is bookkeeping)."""
        if not isinstance(other, InterviewState):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]


def stored_version(state: InterviewState) -> int | None:
    """The row version ``state`` was read at, or None for a state never read from the database."""
    return state.stored_version if isinstance(state, StoredInterviewState) else None


def _remember(state: InterviewState, version: int, document: dict[str, Any]) -> None:
    """Note what is stored now: the version, the turns and the state document (no turns)."""
    if isinstance(state, StoredInterviewState):
        state._stored_version = version
        state._stored_turns = {t.id: t for t in state.turns}  # a new dict: copies keep theirs
        state._stored_document = document


# How many answers one process works on at once (SqlInterviewRepository.answer_slots). Answers
# are CPU work under one GIL and, on SQLite, writes under one file lock: 32 requests at once
# each took 32 times as long, in an order nobody chose (p99 many times p50). PostgreSQL takes
# writers in parallel; there the slots are its connection pool's.
SQLITE_ANSWER_SLOTS = 2


def answer_slots_for(engine: Engine) -> int:
    """The answers worked on at once against ``engine``: SQLITE_ANSWER_SLOTS, else the pool's size."""
    if engine.dialect.name == "sqlite":
        return SQLITE_ANSWER_SLOTS
    size = getattr(engine.pool, "size", None)
    return max(int(size()), 1) if callable(size) else SQLITE_ANSWER_SLOTS


# Interviews whose state one process keeps (Settings.state_cache_interviews): about 150 KiB
# for a 27-turn interview with its scores, half that mid-interview. Its hits are an
# interview's own next reads - the reads of one answer, the candidate's state read after it,
# and the next answer a minute later - so it holds the live interviews a process serves:
# 4,096 is ~300 MB at most, ~55 answers a second at one answer a candidate every 75 s.
STATE_CACHE_SIZE = 4096


class StateCache:
    """The states of recently read or saved interviews, each at the row version it belongs to.

    Every write of an interview raises its row version in the same transaction, so a state
    cached at the version the row has now is the stored one: a read then costs one indexed
    read of the version column, however long the interview. A save by another process or
    replica moves the version on and the next read loads the interview again. Callers get a
    fork (their own lists; the frozen turns and plan shared), never the cached object.
    """

    def __init__(self, size: int = STATE_CACHE_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[int, StoredInterviewState]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, interview_id: str, version: int) -> StoredInterviewState | None:
        with self._lock:
            entry = self._entries.get(interview_id)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(interview_id)
            cached = entry[1]
        forked = cached.fork()
        assert isinstance(forked, StoredInterviewState)
        return forked

    def holds(self, interview_id: str) -> bool:
        """Whether a state of ``interview_id`` is kept, at any version."""
        with self._lock:
            return interview_id in self._entries

    def put(self, state: StoredInterviewState, version: int) -> None:
        kept = state.fork()  # later changes to ``state``'s lists never reach the cache
        assert isinstance(kept, StoredInterviewState)
        with self._lock:
            self._entries[state.id] = (version, kept)
            self._entries.move_to_end(state.id)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def drop(self, interview_id: str) -> None:
        with self._lock:
            self._entries.pop(interview_id, None)


def _state_document(state: InterviewState) -> dict[str, Any]:
    return state.model_dump(mode="json", exclude={"turns"})


def _turn_values(interview_id: str, turn: Turn) -> dict[str, Any]:
    """The columns of a turn's row."""
    data = turn.model_dump(mode="json")
    return {
        "interview_id": interview_id,
        "turn_id": turn.id,
        "seq": turn.seq,
        "speaker": data["speaker"],
        "role": data["role"],
        "text": turn.text,
        "question_id": turn.question_id,
        "kind": data["kind"],
        "follow_up_of": turn.follow_up_of,
        "score": turn.score,
        "meta": turn.meta_document(),
        "created_at": turn.at,
    }


def _turn_row(interview_id: str, turn: Turn) -> TurnRow:
    return TurnRow(**_turn_values(interview_id, turn))


# The statements of a save, built once: a save sends the same few statements every time, and
# building them (and their cache keys) per call cost about as much as running them.
_INTERVIEWS: Table = InterviewRow.__table__  # type: ignore[assignment]
_TURNS: Table = TurnRow.__table__  # type: ignore[assignment]
_JOBS: Table = JobRow.__table__  # type: ignore[assignment]
_QUEUE_JOB_SQLITE = sqlite_insert(_JOBS).on_conflict_do_nothing(index_elements=["key"])
_QUEUE_JOB_POSTGRESQL = postgresql_insert(_JOBS).on_conflict_do_nothing(index_elements=["key"])
_VERSION = select(_INTERVIEWS.c.version).where(_INTERVIEWS.c.id == bindparam("iid"))
_ORGANISATION = select(_INTERVIEWS.c.organisation_id).where(_INTERVIEWS.c.id == bindparam("iid"))
_VERSION_FOR_UPDATE = (
    select(_INTERVIEWS.c.version).where(_INTERVIEWS.c.id == bindparam("iid")).with_for_update()
)
# An answer's write: the state, its version and time. The row's listed columns (status, name,
# profile) are set only by _WRITE_INTERVIEW, when they changed: they are in the listing's
# indexes and the search trigger, which SQLite rewrites for every column set, changed or not.
_WRITE_INTERVIEW_STATE = (
    update(_INTERVIEWS)
    .where(_INTERVIEWS.c.id == bindparam("iid"), _INTERVIEWS.c.version == bindparam("read_at"))
    .values(
        state=bindparam("to_state"),
        version=bindparam("to_version"),
        updated_at=bindparam("to_updated_at"),
    )
)
_WRITE_INTERVIEW = _WRITE_INTERVIEW_STATE.values(
    status=bindparam("to_status"),
    candidate_name=bindparam("to_name"),
    quality_profile=bindparam("to_profile"),
)
_LISTED_FIELDS = ("status", "candidate_name", "quality_profile")  # the row's copies of these
_INSERT_TURNS = insert(_TURNS)
_RESCORE_TURN = (
    update(_TURNS)
    .where(_TURNS.c.interview_id == bindparam("iid"), _TURNS.c.turn_id == bindparam("tid"))
    .values(score=bindparam("to_score"), meta=bindparam("to_meta"))
)

# A job's final score (update_turn): the turn's stored scores, locked; the row's version moved
# on (every reader sees the new score), returning the interview's status.
_TURN_FOR_UPDATE = (
    select(_TURNS.c.score, _TURNS.c.meta)
    .where(_TURNS.c.interview_id == bindparam("iid"), _TURNS.c.turn_id == bindparam("tid"))
    .with_for_update()
)
_BUMP_VERSION = (
    update(_INTERVIEWS)
    .where(_INTERVIEWS.c.id == bindparam("iid"))
    .values(version=_INTERVIEWS.c.version + 1, updated_at=bindparam("to_updated_at"))
    .returning(_INTERVIEWS.c.status)
)


# A read's statements: Core rows, not ORM objects (an interview read is one of the answer
# route's largest costs, and the ORM's identity map and instance state were most of it).
_READ_STATE = select(_INTERVIEWS.c.state, _INTERVIEWS.c.version).where(
    _INTERVIEWS.c.id == bindparam("iid")
)
_TURN_COLUMNS = (
    _TURNS.c.turn_id,
    _TURNS.c.seq,
    _TURNS.c.speaker,
    _TURNS.c.role,
    _TURNS.c.text,
    _TURNS.c.created_at,
    _TURNS.c.question_id,
    _TURNS.c.kind,
    _TURNS.c.follow_up_of,
    _TURNS.c.score,
    _TURNS.c.meta,
)
_READ_TURNS = (
    select(*_TURN_COLUMNS).where(_TURNS.c.interview_id == bindparam("iid")).order_by(_TURNS.c.seq)
)


def _queue_jobs(connection: Connection, jobs: Sequence[NewJob]) -> None:
    """Insert ``jobs`` queued, skipping any whose key is stored already (a retried answer's)."""
    now = utcnow()
    rows = [
        {
            "id": job.id,
            "kind": job.kind,
            "key": job.key,
            "payload": job.payload,
            "status": "queued",
            "attempts": 0,
            "created_at": now,
            "due_at": now,
        }
        for job in jobs
    ]
    postgresql = connection.dialect.name == "postgresql"
    connection.execute(_QUEUE_JOB_POSTGRESQL if postgresql else _QUEUE_JOB_SQLITE, rows)


def _not_found(interview_id: str) -> NotFoundError:
    return NotFoundError(
        f"There is no interview {interview_id!r}.",
        hint="List interviews with `panelist interviews list`.",
    )


def _turn(row: Any) -> Turn:
    """The Turn of a turn row: a TurnRow, or a Core row of ``_TURN_COLUMNS``."""
    return Turn.model_validate(
        {
            "id": row.turn_id,
            "seq": row.seq,
            "speaker": row.speaker,
            "role": row.role,
            "text": row.text,
            "at": row.created_at,
            "question_id": row.question_id,
            "kind": row.kind,
            "follow_up_of": row.follow_up_of,
            "score": row.score,
            "meta": row.meta,
        }
    )


class SqlInterviewRepository:
    """Interviews and their turns in SQLite or PostgreSQL.

    Concurrency: the interview row carries a ``version``, and ``get`` returns a
    :class:`StoredInterviewState` that carries the version it read. ``save`` succeeds when the
    row is still at that version, or when what moved it on since was only
    :meth:`update_turn` (a job's final score) on turns this save leaves alone: the engine's
    document and the list of turns are as read, so the two writes commute and the save goes
    on, taking the job's scores into the saved state. Anything else (another answer, an
    abandon, the same turn changed by both) raises :class:`ConcurrentUpdateError` (reload,
    retry). A plain InterviewState (never read from here) is checked by its turns only.
    """

    def __init__(
        self, engine: Engine, *, quick: QuickReads | None = None, cached: int = STATE_CACHE_SIZE
    ) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)  # takes the write lock at BEGIN
        self._quick = quick or QuickReads(engine)  # change_marker's reads
        self._states = StateCache(cached)
        self._answer_slots = Slots(answer_slots_for(engine))

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def answer_slots(self) -> Slots:
        """See InterviewRepository.answer_slots: ``answer_slots_for(engine)`` at once."""
        return self._answer_slots

    def _write_session(self) -> Session:
        return Session(self._writer, expire_on_commit=False)

    def create(
        self,
        state: InterviewState,
        *,
        candidate_email: str | None = None,
        organisation_id: str | None = None,
    ) -> None:
        if not state.candidate_name.strip():
            raise StorageError("The candidate needs a name: give at least one letter.")
        now = utcnow()
        row = InterviewRow(
            id=state.id,
            organisation_id=organisation_id,
            role_code=state.role_code,
            level=state.level,
            candidate_name=state.candidate_name,
            candidate_email=candidate_email,
            quality_profile=state.quality_profile,
            status=state.status.value,
            seed=state.plan.seed,
            state=_state_document(state),
            version=1,
            created_at=now,
            updated_at=now,
        )
        with self._write_session() as session, session.begin():
            if session.get(InterviewRow, state.id) is not None:
                raise StorageError(
                    f"An interview with id {state.id!r} already exists: create it with a new id."
                )
            session.add(row)
            session.add_all(_turn_row(state.id, turn) for turn in state.turns)
        _remember(state, 1, row.state)

    def get(self, interview_id: str) -> InterviewState:
        with self._engine.connect() as connection:  # one read transaction: one snapshot
            if self._states.holds(interview_id):  # the version says whether it is current
                version = connection.scalar(_VERSION, {"iid": interview_id})
                if version is None:
                    raise _not_found(interview_id)
                cached = self._states.get(interview_id, version)
                if cached is not None:
                    return cached
            # nothing kept (or kept at another version): the state's row carries the version
            row = connection.execute(_READ_STATE, {"iid": interview_id}).one_or_none()
            if row is None:
                raise _not_found(interview_id)
            turns = connection.execute(_READ_TURNS, {"iid": interview_id})
            state = StoredInterviewState.model_validate(
                {**row.state, "turns": [_turn(t) for t in turns]}  # Turns kept as built
            )
        _remember(state, row.version, row.state)
        self._states.put(state, row.version)
        return state

    def change_marker(self, interview_id: str) -> int:
        """The interview row's version: it moves on with every save, by any process or replica.

        One indexed read of one column outside any transaction (panelist.storage.quick), for
        pollers (the live transcript) that only need to know whether to read the interview
        again. Raises NotFoundError.
        """
        row = self._quick.row(_VERSION, {"iid": interview_id})
        if row is None:
            raise NotFoundError(f"There is no interview {interview_id!r}.")
        return int(row["version"])

    def save(self, state: InterviewState, *, jobs: Sequence[NewJob] = ()) -> None:
        """Save ``state`` and queue ``jobs``; a StoredInterviewState then carries the new version.

        A state read from here at the row's current version writes only what changed since:
        new turns are inserted, a re-scored turn is updated, the rest is not read or written
        (the cost of a save does not grow with the interview). Any other state is merged with
        every stored turn.
        """
        expected = stored_version(state)
        known = state.stored_turns if isinstance(state, StoredInterviewState) else None
        document = _state_document(state)
        with self._writer.begin() as connection:  # Core: the ORM's unit of work cost more
            read = state._stored_document if isinstance(state, StoredInterviewState) else None
            if known is not None and self._write_row(
                connection, state, document, expected, stored=read
            ):
                # the row was still at the version read (the usual case): it is written and
                # locked by one statement, without reading its version first
                new_version = (expected or 0) + 1
                self._append_turns(connection, state, known)
            else:
                version = connection.scalar(_VERSION_FOR_UPDATE, {"iid": state.id})
                if version is None:
                    raise NotFoundError(
                        f"There is no interview {state.id!r} to save: create it first."
                    )
                if expected is not None and version != expected:
                    known = self._take_turn_updates(connection, state, version, expected)
                if expected is not None and known is not None:
                    self._append_turns(connection, state, known)
                else:
                    self._merge_turns(connection, state)
                new_version = version + 1
                if not self._write_row(connection, state, document, version):
                    raise self._conflict(state.id, "the row changed during the save")
            if jobs:
                _queue_jobs(connection, jobs)
        _remember(state, new_version, document)
        if isinstance(state, StoredInterviewState):
            self._states.put(state, new_version)

    @staticmethod
    def _write_row(
        connection: Connection,
        state: InterviewState,
        document: dict[str, Any],
        at: int | None,
        *,
        stored: dict[str, Any] | None = None,
    ) -> bool:
        """Write the interview row if it is at version ``at``; False when it is not.

        ``stored``: the state document the row holds at version ``at`` (None: unknown). When
        the row's listed columns are as it says, they are left alone (see _WRITE_INTERVIEW_STATE).
        """
        if at is None:
            return False
        values: dict[str, Any] = {
            "iid": state.id,
            "read_at": at,
            "to_state": document,
            "to_version": at + 1,
            "to_updated_at": utcnow(),
        }
        if stored is not None and all(document[f] == stored.get(f) for f in _LISTED_FIELDS):
            result = connection.execute(_WRITE_INTERVIEW_STATE, values)
        else:
            values |= {
                "to_status": state.status.value,
                "to_name": state.candidate_name,
                "to_profile": state.quality_profile,
            }
            result = connection.execute(_WRITE_INTERVIEW, values)
        return bool(result.rowcount == 1)

    def _take_turn_updates(
        self, connection: Connection, state: InterviewState, version: int, expected: int
    ) -> dict[str, Turn]:
        """The row moved on from ``expected`` to ``version``: go on only if nothing but
        :meth:`update_turn` did it, on turns this save does not change.

        Those turns are put in ``state`` as they are stored now (so the saved state, and the
        cached one, carry the job's score); returns the stored turns to append against.
        Otherwise raises ConcurrentUpdateError, as for any lost race.
        """
        known = state.stored_turns if isinstance(state, StoredInterviewState) else None
        read_document = state._stored_document if isinstance(state, StoredInterviewState) else None
        lost = self._conflict(state.id, f"version {version}, read at {expected}")
        if known is None or read_document is None:
            raise lost
        stored_document = connection.execute(_READ_STATE, {"iid": state.id}).one().state
        if stored_document != read_document:
            raise lost  # the engine's state moved on: another answer, a skip, an abandon
        stored = {row.turn_id: row for row in connection.execute(_READ_TURNS, {"iid": state.id})}
        if stored.keys() != known.keys():
            raise lost  # turns were added (or erased) since this state was read
        mine = {t.id: t for t in state.turns}
        now = dict(known)
        for turn_id, row in stored.items():
            before = known[turn_id]
            if row.text != before.text or row.seq != before.seq:
                raise lost  # not a score: an erasure, say
            as_read = before.model_dump(mode="json", include={"score"})
            fresh = _turn(row)  # its notes as typed, however an older version stored them
            if row.score == as_read["score"] and fresh.meta_document() == before.meta_document():
                continue
            if mine[turn_id] is not before:
                raise lost  # both changed this turn
            now[turn_id] = fresh
            state.turns[next(i for i, t in enumerate(state.turns) if t.id == turn_id)] = fresh
        return now

    def update_turn(
        self,
        interview_id: str,
        turn_id: str,
        *,
        score: dict[str, Any] | None,
        judge: JudgeStatus,
        aside_score: dict[str, Any] | None = None,
    ) -> Status:
        """Replace one stored turn's score and its ``judge`` status (a job's final score), and
        its ``aside_score`` when given (None keeps what is stored, for either score); returns
        the interview's status as this write left it (a job records a completed interview's
        outcome again, without reading the interview a second time).

        Reads no state and checks no version: an answer submitted meanwhile is not refused for
        it, and its save keeps this score (see the class doc). The row version still moves on,
        so caches, the live transcript and the next reader see the new score.
        Raises NotFoundError.
        """
        with self._writer.begin() as connection:  # Core: three statements, no unit of work
            values = {"iid": interview_id, "tid": turn_id}
            row = connection.execute(_TURN_FOR_UPDATE, values).one_or_none()
            if row is None:
                raise NotFoundError(f"Interview {interview_id!r} has no turn {turn_id!r}.")
            notes = {"judge": judge.model_dump(mode="json", exclude_none=True)}
            if aside_score is not None:
                notes["aside_score"] = aside_score
            connection.execute(
                _RESCORE_TURN,
                {
                    **values,
                    "to_score": score if score is not None else row.score,
                    "to_meta": {**row.meta, **notes},
                },
            )
            status = connection.scalar(_BUMP_VERSION, {**values, "to_updated_at": utcnow()})
        return Status(status)

    def _append_turns(
        self, connection: Connection, state: InterviewState, known: dict[str, Turn]
    ) -> None:
        """Write the turns that differ from ``known`` (the stored ones at the version read)."""
        incoming = {t.id for t in state.turns}
        missing = [turn_id for turn_id in known if turn_id not in incoming]
        if missing:
            raise self._conflict(state.id, f"stored turns {missing[:3]} are not in this state")
        changed = [t for t in state.turns if known.get(t.id) is not t]
        new: list[dict[str, Any]] = []
        try:
            for turn in changed:
                before = known.get(turn.id)
                if before is None:
                    new.append(_turn_values(state.id, turn))
                elif before.seq != turn.seq or before.text != turn.text:
                    raise self._conflict(state.id, f"turn {turn.id!r} differs from the stored one")
                elif before.score != turn.score or before.meta_document() != turn.meta_document():
                    meta = turn.meta_document()
                    connection.execute(
                        _RESCORE_TURN,
                        {"iid": state.id, "tid": turn.id, "to_score": turn.score, "to_meta": meta},
                    )
            if new:
                connection.execute(_INSERT_TURNS, new)
        except IntegrityError as exc:
            raise self._conflict(state.id, "two turns share a sequence number") from exc

    def _merge_turns(self, connection: Connection, state: InterviewState) -> None:
        """Write ``state``'s turns against every stored one (a state not read from here)."""
        with Session(bind=connection) as session:  # joins the save's transaction
            stored = {
                t.turn_id: t
                for t in session.scalars(select(TurnRow).where(TurnRow.interview_id == state.id))
            }
            incoming = {t.id: t for t in state.turns}
            unknown = [turn_id for turn_id in stored if turn_id not in incoming]
            if unknown:
                raise self._conflict(state.id, f"stored turns {unknown[:3]} are not in this state")
            for turn in state.turns:
                existing = stored.get(turn.id)
                if existing is None:
                    session.add(_turn_row(state.id, turn))
                elif existing.seq != turn.seq or existing.text != turn.text:
                    raise self._conflict(state.id, f"turn {turn.id!r} differs from the stored one")
                elif existing.score != turn.score or existing.meta != turn.meta_document():
                    existing.score = turn.score
                    existing.meta = turn.meta_document()
            self._flush(session, state.id)

    def _flush(self, session: Session, interview_id: str) -> None:
        try:
            session.flush()
        except IntegrityError as exc:
            raise self._conflict(interview_id, "two turns share a sequence number") from exc

    @staticmethod
    def _conflict(interview_id: str, detail: str) -> ConcurrentUpdateError:
        return ConcurrentUpdateError(
            f"Interview {interview_id!r} was changed by another writer since it was read "
            f"({detail}); nothing was saved.",
            hint="Reload it with get() and apply the change again.",
        )

    def set_outcome(
        self, interview_id: str, *, overall_score: float | None, recommendation: str | None
    ) -> None:
        with self._write_session() as session, session.begin():
            result = session.execute(
                update(InterviewRow)
                .where(InterviewRow.id == interview_id)
                .values(overall_score=overall_score, recommendation=recommendation)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise NotFoundError(f"There is no interview {interview_id!r}.")

    def list(
        self,
        *,
        status: Status | None = None,
        role_code: str | None = None,
        search: str | None = None,
        organisation_id: str | None = None,
        limit: int = 100,
    ) -> builtins.list[InterviewSummary]:
        which = InterviewFilter(status, role_code, search, organisation_id)
        with self._engine.connect() as connection:
            query = newest_first(which, connection).limit(max(limit, 0))
            return [summary_of(row) for row in connection.execute(query)]

    def page(
        self, which: InterviewFilter, *, cursor: str | None = None, limit: int = 50
    ) -> InterviewPage:
        """One page of ``which``, newest first; raises InvalidCursorError for a bad cursor."""
        at = Cursor.decode(cursor) if cursor else None
        # autocommit reads (panelist.storage.quick): the page and its bounded count need no
        # common snapshot, and the transaction's BEGIN and ROLLBACK cost more than the count
        with self._quick.connection() as connection:
            return read_page(connection, which, cursor=at, limit=limit)

    def delete(self, interview_id: str) -> None:
        """Erase an interview with its turns, overrides and sign-offs (a candidate's request)."""
        with self._write_session() as session, session.begin():
            result = session.execute(
                delete(InterviewRow)
                .where(InterviewRow.id == interview_id)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise NotFoundError(f"There is no interview {interview_id!r} to delete.")
        self._states.drop(interview_id)

    def organisation_of(self, interview_id: str) -> str | None:
        """The organisation an interview belongs to (for access checks); NotFoundError.

        One column by key outside any transaction (it loaded the whole row, state document
        and all, for every recruiter's read of an interview)."""
        row = self._quick.row(_ORGANISATION, {"iid": interview_id})
        if row is None:
            raise NotFoundError(f"There is no interview {interview_id!r}.")
        organisation: str | None = row["organisation_id"]
        return organisation
