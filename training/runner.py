"""Runs one job end to end inside a worker (a Ray task, or `python -m training.runner --job N`).

Prepares inputs (base model, data, checkpoint to resume from), calls the recipe's setup / train /
cleanup, streams metrics to the database, uploads checkpoints, evaluates, registers the result.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import math
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from appliance.box import Box
from appliance.db.engine import transaction
from appliance.db.models import Job, JobMetric
from appliance.services.auth import Principal
from training import artifacts, evaluation, registry
from training.components.collators import pack_blocks
from training.components.modeling import pick_device
from training.data import open_source
from training.recipes.context import RunContext
from training.spec import JobSpec

SYSTEM = Principal.system("training-runner")


def spec_of(job: Job) -> JobSpec:
    return JobSpec.model_validate({k: v for k, v in (job.spec or {}).items() if not k.startswith("_")})


def submitter(job: Job) -> Principal:
    who = (job.spec or {}).get("_submitted_by") or {}
    return Principal(who.get("user", job.created_by or "unknown"), who.get("role", "ml_engineer"))


def run_job(box: Box, job_id: int, resume: bool = False) -> dict[str, Any]:
    """Run (or resume) job `job_id`; returns its final state. Failures are recorded, then re-raised."""
    job = _set_status(box, job_id, "running", "train.start", {"resume": resume})
    spec, owner = spec_of(job), submitter(job)
    try:
        outcome = _run(box, job, spec, owner, resume)
    except BaseException as exc:
        _set_status(box, job_id, "failed", "train.fail", {"error": type(exc).__name__},
                    error=f"{type(exc).__name__}: {str(exc)[:400]}")
        raise
    return outcome


def _run(box: Box, job: Job, spec: JobSpec, owner: Principal, resume: bool) -> dict[str, Any]:
    device = pick_device(spec.resources.gpus)
    work = box.home / "training" / "jobs" / str(job.id)
    work.mkdir(parents=True, exist_ok=True)
    base, base_dir = _base_model(box, spec)
    start = registry.resolve(box, spec.start_from) if spec.start_from else None
    start_dir = registry.materialize(box, start) if start else None
    ewc_rec = registry.resolve(box, spec.previous_model) if spec.ewc and spec.previous_model else None
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    source = open_source(box, spec.data)
    seq = spec.training.seq_len
    train_blocks = pack_blocks(tokenizer, source.documents("train"), spec.data, seq)
    val_blocks = pack_blocks(tokenizer, source.documents("validation"), spec.data, seq)
    if len(train_blocks) == 0:
        raise ValueError(f"the training split yields no {seq}-token example; lower training.seq_len")
    if len(val_blocks) == 0:
        val_blocks = train_blocks[-max(1, len(train_blocks) // 10):]
    ctx = RunContext(spec, base_dir, train_blocks, val_blocks, work, device, start_adapter=start_dir,
                     ewc_dir=registry.materialize(box, ewc_rec) if ewc_rec else None,
                     resume_dir=latest_checkpoint(box, job.id, work) if resume else None,
                     log=lambda step, values: log_metrics(box, job.id, step, values),
                     on_checkpoint=lambda step, path: upload_checkpoint(box, job.id, step, path, spec.checkpoint.keep),
                     should_stop=lambda: _cancel_requested(box, job.id))
    recipe = importlib.import_module(f"training.recipes.{spec.recipe_name}")
    state = recipe.setup(ctx)
    try:
        result = recipe.train(state, ctx)
        if result.stopped:
            _set_status(box, job.id, "cancelled", "train.cancelled", {"step": result.final_step})
            return {"job_id": job.id, "status": "cancelled", "step": result.final_step}
        model = getattr(state, "inner", None) or state.model
        test_docs = list(source.documents("test"))
        scores = evaluation.evaluate(model, tokenizer, test_docs, spec.data, seq, spec.eval.task_items,
                                     device=device, with_task=spec.eval.task != "none")
    finally:
        recipe.cleanup(state)
    tokenizer.save_pretrained(result.output_dir)
    metrics = {**{f"final_{k}": v for k, v in result.metrics.items()}, "eval": scores,
               "steps": result.final_step, "train_examples": len(train_blocks)}
    record = _register(box, owner, job, spec, base, start, ewc_rec, source.ref, result, metrics)
    if spec.dp_sgd:
        from training.services.privacy import record_spent

        record_spent(box, owner, spec.dp_sgd.dataset or source.name, job.id, result.proof)
    _set_status(box, job.id, "succeeded", "train.finish", {"model": record.ref, "steps": result.final_step})
    shutil.rmtree(work / "checkpoints", ignore_errors=True)
    return {"job_id": job.id, "status": "succeeded", "step": result.final_step, "model": record.ref,
            "metrics": metrics, "proof": result.proof}


def _base_model(box: Box, spec: JobSpec) -> tuple[registry.ModelRecord | None, Path]:
    local = Path(spec.base_model).expanduser()
    if ("/" in spec.base_model or spec.base_model.startswith(".")) and local.is_dir():
        return None, local
    record = registry.resolve(box, spec.base_model)
    if record.kind == "adapter":
        raise ValueError(f"base_model {record.ref} is an adapter; name its base and use continue_from")
    return record, registry.materialize(box, record)


def _register(box: Box, owner: Principal, job: Job, spec: JobSpec, base: registry.ModelRecord | None,
              start: registry.ModelRecord | None, ewc_rec: registry.ModelRecord | None, data_ref: dict[str, Any],
              result: Any, metrics: dict[str, Any]) -> registry.ModelRecord:
    job_text = (job.spec or {}).get("_file") or ""
    lineage = {
        "base_model": base.ref if base else spec.base_model, "base_sha256": base.sha256 if base else None,
        "data": data_ref, "job_id": job.id, "job_file_sha256": hashlib.sha256(job_text.encode()).hexdigest(),
        "method": spec.method, "precision": spec.precision, "recipe": spec.recipe_name,
        "deepspeed_stage": spec.deepspeed.stage if spec.deepspeed else None,
        "continued_from": start.ref if start else None,
        "ewc": {"previous_model": ewc_rec.ref, "lambda": spec.ewc.lambda_} if ewc_rec and spec.ewc else None,
        "proof": result.proof,
    }
    kind = "full" if spec.method == "full" else "adapter"
    return registry.register(box, owner, name=spec.model_name, kind=kind, local_dir=result.output_dir,
                             base_model_id=base.id if base else None, parent_id=start.id if start else None,
                             job_id=job.id, snapshot_id=data_ref.get("id"), metrics=_clean(metrics),
                             lineage=lineage)


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# ----- metrics, checkpoints, status ---------------------------------------------------------------
def log_metrics(box: Box, job_id: int, step: int, values: dict[str, float]) -> None:
    """Append one step's metrics (finite numbers only) for the console and `train logs`."""
    rows = [JobMetric(job_id=job_id, step=step, name=k, value=float(v)) for k, v in values.items()
            if isinstance(v, (int, float)) and math.isfinite(v)]
    with transaction(box.sessions) as s:
        s.add_all(rows)


