"""Recipe: LoRA fine-tune with DP-SGD (Opacus): per-example clipping, Gaussian noise, accounted (ε, δ).

A copy of causal_lm.py edited for privacy: Poisson-sampled batches, no gradient accumulation, no
DeepSpeed. The noise multiplier is chosen so the planned steps reach exactly the target ε; the
runner charges that ε to the snapshot's ledger before training starts.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from training.components.modeling import load_for_training, save_model
from training.components.precision import autocast, check_precision
from training.recipes.causal_lm import evaluate_loss
from training.recipes.context import RecipeResult, RunContext

ACCOUNTANT = "rdp"
# Opacus finds sigma to within 0.01 of the target, sometimes above it; aim lower so the final ε <= target.
EPSILON_MARGIN = 0.02


@dataclass
class State:
    model: Any  # Opacus GradSampleModule around the peft model
    inner: Any  # the peft model
    optimizer: Any
    engine: Any  # opacus.PrivacyEngine
    loader: Any
    step: int = 0
    total: int = 0
    noise_multiplier: float = 0.0
    proof: dict[str, Any] = field(default_factory=dict)


def setup(ctx: RunContext) -> State:
    """Model with adapters, private optimizer and Poisson loader; restore a checkpoint if given."""
    from opacus import PrivacyEngine
    from opacus.accountants.utils import get_noise_multiplier

    spec, t, dp = ctx.spec, ctx.spec.training, ctx.spec.dp_sgd
    assert dp is not None
    torch.manual_seed(t.seed)
    if t.threads:
        torch.set_num_threads(t.threads)
    check_precision(spec.precision, ctx.device)
    inner = load_for_training(spec, ctx.base_dir, ctx.device, ctx.start_adapter)
    total = ctx.total_steps()
    sample_rate = min(1.0, t.batch_size / len(ctx.train_blocks))
    aim = max(dp.target_epsilon - EPSILON_MARGIN, dp.target_epsilon * 0.98)
    sigma = get_noise_multiplier(target_epsilon=aim, target_delta=dp.delta, sample_rate=sample_rate, steps=total,
                                 accountant=ACCOUNTANT)
    optimizer = torch.optim.AdamW([p for p in inner.parameters() if p.requires_grad], lr=t.learning_rate)
    dataset = torch.utils.data.TensorDataset(ctx.train_blocks)
    loader = torch.utils.data.DataLoader(dataset, batch_size=t.batch_size)
    engine = PrivacyEngine(accountant=ACCOUNTANT)
    model, optimizer, loader = engine.make_private(module=inner, optimizer=optimizer, data_loader=loader,
                                                   noise_multiplier=sigma, max_grad_norm=dp.max_grad_norm,
                                                   poisson_sampling=True)
    state = State(model, inner, optimizer, engine, loader, total=total, noise_multiplier=float(sigma))
    if ctx.resume_dir is not None:
        _restore(state, ctx.resume_dir)
    return state


def train(state: State, ctx: RunContext) -> RecipeResult:
    """Private optimizer steps up to the planned total; ε is read from the accountant as it grows."""
    spec, t, dp = ctx.spec, ctx.spec.training, ctx.spec.dp_sgd
    assert dp is not None
    last: dict[str, float] = {}
    while state.step < state.total:
        for (batch,) in state.loader:
            if state.step >= state.total:
                break
            if ctx.should_stop():
                return RecipeResult(state.step, True, last, None, state.proof)
            started = time.perf_counter()
            loss = _one_step(state, ctx, batch)
            state.step += 1
            epsilon = state.engine.accountant.get_epsilon(dp.delta)
            last = {"loss": loss, "lr": t.learning_rate, "epsilon": epsilon,
                    "tokens_per_s": batch.numel() / max(time.perf_counter() - started, 1e-9)}
            if state.step % spec.eval.interval_steps == 0 or state.step == state.total:
                last["eval_loss"] = evaluate_loss(state.inner, ctx.val_blocks, t.batch_size, spec.eval.max_batches,
                                                  spec.precision, ctx.device)
            ctx.log(state.step, last)
            if state.step % spec.checkpoint.interval_steps == 0 and state.step < state.total:
                path = ctx.work_dir / "checkpoints" / f"step-{state.step:07d}"
                save_checkpoint(state, path)
                ctx.on_checkpoint(state.step, path)
    state.proof = {"epsilon": state.engine.accountant.get_epsilon(dp.delta), "delta": dp.delta,
                   "noise_multiplier": state.noise_multiplier, "max_grad_norm": dp.max_grad_norm,
                   "accountant": ACCOUNTANT, "steps": state.step}
    out = ctx.work_dir / "final"
    save_model(state.inner, out)
    # No Fisher statistics here: they would be computed without privacy from the training data.
    return RecipeResult(state.step, False, last, out, state.proof)


def _one_step(state: State, ctx: RunContext, batch: torch.Tensor) -> float:
    state.optimizer.zero_grad(set_to_none=True)
    if len(batch) == 0:
        # Poisson sampling drew nobody: still take a pure-noise step, so the output reveals nothing.
        for p in state.inner.parameters():
            if p.requires_grad:
                p.grad_sample = torch.zeros((0, *p.shape), dtype=p.dtype, device=p.device)
        state.optimizer.step()
        return float("nan")
    batch = batch.to(ctx.device)
    with autocast(ctx.spec.precision, ctx.device):
        out = state.model(input_ids=batch, labels=batch)
    out.loss.backward()
    state.optimizer.step()
    return float(out.loss.detach())


def save_checkpoint(state: State, path: Path) -> Path:
    """Adapters, optimizer and the accountant's history (so ε keeps counting after a resume)."""
    from safetensors.torch import save_file

    path.mkdir(parents=True, exist_ok=True)
    trainable = {n: p.detach().cpu().contiguous() for n, p in state.inner.named_parameters() if p.requires_grad}
    save_file(trainable, str(path / "trainable.safetensors"))
    torch.save({"optimizer": state.optimizer.original_optimizer.state_dict(),
                "history": list(state.engine.accountant.history)}, path / "dp_state.pt")
    (path / "state.json").write_text(json.dumps({"step": state.step, "total": state.total}))
    return path


def _restore(state: State, path: Path) -> None:
    from safetensors.torch import load_file

    params = dict(state.inner.named_parameters())
    with torch.no_grad():
        for name, value in load_file(str(path / "trainable.safetensors")).items():
            params[name].copy_(value)
    rest = torch.load(path / "dp_state.pt", weights_only=False)
    state.optimizer.original_optimizer.load_state_dict(rest["optimizer"])
    state.engine.accountant.history = list(rest["history"])
    state.step = int(json.loads((path / "state.json").read_text())["step"])


def cleanup(state: State) -> None:
    """Remove Opacus hooks."""
    if hasattr(state.model, "_close"):
        state.model._close()



