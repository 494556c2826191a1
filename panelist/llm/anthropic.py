"""Anthropic Messages API over httpx.

JSON output is requested by giving the model one tool whose input schema is the
wanted shape and forcing it with ``tool_choice``; the tool input is the answer.
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

ANTHROPIC_BASE_URL = "https://api.anthropic.com"
ANTHROPIC_VERSION = "2023-06-01"


class AnthropicModel:
    backend = "anthropic"
    supports_streaming = True
    supports_json_schema = True

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None,
        base_url: str = ANTHROPIC_BASE_URL,
        timeout_seconds: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = model
        self.base_url = base_url.rstrip("/")
        host = httpx.URL(self.base_url).host
        self.external = host not in {"localhost", "127.0.0.1", "::1"}
        headers = {"anthropic-version": ANTHROPIC_VERSION, "content-type": "application/json"}
        if api_key:
            headers["x-api-key"] = api_key
        self._headers = headers
        self._timeout = httpx.Timeout(timeout_seconds)
        self._transport = transport

    def _body(self, messages: list[Message], options: Options, **extra: Any) -> dict[str, Any]:
        system = "\n\n".join(m.content for m in messages if m.role == "system")
        body: dict[str, Any] = {
            "model": self.name,
            "max_tokens": options.max_tokens,
            "temperature": min(options.temperature, 1.0),
            "messages": [
                {"role": m.role, "content": m.content} for m in messages if m.role != "system"
            ],
            **extra,
        }
        if system:
            body["system"] = system
        return body

    async def complete(
        self,
        messages: list[Message],
        *,
        options: Options,
        schema: type[BaseModel] | None = None,
    ) -> Completion:
        extra: dict[str, Any] = {}
        if schema is not None:
            extra["tools"] = [
                {
                    "name": "answer",
                    "description": f"Return the {schema.__name__} as structured data.",
                    "input_schema": schema.model_json_schema(),
                }
            ]
            extra["tool_choice"] = {"type": "tool", "name": "answer"}
        started = time.perf_counter()
        try:
            async with self._client() as client:
                response = await client.post(
                    "/v1/messages",
                    json=self._body(messages, options, **extra),
                    timeout=options.timeout_seconds or httpx.USE_CLIENT_DEFAULT,
                )
        except httpx.HTTPError as exc:
            raise transport_error(self.backend, exc) from exc
        raise_for_status(response, self.backend)
        try:
            payload = response.json()
            blocks = payload["content"]
            usage = payload.get("usage") or {}
        except (ValueError, KeyError, TypeError) as exc:
            raise LLMResponseError(
                f"anthropic returned a body that is not a message: {response.text[:200]}"
            ) from exc
        text = "".join(b.get("text", "") for b in blocks if b.get("type") == "text")
        for block in blocks:
            if block.get("type") == "tool_use":
                text = json.dumps(block.get("input", {}))
        return Completion(
            text=text,
            model=str(payload.get("model", self.name)),
            backend=self.backend,
            usage=Usage(int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))),
            latency_seconds=time.perf_counter() - started,
        )

    async def stream(self, messages: list[Message], *, options: Options) -> AsyncIterator[str]:
        body = self._body(messages, options, stream=True)
        try:
            async with (
                self._client() as client,
                client.stream("POST", "/v1/messages", json=body) as response,
            ):
                if response.status_code >= 400:
                    await response.aread()
                raise_for_status(response, self.backend)
                async for data in iter_sse_data(response):
                    try:
                        event = json.loads(data)
                    except ValueError as exc:
                        raise LLMResponseError(
                            f"anthropic sent a stream event that is not JSON: {data[:120]}"
                        ) from exc
                    if event.get("type") == "content_block_delta":
                        piece = event.get("delta", {}).get("text")
                        if piece:
                            yield piece
                    elif event.get("type") == "message_stop":
                        return
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
