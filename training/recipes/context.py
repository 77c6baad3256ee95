"""What the runner hands a recipe: prepared data, paths and callbacks (no box, no database)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch

from training.spec import JobSpec

MetricSink = Callable[[int, dict[str, float]], None]


def _no_metrics(step: int, values: dict[str, float]) -> None:
    pass


def _never() -> bool:
    return False


def _no_upload(step: int, path: Path) -> None:
    pass


@dataclass
class RunContext:
    """Inputs and hooks of one recipe run."""

    spec: JobSpec
    base_dir: Path
    train_blocks: torch.Tensor
    val_blocks: torch.Tensor
    work_dir: Path
    device: torch.device = field(default_factory=lambda: torch.device("cpu"))
    start_adapter: Path | None = None  # continue from this adapter
    ewc_dir: Path | None = None  # previous model's directory holding ewc/ statistics
    resume_dir: Path | None = None  # checkpoint to resume from
    log: MetricSink = _no_metrics
    on_checkpoint: Callable[[int, Path], None] = _no_upload
    should_stop: Callable[[], bool] = _never

    def total_steps(self) -> int:
        """Optimizer steps of the whole job (fixed up front, so a resumed job ends at the same step)."""
        t = self.spec.training
        per_step = t.batch_size * t.gradient_accumulation
        steps = max(1, math.ceil(t.epochs * len(self.train_blocks) / per_step))
        return min(steps, t.max_steps) if t.max_steps else steps


@dataclass
class RecipeResult:
    """What a finished recipe reports back."""

    final_step: int
    stopped: bool
    metrics: dict[str, float]
    output_dir: Path | None
    proof: dict[str, object] = field(default_factory=dict)
