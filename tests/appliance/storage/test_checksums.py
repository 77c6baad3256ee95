"""Checksums of files and of out-of-order downloads match hashlib and zlib."""

from __future__ import annotations

import hashlib
import os
import random
import zlib
from pathlib import Path

import pytest

from appliance.errors import IntegrityError
from appliance.storage.checksums import DownloadSink, file_checksums


@pytest.mark.parametrize("size", [0, 1, 4095, 8 * 1024 * 1024 + 3])
def test_when_file_checksummed_then_both_sums_match_the_reference(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    sums = file_checksums(path)
    assert (sums.sha256, sums.crc32, sums.size) == (hashlib.sha256(data).hexdigest(), f"{zlib.crc32(data):08x}", size)


@pytest.mark.parametrize("want_sha", [False, True])
def test_when_parts_written_out_of_order_then_sums_are_of_the_whole(tmp_path: Path, want_sha: bool) -> None:
    data = os.urandom(300_000)
    chunks = [(off, data[off:off + 7_000]) for off in range(0, len(data), 7_000)]
    random.Random(3).shuffle(chunks)
    with open(tmp_path / "out", "w+b") as raw, DownloadSink(raw, len(data), sha256=want_sha) as sink:
        for off, chunk in chunks:
            sink.seek(off)
            sink.write(chunk)
    assert (tmp_path / "out").read_bytes() == data
    assert sink.sums.crc32 == f"{zlib.crc32(data):08x}"
    assert sink.sums.sha256 == (hashlib.sha256(data).hexdigest() if want_sha else None)


def test_when_a_part_never_arrives_then_the_download_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IntegrityError, match="download incomplete"):
        with open(tmp_path / "out", "w+b") as raw, DownloadSink(raw, 20) as sink:
            sink.write(b"0123456789")  # bytes 10..19 never written
