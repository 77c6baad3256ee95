"""`corpusbox demo` stage: a short LoRA fine-tune of SmolLM2 on the newest snapshot, registered with lineage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from appliance.box import Box
from appliance.services.auth import Principal
from training import importers, registry
from training.data import latest_snapshot
from training.runner import run_job
from training.services import jobs

DEMO_JOB = {
    "name": "demo-triage-lora", "base_model": importers.DEFAULT_BASE,
    "data": {"format": "labelled", "label_field": "kind", "max_chars": 400},
    "method": "lora", "precision": "fp32",
    "training": {"batch_size": 4, "seq_len": 64, "max_steps": 8, "learning_rate": 1e-3, "warmup_steps": 0},
    "eval": {"interval_steps": 4, "max_batches": 2, "task_items": 8},
    "checkpoint": {"interval_steps": 4, "keep": 1, "fisher_samples": 4},
}


def stage(box: Box, principal: Principal, say: Callable[[str], None]) -> dict[str, Any]:
    """Import the embedded base model, fine-tune it for a few steps, show the new model's lineage."""
    base = importers.import_smollm2(box, principal)
    say(f"  base model {base.ref} in the models bucket (sha256 {base.sha256[:16]}…)")
    job = dict(DEMO_JOB, data=dict(DEMO_JOB["data"]))
    snapshot = latest_snapshot(box)
    if snapshot is not None:
        job["data"]["snapshot"] = snapshot
    else:
        from training.synthetic import make_documents, write_jsonl

        path = write_jsonl(box.home / "demo" / "synthetic-notes.jsonl", make_documents(160))
        job["data"]["path"] = str(path)
        say("  no snapshot yet: training on synthetic notes instead")
    text = "# written by corpusbox demo\n" + yaml.safe_dump(job, sort_keys=False)
    view = jobs.submit(box, principal, text=text, run="none")
    say(f"  job {view.id}: LoRA r=16 alpha=32 on {snapshot or 'synthetic notes'} (8 steps, 64 tokens; in-process)")
    out = run_job(box, view.id)
    metrics = jobs.job_metrics(box, principal, view.id)
    evals = [m["eval_loss"] for m in metrics if "eval_loss" in m]
    record = registry.resolve(box, out["model"])
    say(f"  validation loss {evals[0]:.3f} -> {evals[-1]:.3f}; registered {record.ref} "
        f"(base {record.base}, snapshot {record.snapshot or '-'}, sha256 {record.sha256[:16]}…)")
    return {"job_id": view.id, "model": record.ref, "base": record.base, "snapshot": record.snapshot,
            "eval_loss": evals, "sha256": record.sha256}
