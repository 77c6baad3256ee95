"""The runner end to end on a tiny model: metrics, checkpoints, registration with lineage, resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from appliance.db.models import AuditEvent
from tests.training.conftest import job_yaml
from training import registry
from training.runner import run_job, stored_checkpoints
from training.services import jobs


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Training runs take seconds: run them on SQLite only (service tests cover PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


def test_when_job_runs_then_validation_loss_drops_and_model_has_lineage(box, admin, tiny_base, notes_a):
    view = jobs.submit(box, admin, text=job_yaml(notes_a), run="none")
    out = run_job(box, view.id)
    assert out["status"] == "succeeded" and out["step"] == 12
    metrics = jobs.job_metrics(box, admin, view.id)
    evals = [m["eval_loss"] for m in metrics if "eval_loss" in m]
    assert len(evals) == 2 and evals[-1] < evals[0]
    assert {"loss", "lr", "tokens_per_s"} <= set(metrics[0])
    rec = registry.resolve(box, "tiny-job")
    assert rec.kind == "adapter" and rec.base == "tiny-base:1" and rec.job_id == view.id
    assert rec.lineage["data"]["kind"] == "jsonl" and rec.lineage["job_file_sha256"]
    assert "task_accuracy" in rec.metrics["eval"]
    shown = registry.show_model(box, admin, "tiny-job:1")
    assert "adapter_model.safetensors" in shown["files"] and "ewc/fisher.safetensors" in shown["files"]
    assert jobs.get_job(box, admin, view.id).status == "succeeded"
    with box.sessions() as s:
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {"train.submit", "train.start", "train.finish", "model.register"} <= actions


def test_when_materialized_then_files_verified_and_tampering_detected(box, admin, tiny_base):
    path = registry.materialize(box, tiny_base)
    assert (path / "config.json").exists()
    (path / "config.json").write_text("{}")
    again = registry.materialize(box, tiny_base)  # cache no longer verifies: downloaded again
    assert (again / "config.json").read_text() != "{}"


def test_when_worker_is_killed_then_resume_reaches_the_same_final_step(box, admin, tiny_base, notes_a, box_env):
    view = jobs.submit(box, admin, text=job_yaml(notes_a, training={"max_steps": 16}), run="none")
    env = {**os.environ, **box_env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-m", "training.runner", "--job", str(view.id)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not stored_checkpoints(box, view.id) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    steps = stored_checkpoints(box, view.id)
    assert steps and steps[-1] < 16, "the worker finished before it could be killed"
    assert jobs.get_job(box, admin, view.id).status == "running"  # a killed worker leaves a stale status
    jobs.resume(box, admin, view.id, run="none")
    out = run_job(box, view.id, resume=True)
    assert out["status"] == "succeeded" and out["step"] == 16
    first_after = min(m["step"] for m in jobs.job_metrics(box, admin, view.id, after_step=steps[-1]))
    assert first_after == steps[-1] + 1


def test_when_dp_sgd_job_runs_then_epsilon_reported_within_charge(box, admin, tiny_base, notes_a):
    from corpus.dp import ledger

    ledger.set_budget(box, admin, "notes-a", 5.0)
    view = jobs.submit(box, admin, text=job_yaml(notes_a, dp_sgd={"target_epsilon": 3.0},
                                                   training={"max_steps": 6}), run="none")
    assert view.dp_charge["epsilon"] == 3.0
    out = run_job(box, view.id)
    assert 0 < out["proof"]["epsilon"] <= 3.0 and out["proof"]["noise_multiplier"] > 0
    entry = ledger.ledger(box, admin, "notes-a").releases[0]
    assert entry.release_key == f"dp-sgd:job-{view.id}" and entry.result["accountant"]["epsilon"] <= 3.0
    assert any("epsilon" in m for m in jobs.job_metrics(box, admin, view.id))
    assert registry.resolve(box, "tiny-job").lineage["proof"]["epsilon"] == out["proof"]["epsilon"]
