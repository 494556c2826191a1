"""OpenAI-compatible chat completions over httpx.

Covers OpenAI itself and every server that speaks its API: vLLM, Ollama
(``http://localhost:11434/v1``), llama.cpp server, LM Studio.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
from pydantic import BaseModel

from panelist.errors import LLMResponseError
from panelist.llm.http import VendorHTTP
from panelist.llm.types import Completion, Message, Options, Usage

OPENAI_BASE_URL = "https://api.openai.com/v1"


def is_local_url(base_url: str) -> bool:
    host = httpx.URL(base_url).host
    return host in {"localhost", "::1"} or host.startswith("127.")


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
        self.external = not is_local_url(base_url)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = VendorHTTP(
            self.backend,
            base_url,
            headers=headers,
            timeout_seconds=timeout_seconds,
            transport=transport,
        )

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
        payload = await self._http.post_json(
            "/chat/completions", self._body(messages, options, **extra), options.timeout_seconds
        )
        try:
            text = payload["choices"][0]["message"]["content"] or ""
            usage = payload.get("usage") or {}
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMResponseError(
                f"{self.backend} returned JSON that is not a chat completion."
            ) from exc
        return Completion(
            text=text,
            model=str(payload.get("model", self.name)),
            backend=self.backend,
            usage=Usage(int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))),
            latency_seconds=time.perf_counter() - started,
        )

    async def stream(
        self, messages: list[Message], *, options: Options
    ) -> AsyncIterator[str | Usage]:
        body = self._body(messages, options, stream=True, stream_options={"include_usage": True})
        async for event in self._http.stream_json("/chat/completions", body):
            choices = event.get("choices") or [{}]
            piece = (choices[0].get("delta") or {}).get("content")
            if piece:
                yield piece
            usage = event.get("usage")
            if isinstance(usage, dict):  # the last event, with include_usage
                yield Usage(
                    int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))
                )

    async def aclose(self) -> None:
        return None
