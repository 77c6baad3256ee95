"""Connectors and locations by name: what `source add --kind` and a source's URI pick."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appliance.errors import CorpusBoxError
from corpus.sources.base import Connector, Location

if TYPE_CHECKING:
    from appliance.box import Box

CONNECTORS: dict[str, str] = {
    "notes": "corpus.sources.notes:NotesConnector",
    "table": "corpus.sources.tables:TableConnector",
    "fhir": "corpus.sources.fhir:FhirConnector",
    "dicom": "corpus.sources.dicom:DicomConnector",
}

# What `--kind auto` guesses from file suffixes found under a source.
SUFFIX_KINDS = {".txt": "notes", ".jsonl": "notes", ".csv": "table", ".tsv": "table", ".parquet": "table",
                ".ndjson": "fhir", ".json": "fhir", ".dcm": "dicom", ".dicom": "dicom"}


def connector(kind: str) -> Connector:
    """The connector registered under `kind`."""
    target = CONNECTORS.get(kind)
    if target is None:
        raise CorpusBoxError(f"unknown source kind {kind!r}", hint=f"use one of: {', '.join(CONNECTORS)}")
    module, cls = target.split(":")
    return getattr(importlib.import_module(module), cls)()


def location(box: Box | None, uri: str, client: Any = None) -> Location:
    """A folder path or an s3://bucket/prefix URI."""
    if uri.startswith("s3://"):
        from corpus.sources.s3prefix import S3PrefixLocation

        if client is None:
            if box is None:
                raise CorpusBoxError("an S3 source needs the box's object store")
            client = box.store.client
        return S3PrefixLocation(client, uri)
    from corpus.sources.folder import FolderLocation

    return FolderLocation(Path(uri))


def guess_kind(loc: Location, sample: int = 200) -> str:
    """The kind most files under a location suggest (by suffix)."""
    counts: dict[str, int] = {}
    for i, f in enumerate(loc.list()):
        if i >= sample:
            break
        kind = SUFFIX_KINDS.get(Path(f.path).suffix.lower(), "dicom" if "." not in Path(f.path).name else None)
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        raise CorpusBoxError("cannot tell what kind of source this is", hint="pass --kind notes|table|fhir|dicom")
    return max(sorted(counts), key=lambda k: counts[k])
