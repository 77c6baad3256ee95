"""The causal-LM recipe on its own (no box): ZeRO-2 through DeepSpeed matches plain PyTorch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.training.tiny import make_tiny_model
from training.components.collators import pack_blocks
from training.recipes import causal_lm
from training.recipes.context import RecipeResult, RunContext
from training.spec import parse_job
from training.synthetic import make_documents


def run_recipe(tmp: Path, steps: int = 6, gpus: int = 0, **over: Any) -> RecipeResult:
    """Run the recipe for a few steps on the tiny model and synthetic notes."""
    from transformers import AutoTokenizer

    from training.components.modeling import pick_device

    base = make_tiny_model(tmp / "tiny")
    doc = {"name": "r", "data": {"path": str(tmp)}, "precision": "fp32", "lora": {"dropout": 0.0},
           "training": {"batch_size": 4, "seq_len": 32, "max_steps": steps, "learning_rate": 0.01, "threads": 1},
           "eval": {"interval_steps": steps}, "checkpoint": {"interval_steps": 1000, "fisher_samples": 2},
           "resources": {"gpus": gpus}, **over}
    spec = parse_job(doc)
    tok = AutoTokenizer.from_pretrained(base)
    docs = make_documents(120)
    train = pack_blocks(tok, [d for d in docs if d["split"] == "train"], spec.data, 32)
    val = pack_blocks(tok, [d for d in docs if d["split"] == "validation"], spec.data, 32)
    ctx = RunContext(spec, base, train, val, tmp / "work", pick_device(gpus))
    state = causal_lm.setup(ctx)
    try:
        return causal_lm.train(state, ctx)
    finally:
        causal_lm.cleanup(state)


@pytest.mark.slow
def test_when_zero2_then_deepspeed_engine_trains_like_plain_pytorch(tmp_path):
    pytest.importorskip("deepspeed")
    plain = run_recipe(tmp_path / "plain")
    zero2 = run_recipe(tmp_path / "zero2", deepspeed={"stage": 2})
    assert zero2.final_step == plain.final_step == 6
    assert (zero2.output_dir / "adapter_model.safetensors").exists()
    assert abs(zero2.metrics["loss"] - plain.metrics["loss"]) < 1e-3
