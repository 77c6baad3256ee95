"""Elastic weight consolidation: a diagonal Fisher estimate saved next to each model, and the penalty.

The penalty is lambda * sum_i F_i (theta_i - theta*_i)^2 over the trainable parameters, where
theta* and F come from the previous model (the anchor); see docs/training.md for the experiment.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

FISHER_FILE = "ewc/fisher.safetensors"
ANCHOR_FILE = "ewc/params.safetensors"


def estimate_fisher(model: Any, blocks: torch.Tensor, samples: int,
                    loss_fn: Callable[[Any, torch.Tensor], torch.Tensor]) -> dict[str, torch.Tensor]:
    """Diagonal empirical Fisher of the trainable parameters: mean squared per-example gradient."""
    params = {n: p for n, p in model.named_parameters() if p.requires_grad}
    fisher = {n: torch.zeros_like(p, dtype=torch.float32) for n, p in params.items()}
    n = min(samples, len(blocks))
    was_training = model.training
    model.eval()  # no dropout: the Fisher of the model as it will be used
    for i in range(n):
        model.zero_grad(set_to_none=True)
        loss_fn(model, blocks[i : i + 1]).backward()
        for name, p in params.items():
            if p.grad is not None:
                fisher[name] += p.grad.detach().float() ** 2
    model.zero_grad(set_to_none=True)
    model.train(was_training)
    return {k: v / max(n, 1) for k, v in fisher.items()}


def snapshot_params(model: Any) -> dict[str, torch.Tensor]:
    """Copies of the trainable parameters (the anchor the next model is pulled towards)."""
    return {n: p.detach().float().clone() for n, p in model.named_parameters() if p.requires_grad}


def save_ewc(directory: Path, fisher: dict[str, torch.Tensor], anchor: dict[str, torch.Tensor]) -> list[Path]:
    """Write the Fisher estimate and anchor parameters under `directory/ewc/`."""
    from safetensors.torch import save_file

    (directory / "ewc").mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in fisher.items()}, str(directory / FISHER_FILE))
    save_file({k: v.contiguous() for k, v in anchor.items()}, str(directory / ANCHOR_FILE))
    return [directory / FISHER_FILE, directory / ANCHOR_FILE]


def load_ewc(directory: Path) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """The Fisher estimate and anchor saved with a model."""
    from safetensors.torch import load_file

    fisher_path, anchor_path = directory / FISHER_FILE, directory / ANCHOR_FILE
    if not fisher_path.exists() or not anchor_path.exists():
        raise FileNotFoundError(f"model at {directory} has no EWC statistics ({FISHER_FILE})")
    return load_file(str(fisher_path)), load_file(str(anchor_path))


class EwcPenalty:
    """Bound penalty: matches the model's trainable parameters to the anchor once, then evaluates fast."""

    def __init__(self, model: Any, fisher: dict[str, torch.Tensor], anchor: dict[str, torch.Tensor],
                 lam: float) -> None:
        self.lam = lam
        self.terms: list[tuple[torch.nn.Parameter, torch.Tensor, torch.Tensor]] = []
        for name, p in model.named_parameters():
            key = _match(name, fisher)
            if p.requires_grad and key is not None:
                self.terms.append((p, fisher[key].to(p.device), anchor[key].to(p.device)))
        if not self.terms:
            raise ValueError("EWC: none of the previous model's parameters match this model's trainable ones")

    def __call__(self) -> torch.Tensor:
        total = sum(((f * (p.float() - a) ** 2).sum() for p, f, a in self.terms), torch.zeros(()))
        return self.lam * total


def _match(name: str, stats: dict[str, torch.Tensor]) -> str | None:
    if name in stats:
        return name
    # wrappers (DeepSpeed, Opacus) prefix names with "module." / "_module."
    for prefix in ("module.", "_module."):
        if name.startswith(prefix) and name[len(prefix):] in stats:
            return name[len(prefix):]
    return None
