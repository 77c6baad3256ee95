"""Shared pieces for the HA tests: an example pair description."""

from __future__ import annotations

import pytest

PAIR_TOML = """\
vip = "10.20.0.50/24"
interface = "eno1"
client_cidrs = ["10.20.0.0/24"]

[[boxes]]
name = "cbx-a"
address = "10.20.0.11"

[[boxes]]
name = "cbx-b"
address = "10.20.0.12"

[witness]
name = "cbx-w"
address = "10.20.0.13"
"""


@pytest.fixture
def pair_toml() -> str:
    return PAIR_TOML
