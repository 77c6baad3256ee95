"""CRC-32 combination against zlib on random data and random cuts."""

from __future__ import annotations

import os
import random
import zlib

import pytest

from appliance.storage.crc import combine_pieces, crc32_combine


@pytest.mark.parametrize("seed", range(5))
def test_when_two_crcs_combined_then_equal_to_crc_of_concatenation(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        a, b = os.urandom(rng.randint(0, 3000)), os.urandom(rng.randint(0, 3000))
        assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_when_pieces_arrive_shuffled_then_whole_crc_recovered() -> None:
    data = os.urandom(300_000)
    rng = random.Random(7)
    cuts = [0, *sorted(rng.sample(range(1, len(data)), 40)), len(data)]
    pieces = [(s, e - s, zlib.crc32(data[s:e])) for s, e in zip(cuts, cuts[1:])]
    rng.shuffle(pieces)
    assert combine_pieces(pieces) == (zlib.crc32(data), len(data))


def test_when_a_piece_is_missing_then_refused() -> None:
    data = os.urandom(1000)
    pieces = [(0, 400, zlib.crc32(data[:400])), (500, 500, zlib.crc32(data[500:]))]
    with pytest.raises(ValueError, match="gap or overlap at byte 400"):
        combine_pieces(pieces)
