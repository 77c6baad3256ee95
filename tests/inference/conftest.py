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


@pytest.fixture(scope="module", autouse=True)
def _torch_threads() -> Iterator[None]:
    """Engines size torch's (process-wide) thread pool; give other test modules theirs back."""
    import torch

    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)


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


@pytest.fixture(scope="module")
def module_box(tmp_path_factory: pytest.TempPathFactory, seaweed: Any) -> Iterator[tuple[Box, Principal]]:
    """One initialised SQLite box per test module (server tests share it; the DB layer is tested elsewhere)."""
    import os

    from appliance.config import load_settings
    from appliance.services import boxops
    from tests.conftest import ADMIN_PASSWORD, write_config

    home = tmp_path_factory.mktemp("inference-box") / "home"
    cfg = write_config(home, f"sqlite:///{home.parent / 'meta.sqlite3'}", seaweed)
    box = Box(load_settings(env={**os.environ, "CORPUSBOX_HOME": str(home), "CORPUSBOX_CONFIG": str(cfg)}))
    boxops.init_box(box, "admin", ADMIN_PASSWORD)
    box.ensure_buckets()
    admin = tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD)))
    yield box, admin
    box.close()


@pytest.fixture(scope="module")
def served(module_box: tuple[Box, Principal], tiny_dirs: dict[str, Path],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from inference.api.app import create_app
    from inference.server import build_handler
    from inference.services import deployments
    from training.importers import import_hf_dir

    box, admin = module_box
    tmp_path = tmp_path_factory.mktemp("served")

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
