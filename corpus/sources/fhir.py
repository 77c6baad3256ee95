"""FHIR R4 Bundles, single resources (.json) and bulk NDJSON: one document per resource."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus.sources.base import Document, FileCheck, SourceSettings, Tools
from corpus.sources.common import document_id, render_fields, skip
from corpus.sources.errors import UnsupportedFileError
from corpus.structured.errors import FhirValidationError
from corpus.structured.fhir import FhirDeidentifier
from corpus.structured.fhir_validate import patient_of, validate_resource
from corpus.structured.policy import FhirPolicy
from corpus.structured.report import FileResult

_TAGS = re.compile(r"<[^>]+>")
JSON_SUFFIXES = (".json",)
NDJSON_SUFFIXES = (".ndjson", ".jsonl")


class FhirConnector:
    """FHIR resources de-identified by `corpus.structured.fhir`; text is the resource's narrative and notes."""

    kind = "fhir"
    splittable = True

    def check(self, path: Path, settings: SourceSettings, policy: Any) -> FileCheck:
        result = FileCheck(0)
        for _ in _resources(path, policy, result.skipped):
            result.documents += 1
        if result.documents == 0:
            first = result.skipped[0]["reason"] if result.skipped else "no resources"
            raise FhirValidationError(f"{path.name}: no valid FHIR R4 resource ({first})")
        return result

    def deidentify(self, path: Path, settings: SourceSettings, tools: Tools, doc_prefix: str,
                   start: int, stop: int) -> Iterator[Document]:
        deid = FhirDeidentifier(tools.policy, tools.ctx)
        for index, res in enumerate(_resources(path, tools.policy, [])):
            if index >= stop:
                return
            if index < start:
                continue
            out = deid.resource(res, FileResult(path.name))
            text = narrative(out)
            language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
            raw_patient = patient_of(res) or None
            yield Document(document_id(doc_prefix, index), tools.patient(raw_patient), "fhir", language, text,
                           out, tools.take_findings())


def _resources(path: Path, policy: FhirPolicy, skipped: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    suffix = path.suffix.lower()
    if suffix in NDJSON_SUFFIXES:
        with open(path, "rb") as fh:
            for number, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    res = _load(raw)
                except FhirValidationError as exc:
                    skip(skipped, {"line": number, "code": exc.code, "reason": exc.message})
                    continue
                yield from _valid([res], policy, skipped, {"line": number})
        return
    if suffix not in JSON_SUFFIXES:
        raise UnsupportedFileError(f"{path.name}: FHIR sources read .json Bundles/resources and .ndjson files")
    data = _load(path.read_bytes())
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        entries = data.get("entry")
        if not isinstance(entries, list):
            raise FhirValidationError(f"{path.name}: Bundle.entry must be a list")
        for i, entry in enumerate(entries):
            res = entry.get("resource") if isinstance(entry, dict) else None
            yield from _valid([res], policy, skipped, {"entry": i})
    else:
        yield from _valid([data], policy, skipped, {"entry": 0})


def _valid(items: list[Any], policy: FhirPolicy, skipped: list[dict[str, Any]], where: dict[str, Any]) -> Iterator[Any]:
    for res in items:
        try:
            validate_resource(res, policy.resources)
        except FhirValidationError as exc:
            skip(skipped, {**where, "code": exc.code, "reason": exc.message})
            continue
        yield res


def _load(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FhirValidationError("not UTF-8 JSON (FHIR JSON must be UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise FhirValidationError(f"not JSON (line {exc.lineno}, column {exc.colno})") from None


def narrative(res: dict[str, Any]) -> str:
    """Readable text of a de-identified resource: its type and code, narrative, notes and attachments."""
    parts = [f"{res.get('resourceType')}: {_code_text(res.get('code'))}".rstrip(": ")]
    value = res.get("valueQuantity")
    if isinstance(value, dict) and "value" in value:
        parts.append(f"value: {value.get('value')} {value.get('unit', '')}".rstrip())
    div = (res.get("text") or {}).get("div") if isinstance(res.get("text"), dict) else None
    if isinstance(div, str):
        parts.append(" ".join(html.unescape(_TAGS.sub(" ", div)).split()))
    for note in res.get("note", []) if isinstance(res.get("note"), list) else []:
        if isinstance(note, dict) and note.get("text"):
            parts.append(str(note["text"]))
    if res.get("conclusion"):
        parts.append(str(res["conclusion"]))
    for att in _attachments(res):
        try:
            parts.append(base64.b64decode(att["data"]).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
    if len(parts) == 1:
        parts.append(render_fields({k: v for k, v in res.items() if k in ("status", "gender", "intent", "class")}))
    return "\n".join(p for p in parts if p)


def _code_text(code: Any) -> str:
    if not isinstance(code, dict):
        return ""
    if code.get("text"):
        return str(code["text"])
    codings = code.get("coding") or []
    first = codings[0] if codings and isinstance(codings[0], dict) else {}
    return str(first.get("display") or first.get("code") or "")


def _attachments(res: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for content in res.get("content", []) if isinstance(res.get("content"), list) else []:
        att = content.get("attachment") if isinstance(content, dict) else None
        if isinstance(att, dict) and att.get("data"):
            yield att
    for att in res.get("presentedForm", []) if isinstance(res.get("presentedForm"), list) else []:
        if isinstance(att, dict) and att.get("data"):
            yield att
