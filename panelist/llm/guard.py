"""GuardedModel: the policies around any ChatModel.

Retries with jittered backoff on 429/5xx/timeouts, a circuit breaker, a per-interview
budget, token and cost accounting, a cache of identical judge calls, redaction of the
candidate's name and email, and the setting that forbids external vendors. Callers
catch ``LLMError`` and fall back to the embedded default.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Protocol

from pydantic import BaseModel, ValidationError

from panelist.errors import LLMError, LLMResponseError, LLMUnavailableError
from panelist.llm.breaker import CircuitBreaker, RetryPolicy
from panelist.llm.cost import Ledger, PriceTable
from panelist.llm.http import RetryableHTTPError
from panelist.llm.redact import redact
from panelist.llm.types import ChatModel, Completion, Message, Options, Usage
from panelist.observability.tracing import span


class RefusedError(LLMUnavailableError):
    outcome = "refused"


class CircuitOpenError(LLMUnavailableError):
    outcome = "circuit_open"


class BudgetExceededError(LLMUnavailableError):
    outcome = "budget_exceeded"


class CallObserver(Protocol):
    """Receives one event per call (metrics and logs hook here)."""

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
    ) -> None: ...


@dataclass
class Guards:
    policy: RetryPolicy
    breaker: CircuitBreaker
    prices: PriceTable
    ledger: Ledger
    budget_usd: float | None = None
    allow_external: bool = True
    redact_pii: bool = True  # replace the candidate's name and email before text is sent
    cache_size: int = 512


def parse_json(completion: Completion, schema: type[BaseModel]) -> Completion:
    """Validate a completion's text against ``schema``; LLMResponseError if it does not fit."""
    text = completion.text.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = schema.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        raise LLMResponseError(
            f"{completion.backend} did not return a valid {schema.__name__}: {exc.__class__.__name__}"
        ) from exc
    return replace(completion, data=data.model_dump(mode="json"))


