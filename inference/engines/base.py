"""The one interface every serving engine implements, and the request/result types it speaks."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator, Protocol, runtime_checkable


@dataclass(frozen=True)
class SamplingParams:
    """How to sample one completion."""

    max_tokens: int = 64
    temperature: float = 1.0
    top_p: float = 1.0
    stop: tuple[str, ...] = ()
    seed: int | None = None


@dataclass
class GenerationRequest:
    """One prompt to complete, optionally through a named LoRA adapter."""

    prompt: str
    params: SamplingParams = field(default_factory=SamplingParams)
    adapter: str | None = None


@dataclass
class GenerationOutput:
    """A finished completion with the token counts billed to it."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str  # "stop" or "length"


@dataclass
class StreamEvent:
    """A piece of streamed text, or (with `final`) the finished output."""

    delta: str = ""
    final: GenerationOutput | None = None


class EngineError(RuntimeError):
    """The engine could not run a request (bad adapter, context too long, engine closed)."""

    def __init__(self, message: str, code: str = "engine_error", status: int = 500) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


@runtime_checkable
class Engine(Protocol):
    """A loaded base model that completes prompts, with LoRA adapters loaded and unloaded live."""

    kind: str

    def render_chat(self, messages: list[dict[str, str]]) -> str: ...

    def stream(self, request: GenerationRequest) -> AsyncIterator[StreamEvent]: ...

    def load_adapter(self, name: str, path: Path) -> None: ...

    def unload_adapter(self, name: str) -> None: ...

    def adapter_names(self) -> list[str]: ...

    def busy(self) -> bool: ...

    def close(self) -> None: ...


async def generate(engine: Engine, request: GenerationRequest) -> GenerationOutput:
    """Run a request to the end and return the whole completion."""
    final: GenerationOutput | None = None
    async for event in engine.stream(request):
        if event.final is not None:
            final = event.final
    if final is None:
        raise EngineError("the engine ended a request without a result")
    return final


def simple_chat_template(messages: list[dict[str, str]]) -> str:
    """A plain role-tagged prompt for tokenizers that ship no chat template."""
    lines = [f"<|{m.get('role', 'user')}|>\n{m.get('content', '')}" for m in messages]
    return "\n".join(lines) + "\n<|assistant|>\n"


def drain_queue(queue: "asyncio.Queue[StreamEvent | BaseException]") -> None:
    """Drop whatever is left in a per-request queue (the client went away)."""
    while not queue.empty():
        queue.get_nowait()
