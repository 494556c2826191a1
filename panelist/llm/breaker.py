"""Retry with jittered exponential backoff, and a circuit breaker."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        """Full-jitter backoff for ``attempt`` (0-based); a server's Retry-After wins if longer."""
        ceiling = min(self.max_delay, self.base_delay * (2**attempt))
        jittered = rng.uniform(0, ceiling)
        if retry_after is not None:
            return min(self.max_delay, max(jittered, retry_after))
        return jittered


@dataclass
class CircuitBreaker:
    """Opens after ``failure_threshold`` consecutive failures; half-opens after ``reset_after`` s.

    While open, calls fail at once (the caller falls back) instead of waiting on a vendor
    that is down; one trial call is let through when half-open.
    """

    failure_threshold: int = 5
    reset_after: float = 30.0
    clock: Callable[[], float] = time.monotonic
    _failures: int = field(default=0, init=False)
    _opened_at: float | None = field(default=None, init=False)

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self.clock() - self._opened_at >= self.reset_after:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        return self.state != "open"

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None

    def record_failure(self) -> None:
        self._failures += 1
        if self.state == "half_open" or self._failures >= self.failure_threshold:
            self._opened_at = self.clock()
