"""Jobs on Ray: a job runs in a Ray worker, and two jobs never get the same GPU."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.training.conftest import job_yaml
from training import registry, scheduler
from training.service import ray_service_spec
from training.services import jobs


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


@pytest.fixture(scope="module")
def local_ray():  # type: ignore[no-untyped-def]
    ray = pytest.importorskip("ray")
    # Two logical GPUs: Ray's bookkeeping is what is tested; no GPU is touched.
    ray.init(num_cpus=2, num_gpus=2, include_dashboard=False, namespace=scheduler.NAMESPACE,
             log_to_driver=False, _temp_dir=f"/tmp/ray-cbx-{os.getpid()}",
             runtime_env={"env_vars": {"PYTHONPATH": str(scheduler.REPO_ROOT)}})
    yield ray
    ray.shutdown()


def test_when_two_jobs_want_a_gpu_then_each_gets_its_own(local_ray, box):
    cls = scheduler._actor_class()
    a = cls.options(num_gpus=1, num_cpus=0.1).remote(box.settings)
    b = cls.options(num_gpus=1, num_cpus=0.1).remote(box.settings)
    ga, gb = local_ray.get([a.gpus.remote(), b.gpus.remote()])
    assert len(ga) == len(gb) == 1 and set(ga).isdisjoint(gb)
    c = cls.options(num_gpus=1, num_cpus=0.1).remote(box.settings)
    ready, _ = local_ray.wait([c.gpus.remote()], timeout=2)
    assert not ready, "a third job must wait for a free GPU, not share one"
    for actor in (a, b, c):
        local_ray.kill(actor)


def test_when_submitted_to_ray_then_worker_runs_and_registers(local_ray, box, admin, tiny_base, notes_a):
    view = jobs.submit(box, admin, text=job_yaml(notes_a, training={"max_steps": 4}), run="ray", wait=True)
    done = jobs.get_job(box, admin, view.id)
    assert done.status == "succeeded" and done.scheduler_ref == f"ray:{scheduler.NAMESPACE}/job-{view.id}"
    assert registry.resolve(box, "tiny-job").job_id == view.id
    assert not scheduler.is_alive(view.id), "a finished job's worker must release its resources"


def test_ray_service_spec_is_a_loopback_head(box):
    spec = ray_service_spec(box.settings)
    assert spec.name == "ray" and spec.port == scheduler.RAY_PORT
    assert "--head" in spec.argv and "--node-ip-address=127.0.0.1" in spec.argv
