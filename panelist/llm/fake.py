"""A deterministic in-package model, for tests and for trying the LLM paths offline."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from panelist.errors import LLMResponseError
from panelist.llm.types import Completion, Message, Options, Usage

Handler = Callable[[list[Message], Options, type[BaseModel] | None], str]


def echo_handler(messages: list[Message], options: Options, schema: type[BaseModel] | None) -> str:
    """Repeat the last user message's first line; refuse schemas it cannot fill."""
    if schema is not None:
        raise LLMResponseError("The echo fake cannot produce structured output; give it a handler.")
    last = next((m.content for m in reversed(messages) if m.role == "user"), "")
    first_line = last.strip().splitlines()[0] if last.strip() else ""
    return first_line[:200]


@dataclass
class FakeChatModel:
    """Answers with ``handler``; counts calls; never touches the network."""

    name: str = "fake-1"
    handler: Handler = echo_handler
    backend: str = "fake"
    supports_streaming: bool = True
    supports_json_schema: bool = True
    external: bool = False
    calls: list[list[Message]] = field(default_factory=list)

    async def complete(
        self,
        messages: list[Message],
        *,
        options: Options,
        schema: type[BaseModel] | None = None,
    ) -> Completion:
        self.calls.append(list(messages))
        text = self.handler(messages, options, schema)
        tokens_in = sum(len(m.content.split()) for m in messages)
        return Completion(
            text=text,
            model=self.name,
            backend=self.backend,
            usage=Usage(tokens_in, len(text.split())),
        )

    async def stream(
        self, messages: list[Message], *, options: Options
    ) -> AsyncIterator[str | Usage]:
        completion = await self.complete(messages, options=options)
        for i, word in enumerate(completion.text.split(" ")):
            yield word if i == 0 else " " + word
        yield completion.usage

    async def aclose(self) -> None:
        return None


def json_handler(payload: dict[str, object]) -> Handler:
    """A handler that always answers ``payload`` as JSON."""

    def handle(messages: list[Message], options: Options, schema: type[BaseModel] | None) -> str:
        return json.dumps(payload)

    return handle
