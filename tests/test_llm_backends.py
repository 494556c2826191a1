"""The real HTTP clients against a real loopback server: success, streaming, JSON, and every failure."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from llm_server import build_app, serve
from pydantic import BaseModel

from panelist.config import Settings
from panelist.errors import ConfigurationError, LLMError, LLMResponseError, LLMUnavailableError
from panelist.llm import GuardedModel, Guards, Message, Options, build_model
from panelist.llm.anthropic import AnthropicModel
from panelist.llm.breaker import CircuitBreaker, RetryPolicy
from panelist.llm.cost import Ledger, PriceTable
from panelist.llm.http import RetryableHTTPError
from panelist.llm.openai_compat import OpenAICompatibleModel
from panelist.llm.redact import redact
from panelist.llm.sync import run_sync
from panelist.llm.types import ChatModel

LAST_REQUESTS: list[dict[str, Any]] = []  # request bodies the clients sent, newest last
HELLO = [Message("system", "You are terse."), Message("user", "Say hello to the SRE team")]


class Verdict(BaseModel):
    score: int
    reason: str


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(build_app()) as url:
        yield url


async def _no_sleep(_: float) -> None:
    return None


def guarded(inner: ChatModel, **overrides: Any) -> GuardedModel:
    guards = Guards(
        policy=overrides.pop("policy", RetryPolicy(max_retries=2)),
        breaker=overrides.pop("breaker", CircuitBreaker(failure_threshold=3)),
        prices=PriceTable({"ok": (1.0, 2.0)}),
        ledger=overrides.pop("ledger", Ledger()),
        **overrides,
    )
    return GuardedModel(inner, guards, sleep=_no_sleep, rng=random.Random(0))


def openai(server: str, model: str, timeout: float = 5.0) -> OpenAICompatibleModel:
    return OpenAICompatibleModel(model, base_url=f"{server}/v1", timeout_seconds=timeout)


async def test_openai_compatible_completion_reports_usage_and_cost(server: str) -> None:
    model = guarded(openai(server, "ok"))
    completion = await model.complete(HELLO, options=Options(interview_id="iv1"))
    assert completion.text == "Understood. Say hello to the SRE team"
    assert completion.usage.input_tokens == 100
    assert completion.cost_usd == pytest.approx((100 * 1.0 + 20 * 2.0) / 1_000_000)
    assert model.guards.ledger.summary("iv1")["calls"] == 1


async def test_openai_compatible_streams_word_by_word(server: str) -> None:
    model = guarded(openai(server, "ok"))
    pieces = [p async for p in model.stream(HELLO, options=Options())]
    assert len(pieces) > 3
    assert "".join(pieces) == "Understood. Say hello to the SRE team"


async def test_a_stream_counts_its_tokens_and_cost_like_a_completion(server: str) -> None:
    vendors = (
        (openai(server, "ok"), 100, 20),  # what each loopback vendor reports
        (AnthropicModel("ok", api_key="k", base_url=server), 90, 15),
    )
    for inner, tokens_in, tokens_out in vendors:
        model = guarded(inner)
        pieces = [p async for p in model.stream(HELLO, options=Options(interview_id="iv2"))]
        assert "".join(pieces) == "Understood. Say hello to the SRE team"  # text only
        assert model.guards.ledger.summary("iv2") == {
            "calls": 1,
            "input_tokens": tokens_in,
            "output_tokens": tokens_out,
            "cost_usd": round((tokens_in * 1.0 + tokens_out * 2.0) / 1_000_000, 6),
        }


async def test_json_schema_output_is_parsed_and_validated(server: str) -> None:
    model = guarded(openai(server, 'json:{"score": 4, "reason": "names the burn rate"}'))
    completion = await model.complete(HELLO, options=Options(), schema=Verdict)
    assert completion.data == {"score": 4, "reason": "names the burn rate"}


async def test_malformed_json_for_a_schema_is_a_response_error(server: str) -> None:
    model = guarded(openai(server, 'json:{"score": "high"'))
    with pytest.raises(LLMResponseError):
        await model.complete(HELLO, options=Options(), schema=Verdict)


async def test_a_body_that_is_not_json_is_a_response_error(server: str) -> None:
    model = guarded(openai(server, "malformed"))
    with pytest.raises(LLMResponseError):
        await model.complete(HELLO, options=Options())


async def test_429_is_retried_after_backoff(server: str) -> None:
    model = guarded(openai(server, "flaky-429"))
    completion = await model.complete(
        [Message("user", "429 please, conversation A")], options=Options()
    )
    assert completion.text.startswith("Understood.")


async def test_500_is_retried_then_succeeds(server: str) -> None:
    model = guarded(openai(server, "flaky-500"))
    completion = await model.complete(
        [Message("user", "500 twice, conversation B")], options=Options()
    )
    assert completion.text.startswith("Understood.")


async def test_persistent_500_gives_up_and_opens_the_circuit(server: str) -> None:
    model = guarded(openai(server, "down"), policy=RetryPolicy(max_retries=1))
    with pytest.raises(RetryableHTTPError):
        await model.complete([Message("user", "one")], options=Options())
    with pytest.raises(LLMError):
        await model.complete([Message("user", "two")], options=Options())
    # three consecutive failures: the breaker is open and calls now fail fast
    assert model.guards.breaker.state == "open"
    with pytest.raises(LLMUnavailableError, match="circuit"):
        await model.complete([Message("user", "three")], options=Options())


async def test_a_slow_vendor_times_out(server: str) -> None:
    model = guarded(openai(server, "slow", timeout=0.3), policy=RetryPolicy(max_retries=0))
    with pytest.raises(RetryableHTTPError, match="timed out"):
        await model.complete(HELLO, options=Options())


async def test_anthropic_messages_over_http(server: str) -> None:
    model = guarded(AnthropicModel("ok", api_key="k", base_url=server))
    completion = await model.complete(HELLO, options=Options())
    assert completion.text == "Understood. Say hello to the SRE team"
    assert completion.usage.output_tokens == 15
    request = LAST_REQUESTS[-1]
    assert request["system"] == "You are terse."
    assert all(m["role"] != "system" for m in request["messages"])


async def test_anthropic_structured_output_uses_a_forced_tool(server: str) -> None:
    model = guarded(
        AnthropicModel('json:{"score": 2, "reason": "vague"}', api_key="k", base_url=server)
    )
    completion = await model.complete(HELLO, options=Options(), schema=Verdict)
    assert completion.data == {"score": 2, "reason": "vague"}


async def test_anthropic_streams(server: str) -> None:
    model = guarded(AnthropicModel("ok", api_key="k", base_url=server))
    text = "".join([p async for p in model.stream(HELLO, options=Options())])
    assert text == "Understood. Say hello to the SRE team"


@pytest.fixture(autouse=True)
def _capture_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    real_post = httpx.AsyncClient.post

    async def post(self: httpx.AsyncClient, url: Any, **kwargs: Any) -> httpx.Response:
        if "json" in kwargs:
            LAST_REQUESTS.append(json.loads(json.dumps(kwargs["json"])))
        return await real_post(self, url, **kwargs)

    monkeypatch.setattr(httpx.AsyncClient, "post", post)


async def test_identical_judge_calls_are_cached(server: str) -> None:
    model = guarded(openai(server, "ok"))
    options = Options(purpose="judge", interview_id="iv2")
    first = await model.complete(HELLO, options=options)
    second = await model.complete(HELLO, options=options)
    assert not first.cached and second.cached
    assert model.guards.ledger.summary("iv2")["calls"] == 1


async def test_per_interview_budget_stops_calls(server: str) -> None:
    model = guarded(openai(server, "ok"), budget_usd=0.0002)
    options = Options(interview_id="iv3")
    await model.complete(HELLO, options=options)
    await model.complete([Message("user", "again")], options=options)
    with pytest.raises(LLMUnavailableError, match="budget"):
        await model.complete([Message("user", "once more")], options=options)


async def test_external_vendors_can_be_forbidden() -> None:
    inner = OpenAICompatibleModel("gpt-4o-mini", base_url="https://api.openai.com/v1", api_key="x")
    model = guarded(inner, allow_external=False)
    with pytest.raises(LLMUnavailableError, match="external"):
        await model.complete(HELLO, options=Options())


async def test_candidate_name_and_email_are_redacted_before_sending(server: str) -> None:
    model = guarded(openai(server, "ok"))
    message = Message("user", "Alex Thompson (alex@example.com) said Thompson built it")
    await model.complete([message], options=Options(), redact_names=("Alex Thompson",))
    sent = LAST_REQUESTS[-1]["messages"][0]["content"]
    assert "Thompson" not in sent and "alex@example.com" not in sent
    assert sent == "[candidate] ([email]) said [candidate] built it"


def test_redact_leaves_other_words_alone() -> None:
    assert redact("Ana fixed the alert", names=("Ana",)) == "[candidate] fixed the alert"
    assert redact("Banana", names=("Ana",)) == "Banana"


def test_build_model_is_none_without_configuration() -> None:
    assert build_model(Settings()) is None


def test_build_model_says_how_to_add_a_key() -> None:
    settings = Settings(llm_backend="openai", llm_model="gpt-4o-mini")
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        build_model(settings, environ={})


def test_unknown_backend_lists_the_known_ones() -> None:
    with pytest.raises(ConfigurationError, match="anthropic, fake, openai"):
        build_model(Settings(llm_backend="nope", llm_model="m"), environ={})


def test_build_model_points_at_a_local_server(server: str) -> None:
    settings = Settings(llm_backend="openai", llm_model="ok", llm_base_url=f"{server}/v1")
    model = build_model(settings, environ={})
    assert model is not None and not model.external
    completion = run_sync(model.complete(HELLO, options=Options()))
    assert completion.text.startswith("Understood.")


def test_retry_delay_is_jittered_and_capped() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=4.0)
    rng = random.Random(1)
    delays = [policy.delay(attempt, None, rng) for attempt in range(6)]
    assert all(0 <= d <= 4.0 for d in delays)
    assert len(set(delays)) == len(delays)
    assert policy.delay(0, 3.0, rng) >= 3.0


def test_circuit_half_opens_after_the_reset_period() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failure_threshold=2, reset_after=10, clock=lambda: now[0])
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state == "open" and not breaker.allow()
    now[0] = 11
    assert breaker.state == "half_open" and breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"
    now[0] = 22
    breaker.record_success()
    assert breaker.state == "closed"


def test_an_accidental_real_network_call_fails_the_test() -> None:
    import socket

    with socket.socket() as sock, pytest.raises(RuntimeError, match="tests stay on loopback"):
        sock.connect(("192.0.2.10", 443))  # TEST-NET-1: the guard refuses before any packet


async def test_calls_fallbacks_tokens_and_cost_reach_the_metrics(server: str) -> None:
    from prometheus_client import CollectorRegistry

    from panelist.llm.wiring import MetricsObserver
    from panelist.observability.metrics import Metrics

    registry = CollectorRegistry()
    observer = MetricsObserver(Metrics(registry))
    ok = GuardedModel(
        openai(server, "ok"),
        Guards(RetryPolicy(0), CircuitBreaker(), PriceTable({"ok": (1.0, 2.0)}), Ledger()),
        observer=observer,
    )
    await ok.complete(HELLO, options=Options())
    down = GuardedModel(
        openai(server, "down"),
        Guards(RetryPolicy(0), CircuitBreaker(), PriceTable({}), Ledger()),
        observer=observer,
    )
    with pytest.raises(LLMError):
        await down.complete(HELLO, options=Options())

    def value(name: str, **labels: str) -> float:
        found = registry.get_sample_value(name, labels)
        return found or 0.0

    assert value("panelist_llm_calls_total", backend="openai", model="ok", outcome="ok") == 1
    assert value("panelist_llm_calls_total", backend="openai", model="down", outcome="error") == 1
    assert value("panelist_llm_tokens_total", backend="openai", model="ok", direction="in") == 100
    assert value("panelist_llm_cost_usd_total", backend="openai", model="ok") > 0
    assert value("panelist_llm_fallbacks_total", backend="openai", reason="error") == 1
