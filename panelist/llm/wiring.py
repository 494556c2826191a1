"""Build the LLM-backed parts from settings, or None when no model is configured."""

from __future__ import annotations

from panelist.config import Settings
from panelist.llm.cost import Ledger
from panelist.llm.guard import CallObserver
from panelist.llm.phraser import LLMPhraser
from panelist.llm.registry import build_model
from panelist.observability.metrics import Metrics


def interviewer_phraser(
    settings: Settings, *, observer: CallObserver | None = None, ledger: Ledger | None = None
) -> LLMPhraser | None:
    """The LLM interviewer when a model is configured; None keeps the template wording."""
    model = build_model(settings, observer=observer, ledger=ledger)
    if model is None:
        return None
    first_token = observer.first_token if isinstance(observer, MetricsObserver) else None
    return LLMPhraser(model, on_first_token=first_token)


class MetricsObserver:
    """Feeds each LLM call into the Prometheus metrics (a ``CallObserver``)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def __call__(
        self,
        *,
        backend: str,
        model: str,
        purpose: str,
        seconds: float,
        input_tokens: int,
        output_tokens: int,
        cost_usd: float | None,
        outcome: str,
    ) -> None:
        label = {"cached": "ok", "invalid": "error"}.get(outcome, outcome)
        self.metrics.llm_call(backend, model, seconds, input_tokens, output_tokens, cost_usd, label)
        if label != "ok":
            self.metrics.fallback(backend, label)

    def first_token(self, backend: str, model: str, seconds: float) -> None:
        """Time to the first token of a streamed interviewer turn (the phraser calls this)."""
        self.metrics.first_token(backend, model, seconds)
