"""De-identification of FHIR R4 resources, Bundles and NDJSON by dotted-path rules."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import uuid
from pathlib import Path
from typing import Any

from corpus.structured.atomic import atomic_path
from corpus.structured.errors import FhirValidationError, InputError, ValueFormatError
from corpus.structured.fhir_validate import REF_RE, URN_RE, patient_of, validate_resource
from corpus.structured.keyed import digest, pseudonym_hex, record_key
from corpus.structured.policy import FhirPolicy, FieldRule
from corpus.structured.report import BatchReport, FileResult
from corpus.structured.rules import FieldStats, RuleContext, apply_value

_TAGS = re.compile(r"<[^>]+>")
_DROP = object()
MAX_REPORTED_SKIPS = 50


class FhirDeidentifier:
    """Applies a FHIR policy to one resource at a time; unknown paths are dropped and counted."""

    def __init__(self, policy: FhirPolicy, ctx: RuleContext) -> None:
        self.policy, self.ctx = policy, ctx

    def resource(self, res: Any, result: FileResult) -> dict[str, Any]:
        """A de-identified copy of ``res`` (raises FhirValidationError before changing anything)."""
        rtype = validate_resource(res, self.policy.resources)
        state = _State(rtype, patient_of(res), str(res.get("id", "")), result)
        out = {"resourceType": rtype}
        for key, value in res.items():
            if key != "resourceType":
                new = self._node(value, f"{rtype}.{key}", key, None, state)
                if new is not _DROP:
                    out[key] = new
        return out

    def bundle(self, bundle: dict[str, Any], result: FileResult) -> dict[str, Any]:
        """A de-identified Bundle: each entry's resource on its own; bad entries skipped and reported."""
        entries = bundle.get("entry", [])
        if not isinstance(entries, list):
            raise FhirValidationError("Bundle.entry must be a list")
        out: dict[str, Any] = {"resourceType": "Bundle", "type": bundle.get("type", "collection"), "entry": []}
        unknown = [k for k in bundle if k not in ("resourceType", "type", "entry")]
        result.unknown_dropped = sorted(set(result.unknown_dropped).union(f"Bundle.{k}" for k in unknown))
        for i, entry in enumerate(entries):
            try:
                out["entry"].append(self._entry(entry, result))
                result.records += 1
            except FhirValidationError as exc:
                _skip(result, {"entry": i, "code": exc.code, "reason": exc.message})
        return out

    def _entry(self, entry: Any, result: FileResult) -> dict[str, Any]:
        if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
            raise FhirValidationError("Bundle entry has no resource object")
        new: dict[str, Any] = {"resource": self.resource(entry["resource"], result)}
        if isinstance(entry.get("fullUrl"), str):
            new["fullUrl"] = self._reference(entry["fullUrl"])
        request = entry.get("request")
        if isinstance(request, dict) and "method" in request:
            new["request"] = {"method": request["method"], "url": self._reference(str(request.get("url", "")))}
        return new

    def _node(self, value: Any, path: str, key: str, inherited: FieldRule | None, state: "_State") -> Any:
        rule = self._rule(path) or inherited
        if isinstance(value, list):
            items = [self._node(v, path, key, rule, state) for v in value]
            items = [v for v in items if v is not _DROP]
            return items or _DROP
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                new = self._node(v, f"{path}.{k}", k, rule, state)
                if new is not _DROP:
                    out[k] = new
            if "data" in out and out["data"] != value.get("data"):
                _refresh_attachment(out)
            return out or _DROP
        if rule is None:
            if path not in state.result.unknown_dropped:
                state.result.unknown_dropped.append(path)
            return _DROP
        return self._leaf(value, path, key, rule, state)

    def _leaf(self, value: Any, path: str, key: str, rule: FieldRule, state: "_State") -> Any:
        stats = state.stats(path, rule)
        stats.values += 1
        try:
            new = self._apply(value, path, key, rule, state)
        except ValueFormatError:
            stats.invalid += 1
            return _DROP
        return _DROP if new is None else new

    def _apply(self, value: Any, path: str, key: str, rule: FieldRule, state: "_State") -> Any:
        if rule.action == "pseudonymise" and rule.namespace is None:
            if key == "id" and path.count(".") == 1:
                return pseudonym_hex(self.ctx.key, state.rtype, str(value))
            if key in ("reference", "fullUrl"):
                return self._reference(str(value))
        if rule.action == "free_text" and path.endswith("text.div"):
            return _xhtml(self._text(str(_TAGS.sub(" ", html.unescape(str(value)))), path, rule, state))
        if rule.action == "free_text" and key == "data":
            return self._attachment_text(value, path, rule, state)
        record = record_key(self.ctx.key, self.policy.dataset or "", state.rtype, state.rid, path) if state.rid else ""
        if rule.action == "noise" and not record:
            raise ValueFormatError("noise needs a resource id to store its value under")
        return apply_value(self.ctx, path, rule, value, state.patient, record)

    def _text(self, text: str, path: str, rule: FieldRule, state: "_State") -> str:
        return apply_value(self.ctx, path, rule, text, state.patient)

    def _attachment_text(self, value: Any, path: str, rule: FieldRule, state: "_State") -> str:
        try:
            text = base64.b64decode(str(value), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            raise ValueFormatError("attachment is not base64 UTF-8 text") from None
        return base64.b64encode(self._text(text, path, rule, state).encode("utf-8")).decode("ascii")

    def _reference(self, ref: str) -> str:
        match = REF_RE.match(ref) or REF_RE.match(ref.rsplit("/", 2)[-2] + "/" + ref.rsplit("/", 1)[-1] if ref.count("/") >= 2 else "")
        if match:
            return f"{match['type']}/{pseudonym_hex(self.ctx.key, match['type'], match['id'])}"
        if URN_RE.match(ref):
            return f"urn:uuid:{uuid.UUID(bytes=digest(self.ctx.key, 'fhir-urn', ref)[:16], version=4)}"
        raise ValueFormatError("reference is neither Type/id nor urn")

    def _rule(self, path: str) -> FieldRule | None:
        rules = self.policy.paths
        return rules.get(path) or rules.get("*." + path.split(".", 1)[1])


class _State:
    """Per-resource context: type, original patient and resource ids, and the file's result."""

    def __init__(self, rtype: str, patient: str, rid: str, result: FileResult) -> None:
        self.rtype, self.patient, self.rid, self.result = rtype, patient, rid, result

    def stats(self, path: str, rule: FieldRule) -> FieldStats:
        return self.result.fields.setdefault(path, FieldStats(rule.action))


def _xhtml(text: str) -> str:
    return f'<div xmlns="http://www.w3.org/1999/xhtml">{html.escape(" ".join(text.split()))}</div>'


def _refresh_attachment(att: dict[str, Any]) -> None:
    data = base64.b64decode(att["data"])
    if "size" in att:
        att["size"] = len(data)
    if "hash" in att:
        att["hash"] = base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")


def _skip(result: FileResult, info: dict[str, Any]) -> None:
    if len(result.skipped_records) < MAX_REPORTED_SKIPS:
        result.skipped_records.append(info)


# -- files -----------------------------------------------------------------------------------------


def transform_fhir_files(paths: list[Path], out_dir: Path, policy: FhirPolicy, ctx: RuleContext) -> BatchReport:
    """De-identify each FHIR file (.json resource/Bundle, .ndjson) into ``out_dir``."""
    report = BatchReport()
    deid = FhirDeidentifier(policy, ctx)
    for path in paths:
        try:
            report.files.append(transform_fhir_file(Path(path), Path(out_dir) / Path(path).name, deid))
        except InputError as exc:
            report.files.append(FileResult(str(path), ok=False, error_code=exc.code, error=f"{path}: {exc.message}"))
    return report


def transform_fhir_file(src: Path, dst: Path, deid: FhirDeidentifier) -> FileResult:
    """One file; NDJSON lines that fail validation are skipped and reported, the rest written."""
    result = FileResult(str(src), output=str(dst))
    if src.suffix.lower() in (".ndjson", ".jsonl"):
        _ndjson(src, dst, deid, result)
    else:
        data = _load_json(src.read_bytes())
        out = deid.bundle(data, result) if isinstance(data, dict) and data.get("resourceType") == "Bundle" else None
        if out is None:
            out = deid.resource(data, result)
            result.records = 1
        with atomic_path(dst) as tmp:
            tmp.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    result.unknown_dropped = sorted(set(result.unknown_dropped))
    return result


def _ndjson(src: Path, dst: Path, deid: FhirDeidentifier, result: FileResult) -> None:
    with atomic_path(dst) as tmp, open(src, "rb") as fin, open(tmp, "w", encoding="utf-8") as fout:
        for number, raw in enumerate(fin, 1):
            if not raw.strip():
                continue
            try:
                out = deid.resource(_load_json(raw), result)
            except FhirValidationError as exc:
                _skip(result, {"line": number, "code": exc.code, "reason": exc.message})
                continue
            fout.write(json.dumps(out, ensure_ascii=False) + "\n")
            result.records += 1


def _load_json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FhirValidationError("not UTF-8 JSON (FHIR JSON must be UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise FhirValidationError(f"not JSON (line {exc.lineno}, column {exc.colno})") from None
