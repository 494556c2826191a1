"""Login rate limiting: at most ``limit`` failed attempts per (email, client IP) per window.

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

    def retry_after(self, email: str, ip: str) -> int | None:
        """Seconds to wait before the next attempt is allowed, or None when it is allowed."""
        now = self.clock()
        count, oldest = self.store.since(failure_key(email, ip), now - self.window)
        if count < self.limit or oldest is None:
            return None
        return max(1, math.ceil((oldest + self.window - now).total_seconds()))

    def failed(self, email: str, ip: str) -> None:
        self.store.record(failure_key(email, ip), self.clock())

    def succeeded(self, email: str, ip: str) -> None:
        self.store.clear(failure_key(email, ip), older_than=self.window)
