"""Acceptance experiments for fine-tuning on CPU with SmolLM2-135M (results go in docs/training.md).

    .venv/bin/python benchmarks/exp_training_acceptance.py [--steps 30] [--lambdas 1000,100000] [--json out.json]

On a real box (SeaweedFS + SQLite, started here) with synthetic notes as two "snapshots" (A:
emergency triage notes, B: outpatient letters), through the same services as the CLI:
  1. LoRA fine-tune on A lowers validation loss;
  2. a job SIGKILLed after its first checkpoint resumes to the same final step;
  3. the same job through DeepSpeed ZeRO-2 (gloo, torch AdamW) runs;
  4. EWC: continue A's adapter on B with and without EWC; forgetting = A-test loss increase;
  5. DP-SGD: ε reported and charged; a second job over the budget is refused.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from appliance.box import Box
from appliance.config import load_settings
from appliance.services import boxops, tokens, users
from tests.conftest import write_config
from tests.harness.objectstore import SeaweedServer
from training import evaluation, importers, registry
from training.components.collators import pack_blocks
from training.runner import run_job, stored_checkpoints
from training.services import jobs
from training.spec import DataSpec
from training.synthetic import make_documents, write_jsonl

PASSWORD = "correct-horse-battery"


def job(name: str, data: Path, steps: int, **over: Any) -> str:
    doc: dict[str, Any] = {
        "name": name, "base_model": importers.DEFAULT_BASE, "data": {"path": str(data), "format": "labelled"},
        "precision": "fp32", "training": {"batch_size": 4, "seq_len": 64, "max_steps": steps, "learning_rate": 1e-3,
                                          "threads": os.cpu_count()},
        "eval": {"interval_steps": max(steps // 3, 1), "max_batches": 4, "task_items": 16},
        "checkpoint": {"interval_steps": max(steps // 3, 1), "fisher_samples": 32}, **over}
    return yaml.safe_dump(doc)


def evals(box: Box, who: Any, job_id: int) -> list[float]:
    return [round(m["eval_loss"], 4) for m in jobs.job_metrics(box, who, job_id) if "eval_loss" in m]


def a_test_loss(box: Box, ref: str, data_a: Path) -> float:
    model, tok = evaluation.load_for_eval(box, registry.resolve(box, ref))
    docs = [d for d in map(json.loads, data_a.read_text().splitlines()) if d["split"] == "test"]
    blocks = pack_blocks(tok, docs, DataSpec(path=data_a, format="labelled"), 64)[:48]
    return round(evaluation.block_loss(model, blocks, 8, model.device), 4)


def experiments(box: Box, who: Any, env: dict[str, str], tmp: Path, steps: int, lambdas: list[float]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    data_a = write_jsonl(tmp / "notes-a.jsonl", make_documents(400, seed=0, style="a"))
    data_b = write_jsonl(tmp / "notes-b.jsonl", make_documents(400, seed=0, style="b"))
    importers.import_smollm2(box, who)
    t = time.time()
    a = jobs.submit(box, who, text=job("notes-a-lora", data_a, steps), run="none")
    res = run_job(box, a.id)
    out["1_lora"] = {"eval_loss": evals(box, who, a.id), "seconds": round(time.time() - t, 1),
                     "task_accuracy": res["metrics"]["eval"].get("task_accuracy"), "model": res["model"]}
    print(out["1_lora"], flush=True)

    k = jobs.submit(box, who, text=job("kill-resume", data_a, 12, checkpoint={"interval_steps": 4}), run="none")
    proc = subprocess.Popen([sys.executable, "-m", "training.runner", "--job", str(k.id)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not stored_checkpoints(box, k.id) and proc.poll() is None:
        time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = stored_checkpoints(box, k.id)[-1]
    jobs.resume(box, who, k.id, run="none")
    res = run_job(box, k.id, resume=True)
    out["2_kill_resume"] = {"checkpoint_at_kill": killed_at, "final_step": res["step"], "planned": 12}
    print(out["2_kill_resume"], flush=True)

    t = time.time()
    z = jobs.submit(box, who, text=job("zero2", data_a, 8, deepspeed={"stage": 2}), run="none")
    res = run_job(box, z.id)
    out["3_zero2"] = {"status": res["status"], "final_step": res["step"], "eval_loss": evals(box, who, z.id),
                      "seconds": round(time.time() - t, 1)}
    print(out["3_zero2"], flush=True)

    a_ref = out["1_lora"]["model"]
    ewc: dict[str, Any] = {"a_test_loss_after_a": a_test_loss(box, a_ref, data_a)}
    runs = [("no_ewc", {"continue_from": a_ref})] + [
        (f"ewc_lambda_{lam:.0f}", {"ewc": {"lambda": lam, "previous_model": a_ref}}) for lam in lambdas]
    for label, extra in runs:
        b = jobs.submit(box, who, text=job(f"notes-b-{label}".replace("_", "-"), data_b, steps, **extra), run="none")
        res = run_job(box, b.id)
        ewc[label] = {"a_test_loss": a_test_loss(box, res["model"], data_a), "b_eval_loss": evals(box, who, b.id)[-1]}
        ewc[label]["forgetting"] = round(ewc[label]["a_test_loss"] - ewc["a_test_loss_after_a"], 4)
        print(label, ewc[label], flush=True)
    out["4_ewc"] = ewc

    from corpus.dp import ledger
    from corpus.dp.errors import BudgetExceededError

    ledger.set_budget(box, who, "notes-a", 10.0)
    d = jobs.submit(box, who, text=job("dp", data_a, 10, dp_sgd={"target_epsilon": 8.0}), run="none")
    res = run_job(box, d.id)
    try:
        jobs.submit(box, who, text=job("dp-2", data_a, 10, dp_sgd={"target_epsilon": 8.0}), run="none")
        second = "ACCEPTED (wrong)"
    except BudgetExceededError as exc:
        second = f"refused: {exc.message}"
    view = ledger.ledger(box, who, "notes-a")
    out["5_dp_sgd"] = {"charged": d.dp_charge, "accountant": res["proof"], "ledger_spent": view.spent_epsilon,
                       "second_job": second}
    print(out["5_dp_sgd"], flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--lambdas", default="1000,1000000")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="exp-training-"))
    server = SeaweedServer().start()
    try:
        cfg = write_config(tmp / "home", f"sqlite:///{tmp / 'meta.sqlite3'}", server)
        env = {**os.environ, "CORPUSBOX_HOME": str(tmp / "home"), "CORPUSBOX_CONFIG": str(cfg),
               "PYTHONPATH": str(ROOT)}
        box = Box(load_settings(env=env))
        boxops.init_box(box, "admin", PASSWORD)
        box.ensure_buckets()
        who = tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "admin", PASSWORD)))
        started = time.time()
        out = experiments(box, who, env, tmp, args.steps, [float(x) for x in args.lambdas.split(",")])
        out["total_seconds"] = round(time.time() - started, 1)
        out["date"] = time.strftime("%Y-%m-%d")
        print(json.dumps(out, indent=1, default=str))
        if args.json:
            args.json.write_text(json.dumps(out, indent=1, default=str))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
