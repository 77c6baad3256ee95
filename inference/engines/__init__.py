"""Serving engines behind one interface; `build_engine` picks one by name per deployment."""

from __future__ import annotations

from pathlib import Path

from inference.engines.base import Engine, EngineError

ENGINES = ("transformers", "vllm")


def build_engine(kind: str, model_dir: Path, device: str = "auto", quantization: str | None = None,
                 max_batch_size: int = 8, batch_wait_ms: float = 5.0, cpu_threads: int | None = None) -> Engine:
    """Load `model_dir` into the named engine."""
    if kind == "transformers":
        from inference.engines.transformers_engine import TransformersEngine

        return TransformersEngine(model_dir, device=device, quantization=quantization,
                                  max_batch_size=max_batch_size, batch_wait_ms=batch_wait_ms, cpu_threads=cpu_threads)
    if kind == "vllm":
        from inference.engines.vllm_engine import VllmEngine

        return VllmEngine(model_dir, quantization=quantization)
    raise EngineError(f"unknown engine {kind!r}; use one of {', '.join(ENGINES)}", code="invalid_engine", status=400)
