"""What a source is: where its files are (a Location) and how to read them (a Connector).

A connector reads one kind of file (notes, tables, FHIR, DICOM); a location lists and fetches
files (a folder, an S3 prefix). Both are picked by name (see registry.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

SourceKind = Literal["notes", "table", "fhir", "dicom"]
GiB = 1024 ** 3


class SourceSettings(BaseModel):
    """How a source's files are read, linked to patients, and de-identified."""

    kind: SourceKind = Field(description="notes | table | fhir | dicom")
    text_field: str = Field("text", description="notes JSONL: field holding the note text")
    patient_field: str | None = Field(None, description="Field/column with the patient identifier (default per kind)")
    patient_pattern: str | None = Field(None, description="notes .txt: regex with a (?P<patient>...) group on the file name")
    patient_namespace: str = Field("PATIENT", description="Keyed-pseudonym namespace; equal across sources links patients")
    language: Literal["auto", "en", "zh"] = Field("auto", description="Language of free text")
    encoding: str = Field("utf-8", description="Text encoding of .txt/.jsonl/.csv files")
    text_policy: str = Field("surrogates", description="Free-text replacement preset: tags, surrogates, hmac, redact")
    ages: Literal["over_89", "all"] = Field(
        "over_89", description="Ages that are PHI in free text: over_89 (HIPAA Safe Harbor) or all")
    max_file_bytes: int = Field(GiB, ge=1, description="Files larger than this fail with file_too_large")
    part_documents: int = Field(1000, ge=1, description="Documents per de-identification work unit")


@dataclass(frozen=True)
class SourceFile:
    """A file as a location lists it: a path relative to the source root, size and modification time."""

    path: str
    size: int
    mtime_ns: int


@dataclass
class FileCheck:
    """What a connector found in a valid file: documents, and records skipped with reasons (no values)."""

    documents: int
    skipped: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Document:
    """A de-identified document as a connector produces it (the snapshot document without split)."""

    id: str
    patient: str | None
    kind: str
    language: str
    text: str
    fields: dict[str, Any] = field(default_factory=dict)
    findings: list[Any] = field(default_factory=list)  # corpus.deid Finding objects (offsets, no text)


class Tools(Protocol):
    """What connectors need from the pipeline to de-identify (see corpus.pipeline.tools)."""

    key: bytes
    policy: Any
    ctx: Any  # corpus.structured.rules.RuleContext, with a text engine that records findings

    def text(self, text: str, patient: str) -> tuple[str, list[Any], str]:
        """De-identified text, its findings, and its language."""
        ...

    def patient(self, raw: str | None) -> str | None:
        """The keyed pseudonym of a raw patient identifier."""
        ...

    def take_findings(self) -> list[Any]:
        """Findings recorded by `ctx`'s text engine since the last call (structured free-text values)."""
        ...

    def put_curated(self, name: str, path: Path) -> tuple[str, str]:
        """Store a de-identified binary (a DICOM instance) in the curated bucket; returns (key, sha256)."""
        ...


class Connector(Protocol):
    """Reads one kind of file: checks it at ingestion, de-identifies it into documents later."""

    kind: str
    splittable: bool  # whether a file's documents can be de-identified in separate parts

    def check(self, path: Path, settings: SourceSettings, policy: Any) -> FileCheck:
        """Validate a local file fully; raise a named InputError if it cannot be used."""
        ...

    def deidentify(self, path: Path, settings: SourceSettings, tools: Tools, doc_prefix: str,
                   start: int, stop: int) -> Iterator[Document]:
        """De-identified documents number `start` to `stop - 1` of a checked file."""
        ...


class Location(Protocol):
    """Where a source's files live."""

    def list(self) -> Iterator[SourceFile]:
        """Every file, in a stable (sorted) order."""
        ...

    def fetch(self, f: SourceFile) -> contextlib.AbstractContextManager[Path]:
        """A local path to the file's bytes for the duration of the block."""
        ...
