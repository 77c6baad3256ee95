"""Jobs on Ray: one actor per job run, GPUs reserved through Ray so two jobs never share one.

With the box's Ray head running (supervisor service "ray", see training/service.py) actors are
detached and outlive the submitting command. Without one, a local Ray starts inside the calling
process and the caller waits for the job (tests, `train submit --wait` on a laptop).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appliance.errors import ServiceUnavailable

if TYPE_CHECKING:
    from appliance.box import Box
    from appliance.config import Settings
    from training.spec import JobSpec

NAMESPACE = "corpusbox-training"
RAY_PORT = 6380
REPO_ROOT = Path(__file__).resolve().parent.parent


def head_address(settings: Settings) -> str | None:
    """Address of the box's Ray head if one answers (CORPUSBOX_RAY_ADDRESS overrides)."""
    explicit = os.environ.get("CORPUSBOX_RAY_ADDRESS")
    if explicit:
        return explicit
    try:
        with socket.create_connection(("127.0.0.1", RAY_PORT), timeout=0.3):
            return f"127.0.0.1:{RAY_PORT}"
    except OSError:
        return None


def connect(settings: Settings, local_cpus: int | None = None, local_gpus: int | None = None) -> bool:
    """Connect this process to Ray; returns True when attached to a cluster (not a private local one)."""
    import ray

    if ray.is_initialized():
        return bool(getattr(connect, "_cluster", False))
    address = head_address(settings)
    env = {"env_vars": {"PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}}
    try:
        if address:
            ray.init(address=address, namespace=NAMESPACE, runtime_env=env, log_to_driver=False)
        else:
            ray.init(num_cpus=local_cpus or os.cpu_count(), num_gpus=local_gpus, namespace=NAMESPACE,
                     runtime_env=env, include_dashboard=False, log_to_driver=False,
                     _temp_dir=str(settings.home / "ray-local"))
    except ConnectionError as exc:
        raise ServiceUnavailable(f"cannot reach the Ray head at {address}", hint="corpusbox up") from exc
    connect._cluster = bool(address)  # type: ignore[attr-defined]
    return bool(address)


def _actor_class() -> Any:
    import ray

    @ray.remote(max_restarts=0)
    class JobRun:
        """One job run in its own worker process (Ray sets CUDA_VISIBLE_DEVICES to its GPUs)."""

        def __init__(self, settings: Settings) -> None:
            from appliance.box import Box

            self.box = Box(settings)

        def gpus(self) -> list[int]:
            return [int(g) for g in ray.get_gpu_ids()]

        def run(self, job_id: int, resume: bool, exit_after: bool) -> dict[str, Any]:
            from training.runner import run_job

            try:
                return run_job(self.box, job_id, resume=resume)
            finally:
                if exit_after:  # a detached worker must not outlive its job (it holds the job's GPUs)
                    ray.actor.exit_actor()

    return JobRun


def actor_name(job_id: int) -> str:
    return f"job-{job_id}"


def enqueue(box: Box, job_id: int, spec: JobSpec, resume: bool = False) -> tuple[str, Any]:
    """Start a job run on Ray; returns (scheduler reference, object ref of its result)."""
    detached = connect(box.settings)
    options: dict[str, Any] = {"name": actor_name(job_id), "num_cpus": spec.resources.cpus,
                               "num_gpus": spec.resources.gpus}
    if detached:
        options["lifetime"] = "detached"
    actor = _actor_class().options(**options).remote(box.settings)
    ref = actor.run.remote(job_id, resume, detached)
    return f"ray:{NAMESPACE}/{actor_name(job_id)}", ref


def wait(job_id: int, ref: Any, timeout: float | None = None) -> dict[str, Any]:
    """Block until a run finishes, then release its worker; returns the outcome (re-raises its error)."""
    import ray

    try:
        return ray.get(ref, timeout=timeout)
    finally:
        kill(job_id)


def kill(job_id: int) -> bool:
    """Stop a job's worker at once (used by cancel --force); False when it is not running on Ray."""
    import ray

    if not ray.is_initialized():
        return False
    try:
        ray.kill(ray.get_actor(actor_name(job_id), namespace=NAMESPACE), no_restart=True)
        return True
    except ValueError:
        return False


def is_alive(job_id: int) -> bool:
    """Whether a worker for the job exists on the connected Ray cluster."""
    import ray

    if not ray.is_initialized():
        return False
    try:
        ray.get_actor(actor_name(job_id), namespace=NAMESPACE)
        return True
    except ValueError:
        return False
