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
from panelist.llm.http import VendorHTTP
from panelist.llm.openai_compat import is_local_url
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
        self.external = not is_local_url(base_url)
        headers = {"anthropic-version": ANTHROPIC_VERSION}
        if api_key:
            headers["x-api-key"] = api_key
        self._http = VendorHTTP(
            self.backend,
            base_url,
            headers=headers,
            timeout_seconds=timeout_seconds,
            transport=transport,
        )

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
        payload = await self._http.post_json(
            "/v1/messages", self._body(messages, options, **extra), options.timeout_seconds
        )
        blocks = payload.get("content")
        if not isinstance(blocks, list):
            raise LLMResponseError("anthropic returned JSON that is not a message.")
        usage = payload.get("usage") or {}
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

    async def stream(
        self, messages: list[Message], *, options: Options
    ) -> AsyncIterator[str | Usage]:
        body = self._body(messages, options, stream=True)
        input_tokens = output_tokens = 0
        async for event in self._http.stream_json("/v1/messages", body):
            kind = event.get("type")
            if kind == "content_block_delta":
                piece = (event.get("delta") or {}).get("text")
                if piece:
                    yield piece
            elif kind == "message_start":
                usage = (event.get("message") or {}).get("usage") or {}
                input_tokens = int(usage.get("input_tokens", 0))
            elif kind == "message_delta":
                output_tokens = int((event.get("usage") or {}).get("output_tokens", 0))
            elif kind == "message_stop":
                break
        if input_tokens or output_tokens:
            yield Usage(input_tokens, output_tokens)

    async def aclose(self) -> None:
        return None
