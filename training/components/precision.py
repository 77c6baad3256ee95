"""Compute precision: autocast for bf16/fp16, FP8 through torchao on Hopper, and proof FP8 is really on.

Known failure this guards against: under DeepSpeed (or when a wrapper rebuilds the model), FP8
conversion can silently not happen and the job trains in bf16. `Fp8Probe` counts FP8 layers and
their forward calls after the engine is built and after the first step; zero raises PrecisionError.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import torch

from training.errors import PrecisionError

FP8_MIN_CAPABILITY = (8, 9)  # Ada / Hopper


def fp8_supported() -> tuple[bool, str]:
    """Whether this machine can train in FP8, and why not."""
    if not torch.cuda.is_available():
        return False, "no CUDA GPU"
    cap = torch.cuda.get_device_capability()
    if cap < FP8_MIN_CAPABILITY:
        return False, f"GPU compute capability {cap[0]}.{cap[1]} < 8.9 (FP8 needs Ada or Hopper)"
    try:
        import torchao.float8  # noqa: F401
    except ImportError:
        return False, "torchao is not installed (pip install 'corpusbox[gpu]')"
    return True, "ok"


def check_precision(precision: str, device: torch.device) -> None:
    """Refuse precisions this device cannot run, with the reason."""
    if precision == "fp8":
        ok, why = fp8_supported()
        if not ok:
            raise PrecisionError(f"precision fp8 is not available here: {why}",
                                 hint="use precision bf16 on this machine")
    if precision == "fp16" and device.type != "cuda":
        raise PrecisionError("precision fp16 needs a GPU", hint="use bf16 or fp32 on CPU")


def param_dtype(precision: str, device: torch.device) -> torch.dtype:
    """dtype the frozen base weights are held in (trainable adapters stay fp32)."""
    if device.type == "cuda" and precision in ("bf16", "fp8"):
        return torch.bfloat16
    if device.type == "cuda" and precision == "fp16":
        return torch.float16
    return torch.float32


@contextlib.contextmanager
def autocast(precision: str, device: torch.device) -> Iterator[None]:
    """Mixed-precision region for forward passes."""
    if precision in ("bf16", "fp8"):
        with torch.autocast(device.type, dtype=torch.bfloat16):
            yield
    elif precision == "fp16":
        with torch.autocast(device.type, dtype=torch.float16):
            yield
    else:
        yield


def enable_fp8(model: Any, skip: tuple[str, ...] = ("lm_head",)) -> int:
    """Swap eligible nn.Linear layers for torchao Float8Linear; returns how many were converted."""
    from torchao.float8 import convert_to_float8_training

    def keep(module: torch.nn.Module, fqn: str) -> bool:
        if any(s in fqn for s in skip) or not isinstance(module, torch.nn.Linear):
            return False
        # FP8 GEMMs need dimensions divisible by 16.
        return module.in_features % 16 == 0 and module.out_features % 16 == 0

    convert_to_float8_training(model, module_filter_fn=keep)
    return len(fp8_layers(model))


def fp8_layers(model: Any) -> list[torch.nn.Module]:
    """FP8 layers inside `model` (torchao Float8Linear or Transformer Engine modules)."""
    names = ("Float8Linear", "TELinear")
    found = []
    for module in model.modules():
        cls = type(module)
        if cls.__name__ in names or cls.__module__.startswith("transformer_engine"):
            found.append(module)
    return found


class Fp8Probe:
    """Counts forward calls through FP8 layers so a job can prove FP8 was used, not just configured."""

    def __init__(self, model: Any) -> None:
        self.layers = fp8_layers(model)
        self.calls = 0
        self._hooks = [m.register_forward_hook(self._hit) for m in self.layers]

    def _hit(self, *_: Any) -> None:
        self.calls += 1

    def require_layers(self, where: str) -> None:
        if not self.layers:
            raise PrecisionError(f"precision fp8 was requested but {where} has no FP8 layers (it would train in bf16)",
                                 hint="check that FP8 conversion runs after any wrapper that rebuilds the model")

    def require_calls(self) -> dict[str, int]:
        """Raise unless FP8 layers ran; returns the proof recorded with the job."""
        if self.calls == 0:
            raise PrecisionError("precision fp8 was requested but no FP8 layer ran in the first step")
        return {"fp8_layers": len(self.layers), "fp8_forward_calls": self.calls}

    def close(self) -> None:
        for h in self._hooks:
            h.remove()
