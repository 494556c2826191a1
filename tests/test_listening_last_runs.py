"""What the last hand runs left (issue 12, SRE P4/P5 by hand): each turn found wrong in the
conversation or the report, with the words that were said. Driven as the terminal drives
the engine, every answer scored by the embedded scorer."""

from __future__ import annotations

import pytest
from test_listening_heard import Interview

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.phrasing import clause_around
from panelist.interview.state import TurnRole

LOAD_ANSWER = (
    "On Linux load average counts runnable tasks plus tasks in uninterruptible sleep, state D, "
    "usually waiting on disk or NFS. So 30 with idle CPUs means lots of threads blocked on "
    "I/O. I'd run vmstat 1 to see the b column and wa, iostat -x for device await and "
    "utilisation, and ps -eo state,pid,cmd | grep ^D to see who is stuck, then cat "
    "/proc/PID/stack for one of them. Often it's a hung NFS mount or a saturated EBS volume."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_an_acknowledgement_quotes_no_list_cut_before_its_last_item(catalog: Catalog) -> None:
    interview = Interview(catalog, "os.load-vs-cpu")
    interview.answer("Hi, I'm Jordan, eleven years in SRE; I rebuilt our log pipeline.")
    reply = interview.answer(LOAD_ANSWER)
    ack = next(text for role, text in reply if role is TurnRole.ACKNOWLEDGEMENT)
    assert "iostat -x for device await and utilisation\u201d" not in ack
    assert ack == (
        "Good - \u201cI'd run vmstat 1 to see the b column and wa\u201d answers it directly."
    )
    at = LOAD_ANSWER.index("vmstat")  # the evidence of vmstat-iostat: its list's first item
    assert clause_around(LOAD_ANSWER, at, at + 6) == "I'd run vmstat 1 to see the b column and wa"
    at = LOAD_ANSWER.index("iostat -x")  # an item in the middle is not said back alone
    assert clause_around(LOAD_ANSWER, at, at + 9) == ""
