"""The corpus pipeline end to end on real SeaweedFS and the database: mixed sources in, snapshot out,
no planted PHI in the export; and a run killed with SIGKILL mid-way ends identical to an uninterrupted one."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from appliance.box import Box
from appliance.config import load_settings
from appliance.services import tokens, users
from appliance.security.secrets import secrets_dir, write_private
from appliance.services.auth import Principal
from corpus import snapshots
from corpus.models import DeidOutput, IngestFile
from corpus.sample import english_note, person, write_sample
from corpus.services import deid, ingest, sources
from corpus.services import snapshots as snapshot_service
from tests.conftest import ADMIN_PASSWORD, write_config

pytestmark = pytest.mark.slow


def _json(result) -> dict:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_when_mixed_sources_go_through_the_cli_then_the_export_holds_no_planted_phi(
    cli, box: Box, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    sample = write_sample(tmp_path / "sample", notes=16)
    # A fixed pseudonym key makes the surrogates the same on every run. With the box's random key, about one run in
    # a hundred drew a realistic surrogate that is another planted patient's name (王建国 -> 李秀英: Faker's
    # zh_CN names are few and common), which the leak check below cannot tell from a leak.
    write_private(secrets_dir(box.home) / "pseudonym.key", b"e2e-pipeline-fixed-key-32-bytes!")
    token = tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))
    env = {"CORPUSBOX_TOKEN": token}
    specs = [("notes", sample.notes, []), ("visits", sample.table, ["--kind", "table", "--policy", str(sample.table_policy)]),
             ("fhir", sample.fhir, ["--kind", "fhir"]), ("ct", sample.dicom, ["--kind", "dicom"])]
    for name, path, extra in specs:
        _json(cli("source", "add", name, str(path), *extra, "--json", env=env))
        report = _json(cli("ingest", name, "--json", env=env))
        assert report["failed"] == 0 and report["new"] > 0
        mode = ["--workers", "2"] if name == "notes" else ["--local"]
        run = _json(cli("deid", "run", name, *mode, "--json", env=env))
        assert run["failed_parts"] == 0 and run["documents"] == report["documents"]
    manifest = _json(cli("snapshot", "create", "--name", "e2e", *[arg for s in specs for arg in ("--source", s[0])],
                         "--json", env=env))
    assert sum(manifest["counts"].values()) == manifest["curation"]["input_documents"] - sum(
        manifest["curation"]["dropped"].values())
    out = tmp_path / "export"
    exported = _json(cli("snapshot", "export", "e2e", "--output", str(out), "--format", "jsonl", "--json", env=env))
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir()))
    assert exported["files"] and len(text) > 2000
    leaked = [value for value in sample.phi if value in text]
    assert leaked == [], f"planted PHI found in the export: {len(leaked)} value(s)"
    docs = [json.loads(line) for p in sorted(out.iterdir()) for line in p.read_text().splitlines()]
    by_patient: dict[str, set[str]] = {}
    for d in docs:
        if d["patient"]:
            by_patient.setdefault(d["patient"], set()).add(d["split"])
    assert all(len(splits) == 1 for splits in by_patient.values())  # no patient in two splits
    assert {d["kind"] for d in docs} == {"note", "table", "fhir", "dicom"}
    listed = _json(cli("snapshot", "list", "--json", env=env))
    assert listed[0]["name"] == "e2e"


# ----- crash safety -------------------------------------------------------------------------------

def _corpus(folder: Path, files: int = 400) -> None:
    rng = random.Random(11)
    folder.mkdir(parents=True)
    for i in range(files):
        (folder / f"note_{i:04d}.txt").write_text(english_note(rng, person(rng)), encoding="utf-8")
    with open(folder / "batch.jsonl", "w", encoding="utf-8") as fh:
        for i in range(60):
            p = person(rng)
            fh.write(json.dumps({"patient_id": p["mrn"], "text": english_note(rng, p)}) + "\n")


def _count(box: Box, model) -> int:  # type: ignore[no-untyped-def]
    with box.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _kill_when(cmd: list[str], env: dict[str, str], box: Box, model, at_least: int, timeout: float = 300) -> int:  # type: ignore[no-untyped-def]
    """Start a CLI subprocess, SIGKILL its whole process group once `model` has `at_least` rows."""
    proc = subprocess.Popen([sys.executable, "-m", *cmd], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if _count(box, model) >= at_least:
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.05)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode


def _baseline_box(tmp_path: Path, seaweed, box: Box) -> Box:  # type: ignore[no-untyped-def]
    """A second box (own DB and buckets) holding the same pseudonym key, for an uninterrupted run."""
    from appliance.services import boxops

    home = tmp_path / "baseline-home"
    cfg = write_config(home, f"sqlite:///{tmp_path / 'baseline.sqlite3'}", seaweed)
    other = Box(load_settings(env={**os.environ, "CORPUSBOX_HOME": str(home), "CORPUSBOX_CONFIG": str(cfg)}))
    boxops.init_box(other, "admin", ADMIN_PASSWORD)
    other.ensure_buckets()
    key = home / "secrets" / "pseudonym.key"
    key.unlink(missing_ok=True)
    shutil.copy(box.home / "secrets" / "pseudonym.key", key)
    return other


def test_when_ingest_and_deid_are_killed_midway_then_rerun_gives_the_uninterrupted_snapshot(
    box: Box, admin: Principal, box_env: dict[str, str], seaweed, tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    # The uninterrupted baseline runs in this process after the previous variant's; it must use its own
    # pseudonym key (issue 6: cached worker tools once carried the previous box's key across boxes).
    folder = tmp_path / "corpus"
    _corpus(folder)
    files = 401
    sources.add_source(box, admin, "notes", str(folder), "notes")
    token = tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))
    env = {**os.environ, **box_env, "CORPUSBOX_TOKEN": token}

    rc = _kill_when(["appliance.cli.main", "ingest", "notes"], env, box, IngestFile, at_least=40)
    assert rc == -signal.SIGKILL and 40 <= _count(box, IngestFile) < files
    assert subprocess.run([sys.executable, "-m", "appliance.cli.main", "ingest", "notes", "--json"], check=False, env=env,
                          capture_output=True, timeout=300).returncode == 0
    assert _count(box, IngestFile) == files

    rc = _kill_when(["appliance.cli.main", "deid", "run", "notes", "--workers", "1"], env, box,
                    DeidOutput, at_least=30)
    assert rc == -signal.SIGKILL and 30 <= _count(box, DeidOutput) < files
    done = subprocess.run([sys.executable, "-m", "appliance.cli.main", "deid", "run", "notes", "--workers", "1",
                           "--json"], check=False, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["parts_done_before"] >= 30
    assert _count(box, DeidOutput) == files  # one output per part: nothing lost, nothing twice
    interrupted = snapshot_service.create_snapshot(box, admin, "after-crash", ["notes"])

    other = _baseline_box(tmp_path, seaweed, box)
    try:
        other_admin = tokens.resolve(other, tokens.create_session(other, users.verify_password(other, "admin", ADMIN_PASSWORD)))
        sources.add_source(other, other_admin, "notes", str(folder), "notes")
        ingest.ingest(other, other_admin, "notes")
        deid.run_deid(other, other_admin, "notes", executor="local")
        clean = snapshot_service.create_snapshot(other, other_admin, "clean", ["notes"])
    finally:
        other.close()
    a, b = interrupted.content(), clean.content()
    differ = {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}
    assert interrupted.content_sha256 == clean.content_sha256, f"manifests differ in {list(differ)}: {str(differ)[:3000]}"
    ids = [d["id"] for d in snapshots.iter_documents(box, snapshots.load_manifest(box, "after-crash"))]
    assert len(ids) == len(set(ids)) == sum(interrupted.counts.values())
