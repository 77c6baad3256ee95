"""`corpusbox demo` stage: the tuned model served through the API and one triage request answered."""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Callable

from sqlalchemy import select

from appliance.box import Box
from appliance.db.models import Deployment, Model
from appliance.errors import CorpusBoxError, NotFound
from appliance.services import tokens, users
from appliance.services.auth import Principal
from inference import triage

DEPLOYMENT = "triage"
KIOSK_USER = "demo-kiosk"
QUESTION = "Adult, 58, crushing chest pain for 30 minutes, sweating, short of breath. Triage this patient."


def _tuned_model(box: Box, principal: Principal) -> str:
    """The newest fine-tuned adapter (the training stage's), else the embedded base model."""
    with box.sessions() as s:
        row = s.scalar(select(Model).where(Model.kind == "adapter").order_by(Model.id.desc()).limit(1))
    if row is not None:
        return f"{row.name}:{row.version}"
    from training.importers import import_smollm2

    return import_smollm2(box, principal).ref


def _deploy(box: Box, principal: Principal, model: str) -> None:
    from inference.services import deployments

    with box.sessions() as s:
        exists = s.scalar(select(Deployment).where(Deployment.name == DEPLOYMENT)) is not None
    if not exists:
        deployments.create_deployment(box, principal, DEPLOYMENT, model)
    elif deployments.show_deployment(box, principal, DEPLOYMENT).serving != model:
        deployments.promote(box, principal, DEPLOYMENT, model)


def _kiosk_token(box: Box, principal: Principal) -> str:
    try:
        users.create_user(box, principal, KIOSK_USER, "clinician_terminal", None)
    except CorpusBoxError:
        pass  # a rerun: the kiosk user exists
    return tokens.create_token(box, principal, "demo triage kiosk", ["inference"], days=1, owner=KIOSK_USER,
                               models=[DEPLOYMENT], rate_limit_per_minute=60).secret


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(box: Box) -> tuple[Any, threading.Thread, str]:
    import httpx
    import uvicorn

    from inference.api.app import create_app
    from inference.server import build_handler
    from inference.settings import inference_settings

    settings = inference_settings(box.settings).model_copy(update={"host": "127.0.0.1", "port": _free_port(),
                                                                    "tls_cert": None, "tls_key": None})
    server = uvicorn.Server(uvicorn.Config(create_app(build_handler(box, settings)), host="127.0.0.1",
                                           port=settings.port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{settings.port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return server, thread, f"{base}/v1"
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.should_exit = True
    raise NotFound("the inference server did not become ready", hint="see `corpusbox serve` for its errors")


def stage(box: Box, principal: Principal, say: Callable[[str], None]) -> dict[str, Any]:
    """Deploy the tuned model, start the API on a free loopback port, ask one triage question."""
    from openai import OpenAI

    model = _tuned_model(box, principal)
    _deploy(box, principal, model)
    key = _kiosk_token(box, principal)
    server, thread, url = _start(box)
    try:
        say(f"  serving {model} as '{DEPLOYMENT}' at {url} (token for '{KIOSK_USER}', scope inference)")
        client = OpenAI(base_url=url, api_key=key, max_retries=0, timeout=120)
        started = time.monotonic()
        fmt = {"type": "json_schema", "json_schema": {"name": "triage", "schema": triage.TRIAGE_SCHEMA}}
        try:
            reply = client.chat.completions.create(model=DEPLOYMENT, max_tokens=48, temperature=0,
                                                   messages=[{"role": "user", "content": QUESTION}],
                                                   response_format=fmt)  # type: ignore[arg-type]
            answer, structured = reply.choices[0].message.content or "", True
        except Exception:  # noqa: BLE001 - a 135M model may miss the schema; show a free-text answer then
            reply = client.chat.completions.create(model=DEPLOYMENT, max_tokens=32, temperature=0,
                                                   messages=[{"role": "user", "content": QUESTION}])
            answer, structured = reply.choices[0].message.content or "", False
        ms = (time.monotonic() - started) * 1000
        say(f"  triage request answered in {ms:.0f} ms ({'schema-valid JSON' if structured else 'free text'}, "
            f"{reply.usage.completion_tokens} tokens): {answer[:160]!r}")
        return {"deployment": DEPLOYMENT, "model": model, "url": url, "latency_ms": round(ms, 1),
                "structured": structured, "completion_tokens": reply.usage.completion_tokens,
                "answer": json.loads(answer) if structured else answer}
    finally:
        server.should_exit = True
        thread.join(timeout=30)
