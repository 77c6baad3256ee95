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

    try:
        return import_smollm2(box, principal).ref
    except NotFound as exc:
        raise NotFound("no model to serve: the registry holds no fine-tuned adapter and the embedded base model "
                       "is not installed", hint=exc.hint or "run the training stage first") from None


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


def _start(box: Box, model: str, deadline: float) -> tuple[Any, threading.Thread, str, bool]:
    """The API on a free loopback port, once it routes the demo deployment; a clear error otherwise. The last item says
    whether the server runs the output guard."""
    import uvicorn

    from inference.api.app import create_app
    from inference.server import build_handler
    from inference.settings import inference_settings

    # The guard on, as a clinical terminal should get it: a name the small model invents is masked before it leaves.
    settings = inference_settings(box.settings).model_copy(update={"host": "127.0.0.1", "port": _free_port(),
                                                                    "tls_cert": None, "tls_key": None,
                                                                    "output_guard": True})
    handler = build_handler(box, settings)
    server = uvicorn.Server(uvicorn.Config(create_app(handler), host="127.0.0.1",
                                           port=settings.port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="cbx-demo-inference", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{settings.port}"
    try:
        _wait_ready(base, thread, model, deadline)
    except BaseException:
        server.should_exit = True
        thread.join(timeout=10)
        raise
    return server, thread, f"{base}/v1", getattr(handler, "guard", None) is not None


def _wait_ready(base: str, thread: threading.Thread, model: str, deadline: float) -> None:
    import httpx

    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise CorpusBoxError(f"the inference server stopped while loading {model}",
                                 hint="run `corpusbox serve` to see its errors")
        try:
            body = httpx.get(f"{base}/readyz", timeout=2).json()
        except (httpx.HTTPError, ValueError):
            body = {}
        if DEPLOYMENT in body.get("models", []):
            return
        error = body.get("errors", {}).get(DEPLOYMENT)
        if error:
            raise CorpusBoxError(f"the inference server cannot serve {model}: {error}",
                                 hint="check the model with `corpusbox model show`, or retrain it")
        time.sleep(0.2)
    raise CorpusBoxError(f"the inference server did not load {model} in time",
                         hint="the box may be busy; run `corpusbox demo` again or `corpusbox serve` to watch it")


def _ask(url: str, key: str, deadline: float) -> tuple[Any, str, bool]:
    """One triage question; schema-valid JSON if the model manages it, else a short free-text answer."""
    from openai import APIStatusError, OpenAI, OpenAIError

    def client() -> Any:
        left = deadline - time.monotonic()
        if left <= 1:
            raise CorpusBoxError("the triage request ran out of time", hint="run `corpusbox demo` again")
        return OpenAI(base_url=url, api_key=key, max_retries=0, timeout=left)

    messages = [{"role": "user", "content": QUESTION}]
    fmt = {"type": "json_schema", "json_schema": {"name": "triage", "schema": triage.TRIAGE_SCHEMA}}
    try:
        reply = client().chat.completions.create(model=DEPLOYMENT, max_tokens=48, temperature=0, messages=messages,
                                                 response_format=fmt)  # type: ignore[arg-type]
        return reply, reply.choices[0].message.content or "", True
    except APIStatusError as exc:
        if exc.status_code != 422:  # 422: a 135M model may miss the schema; a free-text answer shows the path
            raise CorpusBoxError(f"the triage request failed: HTTP {exc.status_code}: {_reason(exc)}") from None
    except OpenAIError as exc:
        raise CorpusBoxError(f"the triage request failed: {type(exc).__name__}") from None
    try:
        reply = client().chat.completions.create(model=DEPLOYMENT, max_tokens=32, temperature=0,
                                                 messages=messages)  # type: ignore[arg-type]
    except OpenAIError as exc:
        raise CorpusBoxError(f"the triage request failed: {type(exc).__name__}") from None
    return reply, reply.choices[0].message.content or "", False


def _reason(exc: Any) -> str:
    """The server's own error message (OpenAI-style bodies never quote the prompt)."""
    body = exc.body if isinstance(exc.body, dict) else {}
    return str(body.get("message") or body.get("error", {}).get("message") or type(exc).__name__)


def stage(box: Box, principal: Principal, say: Callable[[str], None], timeout_s: float = 300.0) -> dict[str, Any]:
    """Deploy the tuned model, start the API on a free loopback port, ask one triage question (time-bounded)."""
    model = _tuned_model(box, principal)
    _deploy(box, principal, model)
    key = _kiosk_token(box, principal)
    deadline = time.monotonic() + timeout_s
    server, thread, url, guarded = _start(box, model, deadline)
    try:
        guard = "output guard on: PHI in answers is masked" if guarded else "output guard off"
        say(f"  serving {model} as '{DEPLOYMENT}' at {url} (token for '{KIOSK_USER}', scope inference; {guard})")
        started = time.monotonic()
        reply, answer, structured = _ask(url, key, deadline)
        ms = (time.monotonic() - started) * 1000
        tokens_out = reply.usage.completion_tokens if reply.usage else 0
        say(f"  triage request answered in {ms:.0f} ms ({'schema-valid JSON' if structured else 'free text'}, "
            f"{tokens_out} tokens): {answer[:160]!r}")
        return {"deployment": DEPLOYMENT, "model": model, "url": url, "latency_ms": round(ms, 1),
                "structured": structured, "completion_tokens": tokens_out, "output_guard": guarded,
                "answer": json.loads(answer) if structured else answer}
    finally:
        server.should_exit = True
        thread.join(timeout=30)
