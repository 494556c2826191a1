"""Slots: at most ``n`` holders at once, the others served in the order they came.

``threading.Semaphore`` lets a newcomer take a freed slot before a thread that has waited for
it (whoever runs first wins): under load, some answers waited many turns while others waited
none, and the slowest hundredth took four times the median. Here a freed slot is handed to the
longest waiter.
"""

from __future__ import annotations

import threading
from collections import deque
from types import TracebackType


class Slots:
    """A context manager: ``with slots:`` waits for a slot, in arrival order."""

    def __init__(self, n: int) -> None:
        if n < 1:
            raise ValueError(f"Slots needs at least one slot, not {n}.")
        self.size = n
        self._free = n
        self._lock = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()

    @property
    def waiting(self) -> int:
        """How many are waiting for a slot now."""
        with self._lock:
            return len(self._waiting)

    def __enter__(self) -> None:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return
            handed = threading.Lock()
            handed.acquire()
            self._waiting.append(handed)
        handed.acquire()  # released by the holder that hands this waiter its slot

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().release()  # the slot goes straight to the next waiter
            else:
                self._free += 1
