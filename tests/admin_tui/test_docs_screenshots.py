"""Screenshots of every console screen for docs/console.md (run on demand, not in CI).

    CONSOLE_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/admin_tui/test_docs_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from admin_tui.app import ConsoleApp
from appliance.box import Box
from appliance.services import tokens, users
from appliance.services.auth import Principal
from tests.admin_tui.conftest import populate_corpus, settle

OUT = os.environ.get("CONSOLE_SCREENSHOTS")
pytestmark = [pytest.mark.anyio,
              pytest.mark.skipif(not OUT, reason="set CONSOLE_SCREENSHOTS=<folder> to write the docs' screenshots")]
SHOTS = [("signin", None, ""), ("overview", "overview", ""), ("corpus", "corpus", "f"), ("training", "training", ""),
         ("inference", "inference", ""), ("audit", "audit", "v"), ("users", "users", ""), ("help", "users", "?")]

WIDE = {"corpus": (160, 48)}  # its six panels side by side, the snapshot diff included


def _populate(box: Box, admin: Principal, tmp_path: Path) -> None:
    """What a box looks like after a day's work: users, a token, a job with curves, a deployment."""
    from appliance.hardware import api
    from inference.services import deployments
    from tests.training.conftest import job_yaml
    from tests.training.tiny import make_tiny_model
    from training.importers import import_hf_dir
    from training.runner import log_metrics
    from training.services import jobs
    from training.synthetic import make_documents, write_jsonl

    for name, role in (("olga", "data_officer"), ("emil", "ml_engineer"), ("aud", "auditor")):
        users.create_user(box, admin, name, role, "a-long-passphrase")
    users.create_user(box, admin, "triage-kiosk", "clinician_terminal", None)
    tokens.create_token(box, admin, "emr-plugin", [], owner="triage-kiosk")
    import_hf_dir(box, admin, make_tiny_model(tmp_path / "tiny"), "tiny-base")
    data = write_jsonl(tmp_path / "notes.jsonl", make_documents(40, seed=0, style="a"))
    job = jobs.submit(box, admin, text=job_yaml(data), run="none")
    for step in range(1, 41):
        loss = 3.2 * 0.96**step + 0.4
        log_metrics(box, job.id, step, {"loss": loss, **({"eval_loss": loss + 0.15} if step % 5 == 0 else {})})
    deployments.create_deployment(box, admin, "triage", "tiny-base:1")
    for _ in range(3):
        api.take_sample(box.settings, warmup_s=0.2)
    _populate_corpus(box, tmp_path)


def _populate_corpus(box: Box, tmp_path: Path) -> None:
    """Two sources de-identified and queued for review, two snapshots (the second adds the ward's notes)."""
    import random

    from corpus.sample import write_notes
    from corpus.services import deid, ingest, review, snapshots, sources

    officer = _officer(box)
    populate_corpus(box, officer, tmp_path / "clinic-notes")
    write_notes(tmp_path / "ward-notes", random.Random(7), count=6)
    sources.add_source(box, officer, "ward-notes", str(tmp_path / "ward-notes"))
    ingest.ingest(box, officer, "ward-notes")
    deid.run_deid(box, officer, "ward-notes", executor="local")
    review.build_queue(box, officer, "ward-notes", sample_rate=0.5, low_confidence=0.7)
    snapshots.create_snapshot(box, officer, "clinic-2026q2", ["clinic-notes", "ward-notes"], parent="clinic-2026q1")


def _officer(box: Box) -> Principal:
    """The data officer the Corpus screenshot is taken as (review is theirs)."""
    return tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "olga", "a-long-passphrase")))


async def test_write_console_screenshots(box: Box, admin: Principal, tmp_path: Path) -> None:
    _populate(box, admin, tmp_path)
    out = Path(OUT or ".")
    out.mkdir(parents=True, exist_ok=True)
    for name, start, keys in SHOTS:
        who = (_officer(box) if start == "corpus" else admin) if start else None
        app = ConsoleApp(box, principal=who, user="admin", start=start)
        async with app.run_test(size=WIDE.get(name, (120, 36))) as pilot:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            await pilot.pause(0.2)
            app.save_screenshot(f"console-{name}.svg", str(out))
    app = ConsoleApp(box, principal=admin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        app.save_screenshot("console-overview-80x24.svg", str(out))