def checkpoint_prefix(job_id: int, step: int | None = None) -> str:
    base = f"jobs/{job_id}/checkpoints/"
    return base if step is None else f"{base}step-{step:07d}"


def stored_checkpoints(box: Box, job_id: int) -> list[int]:
    """Steps of the complete checkpoints of a job in the models bucket, ascending."""
    steps = []
    for obj in box.store.list("models", checkpoint_prefix(job_id)):
        if obj.key.endswith("/" + artifacts.MANIFEST):
            steps.append(int(obj.key.rsplit("/", 2)[-2].split("-")[1]))
    return sorted(steps)


def upload_checkpoint(box: Box, job_id: int, step: int, path: Path, keep: int) -> None:
    """Upload a checkpoint (manifest last), then delete the oldest beyond `keep`, and the local copy."""
    artifacts.upload_dir(box, path, checkpoint_prefix(job_id, step), {"step": step})
    for old in stored_checkpoints(box, job_id)[:-keep]:
        artifacts.delete_prefix(box, checkpoint_prefix(job_id, old))
    shutil.rmtree(path, ignore_errors=True)


def latest_checkpoint(box: Box, job_id: int, work: Path) -> Path | None:
    """Download the newest complete checkpoint of a job, or None to start from scratch."""
    steps = stored_checkpoints(box, job_id)
    if not steps:
        return None
    return artifacts.download_dir(box, checkpoint_prefix(job_id, steps[-1]), work / "resume" / f"step-{steps[-1]}")


def _cancel_requested(box: Box, job_id: int) -> bool:
    with box.sessions() as s:
        return s.scalar(select(Job.status).where(Job.id == job_id)) == "cancelling"


def _set_status(box: Box, job_id: int, status: str, action: str, details: dict[str, Any],
                error: str | None = None) -> Job:
    now = datetime.now(UTC)
    with transaction(box.sessions) as s:
        job = s.get(Job, job_id)
        if job is None:
            raise LookupError(f"no job {job_id}")
        job.status = status
        if status == "running":
            job.started_at, job.finished_at, job.error = job.started_at or now, None, None
        elif status in ("succeeded", "failed", "cancelled"):
            job.finished_at = now
        if error:
            job.error = error
        box.audit.record(SYSTEM.as_actor(), action, f"job:{job_id}", "ok" if status != "failed" else "error",
                         details, session=s)
        s.flush()
        s.expunge(job)
        return job


def main(argv: list[str] | None = None) -> int:
    """`python -m training.runner --job N [--resume]`: run a job in this process."""
    from appliance.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--job", type=int, required=True)
    parser.add_argument("--resume", action="store_true")
    args = parser.parse_args(argv)
    box = Box(load_settings())
    try:
        run_job(box, args.job, resume=args.resume)
    finally:
        box.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