class GuardedModel:
    """A ChatModel with the reliability, cost and privacy policies applied."""

    supports_streaming: bool
    supports_json_schema: bool

    def __init__(
        self,
        inner: ChatModel,
        guards: Guards,
        *,
        observer: CallObserver | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.inner = inner
        self.guards = guards
        self.backend = inner.backend
        self.name = inner.name
        self.external = inner.external
        self.supports_streaming = inner.supports_streaming
        self.supports_json_schema = inner.supports_json_schema
        self._observer = observer
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._cache: OrderedDict[str, Completion] = OrderedDict()

    # ------------------------------------------------------------------ policy checks
    def _admit(self, options: Options) -> None:
        try:
            self._check_admission(options)
        except LLMUnavailableError as exc:
            self._observe(options, 0.0, None, exc.outcome)
            raise

    def _check_admission(self, options: Options) -> None:
        if self.external and not self.guards.allow_external:
            raise RefusedError(
                f"{self.backend} is an external vendor and PANELIST_LLM_ALLOW_EXTERNAL is false.",
                hint="Point PANELIST_LLM_BASE_URL at a local server or allow external vendors.",
            )
        if not self.guards.breaker.allow():
            raise CircuitOpenError(
                f"The circuit to {self.backend} is open after repeated failures; "
                "using the embedded default until it recovers."
            )
        budget = self.guards.budget_usd
        if budget is not None and self.guards.ledger.spent(options.interview_id) >= budget:
            raise BudgetExceededError(
                f"Interview {options.interview_id} has spent its LLM budget of ${budget:.2f}.",
                hint="Raise PANELIST_LLM_BUDGET_USD_PER_INTERVIEW to allow more calls.",
            )

    def _cache_key(
        self, messages: list[Message], options: Options, schema: type[BaseModel] | None
    ) -> str:
        raw = json.dumps(
            [
                self.backend,
                self.name,
                [(m.role, m.content) for m in messages],
                options.temperature,
                options.max_tokens,
                options.purpose,
                schema.__name__ if schema else None,
            ]
        )
        return hashlib.sha256(raw.encode()).hexdigest()

    def _observe(
        self, options: Options, seconds: float, c: Completion | None, outcome: str
    ) -> None:
        if self._observer is None:
            return
        self._observer(
            backend=self.backend,
            model=self.name,
            purpose=options.purpose,
            seconds=seconds,
            input_tokens=c.usage.input_tokens if c else 0,
            output_tokens=c.usage.output_tokens if c else 0,
            cost_usd=c.cost_usd if c else None,
            outcome=outcome,
        )

    # ------------------------------------------------------------------ calls
    async def complete(
        self,
        messages: list[Message],
        *,
        options: Options,
        schema: type[BaseModel] | None = None,
        redact_names: tuple[str, ...] = (),
        redact_pii: bool | None = None,
    ) -> Completion:
        with span("panelist.llm.complete", backend=self.name, purpose=options.purpose):
            return await self._complete(messages, options, schema, redact_names, redact_pii)

    async def _complete(
        self,
        messages: list[Message],
        options: Options,
        schema: type[BaseModel] | None,
        redact_names: tuple[str, ...],
        redact_pii: bool | None,
    ) -> Completion:
        if self.guards.redact_pii if redact_pii is None else redact_pii:
            messages = [Message(m.role, redact(m.content, names=redact_names)) for m in messages]
        cacheable = options.purpose == "judge"
        key = self._cache_key(messages, options, schema)
        if cacheable and key in self._cache:
            self._cache.move_to_end(key)
            hit = replace(self._cache[key], cached=True, cost_usd=0.0)
            self._observe(options, 0.0, hit, "cached")
            return hit
        self._admit(options)
        started = time.perf_counter()
        completion = await self._with_retries(messages, options, schema, started)
        cost = self.guards.prices.cost(completion.model, completion.usage)
        if cost is None:
            cost = self.guards.prices.cost(self.name, completion.usage)
        completion = replace(completion, cost_usd=cost)
        self.guards.ledger.record(options.interview_id, completion.usage, cost)
        if schema is not None:
            try:
                completion = parse_json(completion, schema)
            except LLMResponseError:
                self._observe(options, time.perf_counter() - started, completion, "invalid")
                raise
        self._observe(options, time.perf_counter() - started, completion, "ok")
        if cacheable:
            self._cache[key] = completion
            while len(self._cache) > self.guards.cache_size:
                self._cache.popitem(last=False)
        return completion

    async def _with_retries(
        self,
        messages: list[Message],
        options: Options,
        schema: type[BaseModel] | None,
        started: float,
    ) -> Completion:
        policy = self.guards.policy
        attempt = 0
        while True:
            try:
                completion = await self.inner.complete(messages, options=options, schema=schema)
            except RetryableHTTPError as exc:
                self.guards.breaker.record_failure()
                if attempt >= policy.max_retries or not self.guards.breaker.allow():
                    self._observe(options, time.perf_counter() - started, None, exc.outcome)
                    raise
                await self._sleep(policy.delay(attempt, exc.retry_after, self._rng))
                attempt += 1
                continue
            except LLMError:
                self.guards.breaker.record_failure()
                self._observe(options, time.perf_counter() - started, None, "error")
                raise
            self.guards.breaker.record_success()
            return completion

    async def stream(
        self,
        messages: list[Message],
        *,
        options: Options,
        redact_names: tuple[str, ...] = (),
        redact_pii: bool | None = None,
    ) -> AsyncIterator[str]:
        """Stream text; a failure before the first piece is retried like ``complete``."""
        if self.guards.redact_pii if redact_pii is None else redact_pii:
            messages = [Message(m.role, redact(m.content, names=redact_names)) for m in messages]
        self._admit(options)
        attempt = 0
        started = time.perf_counter()
        while True:
            started_output = False
            pieces: list[str] = []
            usage = Usage()
            try:
                async for piece in self.inner.stream(messages, options=options):
                    if isinstance(piece, Usage):
                        usage = piece
                        continue
                    started_output = True
                    pieces.append(piece)
                    yield piece
                self.guards.breaker.record_success()
                self._settle_stream(options, "".join(pieces), usage, started)
                return
            except RetryableHTTPError as exc:
                self.guards.breaker.record_failure()
                if started_output or attempt >= self.guards.policy.max_retries:
                    raise
                await self._sleep(self.guards.policy.delay(attempt, exc.retry_after, self._rng))
                attempt += 1

    def _settle_stream(self, options: Options, text: str, usage: Usage, started: float) -> None:
        """Count a finished stream like a completion: tokens, cost, the interview's budget."""
        cost = self.guards.prices.cost(self.name, usage)
        self.guards.ledger.record(options.interview_id, usage, cost)
        completion = Completion(
            text=text, model=self.name, backend=self.backend, usage=usage, cost_usd=cost
        )
        self._observe(options, time.perf_counter() - started, completion, "ok")

    async def aclose(self) -> None:
        await self.inner.aclose()
