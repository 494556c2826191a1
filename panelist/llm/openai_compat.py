"""OpenAI-compatible chat completions over httpx.

Covers OpenAI itself and every server that speaks its API: vLLM, Ollama
(``http://localhost:11434/v1``), llama.cpp server, LM Studio.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
from pydantic import BaseModel

from panelist.errors import LLMResponseError
from panelist.llm.http import iter_sse_data, raise_for_status, transport_error
from panelist.llm.types import Completion, Message, Options, Usage

OPENAI_BASE_URL = "https://api.openai.com/v1"


def _is_local(base_url: str) -> bool:
    host = httpx.URL(base_url).host
    return host in {"localhost", "127.0.0.1", "::1"} or host.startswith("127.")


class OpenAICompatibleModel:
    backend = "openai"
    supports_streaming = True
    supports_json_schema = True

    def __init__(
        self,
        model: str,
        *,
        base_url: str = OPENAI_BASE_URL,
        api_key: str | None = None,
        timeout_seconds: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = model
        self.base_url = base_url.rstrip("/")
        self.external = not _is_local(self.base_url)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._headers = headers
        self._timeout = httpx.Timeout(timeout_seconds)
        self._transport = transport

    def _body(self, messages: list[Message], options: Options, **extra: Any) -> dict[str, Any]:
        return {
            "model": self.name,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "temperature": options.temperature,
            "max_tokens": options.max_tokens,
            **extra,
        }

    async def complete(
        self,
        messages: list[Message],
        *,
        options: Options,
        schema: type[BaseModel] | None = None,
    ) -> Completion:
        extra: dict[str, Any] = {}
        if schema is not None:
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema()},
            }
        started = time.perf_counter()
        try:
            async with self._client() as client:
                response = await client.post(
                    "/chat/completions",
                    json=self._body(messages, options, **extra),
                    timeout=options.timeout_seconds or httpx.USE_CLIENT_DEFAULT,
                )
        except httpx.HTTPError as exc:
            raise transport_error(self.backend, exc) from exc
        raise_for_status(response, self.backend)
        try:
            payload = response.json()
            text = payload["choices"][0]["message"]["content"] or ""
            usage = payload.get("usage") or {}
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMResponseError(
                f"{self.backend} returned a body that is not a chat completion: "
                f"{response.text[:200]}"
            ) from exc
        return Completion(
            text=text,
            model=str(payload.get("model", self.name)),
            backend=self.backend,
            usage=Usage(int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))),
            latency_seconds=time.perf_counter() - started,
        )

    async def stream(self, messages: list[Message], *, options: Options) -> AsyncIterator[str]:
        body = self._body(messages, options, stream=True)
        try:
            async with (
                self._client() as client,
                client.stream("POST", "/chat/completions", json=body) as response,
            ):
                if response.status_code >= 400:
                    await response.aread()
                raise_for_status(response, self.backend)
                async for data in iter_sse_data(response):
                    if data == "[DONE]":
                        return
                    try:
                        delta = json.loads(data)["choices"][0].get("delta", {})
                    except (ValueError, KeyError, IndexError) as exc:
                        raise LLMResponseError(
                            f"{self.backend} sent a stream event that is not JSON: {data[:120]}"
                        ) from exc
                    piece = delta.get("content")
                    if piece:
                        yield piece
        except httpx.HTTPError as exc:
            raise transport_error(self.backend, exc) from exc

    def _client(self) -> httpx.AsyncClient:
        """A client per call: an event loop per sync call must not share pooled connections."""
        return httpx.AsyncClient(
            base_url=self.base_url,
            headers=self._headers,
            timeout=self._timeout,
            transport=self._transport,
        )

    async def aclose(self) -> None:
        return None
