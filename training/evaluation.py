"""Evaluation on a snapshot's test split: perplexity and a triage-classification task metric.

Triage items are generated from the corpus itself: each test document's label (data.label_field,
e.g. its kind or a triage field) must be picked among all labels seen, by comparing the model's
log-likelihood of "<label_prompt> <label>" after the note. The same items are used for both sides
of an A/B comparison; `eval_set_sha256` identifies them.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from training.components.collators import pack_blocks
from training.data import label_of
from training.spec import DataSpec

if TYPE_CHECKING:
    from appliance.box import Box
    from training.registry import ModelRecord


def task_items(docs: Iterable[dict[str, Any]], data: DataSpec, max_items: int) -> list[tuple[str, str]]:
    """(note text, label) pairs from test documents that carry a label, in a fixed order."""
    items = []
    for doc in docs:
        label = label_of(doc, data.label_field)
        text = (doc.get("text") or "").strip()
        if label and text:
            items.append((text[: min(data.max_chars, 600)], label))
        if len(items) >= max_items:
            break
    return items


def eval_set_sha(items: list[tuple[str, str]], blocks: torch.Tensor) -> str:
    """Identity of an evaluation set (hash of the items and token blocks; no text leaves the box)."""
    h = hashlib.sha256(json.dumps(items, ensure_ascii=False).encode())
    h.update(blocks.numpy().tobytes())
    return h.hexdigest()


@torch.no_grad()
def label_scores(model: Any, tokenizer: Any, text: str, labels: list[str], prompt: str,
                 device: torch.device) -> list[float]:
    """Sum of log-probabilities of each label's tokens after '<text>\\n<prompt>'."""
    ctx_ids = tokenizer(f"{text}\n{prompt}", add_special_tokens=False)["input_ids"][-200:]
    rows = [ctx_ids + tokenizer(f" {label}", add_special_tokens=False)["input_ids"] for label in labels]
    width = max(len(r) for r in rows)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows], device=device)
    mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows], device=device)
    logp = torch.log_softmax(model(input_ids=ids, attention_mask=mask).logits.float(), dim=-1)
    scores = []
    for k, r in enumerate(rows):
        positions = range(len(ctx_ids), len(r))
        scores.append(sum(float(logp[k, p - 1, r[p]]) for p in positions))
    return scores


def task_accuracy(model: Any, tokenizer: Any, items: list[tuple[str, str]], prompt: str,
                  device: torch.device) -> float:
    """Share of items whose true label scores highest."""
    labels = sorted({label for _, label in items})
    if len(labels) < 2:
        return float("nan")
    hits = 0
    for text, label in items:
        scores = label_scores(model, tokenizer, text, labels, prompt, device)
        hits += labels[max(range(len(labels)), key=scores.__getitem__)] == label
    return hits / len(items)


@torch.no_grad()
def block_loss(model: Any, blocks: torch.Tensor, batch_size: int, device: torch.device) -> float:
    """Mean next-token loss over token blocks."""
    from training.components.losses import causal_lm_loss

    was = model.training
    model.eval()
    total, count = 0.0, 0
    for i in range(0, len(blocks), batch_size):
        batch = blocks[i : i + batch_size].to(device)
        total += float(causal_lm_loss(model(input_ids=batch).logits, batch)) * len(batch)
        count += len(batch)
    model.train(was)
    return total / max(count, 1)


def evaluate(model: Any, tokenizer: Any, test_docs: list[dict[str, Any]], data: DataSpec, seq_len: int,
             task_items_n: int, max_blocks: int = 32, device: torch.device | None = None,
             with_task: bool = True) -> dict[str, Any]:
    """Perplexity and task accuracy of `model` on a test split."""
    device = device or torch.device("cpu")
    blocks = pack_blocks(tokenizer, test_docs, data, seq_len)[:max_blocks]
    items = task_items(test_docs, data, task_items_n) if with_task else []
    loss = block_loss(model, blocks, 8, device) if len(blocks) else float("nan")
    result = {"test_loss": loss, "perplexity": math.exp(loss) if math.isfinite(loss) else float("nan"),
              "test_blocks": len(blocks), "task_items": len(items), "eval_set_sha256": eval_set_sha(items, blocks)}
    if items:
        result["task_accuracy"] = task_accuracy(model, tokenizer, items, data.label_prompt, device)
    return result


def load_for_eval(box: Box, record: ModelRecord) -> tuple[Any, Any]:
    """(model, tokenizer) of a registered model: a base/full model, or base + adapter."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from training import registry

    path = registry.materialize(box, record)
    if record.kind == "adapter":
        from peft import PeftModel

        base_dir = registry.materialize(box, registry.get(box, record.base_model_id))  # type: ignore[arg-type]
        model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base_dir), str(path))
        tok_dir = path if (path / "tokenizer_config.json").exists() else base_dir
    else:
        model, tok_dir = AutoModelForCausalLM.from_pretrained(path), path
    model.eval()
    return model, AutoTokenizer.from_pretrained(Path(tok_dir))
