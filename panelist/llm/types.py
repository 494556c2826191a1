"""The ChatModel protocol and the values that cross it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


class Options(BaseModel):
    """Per-call options every backend understands. Unknown options are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    temperature: float = Field(default=0.2, ge=0, le=2)
    max_tokens: int = Field(default=800, ge=1, le=32_000)
    timeout_seconds: float | None = Field(default=None, gt=0)
    purpose: Literal["interviewer", "judge", "candidate", "check", "author"] = "interviewer"
    interview_id: str | None = None  # for per-interview budgets and cost accounting


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens, self.output_tokens + other.output_tokens
        )


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    backend: str
    usage: Usage = field(default_factory=Usage)
    latency_seconds: float = 0.0
    cost_usd: float | None = None  # None when no price is known for the model
    cached: bool = False
    data: dict[str, Any] | None = None  # the parsed JSON when a schema was requested


@runtime_checkable
class ChatModel(Protocol):
    """One model on one backend. Implementations raise LLMError subclasses, never vendor errors."""

    backend: str
    name: str
    supports_streaming: bool
    supports_json_schema: bool
    external: bool  # True when calls leave this machine

    async def complete(
        self,
        messages: list[Message],
        *,
        options: Options,
        schema: type[BaseModel] | None = None,
    ) -> Completion: ...

    def stream(self, messages: list[Message], *, options: Options) -> AsyncIterator[str | Usage]:
        """Text pieces as the vendor sends them, and a ``Usage`` if the vendor reports one
        (GuardedModel.stream records it and yields the text only)."""
        ...

    async def aclose(self) -> None: ...
