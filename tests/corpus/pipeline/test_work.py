"""De-identification tasks: outputs are a pure function of the input and the box's own spec (key included)."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from appliance.box import Box
from appliance.config import load_settings
from appliance.services import boxops, tokens, users
from appliance.services.auth import Principal
from corpus.curate.build import PartRef, read_part
from corpus.models import DeidOutput
from corpus.pipeline.tools import WorkerSpec
from corpus.pipeline.work import spec_id
from corpus.sample import write_notes
from corpus.services import deid, ingest, sources
from corpus.structured.keyed import pseudonym
from tests.conftest import ADMIN_PASSWORD, write_config
from tests.corpus.deid.site_notes import handoff_notes, write_presidio


@pytest.fixture
def other_box(tmp_path: Path, seaweed) -> Iterator[Box]:  # type: ignore[no-untyped-def]
    """A second box in this process (own SQLite database, buckets and pseudonym key)."""
    home = tmp_path / "other-home"
    cfg = write_config(home, f"sqlite:///{tmp_path / 'other.sqlite3'}", seaweed)
    box = Box(load_settings(env={**os.environ, "CORPUSBOX_HOME": str(home), "CORPUSBOX_CONFIG": str(cfg)}))
    boxops.init_box(box, "admin", ADMIN_PASSWORD)
    box.ensure_buckets()
    yield box
    box.close()


def _curated_patients(box: Box) -> set[str]:
    with box.sessions() as s:
        rows = s.execute(select(DeidOutput.curated_key, DeidOutput.sha256, DeidOutput.documents)).all()
    return {doc["patient"] for k, sha, n in rows for doc in read_part(box, PartRef("notes", k, sha, n))
            if doc["patient"]}


def test_when_two_boxes_deidentify_in_one_process_then_each_pseudonymises_with_its_own_key(
    box: Box, admin: Principal, other_box: Box, tmp_path: Path
) -> None:
    # Both sources get id 1 and the same policy version; the second run must not reuse the first box's tools.
    folder = tmp_path / "notes"
    write_notes(folder, random.Random(5), count=4)
    raw = [json.loads(line)["patient_id"] for line in (folder / "notes.jsonl").read_text().splitlines()]
    other_admin = tokens.resolve(other_box, tokens.create_session(
        other_box, users.verify_password(other_box, "admin", ADMIN_PASSWORD)))
    for b, who in ((box, admin), (other_box, other_admin)):
        sources.add_source(b, who, "notes", str(folder), "notes")
        ingest.ingest(b, who, "notes")
        deid.run_deid(b, who, "notes", executor="local")
    assert box.pseudonym_key() != other_box.pseudonym_key()
    for b in (box, other_box):
        assert _curated_patients(b) == {pseudonym(b.pseudonym_key(), "PATIENT", p) for p in raw}


def test_when_specs_differ_only_in_their_key_or_store_then_their_ids_differ() -> None:
    base = dict(source="notes", source_id=1, settings={"kind": "notes"}, policy=None, policy_version="v1",
                key=b"a" * 32, store={"endpoint_url": "http://127.0.0.1:1"})
    assert spec_id(WorkerSpec(**base)) == spec_id(WorkerSpec(**base))  # type: ignore[arg-type]
    assert spec_id(WorkerSpec(**{**base, "key": b"b" * 32})) != spec_id(WorkerSpec(**base))  # type: ignore[arg-type]
    other_store = {**base, "store": {"endpoint_url": "http://127.0.0.1:2"}}
    assert spec_id(WorkerSpec(**other_store)) != spec_id(WorkerSpec(**base))  # type: ignore[arg-type]


def test_when_box_has_site_tagger_then_pipeline_masks_what_only_the_tagger_finds(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    from corpus.services.quickcheck import train_site_model

    train_site_model(box, admin, write_presidio(handoff_notes(), tmp_path / "gold.json"), "presidio")
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "notes.jsonl").write_text(json.dumps({"note_id": "N1", "patient_id": "P1", "note_type": "progress",
                                                    "text": "afebrile. handoff to kelmbright at 0700. no c/o pain."}) + "\n")
    sources.add_source(box, admin, "notes", str(folder), "notes")
    ingest.ingest(box, admin, "notes")
    deid.run_deid(box, admin, "notes", executor="local")
    with box.sessions() as s:
        rows = s.execute(select(DeidOutput.curated_key, DeidOutput.sha256, DeidOutput.documents)).all()
    texts = [doc["text"] for k, sha, n in rows for doc in read_part(box, PartRef("notes", k, sha, n))]
    assert texts and "kelmbright" not in " ".join(texts) and "handoff to" in " ".join(texts)


def test_when_a_source_counts_every_age_then_its_notes_lose_young_ages_and_default_sources_keep_them(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "notes.jsonl").write_text(json.dumps({
        "note_id": "N1", "patient_id": "P1", "note_type": "progress",
        "text": "67 yo woman, her mother is 93 and lives with her. Pain 4/10."}) + "\n")
    hipaa = sources.add_source(box, admin, "hipaa", str(folder), "notes", text_policy="tags")
    every = sources.add_source(box, admin, "every", str(folder), "notes", text_policy="tags", ages="all")
    assert hipaa.policy_version != every.policy_version  # outputs of the two scopes never share a version
    texts = {}
    for name in ("hipaa", "every"):
        ingest.ingest(box, admin, name)
        deid.run_deid(box, admin, name, executor="local")
        with box.sessions() as s:
            rows = s.execute(select(DeidOutput.curated_key, DeidOutput.sha256, DeidOutput.documents)
                             .where(DeidOutput.curated_key.contains(f"/{name}/"))).all()
        texts[name] = " ".join(doc["text"] for k, sha, n in rows for doc in read_part(box, PartRef(name, k, sha, n)))
    assert texts["hipaa"].startswith("67 yo woman") and "93" not in texts["hipaa"]
    assert "67" not in texts["every"] and "93" not in texts["every"] and "Pain 4/10" in texts["every"]
