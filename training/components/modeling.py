"""Loading a base model for a job's method: LoRA, QLoRA (bitsandbytes 4-bit, GPU) or full fine-tune."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from training.components import lora
from training.components.precision import enable_fp8, param_dtype
from training.errors import PrecisionError
from training.spec import JobSpec


def pick_device(gpus: int) -> torch.device:
    """cuda:0 of the GPUs Ray granted (it sets CUDA_VISIBLE_DEVICES), else CPU."""
    if gpus > 0 and torch.cuda.is_available():
        return torch.device("cuda", 0)
    return torch.device("cpu")


def load_for_training(spec: JobSpec, base_dir: Path, device: torch.device,
                      start_adapter: Path | None = None) -> Any:
    """The model to train: base weights frozen (lora/qlora) or trainable (full), adapters attached."""
    from transformers import AutoModelForCausalLM

    kwargs: dict[str, Any] = {"dtype": param_dtype(spec.precision, device)}
    if spec.method == "qlora":
        kwargs["quantization_config"] = qlora_quantization(spec.precision, device)
        kwargs["device_map"] = {"": device.index or 0}
    model = AutoModelForCausalLM.from_pretrained(base_dir, **kwargs)
    if spec.method != "qlora":
        model.to(device)
    model.config.use_cache = False
    if spec.precision == "fp8":
        enable_fp8(model)  # before any wrapper, so DeepSpeed sees the FP8 modules
    if spec.method == "full":
        model.train()
        return model
    if spec.method == "qlora":
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    if start_adapter is not None:
        model = lora.load_adapters(model, str(start_adapter), trainable=True)
    else:
        model = lora.add_adapters(model, spec.lora)
    for p in model.parameters():
        if p.requires_grad:
            p.data = p.data.float()  # adapters train in fp32 even when the base is bf16
    model.train()
    return model


def qlora_quantization(precision: str, device: torch.device) -> Any:
    """bitsandbytes NF4 config for QLoRA (needs a CUDA GPU and the bitsandbytes package)."""
    if device.type != "cuda":
        raise PrecisionError("method qlora needs a CUDA GPU (bitsandbytes 4-bit)", hint="use method lora on CPU")
    try:
        import bitsandbytes  # noqa: F401
    except ImportError as exc:
        raise PrecisionError("method qlora needs the bitsandbytes package", hint="pip install bitsandbytes") from exc
    from transformers import BitsAndBytesConfig

    compute = torch.float16 if precision == "fp16" else torch.bfloat16
    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                              bnb_4bit_compute_dtype=compute)


def save_model(model: Any, out_dir: Path, merged: bool = False) -> list[str]:
    """Write adapters (or the full model) as safetensors; with `merged`, also base+adapter weights."""
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    written = ["adapter" if hasattr(model, "peft_config") else "full"]
    if merged and hasattr(model, "merge_and_unload"):
        import copy

        copy.deepcopy(model).merge_and_unload().save_pretrained(out_dir / "merged", safe_serialization=True)
        written.append("merged")
    return written


def lr_scheduler(optimizer: Any, schedule: str, warmup: int, total: int) -> Any:
    """The learning-rate schedule named in the job file."""
    from transformers import get_scheduler

    name = {"constant": "constant_with_warmup", "linear": "linear", "cosine": "cosine"}[schedule]
    return get_scheduler(name, optimizer=optimizer, num_warmup_steps=warmup, num_training_steps=total)
