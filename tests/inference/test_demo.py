"""The demo's inference stage on a real box: the newest adapter served, one triage request through the API."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from appliance.errors import CorpusBoxError
from inference import demo
from training.importers import import_hf_dir


def _base(box, admin, tiny_dirs) -> None:  # type: ignore[no-untyped-def]
    from appliance.errors import NotFound
    from training import registry

    try:
        registry.resolve(box, "demo-base")
    except NotFound:
        import_hf_dir(box, admin, tiny_dirs["base"], "demo-base")


def test_when_demo_stage_runs_then_newest_adapter_is_served_and_triage_answered(module_box, tiny_dirs):
    box, admin = module_box
    _base(box, admin, tiny_dirs)
    import_hf_dir(box, admin, tiny_dirs["er"], "demo-er-lora", base="demo-base")
    lines: list[str] = []
    result = demo.stage(box, admin, lines.append, timeout_s=120)
    assert result["model"] == "demo-er-lora:1" and result["deployment"] == demo.DEPLOYMENT
    assert result["completion_tokens"] >= 1 and result["latency_ms"] > 0
    assert any("triage request answered" in line for line in lines)
    assert result["output_guard"] and any("output guard on" in line for line in lines)
    logged = [json.loads(x) for x in (box.home / "logs" / "inference-requests.jsonl").read_text().splitlines()]
    assert logged and all(demo.QUESTION not in json.dumps(x) for x in logged)  # token counts, never the text


def test_when_tuned_model_cannot_load_then_clear_error_well_before_timeout(module_box, tiny_dirs, tmp_path: Path):
    box, admin = module_box
    _base(box, admin, tiny_dirs)
    broken = tmp_path / "broken-lora"
    shutil.copytree(tiny_dirs["er"], broken)
    for weights in broken.glob("adapter_model.*"):
        weights.write_bytes(b"not a safetensors file")
    import_hf_dir(box, admin, broken, "demo-broken-lora", base="demo-base")
    started = time.monotonic()
    with pytest.raises(CorpusBoxError) as err:
        demo.stage(box, admin, lambda _: None, timeout_s=120)
    assert "cannot serve demo-broken-lora:1" in str(err.value) and err.value.hint
    assert time.monotonic() - started < 60
