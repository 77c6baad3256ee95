"""A real uvicorn server on a free loopback port, serving a tiny model from the registry of a test box."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from appliance.box import Box
from appliance.services import tokens, users
from appliance.services.auth import Principal
from inference.settings import InferenceSettings
from tests.harness.ports import free_port
from tests.inference.tiny import make_tiny_adapter, make_tiny_model


@pytest.fixture(scope="session")
def tiny_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tiny-inference")
    base = make_tiny_model(root / "base")
    return {"base": base, "er": make_tiny_adapter(base, root / "er", seed=1),
            "cardio": make_tiny_adapter(base, root / "cardio", seed=2)}


@dataclass
class Served:
    box: Box
    admin: Principal
    url: str
    handler: Any
    settings: InferenceSettings
    clinician: str  # a clinician_terminal token secret

    def client(self, key: str | None = None, **kw: Any) -> Any:
        from openai import OpenAI

        return OpenAI(base_url=self.url, api_key=key or self.clinician, max_retries=0, timeout=60, **kw)

    def token(self, models: list[str] | None = None, rate: int | None = None, user: str = "kiosk") -> str:
        try:
            users.create_user(self.box, self.admin, user, "clinician_terminal", None)
        except Exception:
            pass
        return tokens.create_token(self.box, self.admin, f"t-{time.monotonic_ns()}", ["inference"], owner=user,
                                   models=models, rate_limit_per_minute=rate).secret

    def refresh(self) -> None:
        self.handler.refresh()


def start_server(app: Any, host: str, port: int) -> tuple[Any, threading.Thread]:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{host}:{port}/healthz", timeout=1).status_code == 200:
                return server, thread
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError("inference server did not start")


@pytest.fixture
def served(box: Box, admin: Principal, tiny_dirs: dict[str, Path], tmp_path: Path) -> Iterator[Served]:
    from inference.api.app import create_app
    from inference.server import build_handler
    from inference.services import deployments
    from training.importers import import_hf_dir

    import_hf_dir(box, admin, tiny_dirs["base"], "tiny-base")
    import_hf_dir(box, admin, tiny_dirs["er"], "er-lora", base="tiny-base")
    deployments.create_deployment(box, admin, "triage", "tiny-base")
    port = free_port()
    settings = InferenceSettings(port=port, device="cpu", reload_interval_s=0.2, batch_wait_ms=2,
                                 request_log=tmp_path / "requests.jsonl", default_rate_limit_per_minute=None)
    handler = build_handler(box, settings)
    server, thread = start_server(create_app(handler), "127.0.0.1", port)
    s = Served(box, admin, f"http://127.0.0.1:{port}/v1", handler, settings, "")
    s.clinician = s.token()
    yield s
    server.should_exit = True
    thread.join(timeout=15)
