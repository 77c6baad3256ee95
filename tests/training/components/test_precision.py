"""Precision: FP8 is refused where it cannot run, and a job proves FP8 layers really ran."""

from __future__ import annotations

import pytest
import torch

from training.components import precision
from training.errors import PrecisionError

HAS_FP8, WHY = precision.fp8_supported()


def _mlp() -> torch.nn.Module:
    return torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32))


@pytest.mark.skipif(HAS_FP8, reason="this machine can run FP8")
def test_when_no_fp8_hardware_then_fp8_refused_with_reason():
    with pytest.raises(PrecisionError, match="fp8 is not available here"):
        precision.check_precision("fp8", torch.device("cpu"))


def test_when_model_not_converted_then_probe_refuses():
    """The known failure: FP8 configured, but the wrapped model has plain Linear layers (bf16)."""
    probe = precision.Fp8Probe(_mlp())
    with pytest.raises(PrecisionError, match="no FP8 layers"):
        probe.require_layers("the DeepSpeed engine")


def test_when_converted_then_probe_counts_fp8_layers_and_calls():
    pytest.importorskip("torchao")
    model = _mlp()
    assert precision.enable_fp8(model) == 2
    probe = precision.Fp8Probe(model)
    probe.require_layers("the model")
    with pytest.raises(PrecisionError, match="no FP8 layer ran"):
        probe.require_calls()
    try:
        model(torch.randn(16, 32))
    except (RuntimeError, NotImplementedError) as exc:  # FP8 GEMM emulation absent on this CPU build
        pytest.skip(f"FP8 matmul not available on CPU here: {exc}")
    assert probe.require_calls() == {"fp8_layers": 2, "fp8_forward_calls": 2}


@pytest.mark.gpu
@pytest.mark.skipif(not HAS_FP8, reason=f"FP8 training needs a Hopper/Ada GPU: {WHY}")
def test_when_fp8_under_deepspeed_then_layers_active_on_gpu(tmp_path):
    from tests.training.recipes.test_causal_lm import run_recipe

    result = run_recipe(tmp_path, precision="fp8", deepspeed={"stage": 2}, method="full", gpus=1, steps=3)
    assert result.proof["fp8_layers"] > 0 and result.proof["fp8_forward_calls"] > 0


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="bf16 GPU path needs a CUDA GPU")
def test_when_bf16_on_gpu_then_trains(tmp_path):
    from tests.training.recipes.test_causal_lm import run_recipe

    result = run_recipe(tmp_path, precision="bf16", gpus=1, steps=3)
    assert result.final_step == 3 and result.metrics["gpu_mem_gb"] > 0


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="QLoRA (bitsandbytes 4-bit) needs a CUDA GPU")
def test_when_qlora_on_gpu_then_trains(tmp_path):
    pytest.importorskip("bitsandbytes")
    from tests.training.recipes.test_causal_lm import run_recipe

    result = run_recipe(tmp_path, precision="bf16", method="qlora", gpus=1, steps=3)
    assert result.final_step == 3
