"""Turning documents into packed token blocks, and blocks into batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch

from training.data import label_of
from training.spec import DataSpec


def example_text(doc: dict[str, Any], spec: DataSpec) -> str | None:
    """The training text of one document for the job's data format (None: skip it)."""
    text = (doc.get("text") or "")[: spec.max_chars].strip()
    if not text:
        return None
    if spec.format == "labelled":
        label = label_of(doc, spec.label_field)
        if label is None:
            return None
        return f"{text}\n{spec.label_prompt} {label}"
    return text


def pack_blocks(tokenizer: Any, docs: Iterable[dict[str, Any]], spec: DataSpec, seq_len: int) -> torch.Tensor:
    """Concatenate tokenised examples (EOS between them) and cut into [n, seq_len] blocks."""
    ids: list[int] = []
    eos = tokenizer.eos_token_id
    for n, doc in enumerate(docs):
        if spec.max_documents is not None and n >= spec.max_documents:
            break
        text = example_text(doc, spec)
        if text is None:
            continue
        ids.extend(tokenizer(text, add_special_tokens=False)["input_ids"])
        if eos is not None:
            ids.append(eos)
    n_blocks = len(ids) // seq_len
    if n_blocks == 0:
        return torch.empty((0, seq_len), dtype=torch.long)
    return torch.tensor(ids[: n_blocks * seq_len], dtype=torch.long).view(n_blocks, seq_len)


def causal_batch(blocks: torch.Tensor) -> dict[str, torch.Tensor]:
    """A batch for a causal LM: the labels are the inputs (the model shifts them)."""
    return {"input_ids": blocks, "labels": blocks}


def epoch_order(n: int, epoch: int, seed: int) -> torch.Tensor:
    """The data order of one epoch: a permutation fixed by (seed, epoch), so resume replays it exactly."""
    g = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
    return torch.randperm(n, generator=g)
