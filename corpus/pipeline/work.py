"""One de-identification task: quarantined file parts in, curated gzip JSONL parts out (pure function of input).

Runs in a Ray worker (or in-process); it touches only the object store, never the database, so the
driver commits each part's row and findings together and a killed run simply redoes missing parts.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from appliance.storage.layout import CURATED, QUARANTINE
from appliance.storage.s3 import ObjectStore
from corpus.curate.minhash import signature, text_sha256
from corpus.keys import curated_part_key, quarantine_key
from corpus.pipeline.tools import PipelineTools, WorkerSpec
from corpus.sources.base import Document
from corpus.sources.registry import connector
from corpus.structured.errors import InputError


@dataclass(frozen=True)
class WorkItem:
    """Documents `start`..`stop-1` of the quarantined file `sha256`, as part number `part`."""

    sha256: str
    part: int
    start: int
    stop: int
    suffix: str = ""  # of the original file name: connectors pick a reader by it


@dataclass
class PartResult:
    """What one part produced: the curated object, counts, findings (offsets only) and errors."""

    sha256: str
    part: int
    key: str
    out_sha256: str
    documents: int
    findings: list[tuple[str, str, int, int, float, str]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    worker_pid: int = 0
    worker_rss: int = 0


def process(spec: WorkerSpec, items: list[WorkItem]) -> list[PartResult]:
    """De-identify `items` (grouped by file so each file is fetched once)."""
    store = _store(spec)
    tools = _tools(spec, store)
    results: list[PartResult] = []
    for (sha, suffix), group in groupby(items, key=lambda it: (it.sha256, it.suffix)):
        with tempfile.TemporaryDirectory(prefix="deid-") as tmp:
            local = Path(tmp) / f"input{suffix}"
            store.get_file(QUARANTINE, quarantine_key(sha), local)
            for item in group:
                results.append(_part(spec, tools, store, local, item))
    return results


def _part(spec: WorkerSpec, tools: PipelineTools, store: ObjectStore, local: Path, item: WorkItem) -> PartResult:
    start = time.monotonic()
    conn = connector(spec.settings["kind"])
    settings = tools.settings
    key = curated_part_key(spec.curated_prefix(), item.sha256, item.part)
    findings: list[tuple[str, str, int, int, float, str]] = []
    errors: list[dict[str, Any]] = []
    count = 0
    with tempfile.NamedTemporaryFile(suffix=".jsonl.gz", delete=False) as raw:
        out_path = Path(raw.name)
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            try:
                for doc in conn.deidentify(local, settings, tools, item.sha256, item.start, item.stop):
                    gz.write(curated_line(spec.source, doc))
                    findings += [(doc.id, f.entity_type, f.start, f.end, round(float(f.score), 4), f.recognizer[:96])
                                 for f in doc.findings]
                    count += 1
            except InputError as exc:
                errors.append({"code": exc.code, "error": exc.message[:300]})
    try:
        digest = _sha256(out_path)
        stored = store.head(CURATED, key)
        if stored is None or stored.sha256 != digest:
            store.put_file(CURATED, key, out_path, content_type="application/gzip")
    finally:
        out_path.unlink(missing_ok=True)
    return PartResult(item.sha256, item.part, key, digest, count, findings, errors, time.monotonic() - start,
                      os.getpid(), _rss())


def curated_line(source: str, doc: Document) -> bytes:
    """One curated document with its curation keys (text hash, MinHash), canonical JSON."""
    # Image documents share their header text; their pixels (by hash) are what makes them distinct.
    basis = doc.text + str(doc.fields.get("image_sha256", ""))
    data = {"id": doc.id, "patient": doc.patient, "source": source, "kind": doc.kind, "language": doc.language,
            "text": doc.text, "fields": doc.fields,
            "_curation": {"text_sha256": text_sha256(basis), "minhash": signature(basis)}}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode() + b"\n"


_STORES: dict[str, ObjectStore] = {}


def _store(spec: WorkerSpec) -> ObjectStore:
    key = repr(sorted((k, repr(v)) for k, v in spec.store.items()))
    if key not in _STORES:
        _STORES[key] = ObjectStore(**spec.store)
    return _STORES[key]


_TOOLS: dict[str, PipelineTools] = {}


def spec_id(spec: WorkerSpec) -> str:
    """Digest of a whole spec, pseudonym key, store and database included (what cached tools are keyed by)."""
    return hashlib.sha256(pickle.dumps(spec, protocol=5)).hexdigest()


def _tools(spec: WorkerSpec, store: ObjectStore) -> PipelineTools:
    # Keyed by the whole spec, not by (source id, policy version): two boxes (or a key rotation) in one
    # process share ids and versions, and reusing the first one's tools would pseudonymise the second
    # box's documents under the first box's key.
    key = spec_id(spec)
    if key not in _TOOLS:
        _TOOLS.clear()
        _TOOLS[key] = PipelineTools(spec, store)
    return _TOOLS[key]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _rss() -> int:
    try:
        import psutil

        return psutil.Process().memory_info().rss
    except Exception:  # noqa: BLE001 - a missing measurement must not fail the task
        return 0
