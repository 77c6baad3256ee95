"""Adapters and A/B arms change while the server runs: load, serve, unload mid-stream, weights, promotion."""

from __future__ import annotations

import threading

import openai
import pytest

from inference.services import deployments


def _ask(client, model: str) -> str:
    out = client.completions.create(model=model, prompt="patient fever cough", max_tokens=6, temperature=0)
    return out.choices[0].text


def test_when_adapter_loaded_then_served_and_unloading_mid_stream_breaks_nothing(served):
    client = served.client()
    base_answer = _ask(client, "triage")
    deployments.load_adapter(served.box, served.admin, "triage", "er", "er-lora")
    served.refresh()
    assert "triage/er" in [m.id for m in client.models.list()]
    assert _ask(client, "triage/er") != base_answer  # the adapter changes the answer
    streamed: dict[str, object] = {}
    first_chunk = threading.Event()

    def stream() -> None:
        try:
            parts = client.completions.create(model="triage/er", prompt="ward", max_tokens=400, temperature=0,
                                              stream=True)
            texts = []
            for p in parts:
                texts.append(p.choices[0].text)
                first_chunk.set()
            streamed["text"] = "".join(texts)
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            streamed["error"] = exc
        finally:
            first_chunk.set()

    worker = threading.Thread(target=stream)
    worker.start()
    engine = next(iter(served.handler.manager.engines.values()))
    # Until the stream itself decodes on the adapter (the previous request's row may linger a moment).
    assert first_chunk.wait(timeout=120), "the stream never started"
    assert engine.batcher.active_adapters() == {"er-lora:1"}, "the stream ended before the unload"
    deployments.unload_adapter(served.box, served.admin, "triage", "er")
    served.refresh()
    with pytest.raises(openai.NotFoundError):
        _ask(client, "triage/er")
    assert _ask(client, "triage") == base_answer  # the base keeps serving during the drain
    worker.join(timeout=60)
    assert "error" not in streamed and len(str(streamed["text"])) > 0
    served.refresh()
    assert engine.adapter_names() == [] and not engine._adapters  # drained and removed


def test_when_candidate_weighted_then_both_arms_answer_and_promotion_moves_traffic(served):
    from training.importers import import_hf_dir

    import_hf_dir(served.box, served.admin, served.handler.manager.engines[next(iter(served.handler.manager.engines))]
                  .model_dir, "tiny-base")  # version 2: a candidate
    deployments.set_candidate(served.box, served.admin, "triage", "tiny-base:2", 0.5)
    served.refresh()
    client = served.client()
    arms = {client.completions.create(model="triage", prompt="x", max_tokens=1, user=f"u{i}").system_fingerprint
            for i in range(12)}
    assert arms == {"serving:tiny-base:1", "candidate:tiny-base:2"}
    sticky = {client.completions.create(model="triage", prompt="x", max_tokens=1, user="same").system_fingerprint
              for _ in range(4)}
    assert len(sticky) == 1
    deployments.promote(served.box, served.admin, "triage")
    served.refresh()
    assert client.completions.create(model="triage", prompt="x", max_tokens=1).system_fingerprint == \
        "serving:tiny-base:2"
    deployments.rollback(served.box, served.admin, "triage")
    served.refresh()
    assert client.completions.create(model="triage", prompt="x", max_tokens=1).system_fingerprint == \
        "serving:tiny-base:1"
