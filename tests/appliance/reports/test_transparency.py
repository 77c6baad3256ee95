"""Model transparency reports: lineage, aggregates-only training data, gate decision, attributed examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appliance.db.models import Snapshot
from appliance.errors import NotFound
from appliance.reports import service
from appliance.reports.transparency import aggregates_only
from appliance.services.auth import Principal
from tests.appliance.reports.conftest import GATE, DemoBox
from tests.appliance.reports.tiny_lm import save_tiny_lm

pytest.importorskip("transformers")
registry = pytest.importorskip("training.registry")


@pytest.fixture(scope="module")
def tiny_model(demo: DemoBox, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Register version 2 of `triage` whose weights are a tiny GPT-2 saved locally, on snapshot snap-b."""
    path = save_tiny_lm(tmp_path_factory.mktemp("lm") / "triage-2")
    manifest = {
        "name": "snap-b",
        "counts": {"documents": 130, "patients": 41},
        "dp": {"epsilon_spent": 1.25, "mechanism": "laplace"},
        "documents": [{"key": "curated/doc-1.txt", "sha256": "d" * 64, "text": "John Smith"}],
        "note": "free text that must not appear",
    }
    demo.box.store.put_bytes("snapshots", "snapshots/snap-b.json", json.dumps(manifest).encode())
    with demo.box.sessions() as s:
        snap_id = s.query(Snapshot).filter_by(name="snap-b").one().id
    record = registry.register(
        demo.box,
        Principal("emil", "ml_engineer"),
        name="triage",
        kind="full",
        local_dir=path,
        snapshot_id=snap_id,
        metrics={"eval_loss": 1.7, "accuracy": 0.74},
        lineage={"intended_use": "Triage level suggestions for the emergency department."},
    )
    assert record.version == 2 and record.uri.startswith("s3://")
    demo.box.audit.record(
        demo.admin.as_actor(),
        "model.promote",
        "model:triage:2",
        details={**GATE, "candidate": "triage:2", "baseline": "triage:1", "candidate_accuracy": 0.74},
    )
    return str(path)


def test_when_snapshot_manifest_filtered_then_shards_and_people_are_dropped() -> None:
    """The corpus package's manifest shape (corpus.snapshots.manifest.SnapshotManifest)."""
    manifest = {
        "format": 1,
        "name": "snap-b",
        "created_by": "dora",
        "parent": "snap-a",
        "sources": [{"name": "notes-2024", "kind": "notes", "policy_version": "v3", "documents": 130}],
        "policy_versions": {"notes-2024": "v3"},
        "counts": {"train": 104, "test": 13},
        "deid": {"findings": {"PERSON": 41}, "residual_risk_per_1000": 5.0},
        "shards": [{"split": "train", "key": "shards/abc.jsonl.gz", "sha256": "f" * 64, "documents": 104}],
    }
    kept = aggregates_only(manifest)
    assert kept["sources"] == [
        {"name": "notes-2024", "kind": "notes", "policy_version": "v3", "documents": 130}
    ]
    assert kept["policy_versions"] == {"notes-2024": "v3"} and kept["deid"]["findings"] == {"PERSON": 41}
    assert "shards" not in kept and "created_by" not in kept and kept["counts"]["train"] == 104


def test_when_manifest_filtered_then_only_aggregates_and_names_remain() -> None:
    kept = aggregates_only(
        {
            "name": "s",
            "counts": {"docs": 3},
            "documents": [{"text": "Jane Doe"}],
            "note": "free text",
            "policy_versions": ["v1"],
            "dp": {"epsilon": 0.5},
        }
    )
    assert kept == {"name": "s", "counts": {"docs": 3}, "policy_versions": ["v1"], "dp": {"epsilon": 0.5}}


def test_when_model_report_json_then_lineage_gate_data_and_examples(
    demo: DemoBox, tiny_model: str, tmp_path: Path
) -> None:
    out = tmp_path / "triage.json"
    service.model_report(
        demo.box,
        demo.auditor,
        "triage",
        out,
        version=2,
        fmt="json",
        max_new_tokens=3,
        prompts=["patient reports chest pain . triage level :"],
    )
    data = json.loads(out.read_text())
    assert data["model"]["version"] == 2 and not data["intended_use_default"]
    training = data["training_data"]
    assert training["snapshot"] == "snap-b" and training["parent"] == "snap-a"
    assert training["manifest"] == {
        "name": "snap-b",
        "counts": {"documents": 130, "patients": 41},
        "dp": {"epsilon_spent": 1.25, "mechanism": "laplace"},
    }
    assert "John Smith" not in out.read_text()
    assert data["evaluation"]["accuracy"] == 0.74
    assert [g["action"] for g in data["gate"]] == ["model.register", "model.promote"]
    assert data["gate"][1]["promoted"] is True and data["gate"][1]["baseline"] == "triage:1"
    assert data["gate"][0]["sha256"] == data["model"]["sha256"]
    (example,) = data["examples"]
    assert len(example["scores"]) == len(example["output_tokens"]) == 3
    event = demo.box.audit.events(action="report.model", newest_first=True, limit=1)[0]
    assert event.actor == "audrey" and event.target == "model:triage:2"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_when_model_report_pdf_then_heatmaps_are_embedded(
    demo: DemoBox, tiny_model: str, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / f"triage.{lang}.pdf"
    prompt = (
        "患者 主诉 头痛 三天 , 伴有 发热 . 分诊 建议 :"
        if lang == "zh"
        else "patient reports fever . triage level :"
    )
    service.model_report(
        demo.box,
        demo.auditor,
        "triage",
        out,
        version=2,
        lang=lang,
        prompts=[prompt],
        max_new_tokens=4,
        method="occlusion",
    )
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Subtype /Image") >= 1


def test_when_weights_unavailable_then_report_says_why(demo: DemoBox, tmp_path: Path) -> None:
    out = tmp_path / "v1.json"
    service.model_report(demo.box, demo.auditor, "triage", out, version=1, fmt="json")
    data = json.loads(out.read_text())
    assert data["examples"] == [] and "not available" in data["examples_note"]
    assert data["intended_use_default"] and data["known_limits"]


def test_when_model_unknown_then_not_found(demo: DemoBox, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no registered model"):
        service.model_report(demo.box, demo.auditor, "nope", tmp_path / "x.pdf")
