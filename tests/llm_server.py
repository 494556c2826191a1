"""A small OpenAI-compatible (and Anthropic-compatible) server the tests run on loopback.

The model name picks the behaviour, so one server covers every failure mode:

- ``ok``            a normal answer (echoes the last user message), streams word by word
- ``json:<text>``   answers ``<text>`` verbatim as the message content (for schema tests)
- ``flaky-429``     HTTP 429 with Retry-After on the first call of each conversation, then ok
- ``flaky-500``     HTTP 500 twice per conversation, then ok
- ``down``          HTTP 500 always
- ``slow``          sleeps 2 s before answering (for client timeouts)
- ``malformed``     a 200 whose body is not JSON
- ``judge:<json>``  a judge answer: the JSON after the colon, verbatim
- ``trickle``       ``smart``, streamed one word every 0.3 s (partial text in the browser)
- ``slow-smart``    ``smart`` after 3 s (a job still running when its worker is killed)
- ``smart``         plays every part: a valid judge verdict quoting the answer when a schema
                    is asked for, a bridge sentence for the interviewer, an answer for a
                    candidate
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse


def _last_user(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            content = message.get("content", "")
            return content if isinstance(content, str) else json.dumps(content)
    return ""


def _smart(messages: list[dict[str, Any]], structured: bool) -> str:
    system = " ".join(str(m.get("content", "")) for m in messages if m.get("role") == "system")
    user = _last_user(messages)
    if structured:
        ids = re.findall(r"^- ([a-z0-9][a-z0-9_.-]*): ", system, flags=re.M)
        answer = user.split("<answer>\n", 1)[-1].rsplit("\n</answer>", 1)[0]
        quote = answer.strip()[:40].strip()
        points = [{"id": ids[0], "quote": quote}] if ids and quote else []
        return json.dumps(
            {
                "score": 3,
                "key_points": points,
                "missed": ids[1:],
                "flags": [],
                "justification": f'The answer says "{quote}".',
            }
        )
    if "bridges" in system:
        return "Thanks, that gives me a clear picture of your setup."
    if "Reword" in system:
        return "Thank you, that is helpful context."
    return (
        "In my last role I ran Prometheus with burn rate alerts over 1h and 5m windows, "
        "and we measured MTTR from incident timestamps in PagerDuty."
    )


def _text_for(model: str, messages: list[dict[str, Any]], structured: bool = False) -> str:
    if model in ("smart", "slow-smart", "trickle"):
        return _smart(messages, structured)
    if model.startswith("json:"):
        return model[5:]
    if model.startswith("judge:"):
        return model[6:]
    return "Understood. " + _last_user(messages)[:120]


def build_app() -> FastAPI:
    app = FastAPI()
    attempts: Counter[str] = Counter()
    app.state.requests = []

    def _failure(model: str, conversation: str) -> Response | None:
        attempts[conversation] += 1
        n = attempts[conversation]
        if model == "down":
            return JSONResponse({"error": {"message": "upstream down"}}, status_code=500)
        if model == "flaky-429" and n == 1:
            return JSONResponse(
                {"error": {"message": "rate limited"}},
                status_code=429,
                headers={"Retry-After": "0"},
            )
        if model == "flaky-500" and n <= 2:
            return JSONResponse({"error": {"message": "boom"}}, status_code=500)
        if model == "malformed":
            return Response("this is not json", media_type="application/json")
        return None

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Response:
        body = await request.json()
        app.state.requests.append(body)
        model = body["model"]
        conversation = model + "|" + json.dumps(body["messages"])
        failure = _failure(model, conversation)
        if failure is not None:
            return failure
        if model == "slow":
            await asyncio.sleep(2.0)
        if model == "slow-smart":
            await asyncio.sleep(3.0)
        text = _text_for(model, body["messages"], "response_format" in body)
        if body.get("stream"):

            async def events() -> AsyncIterator[bytes]:
                for i, word in enumerate(text.split(" ")):
                    piece = word if i == 0 else " " + word
                    if model == "trickle" and i:
                        await asyncio.sleep(0.3)
                    chunk = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                    yield f"data: {json.dumps(chunk)}\n\n".encode()
                if (body.get("stream_options") or {}).get("include_usage"):
                    usage = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
                    yield f"data: {json.dumps({'choices': [], 'usage': usage})}\n\n".encode()
                yield b"data: [DONE]\n\n"

            return StreamingResponse(events(), media_type="text/event-stream")
        return JSONResponse(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
            }
        )

    @app.post("/v1/messages")
    async def messages(request: Request) -> Response:
        body = await request.json()
        app.state.requests.append(body)
        model = body["model"]
        conversation = model + "|" + json.dumps(body["messages"])
        failure = _failure(model, conversation)
        if failure is not None:
            return failure
        system = body.get("system", "")
        text = _text_for(
            model,
            [{"role": "system", "content": system}, *body["messages"]],
            bool(body.get("tools")),
        )
        if body.get("stream"):

            async def events() -> AsyncIterator[bytes]:
                start = {"type": "message_start", "message": {"usage": {"input_tokens": 90}}}
                yield f"event: message_start\ndata: {json.dumps(start)}\n\n".encode()
                for i, word in enumerate(text.split(" ")):
                    piece = word if i == 0 else " " + word
                    event = {
                        "type": "content_block_delta",
                        "delta": {"type": "text_delta", "text": piece},
                    }
                    yield f"event: content_block_delta\ndata: {json.dumps(event)}\n\n".encode()
                delta = {"type": "message_delta", "usage": {"output_tokens": 15}}
                yield f"event: message_delta\ndata: {json.dumps(delta)}\n\n".encode()
                yield b'event: message_stop\ndata: {"type": "message_stop"}\n\n'

            return StreamingResponse(events(), media_type="text/event-stream")
        if body.get("tools"):
            try:
                tool_input = json.loads(text)
            except ValueError:
                tool_input = {"raw": text}
            content: list[dict[str, Any]] = [
                {"type": "tool_use", "id": "tu_1", "name": "answer", "input": tool_input}
            ]
        else:
            content = [{"type": "text", "text": text}]
        return JSONResponse(
            {
                "id": "msg_test",
                "type": "message",
                "model": model,
                "content": content,
                "usage": {"input_tokens": 90, "output_tokens": 15},
            }
        )

    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free loopback port; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the loopback LLM server did not start within 10 s")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
