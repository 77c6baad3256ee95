"""The supervisor with real processes: start, health, stale PID files, busy ports, bounded stop."""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path

import psutil
import pytest

from appliance.errors import CorpusBoxError
from appliance.supervisor.spec import ServiceSpec
from appliance.supervisor.supervisor import Supervisor
from tests.harness.ports import free_port

STUBBORN = """
import signal, socket, sys, time
signal.signal(signal.SIGTERM, lambda *a: None)  # ignores polite stops
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()
while True: time.sleep(1)
"""


def http_spec(port: int) -> ServiceSpec:
    return ServiceSpec("web", [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], port=port,
                       health_url=f"http://127.0.0.1:{port}/")


def test_when_started_then_healthy_and_stopped_cleanly(tmp_path: Path) -> None:
    sup = Supervisor(tmp_path, [http_spec(free_port())], start_timeout=20, stop_timeout=5)
    [st] = sup.up()
    assert st.state == "running" and st.healthy and st.pid
    assert (tmp_path / "logs" / "web.log").exists()
    [down] = sup.down()
    assert down.state == "stopped" and not psutil.pid_exists(st.pid) or psutil.Process(st.pid).status() == "zombie"
    assert not (tmp_path / "run" / "web.pid").exists()


def test_when_already_running_then_start_is_idempotent(tmp_path: Path) -> None:
    sup = Supervisor(tmp_path, [http_spec(free_port())], start_timeout=20)
    first = sup.start("web")
    again = sup.start("web")
    assert again.pid == first.pid
    sup.down()


def test_when_pid_file_is_stale_then_status_says_so_and_start_recovers(tmp_path: Path) -> None:
    sup = Supervisor(tmp_path, [http_spec(free_port())], start_timeout=20)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "web.pid").write_text(json.dumps({"pid": 999_999, "create_time": 1.0}))
    assert sup.status("web").state == "stale"
    assert "stale" in sup.status("web").message
    assert sup.start("web").state == "running"
    sup.down()


def test_when_port_is_taken_then_error_names_port_and_owner(tmp_path: Path) -> None:
    port = free_port()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        sup = Supervisor(tmp_path, [http_spec(port)], start_timeout=5)
        with pytest.raises(CorpusBoxError) as err:
            sup.start("web")
    assert f"port {port}" in err.value.message and "in use" in err.value.message
    assert "pid" in err.value.message  # who holds it


def test_when_service_ignores_sigterm_then_stop_kills_it_within_bound(tmp_path: Path) -> None:
    port = free_port()
    spec = ServiceSpec("stubborn", [sys.executable, "-c", STUBBORN, str(port)], port=port)
    sup = Supervisor(tmp_path, [spec], start_timeout=20, stop_timeout=1.5)
    pid = sup.start("stubborn").pid
    began = time.monotonic()
    sup.stop("stubborn")
    assert time.monotonic() - began < 8
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_when_service_exits_at_start_then_error_points_to_log(tmp_path: Path) -> None:
    spec = ServiceSpec("broken", [sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"], port=free_port())
    sup = Supervisor(tmp_path, [spec], start_timeout=10)
    with pytest.raises(CorpusBoxError) as err:
        sup.start("broken")
    assert "exited during start" in err.value.message and "broken.log" in (err.value.hint or "")
    assert "boom" in (tmp_path / "logs" / "broken.log").read_text()
