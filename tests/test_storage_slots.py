"""Slots: at most n holders at once, a freed slot handed to the longest waiter."""

from __future__ import annotations

import threading
import time

import pytest

from panelist.storage.slots import Slots


def wait_until(condition: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_a_freed_slot_goes_to_whoever_waited_longest_not_to_a_newcomer() -> None:
    slots = Slots(1)
    served: list[str] = []

    def answer(name: str) -> None:
        with slots:
            served.append(name)

    slots.__enter__()  # the slot is taken
    threads = []
    for n, name in enumerate(["first", "second", "third"], start=1):
        thread = threading.Thread(target=answer, args=(name,))
        thread.start()
        wait_until(lambda n=n: slots.waiting == n)  # type: ignore[misc]
        threads.append(thread)
    slots.__exit__(None, None, None)
    answer("newcomer")  # came last: waits its turn behind the three
    for thread in threads:
        thread.join()

    assert served == ["first", "second", "third", "newcomer"]


def test_two_slots_let_two_in_and_a_third_waits() -> None:
    slots = Slots(2)
    with slots, slots:
        entered = threading.Event()
        third = threading.Thread(target=lambda: (slots.__enter__(), entered.set()))
        third.start()
        wait_until(lambda: slots.waiting == 1)
        assert not entered.is_set()
    third.join(5)
    assert entered.is_set()


def test_slots_need_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least one slot, not 0"):
        Slots(0)
