"""DeepSpeed ZeRO 0-3: the config a job's `deepspeed` section maps to, and a single-process engine.

On CPU the engine runs over gloo with torch's Adam (`torch_adam`) so nothing is compiled; on GPUs
the same config runs under the `deepspeed` launcher or Ray with NCCL.
"""

from __future__ import annotations

import os
import socket
from typing import Any

import torch

from training.spec import DeepSpeedSpec, TrainingSpec


def ds_config(spec: DeepSpeedSpec, train: TrainingSpec, precision: str, on_gpu: bool) -> dict[str, Any]:
    """The DeepSpeed JSON config for one job."""
    zero: dict[str, Any] = {"stage": spec.stage}
    if spec.offload_optimizer != "none":
        zero["offload_optimizer"] = {"device": spec.offload_optimizer, "pin_memory": on_gpu}
    if spec.offload_params != "none":
        zero["offload_param"] = {"device": spec.offload_params, "pin_memory": on_gpu}
    return {
        "train_micro_batch_size_per_gpu": train.batch_size,
        "gradient_accumulation_steps": train.gradient_accumulation,
        "optimizer": {"type": "AdamW", "params": {
            "lr": train.learning_rate, "weight_decay": train.weight_decay, "torch_adam": True}},
        "zero_optimization": zero,
        "bf16": {"enabled": on_gpu and precision in ("bf16", "fp8")},
        "fp16": {"enabled": on_gpu and precision == "fp16"},
        "gradient_clipping": 1.0,
        "steps_per_print": 10**9,
        "wall_clock_breakdown": False,
    }


def init_single_process(on_gpu: bool) -> None:
    """Initialise torch.distributed for a one-process DeepSpeed run (gloo on CPU, NCCL on GPU)."""
    import deepspeed

    if not on_gpu:
        os.environ.setdefault("DS_ACCELERATOR", "cpu")
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        return
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", str(_free_port()))
    for key, value in (("RANK", "0"), ("WORLD_SIZE", "1"), ("LOCAL_RANK", "0")):
        os.environ.setdefault(key, value)
    deepspeed.init_distributed(dist_backend="nccl" if on_gpu else "gloo", verbose=False)


def build_engine(model: Any, config: dict[str, Any], scheduler_fn: Any) -> tuple[Any, Any, Any]:
    """deepspeed.initialize over the trainable parameters; returns (engine, optimizer, lr scheduler)."""
    import deepspeed

    params = [p for p in model.parameters() if p.requires_grad]
    engine, optimizer, _, scheduler = deepspeed.initialize(model=model, model_parameters=params, config=config,
                                                           lr_scheduler=scheduler_fn)
    return engine, optimizer, scheduler


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
