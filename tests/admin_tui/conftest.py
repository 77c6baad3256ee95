"""Console fixtures: a real box (SeaweedFS + SQLite) with a few users, and helpers to drive the app."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from appliance.box import Box
from appliance.services import tokens, users
from appliance.services.auth import Principal
from tests.conftest import ADMIN_PASSWORD

PASSWORD = "console-pass-phrase"


@pytest.fixture(params=["sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The console only calls services (tested on both engines elsewhere); SQLite keeps these fast."""
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def staffed(box: Box, admin: Principal) -> Box:
    """The box with one user per console role: officer, engineer, auditor, terminal."""
    for name, role in (("olga", "data_officer"), ("emil", "ml_engineer"), ("aud", "auditor")):
        users.create_user(box, admin, name, role, PASSWORD)
    users.create_user(box, admin, "kiosk", "clinician_terminal", None)
    return box


def session_for(box: Box, name: str, password: str = PASSWORD) -> Principal:
    """A signed-in principal, as the sign-in screen would produce."""
    return tokens.resolve(box, tokens.create_session(box, users.verify_password(box, name, password)))


async def settle(pilot, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until every service call a screen started has been shown (or failed visibly)."""
    from admin_tui.screens.base import BaseScreen

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screens = [s for s in pilot.app.screen_stack if isinstance(s, BaseScreen)]
        if not any(s.pending for s in screens) and not any(w.is_running for w in pilot.app.workers):
            return
    raise AssertionError("the console's service calls did not finish in time")


async def sign_in(pilot, name: str = "admin", password: str = ADMIN_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Type a name and password into the sign-in screen and submit."""
    await pilot.click("#user")
    pilot.app.screen.query_one("#user").value = name
    pilot.app.screen.query_one("#password").value = password
    await pilot.click("#go")
    await settle(pilot)


def populate_corpus(box: Box, principal: Principal, folder: Path) -> None:
    """A small corpus whose findings depend on no fuzzy recognizer: three notes with a phone number each,
    ingested, de-identified, every document queued for review, and one snapshot (all in train)."""
    from corpus.curate.build import CurationConfig
    from corpus.curate.splits import SplitConfig
    from corpus.services import deid, ingest, review, snapshots, sources

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        (folder / f"note_{i}.txt").write_text(f"Follow-up visit, stable. Call back on 617-555-01{i}7 if worse.\n")
    sources.add_source(box, principal, "clinic-notes", str(folder), "notes")
    ingest.ingest(box, principal, "clinic-notes")
    deid.run_deid(box, principal, "clinic-notes", executor="local")
    review.build_queue(box, principal, "clinic-notes", sample_rate=1.0, low_confidence=0.0)
    snapshots.create_snapshot(box, principal, "clinic-2026q1", ["clinic-notes"],
                              config=CurationConfig(splits=SplitConfig(train=1.0, validation=0.0, test=0.0)))
