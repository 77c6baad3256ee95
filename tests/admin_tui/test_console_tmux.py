"""The real `corpusbox console` in a real terminal (tmux): start, sign in, visit every screen, quit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from appliance.box import Box
from appliance.services.auth import Principal
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)")


class Terminal:
    """A detached tmux session on a private server; everything the pane ever showed is kept."""

    def __init__(self, command: str, env: dict[str, str], width: int = 100, height: int = 30) -> None:
        self.socket = f"cbx-{uuid.uuid4().hex[:8]}"
        self.seen: list[str] = []
        exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items())
        script = f"env {exports} {command}; echo CONSOLE-EXITED:$?; sleep 60"
        self._tmux("new-session", "-d", "-s", "cbx", "-x", str(width), "-y", str(height), script)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20, check=False)
        return done.stdout

    def screen(self) -> str:
        text = self._tmux("capture-pane", "-p", "-t", "cbx", "-S", "-200")
        self.seen.append(text)
        return text

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if needle in text:
                return text
            if "Traceback" in text:
                break
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} did not appear; the terminal shows:\n{self.screen()}")

    def wait_gone(self, needle: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while needle in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} is still shown:\n{self.screen()}")
            time.sleep(0.2)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", "cbx", *(("-l",) if literal else ()), *keys)

    def close(self) -> None:
        self._tmux("kill-server")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


@pytest.fixture
def terminal(box: Box, admin: Principal, box_env: dict[str, str], tmp_path: Path) -> Iterator[Terminal]:
    from corpus.services import sources

    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(3):
        (notes / f"note_{i}.txt").write_text(f"Follow-up visit {i}, stable.\n")
    sources.add_source(box, admin, "tmux-notes", str(notes), "notes")  # the Corpus screen ingests it
    exe = Path(sys.executable).parent / "corpusbox"
    command = str(exe) if exe.exists() else f"{sys.executable} -m appliance.cli.main"
    env = {**box_env, "TERM": "xterm-256color", "TMPDIR": str(tmp_path),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "CORPUSBOX_TOKEN": ""}
    term = Terminal(f"{command} console", env)
    yield term
    term.close()


def test_when_operator_signs_in_and_visits_every_screen_then_quits_cleanly(terminal: Terminal) -> None:
    terminal.wait_for("User name")
    time.sleep(0.5)  # let the form take focus before typing
    terminal.keys("admin", literal=True)
    terminal.wait_for("admin")
    terminal.keys("Enter")
    time.sleep(0.3)
    terminal.keys(ADMIN_PASSWORD, literal=True)
    terminal.wait_for("•" * len(ADMIN_PASSWORD))
    terminal.keys("Enter")
    terminal.wait_for("[1 Overview]")
    terminal.wait_for("quarantine")  # storage loaded by its worker
    terminal.keys("2", literal=True)
    terminal.wait_for("[2 Corpus]")
    terminal.wait_for("tmux-notes")
    terminal.keys("i", literal=True)  # ingest in a background worker; the runs table and a notice report it
    terminal.wait_for("3 new")
    for key, marker in (("3", "[3 Training]"), ("4", "[4 Inference]"),
                        ("5", "[5 Audit]"), ("6", "[6 Users]")):
        terminal.keys(key, literal=True)
        terminal.wait_for(marker)
    terminal.wait_for("API tokens")
    terminal.keys("?", literal=True)
    terminal.wait_for("Keys: Users")
    terminal.keys("Escape")
    terminal.wait_gone("Keys: Users")  # a key sent right after Escape would read as alt+key
    terminal.keys("5", literal=True)
    terminal.keys("v", literal=True)
    terminal.wait_for("chain OK")
    terminal.keys("1", literal=True)
    terminal.wait_for("[1 Overview]")
    terminal.keys("q", literal=True)
    terminal.wait_for("CONSOLE-EXITED:0")
    everything = "\n".join(terminal.seen)
    assert "Traceback" not in everything, everything
    assert "internal error" not in everything, everything
