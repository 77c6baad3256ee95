"""The GPU engine: vLLM with multi-LoRA, behind the same interface (imported only when chosen)."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path
from typing import Any, AsyncIterator

from inference.engines.base import EngineError, GenerationOutput, GenerationRequest, StreamEvent, simple_chat_template


def vllm_available() -> bool:
    """Whether vLLM is installed and a GPU is visible."""
    import importlib.util

    if importlib.util.find_spec("vllm") is None:
        return False
    import torch

    return torch.cuda.is_available()


class VllmEngine:
    """A base model in vLLM's async engine; LoRA adapters are attached per request by name."""

    kind = "vllm"

    def __init__(self, model_dir: Path, quantization: str | None = None, max_loras: int = 8, max_lora_rank: int = 64,
                 gpu_memory_utilization: float = 0.85, max_context: int | None = None) -> None:
        if not vllm_available():
            raise EngineError("the vllm engine needs the vllm package and a GPU", code="engine_unavailable", status=503)
        from transformers import AutoTokenizer
        from vllm import AsyncEngineArgs, AsyncLLMEngine

        self.model_dir = Path(model_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(self.model_dir)
        args = AsyncEngineArgs(model=str(self.model_dir), enable_lora=True, max_loras=max_loras,
                               max_lora_rank=max_lora_rank, gpu_memory_utilization=gpu_memory_utilization,
                               quantization={"8bit": "bitsandbytes", "4bit": "bitsandbytes"}.get(quantization or ""),
                               max_model_len=max_context)
        self.engine: Any = AsyncLLMEngine.from_engine_args(args)
        self._adapters: dict[str, Any] = {}
        self._ids = itertools.count(1)
        self._running = 0

    def render_chat(self, messages: list[dict[str, str]]) -> str:
        if getattr(self.tokenizer, "chat_template", None):
            return str(self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
        return simple_chat_template(messages)

    async def stream(self, request: GenerationRequest) -> AsyncIterator[StreamEvent]:
        """Stream a completion from vLLM's scheduler (it batches concurrent requests itself)."""
        from vllm import SamplingParams

        lora = None
        if request.adapter:
            lora = self._adapters.get(request.adapter)
            if lora is None:
                raise EngineError(f"adapter {request.adapter!r} is not loaded", code="model_not_found", status=404)
        p = request.params
        sampling = SamplingParams(max_tokens=p.max_tokens, temperature=p.temperature, top_p=p.top_p,
                                  stop=list(p.stop) or None, seed=p.seed)
        sent, last = "", None
        self._running += 1
        try:
            async for out in self.engine.generate(request.prompt, sampling, uuid.uuid4().hex, lora_request=lora):
                last = out
                text = out.outputs[0].text
                if len(text) > len(sent):
                    yield StreamEvent(delta=text[len(sent):])
                    sent = text
        finally:
            self._running -= 1
        if last is None:
            raise EngineError("vLLM returned no output")
        choice = last.outputs[0]
        yield StreamEvent(final=GenerationOutput(choice.text, len(last.prompt_token_ids), len(choice.token_ids),
                                                 "length" if choice.finish_reason == "length" else "stop"))

    def load_adapter(self, name: str, path: Path) -> None:
        from vllm.lora.request import LoRARequest

        if name not in self._adapters:
            self._adapters[name] = LoRARequest(name, next(self._ids), str(path))

    def unload_adapter(self, name: str) -> None:
        # Requests already running keep their LoRARequest; vLLM evicts the weights from its LRU slots.
        self._adapters.pop(name, None)

    def adapter_names(self) -> list[str]:
        return sorted(self._adapters)

    def busy(self) -> bool:
        return self._running > 0

    def close(self) -> None:
        shutdown = getattr(self.engine, "shutdown_background_loop", None) or getattr(self.engine, "shutdown", None)
        if shutdown is not None:
            shutdown()
