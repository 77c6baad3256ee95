"""Fixtures for training tests: a tiny base model in the registry and synthetic JSONL data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.training.tiny import make_tiny_model
from training.synthetic import make_documents, write_jsonl


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny-llama")


@pytest.fixture(scope="session")
def notes_a(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("data") / "notes-a.jsonl", make_documents(240, seed=0, style="a"))


@pytest.fixture
def tiny_base(box, admin, tiny_dir):  # type: ignore[no-untyped-def]
    from training.importers import import_hf_dir

    return import_hf_dir(box, admin, tiny_dir, "tiny-base")


def job_yaml(data_path: Path, **over: object) -> str:
    """A small, fast job file for the tiny model (overrides are top-level YAML snippets)."""
    import yaml

    doc: dict[str, object] = {
        "name": "tiny-job", "base_model": "tiny-base", "data": {"path": str(data_path), "format": "labelled"},
        "precision": "fp32", "lora": {"r": 8, "alpha": 16, "dropout": 0.0},
        "training": {"batch_size": 8, "seq_len": 32, "max_steps": 12, "learning_rate": 0.01, "threads": 1},
        "eval": {"interval_steps": 6, "max_batches": 4, "task_items": 8},
        "checkpoint": {"interval_steps": 4, "fisher_samples": 4},
    }
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}  # type: ignore[dict-item]
        else:
            doc[key] = value
    return yaml.safe_dump(doc)
