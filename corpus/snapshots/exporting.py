"""Exporting a snapshot's de-identified documents to files: JSONL, chat messages, or plain text."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appliance.errors import CorpusBoxError
from appliance.services.auth import authorize
from corpus.snapshots.shards import atomic_write

if TYPE_CHECKING:
    from appliance.box import Box
    from appliance.services.auth import Principal

FORMATS = ("jsonl", "chat", "text")
SYSTEM_PROMPT = "You are a clinical documentation assistant. The record below is de-identified."


@dataclass
class ExportResult:
    """What an export wrote: one file per split, with counts and SHA-256."""

    name: str
    format: str
    output_dir: str
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return sum(f["documents"] for f in self.files)


def _jsonl(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n"


def _chat(doc: dict[str, Any]) -> str:
    kind = doc.get("kind") or "clinical"
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Write a {kind} record ({doc.get('language') or 'en'})."},
        {"role": "assistant", "content": doc.get("text") or ""},
    ]
    return json.dumps({"id": doc["id"], "messages": messages}, ensure_ascii=False) + "\n"


def _text(doc: dict[str, Any]) -> str:
    return (doc.get("text") or "").strip() + "\n\n"


WRITERS: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "jsonl": (".jsonl", _jsonl), "chat": (".jsonl", _chat), "text": (".txt", _text),
}


def export_snapshot(box: Box, principal: Principal, name: str, output_dir: Path, fmt: str) -> ExportResult:
    """Write one file per split; audited with the files' SHA-256 (never their content)."""
    from corpus.snapshots import iter_documents, load_manifest

    if fmt not in WRITERS:
        raise CorpusBoxError(f"unknown export format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    authorize(box, principal, "snapshot.export", f"snapshot:{name}")
    manifest = load_manifest(box, name)
    suffix, render = WRITERS[fmt]
    result = ExportResult(name, fmt, str(output_dir))
    for split in sorted(manifest.counts):
        path = output_dir / f"{split}{suffix}"
        digest, count = hashlib.sha256(), 0
        with atomic_write(path) as fh:
            for doc in iter_documents(box, manifest, split):
                line = render(doc)
                fh.write(line)
                digest.update(line.encode("utf-8"))
                count += 1
        result.files.append({"split": split, "path": str(path), "documents": count, "sha256": digest.hexdigest()})
    box.audit.record(principal.as_actor(), "snapshot.export", f"snapshot:{name}", "ok",
                     {"format": fmt, "manifest": manifest.content_sha256,
                      "files": [{k: f[k] for k in ("split", "documents", "sha256")} for f in result.files]})
    return result
