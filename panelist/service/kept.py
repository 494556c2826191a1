"""What a process keeps per interview between requests: the last few values built, each
with the stamp it was built at (the interview row's version, and whatever else it read), so
a value is reused only while everything it came from is unchanged."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

Stamp = TypeVar("Stamp")
Value = TypeVar("Value")


class Kept(Generic[Stamp, Value]):
    """The ``size`` interviews used most recently, one value each (thread-safe)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[str, tuple[Stamp, Value]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, interview_id: str, stamp: Stamp) -> Value | None:
        """The value kept for the interview, if it was built at ``stamp``."""
        with self._lock:
            entry = self._values.get(interview_id)
            if entry is None or entry[0] != stamp:
                return None
            self._values.move_to_end(interview_id)
            return entry[1]

    def put(self, interview_id: str, stamp: Stamp, value: Value) -> None:
        with self._lock:
            self._values[interview_id] = (stamp, value)
            self._values.move_to_end(interview_id)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
