"""The default engine: transformers on CPU or GPU, bitsandbytes 8/4-bit on GPU, peft LoRA adapters.

Concurrent requests share forward passes through the continuous batcher; adapters are loaded
and unloaded while the engine serves, and an adapter still in use by a running request is
removed once that request ends.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any, AsyncIterator

from inference.engines.base import EngineError, GenerationRequest, StreamEvent, drain_queue, simple_chat_template
from inference.engines.batcher import ContinuousBatcher, Job

QUANTIZATIONS = (None, "8bit", "4bit")


def pick_device(device: str) -> str:
    """'auto' -> cuda when a GPU is present, else cpu."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise EngineError("device 'cuda' was asked for but no GPU is visible", code="no_gpu", status=503)
    return device


def set_cpu_threads(threads: int) -> None:
    """Size torch's intra-op pool (process-wide) for a CPU engine."""
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def quantization_config(quantization: str | None) -> Any:
    """A BitsAndBytesConfig for '8bit'/'4bit' (GPU only), or None."""
    if quantization not in QUANTIZATIONS:
        raise EngineError(f"unknown quantization {quantization!r}; use one of 8bit, 4bit")
    if quantization is None:
        return None
    import torch
    from transformers import BitsAndBytesConfig

    if not torch.cuda.is_available():
        raise EngineError(f"{quantization} quantization needs a GPU (bitsandbytes)", code="no_gpu", status=503)
    if quantization == "8bit":
        return BitsAndBytesConfig(load_in_8bit=True)
    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                              bnb_4bit_compute_dtype=torch.bfloat16)


class TransformersEngine:
    """A base model from a local HF directory, served through the continuous batcher."""

    kind = "transformers"

    def __init__(self, model_dir: Path, device: str = "auto", quantization: str | None = None,
                 max_batch_size: int = 8, batch_wait_ms: float = 5.0, max_context: int | None = None,
                 cpu_threads: int | None = None) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.model_dir = Path(model_dir)
        self.device = pick_device(device)
        quant = quantization_config(quantization)
        if self.device == "cpu" and cpu_threads:
            set_cpu_threads(cpu_threads)
        dtype = torch.bfloat16 if self.device.startswith("cuda") else torch.float32
        self.tokenizer = AutoTokenizer.from_pretrained(self.model_dir)
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        kwargs: dict[str, Any] = {"dtype": dtype}
        if quant is not None:
            kwargs.update(quantization_config=quant, device_map={"": self.device})
        model = AutoModelForCausalLM.from_pretrained(self.model_dir, **kwargs)
        if quant is None:
            model = model.to(self.device)
        self.model: Any = model.eval()
        self.max_context = max_context or int(getattr(model.config, "max_position_embeddings", 2048) or 2048)
        self._adapters: dict[str, Path] = {}
        self._draining: set[str] = set()
        self._lock = threading.Lock()
        self.batcher = ContinuousBatcher(lambda: self.model, self.tokenizer, torch.device(self.device), self._lock,
                                         max_batch_size=max_batch_size, batch_wait_s=batch_wait_ms / 1000,
                                         uses_adapters=lambda: bool(self._adapters), after_step=self._reap,
                                         adapter_ok=lambda name: name in self._adapters)

    # ----- prompts --------------------------------------------------------------------------
    def render_chat(self, messages: list[dict[str, str]]) -> str:
        if getattr(self.tokenizer, "chat_template", None):
            return str(self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
        return simple_chat_template(messages)

    def encode(self, prompt: str) -> list[int]:
        return list(self.tokenizer(prompt, add_special_tokens=False)["input_ids"])

    # ----- generation -----------------------------------------------------------------------
    async def stream(self, request: GenerationRequest) -> AsyncIterator[StreamEvent]:
        """Stream a completion; cancelling the iterator drops the row from the batch."""
        job = self._job(request)
        self.batcher.submit(job)
        try:
            while True:
                item = await job.events.get()
                if isinstance(item, BaseException):
                    raise item
                yield item
                if item.final is not None:
                    return
        finally:
            job.cancelled = True
            drain_queue(job.events)

    def _job(self, request: GenerationRequest) -> Job:
        if request.adapter and (request.adapter not in self._adapters or request.adapter in self._draining):
            raise EngineError(f"adapter {request.adapter!r} is not loaded", code="model_not_found", status=404)
        ids = self.encode(request.prompt) or [self.tokenizer.eos_token_id or 0]
        if len(ids) + request.params.max_tokens > self.max_context:
            raise EngineError(f"this model's maximum context length is {self.max_context} tokens; the prompt has "
                              f"{len(ids)} and max_tokens asks {request.params.max_tokens}",
                              code="context_length_exceeded", status=400)
        return Job(request, ids, asyncio.get_running_loop(), asyncio.Queue())

    # ----- adapters -------------------------------------------------------------------------
    def load_adapter(self, name: str, path: Path) -> None:
        """Load a peft LoRA adapter under `name` (replacing one of that name once idle)."""
        from peft import PeftModel

        if name in self._adapters:
            self._draining.discard(name)  # a reload before the drain finished keeps the loaded weights
            return
        with self._lock:
            if isinstance(self.model, PeftModel):
                self.model.load_adapter(str(path), adapter_name=name)
            else:
                self.model = PeftModel.from_pretrained(self.model, str(path), adapter_name=name).eval()
            self._adapters[name] = Path(path)

    def unload_adapter(self, name: str) -> None:
        """Stop routing to `name`; its weights go when no running request uses them."""
        if name not in self._adapters:
            return
        self._draining.add(name)
        self.batcher.wake()  # the batcher thread removes it between steps, never mid-forward

    def adapter_names(self) -> list[str]:
        return sorted(n for n in self._adapters if n not in self._draining)

    def _reap(self, active: set[str]) -> None:
        """Called by the batcher thread between steps: delete drained adapters nobody is using."""
        idle = [n for n in list(self._draining) if n not in active]
        if idle:
            with self._lock:
                for name in idle:
                    self._delete(name)

    def _delete(self, name: str) -> None:
        self._adapters.pop(name, None)
        self._draining.discard(name)
        if self._adapters:
            self.model.delete_adapter(name)
        else:  # peft cannot run with zero adapters: strip the LoRA layers and serve the plain base again
            self.model = self.model.unload().eval()

    def busy(self) -> bool:
        return self.batcher.busy()

    def close(self) -> None:
        self.batcher.close()
