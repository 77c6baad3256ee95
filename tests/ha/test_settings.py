"""The pair description: what it accepts, what it refuses, and that it round-trips through TOML."""

from __future__ import annotations

import pytest

from appliance.errors import ConfigError
from appliance.ha.settings import Timing, dump_pair, parse_pair


def test_when_pair_is_valid_then_it_round_trips_through_toml(pair_toml: str) -> None:
    pair = parse_pair(pair_toml)
    assert [m.name for m in pair.members] == ["cbx-a", "cbx-b", "cbx-w"]
    assert pair.peer("cbx-a").name == "cbx-b" and pair.vip_address == "10.20.0.50"
    assert parse_pair(dump_pair(pair)) == pair


@pytest.mark.parametrize("change, words", [
    (('address = "10.20.0.11"', 'address = "127.0.0.1"'), "127.0.0.1"),
    (('vip = "10.20.0.50/24"', 'vip = "10.20.0.50"'), "prefix"),
    (('vip = "10.20.0.50/24"', 'vip = "10.20.0.12/24"'), "VIP"),
    (('name = "cbx-b"', 'name = "cbx-a"'), "distinct"),
    (('interface = "eno1"', 'interface = "eno1"\n[timing]\nttl = 10'), "ttl"),
])
def test_when_pair_is_wrong_then_error_names_the_problem(pair_toml: str, change: tuple[str, str], words: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_pair(pair_toml.replace(*change, 1))
    assert words in err.value.message and err.value.hint


def test_when_retries_exceed_ttl_then_timing_is_refused() -> None:
    with pytest.raises(ValueError, match="loop_wait"):
        Timing(ttl=20, loop_wait=5, retry_timeout=8)
