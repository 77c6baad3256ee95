"""Recipe: causal-LM fine-tune (LoRA / QLoRA / full), optional DeepSpeed ZeRO, FP8 and EWC.

Copy this file to make a new recipe; share code through training/components, not base classes.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from training.components import ewc as ewc_c
from training.components.collators import causal_batch, epoch_order
from training.components.deepspeed_engine import build_engine, ds_config, init_single_process
from training.components.losses import causal_lm_loss
from training.components.modeling import load_for_training, lr_scheduler, save_model
from training.components.precision import Fp8Probe, autocast, check_precision
from training.recipes.context import RecipeResult, RunContext

STATE_FILE = "trainer_state.pt"


@dataclass
class State:
    model: Any  # the module (unwrapped)
    engine: Any  # DeepSpeed engine, or None
    optimizer: Any
    scheduler: Any
    step: int = 0
    total: int = 0
    ewc: ewc_c.EwcPenalty | None = None
    fp8: Fp8Probe | None = None
    proof: dict[str, Any] = field(default_factory=dict)


def setup(ctx: RunContext) -> State:
    """Build model, optimizer, schedule (DeepSpeed engine when asked) and restore a checkpoint."""
    spec, t = ctx.spec, ctx.spec.training
    torch.manual_seed(t.seed)
    if t.threads:
        torch.set_num_threads(t.threads)
    check_precision(spec.precision, ctx.device)
    model = load_for_training(spec, ctx.base_dir, ctx.device, ctx.start_adapter)
    total = ctx.total_steps()
    state = State(model, None, None, None, total=total)
    if spec.precision == "fp8":
        state.fp8 = Fp8Probe(model)
    if spec.ewc and ctx.ewc_dir is not None:
        fisher, anchor = ewc_c.load_ewc(ctx.ewc_dir)
        state.ewc = ewc_c.EwcPenalty(model, fisher, anchor, spec.ewc.lambda_)
    params = [p for p in model.parameters() if p.requires_grad]
    if spec.deepspeed is not None:
        init_single_process(ctx.device.type == "cuda")
        conf = ds_config(spec.deepspeed, t, spec.precision, ctx.device.type == "cuda")
        sched = lambda opt: lr_scheduler(opt, t.lr_schedule, t.warmup_steps, total)
        state.engine, state.optimizer, state.scheduler = build_engine(model, conf, sched)
    else:
        state.optimizer = torch.optim.AdamW(params, lr=t.learning_rate, weight_decay=t.weight_decay)
        state.scheduler = lr_scheduler(state.optimizer, t.lr_schedule, t.warmup_steps, total)
    if state.fp8 is not None:
        state.fp8.require_layers("the DeepSpeed engine" if state.engine else "the model")
    if ctx.resume_dir is not None:
        _restore(state, ctx.resume_dir)
    return state


def train(state: State, ctx: RunContext) -> RecipeResult:
    """Run optimizer steps up to the planned total, logging, evaluating and checkpointing on the way."""
    spec, t = ctx.spec, ctx.spec.training
    n, tokens_per_step = len(ctx.train_blocks), t.batch_size * t.gradient_accumulation * t.seq_len
    last: dict[str, float] = {}
    while state.step < state.total:
        if ctx.should_stop():
            return RecipeResult(state.step, True, last, None, state.proof)
        started = time.perf_counter()
        loss = _one_step(state, ctx, n)
        state.step += 1
        last = {"loss": loss, "lr": float(state.scheduler.get_last_lr()[0]),
                "tokens_per_s": tokens_per_step / max(time.perf_counter() - started, 1e-9)}
        if state.fp8 is not None and "fp8_layers" not in state.proof:
            state.proof.update(state.fp8.require_calls())
        if ctx.device.type == "cuda":
            last["gpu_mem_gb"] = torch.cuda.max_memory_allocated() / 2**30
        if state.step % spec.eval.interval_steps == 0 or state.step == state.total:
            last["eval_loss"] = evaluate_loss(state.model, ctx.val_blocks, t.batch_size, spec.eval.max_batches,
                                              spec.precision, ctx.device)
        ctx.log(state.step, last)
        if state.step % spec.checkpoint.interval_steps == 0 and state.step < state.total:
            path = ctx.work_dir / "checkpoints" / f"step-{state.step:07d}"
            save_checkpoint(state, path)
            ctx.on_checkpoint(state.step, path)
    out = ctx.work_dir / "final"
    save_final(state, ctx, out)
    return RecipeResult(state.step, False, last, out, state.proof)


def _one_step(state: State, ctx: RunContext, n: int) -> float:
    t, spec = ctx.spec.training, ctx.spec
    total_loss = 0.0
    for micro in range(t.gradient_accumulation):
        first = ((state.step * t.gradient_accumulation) + micro) * t.batch_size
        batch = _blocks_at(ctx.train_blocks, first, t.batch_size, n, t.seed).to(ctx.device)
        with autocast(spec.precision, ctx.device):
            out = (state.engine or state.model)(**causal_batch(batch))
        loss = out.loss
        if state.ewc is not None:
            loss = loss + state.ewc()
        if state.engine is not None:
            state.engine.backward(loss)
            state.engine.step()
        else:
            (loss / t.gradient_accumulation).backward()
        total_loss += float(out.loss.detach()) / t.gradient_accumulation
    if state.engine is None:
        torch.nn.utils.clip_grad_norm_([p for p in state.model.parameters() if p.requires_grad], 1.0)
        state.optimizer.step()
        state.scheduler.step()
        state.optimizer.zero_grad(set_to_none=True)
    return total_loss


def _blocks_at(blocks: torch.Tensor, first: int, size: int, n: int, seed: int) -> torch.Tensor:
    """Examples first..first+size of the endless, per-epoch shuffled stream (deterministic for resume)."""
    rows, orders = [], {}
    for i in range(first, first + size):
        epoch, j = divmod(i, n)
        if epoch not in orders:
            orders[epoch] = epoch_order(n, epoch, seed)
        rows.append(int(orders[epoch][j]))
    return blocks[rows]


@torch.no_grad()
def evaluate_loss(model: Any, blocks: torch.Tensor, batch_size: int, max_batches: int, precision: str,
                  device: torch.device) -> float:
    """Mean next-token loss over the first `max_batches` validation batches."""
    was = model.training
    model.eval()
    losses = []
    for b in range(min(max_batches, (len(blocks) + batch_size - 1) // batch_size)):
        batch = blocks[b * batch_size : (b + 1) * batch_size].to(device)
        with autocast(precision, device):
            logits = model(input_ids=batch).logits
        losses.append(float(causal_lm_loss(logits, batch)))
    model.train(was)
    return sum(losses) / max(len(losses), 1)


def save_checkpoint(state: State, path: Path) -> Path:
    """Everything needed to continue: trainable weights, optimizer, schedule, step and RNG."""
    path.mkdir(parents=True, exist_ok=True)
    meta = {"step": state.step, "total": state.total}
    if state.engine is not None:
        state.engine.save_checkpoint(str(path / "deepspeed"), tag="state", client_state=meta)
    else:
        from safetensors.torch import save_file

        trainable = {n: p.detach().cpu().contiguous() for n, p in state.model.named_parameters() if p.requires_grad}
        save_file(trainable, str(path / "trainable.safetensors"))
        torch.save({"optimizer": state.optimizer.state_dict(), "scheduler": state.scheduler.state_dict(),
                    "rng": torch.get_rng_state()}, path / STATE_FILE)
    (path / "state.json").write_text(json.dumps(meta))
    return path


def _restore(state: State, path: Path) -> None:
    meta = json.loads((path / "state.json").read_text())
    if state.engine is not None:
        state.engine.load_checkpoint(str(path / "deepspeed"), tag="state")
    else:
        from safetensors.torch import load_file

        saved = load_file(str(path / "trainable.safetensors"))
        params = dict(state.model.named_parameters())
        with torch.no_grad():
            for name, value in saved.items():
                params[name].copy_(value)
        rest = torch.load(path / STATE_FILE, weights_only=False)
        state.optimizer.load_state_dict(rest["optimizer"])
        state.scheduler.load_state_dict(rest["scheduler"])
        torch.set_rng_state(rest["rng"])
    state.step = int(meta["step"])


def save_final(state: State, ctx: RunContext, out: Path) -> None:
    """The model directory registered with the job: adapters or weights, plus this model's EWC statistics."""
    spec = ctx.spec
    save_model(state.model, out, merged=spec.checkpoint.save_merged)
    samples = spec.ewc.fisher_samples if spec.ewc else spec.checkpoint.fisher_samples
    if samples > 0 and spec.method != "full":
        fisher = ewc_c.estimate_fisher(state.model, ctx.train_blocks, samples,
                                       lambda m, b: m(**causal_batch(b.to(ctx.device))).loss)
        ewc_c.save_ewc(out, fisher, ewc_c.snapshot_params(state.model))


def cleanup(state: State) -> None:
    """Release hooks, the process group and cached GPU memory."""
    if state.fp8 is not None:
        state.fp8.close()
    if state.engine is not None and torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
