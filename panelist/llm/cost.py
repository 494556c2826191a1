"""Token prices, cost per call and per interview, and per-interview budgets."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from panelist.llm.types import Usage

# USD per 1M tokens (input, output). Override or extend with Settings.llm_prices.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "claude-3-5-haiku-latest": (0.80, 4.00),
    "claude-sonnet-4-5": (3.00, 15.00),
}


@dataclass(frozen=True)
class PriceTable:
    prices: dict[str, tuple[float, float]]

    @classmethod
    def with_overrides(cls, overrides: dict[str, tuple[float, float]]) -> PriceTable:
        return cls({**DEFAULT_PRICES, **overrides})

    def cost(self, model: str, usage: Usage) -> float | None:
        """USD for ``usage`` on ``model``; None when the model has no known price."""
        price = self.prices.get(model)
        if price is None:
            return None
        return (usage.input_tokens * price[0] + usage.output_tokens * price[1]) / 1_000_000


@dataclass
class Ledger:
    """Running token and cost totals per interview (thread-safe)."""

    _usage: dict[str, Usage] = field(default_factory=dict)
    _cost: dict[str, float] = field(default_factory=dict)
    _calls: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, interview_id: str | None, usage: Usage, cost: float | None) -> None:
        key = interview_id or "-"
        with self._lock:
            self._usage[key] = self._usage.get(key, Usage()) + usage
            self._cost[key] = self._cost.get(key, 0.0) + (cost or 0.0)
            self._calls[key] = self._calls.get(key, 0) + 1

    def spent(self, interview_id: str | None) -> float:
        with self._lock:
            return self._cost.get(interview_id or "-", 0.0)

    def summary(self, interview_id: str | None) -> dict[str, float | int]:
        key = interview_id or "-"
        with self._lock:
            usage = self._usage.get(key, Usage())
            return {
                "calls": self._calls.get(key, 0),
                "input_tokens": usage.input_tokens,
                "output_tokens": usage.output_tokens,
                "cost_usd": round(self._cost.get(key, 0.0), 6),
            }
