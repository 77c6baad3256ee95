"""A tiny random Llama (and LoRA adapters for it) saved as HF directories: real code paths in seconds."""

from __future__ import annotations

from pathlib import Path

WORDS = ("patient triage fever cough chest pain ward nurse doctor urgent routine emergency admit discharge "
         "blood pressure pulse oxygen history allergy dose tablet daily review follow up clinic").split()


def make_tiny_model(dest: Path, seed: int = 0) -> Path:
    """A 2-layer Llama with a small word-level BPE tokenizer (cached per destination)."""
    if (dest / "config.json").exists():
        return dest
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    texts = [" ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(12)) for i in range(200)]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=400, special_tokens=["<unk>", "<s>", "</s>"],
                                                       initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", bos_token="<s>", eos_token="</s>",
                                   pad_token="</s>")
    torch.manual_seed(seed)
    cfg = LlamaConfig(vocab_size=fast.vocab_size, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
                      bos_token_id=1, eos_token_id=2, pad_token_id=2, tie_word_embeddings=True)
    LlamaForCausalLM(cfg).save_pretrained(dest, safe_serialization=True)
    fast.save_pretrained(dest)
    return dest


def make_tiny_adapter(base: Path, dest: Path, seed: int = 1) -> Path:
    """A LoRA adapter for the tiny model with non-zero B weights (so it changes the output)."""
    if (dest / "adapter_config.json").exists():
        return dest
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(base),
                           LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    model.save_pretrained(dest)
    return dest
