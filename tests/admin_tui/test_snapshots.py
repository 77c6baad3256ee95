"""Snapshots of the key screens at 80x24 and 160x48 (and one without colour), on a real box.

Values that differ on every run (times, ids, hashes, the schema revision) are masked with
same-width placeholders before comparing; update with `pytest tests/admin_tui --snapshot-update`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy import SnapshotAssertion
from textual._doc import take_svg_screenshot

from admin_tui.app import ConsoleApp
from appliance.box import Box
from appliance.services import tokens
from appliance.services.auth import Principal
from tests.admin_tui.conftest import settle

SIZES = [(80, 24), (160, 48)]
SP = r"(?:&#160;| )"
_DIGITS = str.maketrans("0123456789", "0000000000")
_HEX = str.maketrans("0123456789abcdef", "x" * 16)


def _digits(match: re.Match[str]) -> str:
    """Digits to 0, leaving the SVG's &#160; entities intact."""
    return "&#160;".join(part.translate(_DIGITS) for part in match.group(0).split("&#160;"))


MASKS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(rf"\d{{4}}-\d\d-\d\d{SP}\d\d:\d\d:\d\d"), _digits),
    (re.compile(r"\b[0-9a-f]{12}\b|\b[0-9a-f]{64}\b"), lambda m: m.group(0).translate(_HEX)),
    (re.compile(rf"schema{SP}[\w,.-]+"), lambda m: "schema&#160;REV"),
]


def mask(svg: str) -> str:
    """The screenshot with run-specific values replaced (same widths, so the layout is compared as is)."""
    for pattern, replace in MASKS:
        svg = pattern.sub(replace, svg)
    return svg


@pytest.fixture
def snap(snapshot: SnapshotAssertion) -> Callable[..., None]:
    svg_snapshot = snapshot.use_extension(SVGImageExtension)

    def compare(app_factory: Callable[[], ConsoleApp], size: tuple[int, int], keys: str = "") -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            for widget in pilot.app.screen.query("Input"):
                widget.cursor_blink = False
            for _ in range(3):  # tables size their columns on idle, after the rows arrive; layout follows
                await pilot.pause(0.05)
                pilot.app.screen.refresh(layout=True)
                await pilot.wait_for_scheduled_animations()

        svg = take_svg_screenshot(app=app_factory(), terminal_size=size, run_before=before)
        assert mask(svg) == svg_snapshot

    return compare


def test_signin(box: Box, snap: Callable[..., None]) -> None:
    for size in SIZES:
        snap(lambda: ConsoleApp(box, user="admin"), size)


def test_overview(box: Box, admin: Principal, snap: Callable[..., None]) -> None:
    for size in SIZES:
        snap(lambda: ConsoleApp(box, principal=admin), size)


def test_audit(box: Box, admin: Principal, snap: Callable[..., None]) -> None:
    for size in SIZES:
        snap(lambda: ConsoleApp(box, principal=admin, start="audit"), size)


def test_users(staffed: Box, admin: Principal, snap: Callable[..., None]) -> None:
    tokens.create_token(staffed, admin, "emr-plugin", [], owner="kiosk")
    for size in SIZES:
        snap(lambda: ConsoleApp(staffed, principal=admin, start="users"), size)


def test_corpus(staffed: Box, snap: Callable[..., None], tmp_path: Path) -> None:
    from tests.admin_tui.conftest import PASSWORD, populate_corpus, session_for

    officer = session_for(staffed, "olga", PASSWORD)
    populate_corpus(staffed, officer, tmp_path / "clinic-notes")
    for size in SIZES:
        snap(lambda: ConsoleApp(staffed, principal=officer, start="corpus"), size)


def test_help_on_overview_for_auditor(staffed: Box, snap: Callable[..., None]) -> None:
    from tests.admin_tui.conftest import PASSWORD, session_for

    auditor = session_for(staffed, "aud", PASSWORD)
    snap(lambda: ConsoleApp(staffed, principal=auditor), (80, 24), keys="?")


def test_audit_without_colour(box: Box, admin: Principal, snap: Callable[..., None],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    snap(lambda: ConsoleApp(box, principal=admin, start="audit"), (80, 24))
