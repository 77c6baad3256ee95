"""The transformers engine: batched answers equal solo answers; GPU-only paths refuse cleanly or skip."""

from __future__ import annotations

import asyncio

import pytest
import torch

from inference.engines import build_engine
from inference.engines.base import EngineError, GenerationRequest, SamplingParams, generate
from inference.engines.transformers_engine import TransformersEngine, quantization_config
from inference.engines.vllm_engine import vllm_available

GREEDY = SamplingParams(max_tokens=8, temperature=0)


def test_when_requests_join_a_running_batch_then_answers_equal_solo_answers(tiny_dirs):
    engine = TransformersEngine(tiny_dirs["base"], device="cpu", batch_wait_ms=0)
    prompts = ["patient fever", "chest pain urgent review in clinic today", "ward", "nurse dose tablet daily"]

    async def solo() -> list[str]:
        return [(await generate(engine, GenerationRequest(p, GREEDY))).text for p in prompts]

    async def staggered() -> list[str]:
        async def late(i: int, p: str) -> str:
            await asyncio.sleep(0.002 * i)  # arrive while earlier rows are decoding
            return (await generate(engine, GenerationRequest(p, GREEDY))).text
        return list(await asyncio.gather(*[late(i, p) for i, p in enumerate(prompts)]))

    try:
        alone = asyncio.run(solo())
        together = asyncio.run(staggered())
        assert together == alone
        assert engine.batcher.max_rows_seen > 1
    finally:
        engine.close()


def test_when_requests_arrive_in_a_burst_then_they_share_one_prefill(tiny_dirs):
    engine = TransformersEngine(tiny_dirs["base"], device="cpu", batch_wait_ms=50)

    async def burst() -> None:
        async def late(i: int) -> None:
            await asyncio.sleep(0.015 * i)  # 15 ms apart: the burst spans longer than one 50 ms wait
            await generate(engine, GenerationRequest("patient fever", GREEDY))
        await asyncio.gather(*[late(i) for i in range(5)])

    try:
        asyncio.run(burst())
        assert engine.batcher.prefills == 1 and engine.batcher.max_rows_seen == 5
    finally:
        engine.close()


def test_when_stop_string_or_context_too_long_then_honoured(tiny_dirs):
    engine = TransformersEngine(tiny_dirs["base"], device="cpu")
    try:
        full = asyncio.run(generate(engine, GenerationRequest("patient", SamplingParams(max_tokens=12, temperature=0))))
        middle = len(full.text) // 2
        stop = full.text[middle:middle + 3]
        cut = asyncio.run(generate(engine, GenerationRequest("patient", SamplingParams(12, 0, stop=(stop,)))))
        assert cut.text == full.text[:full.text.find(stop)] and cut.finish_reason == "stop"
        with pytest.raises(EngineError) as err:
            asyncio.run(generate(engine, GenerationRequest("ward " * 1200, GREEDY)))
        assert err.value.code == "context_length_exceeded" and err.value.status == 400
    finally:
        engine.close()


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the refusal on machines without a GPU")
def test_when_no_gpu_then_bitsandbytes_and_vllm_refuse_with_a_reason(tiny_dirs):
    for quant in ("8bit", "4bit"):
        with pytest.raises(EngineError, match="needs a GPU"):
            quantization_config(quant)
    with pytest.raises(EngineError, match="vllm"):
        build_engine("vllm", tiny_dirs["base"])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="bitsandbytes quantization needs a CUDA GPU")
@pytest.mark.parametrize("quant", ["8bit", "4bit"])
def test_when_gpu_then_quantized_engine_answers(tiny_dirs, quant):
    engine = TransformersEngine(tiny_dirs["base"], device="cuda", quantization=quant)
    try:
        assert asyncio.run(generate(engine, GenerationRequest("patient", GREEDY))).completion_tokens > 0
    finally:
        engine.close()


@pytest.mark.skipif(not vllm_available(), reason="vLLM is not installed or no GPU is visible")
def test_when_vllm_then_adapters_served_by_name(tiny_dirs):
    engine = build_engine("vllm", tiny_dirs["base"])
    try:
        engine.load_adapter("er", tiny_dirs["er"])
        out = asyncio.run(generate(engine, GenerationRequest("patient", GREEDY, adapter="er")))
        assert out.completion_tokens > 0 and engine.adapter_names() == ["er"]
    finally:
        engine.close()


def test_when_server_settings_leave_cpu_threads_unset_then_one_core_is_left_to_the_event_loop(tiny_dirs):
    import os

    from inference.settings import InferenceSettings

    cores = len(os.sched_getaffinity(0))
    assert InferenceSettings().engine_cpu_threads() == max(1, cores - 1)
    assert InferenceSettings(cpu_threads=3).engine_cpu_threads() == 3
    engine = build_engine("transformers", tiny_dirs["base"], device="cpu", cpu_threads=1)
    try:
        assert torch.get_num_threads() == 1
        asyncio.run(generate(engine, GenerationRequest("ward", GREEDY)))
        assert engine.batcher.prefills == 1 and engine.batcher.rows_decoded == engine.batcher.steps
    finally:
        engine.close()
