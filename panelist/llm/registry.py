"""Backends by name. Built-ins register exactly like third-party ones.

A third-party package adds a backend with an entry point in the group
``panelist.llm_backends`` whose object is a ``BackendFactory``::

    [project.entry-points."panelist.llm_backends"]
    mybackend = "my_pkg.panelist_backend:factory"
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points

from panelist.config import Settings
from panelist.errors import ConfigurationError
from panelist.llm.anthropic import ANTHROPIC_BASE_URL, AnthropicModel
from panelist.llm.breaker import CircuitBreaker, RetryPolicy
from panelist.llm.cost import Ledger, PriceTable
from panelist.llm.fake import FakeChatModel
from panelist.llm.guard import CallObserver, GuardedModel, Guards
from panelist.llm.openai_compat import OPENAI_BASE_URL, OpenAICompatibleModel
from panelist.llm.types import ChatModel

BackendFactory = Callable[[Settings, Mapping[str, str]], ChatModel]

_BACKENDS: dict[str, BackendFactory] = {}


def register_backend(name: str) -> Callable[[BackendFactory], BackendFactory]:
    def decorate(factory: BackendFactory) -> BackendFactory:
        _BACKENDS[name] = factory
        return factory

    return decorate


def backends() -> dict[str, BackendFactory]:
    """Built-in backends plus those installed through entry points."""
    found = dict(_BACKENDS)
    for ep in entry_points(group="panelist.llm_backends"):
        if ep.name not in found:
            found[ep.name] = ep.load()
    return found


def _key(settings: Settings, environ: Mapping[str, str], vendor_var: str) -> str | None:
    if settings.llm_api_key is not None:
        return settings.llm_api_key.get_secret_value()
    return environ.get(vendor_var)


def _require_model(settings: Settings, backend: str) -> str:
    if not settings.llm_model:
        raise ConfigurationError(
            f"PANELIST_LLM_BACKEND={backend} needs a model.",
            hint="Set PANELIST_LLM_MODEL (e.g. gpt-4o-mini, claude-3-5-haiku-latest, llama3.1).",
        )
    return settings.llm_model


@register_backend("openai")
def _openai(settings: Settings, environ: Mapping[str, str]) -> ChatModel:
    base_url = settings.llm_base_url or environ.get("OPENAI_BASE_URL") or OPENAI_BASE_URL
    key = _key(settings, environ, "OPENAI_API_KEY")
    if key is None and base_url == OPENAI_BASE_URL:
        raise ConfigurationError(
            "No key found for OpenAI.",
            hint="Set OPENAI_API_KEY or PANELIST_LLM_API_KEY, or point PANELIST_LLM_BASE_URL "
            "at a local OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio).",
        )
    return OpenAICompatibleModel(
        _require_model(settings, "openai"),
        base_url=base_url,
        api_key=key,
        timeout_seconds=settings.llm_timeout_seconds,
    )


@register_backend("anthropic")
def _anthropic(settings: Settings, environ: Mapping[str, str]) -> ChatModel:
    key = _key(settings, environ, "ANTHROPIC_API_KEY")
    base_url = settings.llm_base_url or ANTHROPIC_BASE_URL
    if key is None and base_url == ANTHROPIC_BASE_URL:
        raise ConfigurationError(
            "No key found for Anthropic.",
            hint="Set ANTHROPIC_API_KEY or PANELIST_LLM_API_KEY.",
        )
    return AnthropicModel(
        _require_model(settings, "anthropic"),
        api_key=key,
        base_url=base_url,
        timeout_seconds=settings.llm_timeout_seconds,
    )


@register_backend("fake")
def _fake(settings: Settings, environ: Mapping[str, str]) -> ChatModel:
    return FakeChatModel(name=settings.llm_model or "fake-1")


def build_model(
    settings: Settings,
    *,
    observer: CallObserver | None = None,
    environ: Mapping[str, str] | None = None,
    ledger: Ledger | None = None,
) -> GuardedModel | None:
    """The configured model with its guards, or None when no backend is configured."""
    if settings.llm_backend is None:
        return None
    available = backends()
    factory = available.get(settings.llm_backend)
    if factory is None:
        raise ConfigurationError(
            f"Unknown LLM backend {settings.llm_backend!r}.",
            hint=f"Set PANELIST_LLM_BACKEND to one of: {', '.join(sorted(available))}.",
        )
    inner = factory(settings, os.environ if environ is None else environ)
    guards = Guards(
        policy=RetryPolicy(max_retries=settings.llm_max_retries),
        breaker=CircuitBreaker(),
        prices=PriceTable.with_overrides(settings.llm_prices),
        ledger=ledger or Ledger(),
        budget_usd=settings.llm_budget_usd_per_interview,
        allow_external=settings.llm_allow_external,
        redact_pii=settings.llm_redact_pii,
    )
    return GuardedModel(inner, guards, observer=observer)
