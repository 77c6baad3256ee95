"""Clinical notes: one note per .txt file, or one JSON object per line of .jsonl/.ndjson."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus.sources.base import Document, FileCheck, SourceSettings, Tools
from corpus.sources.common import check_encoding, document_id, lines, skip
from corpus.sources.errors import EmptyFileError, InvalidJsonlError, UnsupportedFileError
from corpus.structured.errors import ValueFormatError
from corpus.structured.policy import NotesPolicy
from corpus.structured.rules import apply_value

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")


class NotesConnector:
    """Notes as plain text files or JSONL records (text field plus metadata fields)."""

    kind = "notes"
    splittable = True

    def check(self, path: Path, settings: SourceSettings, policy: Any) -> FileCheck:
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            check_encoding(path, settings.encoding)
            if not path.read_bytes().strip():
                raise EmptyFileError(f"{path.name}: empty note")
            return FileCheck(1)
        if suffix in JSONL_SUFFIXES:
            result = FileCheck(0)
            for _ in self._records(path, settings, result.skipped):
                result.documents += 1
            if result.documents == 0:
                raise InvalidJsonlError(f"{path.name}: no line is a JSON object with a string '{settings.text_field}'")
            return result
        raise UnsupportedFileError(f"{path.name}: notes sources read .txt, .jsonl and .ndjson files")

    def deidentify(self, path: Path, settings: SourceSettings, tools: Tools, doc_prefix: str,
                   start: int, stop: int) -> Iterator[Document]:
        if path.suffix.lower() in TEXT_SUFFIXES:
            text = path.read_text(encoding=settings.encoding)
            patient = _patient_from_name(path, settings.patient_pattern)
            yield self._document(document_id(doc_prefix, 0), text, patient, {}, settings, tools)
            return
        for index, record in enumerate(self._records(path, settings, [])):
            if index >= stop:
                return
            if index >= start:
                raw_patient = record.get(settings.patient_field or "patient_id")
                patient = None if raw_patient in (None, "") else str(raw_patient)
                fields = _fields(record, settings, tools, patient or "")
                yield self._document(document_id(doc_prefix, index), record[settings.text_field], patient, fields,
                                     settings, tools)

    @staticmethod
    def _document(doc_id: str, text: str, patient: str | None, fields: dict[str, Any], settings: SourceSettings,
                  tools: Tools) -> Document:
        new_text, findings, language = tools.text(text, patient or doc_id)
        return Document(doc_id, tools.patient(patient), "note", language, new_text, fields, findings)

    @staticmethod
    def _records(path: Path, settings: SourceSettings, skipped: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for number, line in lines(path, settings.encoding):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                skip(skipped, {"line": number, "reason": "not JSON"})
                continue
            if not isinstance(record, dict) or not isinstance(record.get(settings.text_field), str):
                skip(skipped, {"line": number, "reason": f"not an object with a string '{settings.text_field}'"})
                continue
            yield record


def _patient_from_name(path: Path, pattern: str | None) -> str | None:
    if not pattern:
        return None
    match = re.search(pattern, path.name)
    return match.group("patient") if match and "patient" in match.groupdict() else None


def _fields(record: dict[str, Any], settings: SourceSettings, tools: Tools, patient: str) -> dict[str, Any]:
    """Metadata fields by the notes policy's rules; without a policy none is kept (nothing unreviewed leaks)."""
    policy = tools.policy
    if not isinstance(policy, NotesPolicy):
        return {}
    out: dict[str, Any] = {}
    for name, value in record.items():
        rule = policy.fields.get(name)
        if name == settings.text_field or rule is None:
            continue
        try:
            new = apply_value(tools.ctx, name, rule, value, patient)  # type: ignore[attr-defined]
        except ValueFormatError:
            new = None
        if new is not None:
            out[name] = new
    return out
