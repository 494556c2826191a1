"""Chat models: a protocol, a registry of backends, and the guards around them."""

from panelist.llm.fake import FakeChatModel
from panelist.llm.guard import GuardedModel, Guards
from panelist.llm.registry import backends, build_model, register_backend
from panelist.llm.types import ChatModel, Completion, Message, Options, Usage

__all__ = [
    "ChatModel",
    "Completion",
    "FakeChatModel",
    "GuardedModel",
    "Guards",
    "Message",
    "Options",
    "Usage",
    "backends",
    "build_model",
    "register_backend",
]
