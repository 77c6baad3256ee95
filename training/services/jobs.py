"""Fine-tune jobs: submit, list, logs, cancel, resume. What `corpusbox train` and the console call."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from sqlalchemy import select

from appliance.db.engine import transaction
from appliance.db.models import Job, JobMetric, Snapshot
from appliance.errors import NotFound
from appliance.services.auth import Principal, authorize
from training import registry
from training.errors import JobNotFound, JobStateError
from training.spec import JobSpec, load_job_file, parse_job

if TYPE_CHECKING:
    from appliance.box import Box

Run = Literal["ray", "none"]
FINAL = ("succeeded",)
RESUMABLE = ("failed", "cancelled", "running", "queued")


@dataclass
class JobView:
    """A job as operators see it."""

    id: int
    name: str
    status: str
    base_model: str | None
    snapshot: str | None
    output_model: str
    method: str
    created_by: str | None
    created_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    scheduler_ref: str | None
    dp_charge: dict[str, Any] | None = None


def submit(box: Box, principal: Principal, job_file: Path | None = None, text: str | None = None,
           run: Run = "ray", wait: bool = False) -> JobView:
    """Validate a job file, record the job (audited), charge DP-SGD ε, and queue it on Ray."""
    authorize(box, principal, "train.submit", "jobs")
    if job_file is not None:
        spec, text = load_job_file(job_file)
    else:
        spec = parse_job(yaml.safe_load(text or ""), "job")
    snapshot_id, snapshot = _check_inputs(box, spec)
    stored = {**spec.model_dump(mode="json", by_alias=True), "_file": text,
              "_submitted_by": {"user": principal.user, "role": principal.role}}
    if snapshot and spec.data.snapshot == "latest":
        stored["data"]["snapshot"] = snapshot  # pin what "latest" meant at submission
    with transaction(box.sessions) as s:
        job = Job(name=spec.name, spec=stored, status="queued", snapshot_id=snapshot_id, base_model=spec.base_model,
                  created_by=principal.user)
        s.add(job)
        s.flush()
        box.audit.record(principal.as_actor(), "train.submit", f"job:{job.id}", "ok",
                         {"name": spec.name, "base_model": spec.base_model, "snapshot": snapshot,
                          "method": spec.method, "job_file_sha256": hashlib.sha256((text or "").encode()).hexdigest(),
                          "dp_sgd": bool(spec.dp_sgd), "gpus": spec.resources.gpus}, session=s)
        job_id = job.id
    charge = _charge_dp(box, principal, job_id, spec, snapshot)
    if run == "ray":
        _enqueue(box, job_id, spec, resume=False, wait=wait)
    view = get_job(box, principal, job_id)
    view.dp_charge = charge
    return view


def _check_inputs(box: Box, spec: JobSpec) -> tuple[int | None, str | None]:
    """Fail at submission, not an hour later, when a named model or snapshot does not exist."""
    from training.data import latest_snapshot

    local = Path(spec.base_model).expanduser()
    if not (("/" in spec.base_model or spec.base_model.startswith(".")) and local.is_dir()):
        registry.resolve(box, spec.base_model)
    for ref in filter(None, [spec.start_from, spec.previous_model]):
        registry.resolve(box, ref)
    if spec.data.snapshot is None:
        return None, None
    name = latest_snapshot(box) if spec.data.snapshot == "latest" else spec.data.snapshot
    with box.sessions() as s:
        sid = s.scalar(select(Snapshot.id).where(Snapshot.name == name)) if name else None
    if sid is None:
        raise NotFound(f"data.snapshot {spec.data.snapshot!r} does not exist",
                       hint="list snapshots with `corpusbox snapshot list`")
    return sid, name


def _charge_dp(box: Box, principal: Principal, job_id: int, spec: JobSpec, snapshot: str | None) -> dict[str, Any] | None:
    if spec.dp_sgd is None:
        return None
    from training.services.privacy import charge_training

    dataset = spec.dp_sgd.dataset or snapshot or Path(str(spec.data.path)).stem
    try:
        return charge_training(box, principal, dataset, job_id, spec.dp_sgd.target_epsilon, spec.dp_sgd.delta,
                               spec.dp_sgd.max_grad_norm)
    except Exception:
        _finish(box, principal, job_id, "refused", "train.refused", "privacy budget refused the job's epsilon")
        raise


def _enqueue(box: Box, job_id: int, spec: JobSpec, resume: bool, wait: bool) -> None:
    from training import scheduler

    ref_name, ref = scheduler.enqueue(box, job_id, spec, resume=resume)
    with transaction(box.sessions) as s:
        job = s.get(Job, job_id)
        job.scheduler_ref = ref_name
    if wait:
        scheduler.wait(job_id, ref)


def get_job(box: Box, principal: Principal, job_id: int) -> JobView:
    authorize(box, principal, "train.read", f"job:{job_id}")
    with box.sessions() as s:
        job = s.get(Job, job_id)
        if job is None:
            raise JobNotFound(f"no job {job_id}", hint="list jobs with `corpusbox train list`")
        return _view(s, job)


def list_jobs(box: Box, principal: Principal, status: str | None = None, limit: int = 100) -> list[JobView]:
    """Jobs, newest first."""
    authorize(box, principal, "train.read", "jobs")
    with box.sessions() as s:
        stmt = select(Job).order_by(Job.id.desc()).limit(limit)
        if status:
            stmt = stmt.where(Job.status == status)
        return [_view(s, j) for j in s.scalars(stmt)]


def job_metrics(box: Box, principal: Principal, job_id: int, after_step: int = 0) -> list[dict[str, Any]]:
    """Per-step metrics of a job ({"step", name: value, ...}), in step order."""
    get_job(box, principal, job_id)
    with box.sessions() as s:
        rows = s.scalars(select(JobMetric).where(JobMetric.job_id == job_id, JobMetric.step > after_step)
                         .order_by(JobMetric.step, JobMetric.id)).all()
    by_step: dict[int, dict[str, Any]] = {}
    for r in rows:
        by_step.setdefault(r.step, {"step": r.step})[r.name] = r.value
    return list(by_step.values())


def cancel(box: Box, principal: Principal, job_id: int, force: bool = False) -> JobView:
    """Ask a running job to stop at its next step (force: kill its worker now)."""
    authorize(box, principal, "train.submit", f"job:{job_id}")
    view = get_job(box, principal, job_id)
    if view.status in ("succeeded", "failed", "cancelled", "refused"):
        raise JobStateError(f"job {job_id} is already {view.status}")
    killed = False
    if force or view.status == "queued":
        from training import scheduler

        killed = scheduler.kill(job_id)
    status = "cancelled" if (killed or view.status == "queued") else "cancelling"
    _finish(box, principal, job_id, status, "train.cancel", None, {"force": force, "killed": killed})
    return get_job(box, principal, job_id)


def resume(box: Box, principal: Principal, job_id: int, run: Run = "ray", wait: bool = False) -> JobView:
    """Run a stopped or killed job again from its newest checkpoint in the models bucket."""
    authorize(box, principal, "train.submit", f"job:{job_id}")
    view = get_job(box, principal, job_id)
    from training import scheduler

    if view.status not in RESUMABLE or (view.status == "running" and scheduler.is_alive(job_id)):
        raise JobStateError(f"job {job_id} is {view.status}; only failed, cancelled or killed jobs resume")
    from training.runner import stored_checkpoints

    steps = stored_checkpoints(box, job_id)
    _finish(box, principal, job_id, "queued", "train.resume", None, {"from_step": steps[-1] if steps else 0})
    if run == "ray":
        with box.sessions() as s:
            spec = JobSpec.model_validate({k: v for k, v in s.get(Job, job_id).spec.items() if not k.startswith("_")})
        _enqueue(box, job_id, spec, resume=True, wait=wait)
    return get_job(box, principal, job_id)


def _finish(box: Box, principal: Principal, job_id: int, status: str, action: str, error: str | None,
            details: dict[str, Any] | None = None) -> None:
    with transaction(box.sessions) as s:
        job = s.get(Job, job_id)
        job.status = status
        if error:
            job.error = error
        box.audit.record(principal.as_actor(), action, f"job:{job_id}", "refused" if status == "refused" else "ok",
                         {"status": status, **(details or {})}, session=s)


def _view(s: Any, job: Job) -> JobView:
    spec = job.spec or {}
    snap = s.get(Snapshot, job.snapshot_id) if job.snapshot_id else None
    return JobView(job.id, job.name, job.status, job.base_model, snap.name if snap else None,
                   spec.get("output_model") or job.name, spec.get("method", "lora"), job.created_by, job.created_at,
                   job.started_at, job.finished_at, job.error, job.scheduler_ref)
