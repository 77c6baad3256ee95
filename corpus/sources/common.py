"""Helpers shared by connectors: streaming decode checks, document ids, plain-text rendering of fields."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus.structured.errors import InputEncodingError

BLOCK = 1 << 20
MAX_REPORTED_SKIPS = 20


def document_id(input_sha256: str, index: int) -> str:
    """Stable id of document `index` of a quarantined file (no PHI: a hash of the file hash and index)."""
    return hashlib.sha256(f"{input_sha256}:{index}".encode()).hexdigest()[:32]


def check_encoding(path: Path, encoding: str) -> None:
    """Decode a whole file in blocks; raise InputEncodingError naming the byte offset of the first bad block."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise InputEncodingError(f"unknown encoding {encoding!r}", hint="set a valid --encoding on the source") from None
    offset = 0
    with open(path, "rb") as fh:
        while block := fh.read(BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise InputEncodingError(f"{path.name}: not valid {encoding} near byte {offset + exc.start}",
                                         hint="set the source's encoding (e.g. gb18030) or fix the export") from None
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputEncodingError(f"{path.name}: truncated {encoding} sequence at the end of the file") from None


def lines(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    """(line number, decoded line) pairs, streamed; undecodable lines raise InputEncodingError."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                yield number, raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputEncodingError(f"{path.name}: line {number} is not valid {encoding}",
                                         hint="set the source's encoding (e.g. gb18030) or fix the export") from None


def skip(skipped: list[dict[str, Any]], info: dict[str, Any]) -> None:
    """Remember a skipped record (first few only, never its content)."""
    if len(skipped) < MAX_REPORTED_SKIPS:
        skipped.append(info)


def render_fields(fields: dict[str, Any], prefix: str = "") -> str:
    """De-identified fields as 'name: value' lines (what a table row or a FHIR resource reads as)."""
    out: list[str] = []
    for name, value in fields.items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        if isinstance(value, dict):
            inner = render_fields(value, f"{prefix}{name}.")
            if inner:
                out.append(inner)
        else:
            out.append(f"{prefix}{name}: {value}")
    return "\n".join(out)
