"""The audit log as hash-chained JSON lines, and their verification.

Each entry line carries ``prev``: the SHA-256 of the line before it, exactly as written (the
first line's ``prev`` is 64 zeros). A closing line counts the entries and carries the hash of
the last one, so a line edited, deleted, inserted or moved anywhere, and a file cut short,
all break the chain. The closing ``head`` hash is also recorded in the audit log itself
(``audit.export``): anyone who rewrites the whole file consistently still cannot match the
head the database kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from panelist.storage.tables import AuditRow

GENESIS = "0" * 64
FORMAT = "panelist-audit/1"


def _line(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def audit_entries(engine: Engine, *, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Every audit entry, oldest first (from ``since`` on), as plain JSON values."""
    query = select(AuditRow).order_by(AuditRow.id)
    if since is not None:
        query = query.where(AuditRow.at >= since)
    with Session(engine) as session:
        for row in session.scalars(query.execution_options(yield_per=500)):
            yield {
                "id": row.id,
                "at": row.at.isoformat(),
                "actor": row.actor,
                "action": row.action,
                "target": row.target,
                "detail": row.detail,
            }


@dataclass(frozen=True)
class Export:
    lines: list[str]  # without newlines
    count: int
    head: str  # SHA-256 of the last entry line (GENESIS when there is none)


def chain(entries: Iterable[dict[str, Any]]) -> Export:
    """The JSON lines of ``entries``, each chained to the one before, and a closing line."""
    lines, prev, count = [], GENESIS, 0
    for count, entry in enumerate(entries, start=1):
        line = _line({**entry, "seq": count, "prev": prev})
        lines.append(line)
        prev = _digest(line)
    lines.append(_line({"end": True, "format": FORMAT, "count": count, "prev": prev}))
    return Export(lines=lines, count=count, head=prev)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    count: int  # entry lines checked
    head: str | None  # SHA-256 of the last entry line, when the chain holds
    problem: str | None  # what is wrong, naming the line

    def __str__(self) -> str:
        if self.ok:
            return f"{self.count} entries, the chain holds (head {self.head})."
        return f"The audit export was changed: {self.problem}"


def verify(lines: Iterable[str]) -> Verdict:
    """Check a file's lines (as read, newlines allowed) against their chain."""
    rows = iter(enumerate(lines, start=1))
    verdict = _verify_chain(rows)
    extra = next((number for number, raw in rows if raw.strip()), None)
    if verdict.ok and extra is not None:
        return Verdict(False, verdict.count, None, f"line {extra} comes after the closing line.")
    return verdict


def _verify_chain(rows: Iterator[tuple[int, str]]) -> Verdict:
    prev, count = GENESIS, 0
    for number, raw in rows:
        line = raw.rstrip("\r\n")
        payload, problem = _parse(line, prev)
        if problem is None and payload.get("end") is True:
            if payload.get("count") == count:
                return Verdict(True, count, prev, None)
            problem = f"closes {payload.get('count')} entries, the file has {count}"
        elif problem is None and payload.get("seq") != count + 1:
            problem = f"is entry {payload.get('seq')}, expected {count + 1}"
        if problem is not None:
            return Verdict(False, count, None, f"line {number} {problem}.")
        count += 1
        prev = _digest(line)
    return Verdict(
        False, count, None, "the closing line is missing (the file was cut short or is not one)."
    )


def _parse(line: str, prev: str) -> tuple[dict[str, Any], str | None]:
    try:
        payload = json.loads(line)
    except json.JSONDecodeError:
        return {}, "is not JSON"
    if not isinstance(payload, dict):
        return {}, "is not a JSON object"
    if payload.get("prev") != prev:
        return payload, "does not follow the line before it (its prev hash differs)"
    return payload, None
