"""LoRA adapters (peft): which modules get them and with what settings."""

from __future__ import annotations

from typing import Any

from training.spec import LoraSpec

ATTENTION = ("q_proj", "k_proj", "v_proj", "o_proj", "query_key_value", "c_attn", "qkv_proj", "out_proj")
MLP = ("gate_proj", "up_proj", "down_proj", "fc1", "fc2", "c_fc", "dense_h_to_4h", "dense_4h_to_h")


def target_modules(model: Any, spec: LoraSpec) -> list[str]:
    """Module-name suffixes present in `model` that the spec selects."""
    if isinstance(spec.target_modules, list):
        return spec.target_modules
    if spec.target_modules == "all_linear":
        return ["all-linear"]
    wanted = ATTENTION + (MLP if spec.target_modules == "attention_mlp" else ())
    present = {name.rsplit(".", 1)[-1] for name, _ in model.named_modules()}
    found = [w for w in wanted if w in present]
    if not found:
        raise ValueError(f"no {spec.target_modules} projections found in this model; list lora.target_modules")
    return found


def lora_config(model: Any, spec: LoraSpec) -> Any:
    """The peft LoraConfig for a causal LM."""
    from peft import LoraConfig, TaskType

    return LoraConfig(r=spec.r, lora_alpha=spec.alpha, lora_dropout=spec.dropout,
                      target_modules=target_modules(model, spec), task_type=TaskType.CAUSAL_LM, bias="none")


def add_adapters(model: Any, spec: LoraSpec) -> Any:
    """Wrap `model` with fresh LoRA adapters; only the adapters are trainable."""
    from peft import get_peft_model

    return get_peft_model(model, lora_config(model, spec))


def load_adapters(model: Any, adapter_dir: str, trainable: bool = True) -> Any:
    """Wrap `model` with adapters saved earlier (continue training from a previous model)."""
    from peft import PeftModel

    return PeftModel.from_pretrained(model, adapter_dir, is_trainable=trainable)


def trainable_parameters(model: Any) -> dict[str, Any]:
    """Name -> parameter for everything that receives gradients."""
    return {n: p for n, p in model.named_parameters() if p.requires_grad}
