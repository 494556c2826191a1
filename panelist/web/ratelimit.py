"""Login rate limiting: at most ``limit`` failed attempts per (email, client IP) per window.

In memory, per process: with N workers an attacker gets at most N x limit tries a window,
which still makes online guessing useless against Argon2id-hashed passwords.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable


class LoginRateLimiter:
    def __init__(
        self,
        limit: int = 5,
        window_seconds: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, email: str, ip: str) -> int | None:
        """Seconds to wait before the next attempt is allowed, or None when it is allowed."""
        key = (email.strip().lower(), ip)
        now = self.clock()
        with self._lock:
            failures = self._recent(key, now)
            if len(failures) < self.limit:
                return None
            return max(1, math.ceil(failures[0] + self.window - now))

    def failed(self, email: str, ip: str) -> None:
        key = (email.strip().lower(), ip)
        now = self.clock()
        with self._lock:
            self._recent(key, now).append(now)

    def succeeded(self, email: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((email.strip().lower(), ip), None)
