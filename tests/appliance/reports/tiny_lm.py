"""A tiny randomly initialised GPT-2 and a word-level tokenizer, built in memory (no downloads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

WORDS = [
    "patient",
    "reports",
    "chest",
    "pain",
    "radiating",
    "to",
    "the",
    "left",
    "arm",
    "triage",
    "level",
    "urgent",
    "routine",
    "fever",
    "cough",
    "患者",
    "主诉",
    "头痛",
    "三天",
    "伴有",
    "发热",
    "分诊",
    "建议",
    ".",
    ":",
    ",",
]


def tiny_lm(seed: int = 0) -> tuple[Any, Any]:
    """(model, tokenizer): 2 layers, 32 dimensions; deterministic for a seed."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[EOS]", *WORDS])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, unk_token="[UNK]", pad_token="[PAD]", eos_token="[EOS]"
    )
    torch.manual_seed(seed)
    config = GPT2Config(
        vocab_size=len(vocab),
        n_positions=64,
        n_embd=32,
        n_layer=2,
        n_head=2,
        bos_token_id=2,
        eos_token_id=2,
        pad_token_id=0,
    )
    return GPT2LMHeadModel(config).eval(), tokenizer


def save_tiny_lm(path: Path) -> Path:
    """Save the tiny model and tokenizer as a Hugging Face directory (what a registry materialises)."""
    from safetensors.torch import save_model

    model, tokenizer = tiny_lm()
    path.mkdir(parents=True, exist_ok=True)
    # save_pretrained would work too, but imports every training integration (~10 s): write the two files.
    model.config.to_json_file(path / "config.json")
    save_model(model, str(path / "model.safetensors"), metadata={"format": "pt"})
    tokenizer.save_pretrained(path)
    return path
