"""Server-sent events in OpenAI's chunk format for chat and text completions."""

from __future__ import annotations

import json
from typing import Any, AsyncIterator

from inference.api.errors import APIError
from inference.api.handler import Call, InferenceHandler
from inference.api.schemas import new_id, now
from inference.engines.base import EngineError, SamplingParams


def _event(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


async def sse(handler: InferenceHandler, call: Call, prompt: str, params: SamplingParams, chat: bool,
              include_usage: bool) -> AsyncIterator[str]:
    """Chunks of one streamed completion, then the finish reason, optional usage, and [DONE]."""
    ident, created, model = new_id("chatcmpl" if chat else "cmpl"), now(), call.route.model
    kind = "chat.completion.chunk" if chat else "text_completion"
    fingerprint = f"{call.arm.label}:{call.arm.model_ref}"

    def chunk(delta: str | None, finish: str | None, role: bool = False) -> dict[str, Any]:
        if chat:
            body: dict[str, Any] = {"role": "assistant", "content": ""} if role else ({"content": delta} if delta else {})
            choice = {"index": 0, "delta": body, "logprobs": None, "finish_reason": finish}
        else:
            choice = {"index": 0, "text": delta or "", "logprobs": None, "finish_reason": finish}
        return {"id": ident, "object": kind, "created": created, "model": model, "system_fingerprint": fingerprint,
                "choices": [choice]}

    if chat:
        yield _event(chunk(None, None, role=True))
    try:
        async for delta in handler.stream(call, prompt, params):
            yield _event(chunk(delta, None))
    except APIError as exc:
        yield _event(exc.body())
        return
    except EngineError as exc:
        yield _event(APIError(exc.status, str(exc), type="server_error", code=exc.code).body())
        return
    rec = call.record
    yield _event(chunk(None, rec.finish_reason or "stop"))
    if include_usage:
        usage = {"prompt_tokens": rec.prompt_tokens, "completion_tokens": rec.completion_tokens,
                 "total_tokens": rec.prompt_tokens + rec.completion_tokens}
        yield _event({"id": ident, "object": kind, "created": created, "model": model, "choices": [], "usage": usage})
    yield "data: [DONE]\n\n"
