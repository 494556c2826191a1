"""Login rate limiting: at most ``limit`` failed attempts per (email, client IP) per window.

Each attempt is counted as a failure *before* the password is checked, in one atomic step
with the check of the count (``FailureStore.reserve``), and a success clears the count: so
24 parallel wrong passwords get exactly ``limit`` checks, never more. The client IP is the
socket's peer, or the X-Forwarded-For of a proxy listed in ``PANELIST_TRUSTED_PROXIES``.

The failures live in a ``FailureStore``: the database (``Database.login_failures``) in the app,
so every worker and replica counts the same attempts; a process-local store for tools and
tests that have no database.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from panelist.interview.state import utcnow
from panelist.storage.logins import failure_key


class FailureStore(Protocol):
    def record(self, key: str, at: datetime | None = None) -> None: ...

    def reserve(self, key: str, *, start: datetime, limit: int, at: datetime) -> datetime | None:
        """Atomically: when ``key`` has fewer than ``limit`` failures since ``start``, record
        one at ``at`` and return None; otherwise record nothing and return the oldest."""
        ...

    def since(self, key: str, start: datetime) -> tuple[int, datetime | None]: ...

    def clear(self, key: str, *, older_than: timedelta | None = None) -> None: ...


class MemoryFailures:
    """A FailureStore in this process only."""

    def __init__(self) -> None:
        self._at: dict[str, list[datetime]] = {}
        self._lock = threading.Lock()

    def record(self, key: str, at: datetime | None = None) -> None:
        with self._lock:
            self._at.setdefault(key, []).append(at or utcnow())

    def reserve(self, key: str, *, start: datetime, limit: int, at: datetime) -> datetime | None:
        with self._lock:
            recent = [t for t in self._at.get(key, []) if t > start]
            if len(recent) >= limit:
                return min(recent)
            self._at.setdefault(key, []).append(at)
            return None

    def since(self, key: str, start: datetime) -> tuple[int, datetime | None]:
        with self._lock:
            recent = [t for t in self._at.get(key, []) if t > start]
        return len(recent), (min(recent) if recent else None)

    def clear(self, key: str, *, older_than: timedelta | None = None) -> None:
        with self._lock:
            self._at.pop(key, None)


class LoginRateLimiter:
    def __init__(
        self,
        store: FailureStore | None = None,
        *,
        limit: int = 5,
        window_seconds: float = 15 * 60,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store: FailureStore = store or MemoryFailures()
        self.limit = limit
        self.window = timedelta(seconds=window_seconds)
        self.clock = clock

    def attempt(self, email: str, ip: str) -> int | None:
        """Count this attempt (as a failure until it succeeds) and return None; or, over the
        limit, count nothing and return the seconds to wait."""
        now = self.clock()
        oldest = self.store.reserve(
            failure_key(email, ip), start=now - self.window, limit=self.limit, at=now
        )
        if oldest is None:
            return None
        return max(1, math.ceil((oldest + self.window - now).total_seconds()))

    def succeeded(self, email: str, ip: str) -> None:
        self.store.clear(failure_key(email, ip), older_than=self.window)
