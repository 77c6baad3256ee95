"""Robust JSONL detection: exactly one output line per input line, whatever the input holds."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import BinaryIO, Iterator, TextIO

log = logging.getLogger(__name__)
MAX_TEXT_CHARS = 60_000_000


@dataclass
class BatchStats:
    """Counts of a batch run (no text, only numbers)."""

    lines: int = 0
    ok: int = 0
    errors: int = 0
    spans: int = 0


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def detect_line(engine, raw: bytes, line_no: int, default_language: str = "auto") -> dict:
    """Process one raw JSONL line into an output record; errors never contain document text."""
    ref = {"id": None, "line": line_no}
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {**ref, "spans": [], "error": f"line is not valid UTF-8 (sha256 {_digest(raw)})"}
    if not line.strip():
        return {**ref, "spans": [], "error": "empty line"}
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return {**ref, "spans": [], "error": f"invalid JSON at char {exc.pos} (sha256 {_digest(raw)})"}
    if not isinstance(rec, dict):
        return {**ref, "spans": [], "error": "record is not a JSON object"}
    doc_id = rec.get("id")
    ref["id"] = doc_id if isinstance(doc_id, (str, int)) else None
    text, language = rec.get("text"), rec.get("language") or default_language
    if not isinstance(text, str):
        return {**ref, "spans": [], "error": "missing or non-string 'text'"}
    if len(text) > MAX_TEXT_CHARS:
        return {**ref, "spans": [], "error": f"text longer than {MAX_TEXT_CHARS} characters"}
    if language not in ("en", "zh", "auto") or (language != "auto" and language not in engine.languages):
        return {**ref, "spans": [], "error": f"unsupported language {str(language)[:10]!r}"}
    try:
        findings = engine.analyze(text, language)
    except Exception as exc:  # one bad document must not stop the batch
        log.warning("detection failed for line %d id=%s (%s)", line_no, ref["id"], type(exc).__name__)
        return {**ref, "spans": [], "error": f"detection failed: {type(exc).__name__}"}
    return {"id": ref["id"], "spans": [f.to_dict() for f in findings]}


def iter_detect(engine, lines: Iterator[bytes], default_language: str = "auto") -> Iterator[dict]:
    """Yield one output record per input line."""
    for i, raw in enumerate(lines, start=1):
        yield detect_line(engine, raw.rstrip(b"\r\n"), i, default_language)


def detect_jsonl(engine, source: BinaryIO, sink: TextIO, default_language: str = "auto") -> BatchStats:
    """Read JSONL bytes from ``source``, write one JSON line per input line to ``sink``."""
    stats = BatchStats()
    for rec in iter_detect(engine, iter(source), default_language):
        stats.lines += 1
        if "error" in rec:
            stats.errors += 1
            log.info("line %d id=%s: %s", stats.lines, rec.get("id"), rec["error"])
        else:
            stats.ok += 1
            stats.spans += len(rec["spans"])
        rec.pop("line", None) if "error" not in rec else None
        sink.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return stats
