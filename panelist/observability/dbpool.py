"""Database pool gauges fed by SQLAlchemy pool events (works in multiprocess mode too)."""

from __future__ import annotations

from typing import Any

from prometheus_client import Gauge
from sqlalchemy import event


def pool_size(pool: Any) -> int | None:
    """The configured size of a QueuePool; None for pools without one (NullPool, StaticPool)."""
    size = getattr(pool, "size", None)
    return int(size()) if callable(size) else None


def bind_pool_gauges(engine: Any, in_use: Gauge, size: Gauge) -> None:
    """Count checked-out connections and publish the pool size for ``engine``.

    Checkouts and checkins move the in-use gauge by one, so the value is right for
    every pool class; the size gauge is set only when the pool has a fixed size.
    """
    database = engine.dialect.name
    in_use_child = in_use.labels(database)
    in_use_child.set(0)
    configured = pool_size(engine.pool)
    if configured is not None:
        size.labels(database).set(configured)

    def checkout(*_: Any) -> None:
        in_use_child.inc()

    def checkin(*_: Any) -> None:
        in_use_child.dec()

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
