"""Where the pieces of a streamed interviewer turn go while the LLM writes it.

The web route that answers a candidate sets a sink for the duration of one request
(:func:`streaming_to`); the LLM phraser, deep inside the interview service, sends each
piece to :func:`current_sink` as the vendor produces it. Without a sink (the CLI, the
plain JSON route) the phraser asks for a whole completion as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from panelist.interview.state import Turn

PieceSink = Callable[[Turn, str], None]
"""Called with the turn being phrased and the next piece of its text."""

_sink: ContextVar[PieceSink | None] = ContextVar("panelist_piece_sink", default=None)


@contextmanager
def streaming_to(sink: PieceSink) -> Iterator[None]:
    """Send the pieces of every turn phrased in this context to ``sink``."""
    token = _sink.set(sink)
    try:
        yield
    finally:
        _sink.reset(token)


def current_sink() -> PieceSink | None:
    return _sink.get()
